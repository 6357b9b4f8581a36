"""The value of a finding (:class:`Error`) and of a whole validation (:class:`Report`).

An error is a catalogue code at a place (file, RFC 6901 pointer, line and column) with the
raw values its message needs. ``params`` keep the raw values (a JSON value as found in the
file, a number, a list); the template decides how each is shown: ``{x!j}`` as a JSON
value shortened to 60 characters, ``{x!e}`` the same without the surrounding quotes,
``{x!l}`` a list of JSON values (the first 12). :func:`make` refuses parameters that do
not match the template.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from typing import Any

from kuril_data.validation.catalogue import CATALOGUE, ERROR, WARNING, ErrorKind


@dataclass(frozen=True)
class Error:
    """One finding: a catalogue code at a place, with the raw values its message needs.

    ``pointer`` is an RFC 6901 JSON pointer into ``file`` ('' is the whole document);
    ``line`` and ``column`` (1-based, column in characters) are filled in where known.
    """

    code: str
    file: str | None = None
    pointer: str = ""
    params: tuple[tuple[str, Any], ...] = ()
    line: int | None = None
    column: int | None = None
    severity: str = ""

    def __post_init__(self) -> None:
        kind = CATALOGUE[self.code]  # KeyError: an unknown code is a programming error
        if not self.severity:
            object.__setattr__(self, "severity", kind.severity)

    @property
    def kind(self) -> ErrorKind:
        return CATALOGUE[self.code]

    @property
    def message(self) -> str:
        return _FORMATTER.format(self.kind.template, **dict(self.params))

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "params": {k: _plain(v) for k, v in self.params},
        }

    def render(self) -> str:
        """``path:line:col: severity code: message [pointer]``, like a compiler."""
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        ptr = f" [{self.pointer}]" if self.pointer else ""
        return f"{where}: {self.severity} {self.code}: {self.message}{ptr}"


class _Formatter(string.Formatter):
    """str.format with the conversions ``!j``, ``!e`` and ``!l`` (see the module doc)."""

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "j":
            return show_value(value)
        if conversion == "e":
            return show_value(value)[1:-1]
        if conversion == "l":
            shown = ", ".join(show_value(v) for v in value[:12])
            return shown + (", \u2026" if len(value) > 12 else "")
        return super().convert_field(value, conversion)


_FORMATTER = _Formatter()


def template_fields(template: str) -> set[str]:
    """The parameter names a message template uses."""
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


_FIELDS = {code: template_fields(kind.template) for code, kind in CATALOGUE.items()}


def make(code: str, file: str | None = None, pointer: str = "", **params: Any) -> Error:
    """Build an Error; ``params`` (raw values) fill the code's message template exactly:
    a missing or an extra parameter is a programming error (ValueError)."""
    if set(params) != _FIELDS[code]:
        raise ValueError(
            f"{code}: parameters {sorted(params)} do not match the template "
            f"fields {sorted(_FIELDS[code])}"
        )
    return Error(code=code, file=file, pointer=pointer, params=tuple(params.items()))


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def show_value(value: Any, limit: int = 60) -> str:
    """A JSON value as a message shows it: JSON text, cut to ``limit`` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def pointer(*parts: str | int) -> str:
    """RFC 6901 pointer from path parts ('~' -> '~0', '/' -> '~1')."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def split_pointer(ptr: str) -> list[str]:
    """The unescaped parts of an RFC 6901 pointer ('' -> [])."""
    if not ptr:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr[1:].split("/")]


@dataclass
class Report:
    """The result of a validation: every finding in report order, and the files looked at.

    ``findings`` holds errors and warnings together (the order the text output uses);
    ``errors`` and ``warnings`` are the two kinds apart."""

    findings: list[Error] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Error]:
        return [e for e in self.findings if e.severity == ERROR]

    @property
    def warnings(self) -> list[Error]:
        return [e for e in self.findings if e.severity == WARNING]

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    @property
    def io_failed(self) -> bool:
        return any(e.kind.stage == "io" for e in self.findings)

    def exit_code(self, strict: bool = False) -> int:
        """0 valid, 1 invalid (or warnings under strict), 2 when an input could not be read."""
        if self.io_failed:
            return 2
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def codes(self) -> list[tuple[str, str]]:
        """(code, pointer) of every finding, in report order."""
        return [(e.code, e.pointer) for e in self.findings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "files": list(self.files),
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [e.to_dict() for e in self.warnings],
        }

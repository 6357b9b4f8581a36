"""Stages 2 and 3 (json, structure): parse one file and check it against the models.

The fast path (orjson + jsonschema-rs, when installed) vouches only for files the exact
path would accept with the same data; anything else goes the exact path (``json`` with
duplicate-key and NaN detection, then the pydantic models, then the published JSON Schema
to name every error by pointer).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from kuril_data._version import SCHEMA_VERSION
from kuril_data.validation._positions import scan
from kuril_data.validation._reading import Source
from kuril_data.validation._schema_errors import (
    model_error,
    published_schema,
    schema_errors,
)
from kuril_data.validation.report import Error, make, split_pointer

MAX_DEPTH = 64
ARTICLE_LISTS = ("mentions", "quotes", "events", "facts")
CODES = (
    "byte-order-mark",
    "invalid-utf8",
    "invalid-json",
    "duplicate-key",
    "non-finite-number",
    "nesting-too-deep",
    "unsupported-schema-version",
)
"""The catalogue codes this stage reports itself (schema errors: _schema_errors.CODES)."""


@dataclass
class FileState:
    """One file being checked: its parsed data and what was found so far."""

    src: Source
    kind: str
    text: str | None = None
    data: Any = None
    errors: list[Error] = field(default_factory=list)
    bad: set[tuple[str, ...]] = field(default_factory=set)  # records with structural errors
    usable: bool = False  # semantic checks may run
    clean: bool = False  # the schema accepted the whole file: every record is a dict
    cut: int = 0  # findings beyond src.max_errors: counted, not kept

    def add(self, error: Error) -> None:
        """Keep a finding, up to the source's ``max_errors``; count the rest."""
        if len(self.errors) < self.src.max_errors:
            self.errors.append(error)
        else:
            self.cut += 1

    def records(
        self, list_name: str, *, all_records: bool = False
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """(index, record) of a top-level list; without ``all_records`` only the records
        that passed the structure stage."""
        if self.clean:  # the common case: nothing to filter
            return enumerate(self.data[list_name])
        return self._filtered(list_name, all_records)

    def _filtered(self, list_name: str, all_records: bool) -> Iterator[tuple[int, dict[str, Any]]]:
        data = self.data
        if not isinstance(data, dict) or not isinstance(data.get(list_name), list):
            return
        if all_records or not self.bad:
            for i, rec in enumerate(data[list_name]):
                if isinstance(rec, dict):
                    yield i, rec
            return
        for i, rec in enumerate(data[list_name]):
            if isinstance(rec, dict) and (list_name, str(i)) not in self.bad:
                yield i, rec


def parse(src: Source) -> FileState:
    """Parse and check the structure of one file (``src.raw`` must be read)."""
    assert src.raw is not None
    if not src.raw.startswith(b"\xef\xbb\xbf"):
        f = _parse_fast(src)
        if f is not None:
            return f
    return _parse_exact(src)


@cache
def _fast_validator(kind: str) -> Any:
    """A jsonschema-rs validator of the published schema, or None without the extra."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(published_schema(kind), validate_formats=True)


def _parse_fast(src: Source) -> FileState | None:
    """The file parsed by orjson and accepted by jsonschema-rs, or None when the exact
    path must decide (any error, or anything the fast path cannot vouch for).

    orjson rejects what ``json`` might read differently (NaN, huge numbers, lone
    surrogates, deep nesting); duplicate keys, which orjson silently merges, are ruled out
    by counting keys (see _no_repeated_key); floats, which JSON Schema may take for
    integers but the models never do, are ruled out in _plain."""
    try:
        import orjson
    except ImportError:
        return None
    kind = "entities" if src.is_registry else "article"
    validator = _fast_validator(kind)
    if validator is None:
        return None
    assert src.raw is not None
    try:
        data = orjson.loads(src.raw)
    except (orjson.JSONDecodeError, RecursionError, MemoryError):
        return None
    if not isinstance(data, dict) or (kind == "article" and "document" not in data):
        return None
    try:
        plain = validator.is_valid(data) and (
            _plain(data, src.raw) if kind == "article" else _no_repeated_key(data, src.raw)
        )
    except (KeyError, TypeError, AttributeError):  # a shape _plain did not foresee
        plain = False
    if not plain:
        return None
    f = FileState(src, kind, data=data, usable=True, clean=True)
    _check_version(f)
    return f


def _plain(data: dict[str, Any], raw: bytes) -> bool:
    """True when the parsed article (already valid under the schema) certainly came from
    text with no duplicate key (:func:`_no_repeated_key`) and has only integers where
    integers belong."""
    doc = data["document"]
    dateline = doc["dateline"]
    kinds = {type(dateline["span_start"]), type(dateline["span_end"])}
    kinds.update(type(p["paragraph_index"]) for p in doc["paragraphs"])
    for records in (
        doc["paragraphs"],
        data["mentions"],
        data["quotes"],
        data["events"],
        data["facts"],
    ):
        kinds.update(type(r["span_start"]) for r in records)
        kinds.update(type(r["span_end"]) for r in records)
    kinds.update(type(q["cue_span_start"]) for q in data["quotes"])
    kinds.update(type(q["cue_span_end"]) for q in data["quotes"])
    return kinds == {int} and _no_repeated_key(data, raw)


def _no_repeated_key(data: Any, raw: bytes) -> bool:
    """True when ``data``, parsed from ``raw`` by orjson, certainly came from text with no
    duplicate key.

    Every key of the text is followed by exactly one colon outside any string, so the raw
    text's colons (plus escaped ones, ``\\u003a``) are its keys plus the colons inside its
    strings; orjson writes the parsed data back with one colon per parsed key plus the
    same string colons. The two counts are equal only when no key was repeated (a
    ``\\u003a`` that is not an escape only makes the raw count larger: the check then fails
    safe, and the exact path decides)."""
    import orjson

    colons = raw.count(b":")
    if b"\\u003" in raw:
        colons += raw.count(b"\\u003a") + raw.count(b"\\u003A")
    return colons == orjson.dumps(data).count(b":")


class _Flags:
    """json.loads hooks that note duplicate keys and NaN/Infinity instead of hiding them."""

    def __init__(self) -> None:
        self.duplicate = False
        self.non_finite = False

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(pairs)
        if len(d) != len(pairs):
            self.duplicate = True
        return d

    def constant(self, word: str) -> None:
        self.non_finite = True


def _decode(f: FileState, raw: bytes) -> str | None:
    """The file's text (a BOM is reported and skipped), or None after invalid UTF-8."""
    name = f.src.name
    shift = 0
    if raw.startswith(b"\xef\xbb\xbf"):
        f.add(replace(make("byte-order-mark", name), line=1, column=1))
        raw, shift = raw[3:], 3
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        error = make("invalid-utf8", name, offset=exc.start + shift, reason=exc.reason)
        f.add(replace(error, line=line, column=col))
        return None


def _parse_exact(src: Source) -> FileState:
    f = FileState(src, src.kind or "article")
    assert src.raw is not None
    text = _decode(f, src.raw)
    if text is None:
        return f
    f.text = text
    name = src.name
    flags = _Flags()
    try:
        data = json.loads(text, object_pairs_hook=flags.pairs, parse_constant=flags.constant)
    except json.JSONDecodeError as exc:
        error = make("invalid-json", name, reason=exc.msg)
        f.add(replace(error, line=exc.lineno, column=exc.colno))
        return f
    except RecursionError:
        f.add(make("nesting-too-deep", name, limit=MAX_DEPTH))
        return f
    except (ValueError, MemoryError) as exc:  # e.g. an integer with too many digits
        f.add(invalid_json(name, _short(exc), text))
        return f
    if flags.duplicate or flags.non_finite:
        pos = scan(text)
        for ptr, key in pos.duplicate_keys:
            f.add(make("duplicate-key", name, ptr, key=key))
        for ptr, word in pos.non_finite:
            f.add(make("non-finite-number", name, ptr, value=word))
        return f
    f.data = data
    if src.is_registry or (
        src.kind is None
        and isinstance(data, dict)
        and "entities" in data
        and "document" not in data
    ):
        f.kind = "entities"
    _structure(f)
    return f


_LONG_NUMBER = re.compile(r"-?[0-9]{4300,}")
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def invalid_json(name: str, reason: str, text: str | None) -> Error:
    """An invalid-json error placed where the parser could not say: at a number with too
    many digits, or at a lone surrogate escape (``\\ud800``), when the text has one."""
    error = make("invalid-json", name, reason=reason)
    if text is None:
        return error
    for pattern in (_LONG_NUMBER, _LONE_SURROGATE):
        m = pattern.search(text)
        if m is not None:
            line = text.count("\n", 0, m.start()) + 1
            column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            return replace(error, line=line, column=column)
    return error


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "\u2026"


def _depth_exceeds(data: Any, limit: int) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = list(value.values())
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


@cache
def _model(kind: str) -> Any:
    from kuril_data.models import FILE_MODELS  # pydantic: imported when first needed

    return FILE_MODELS[kind]


def _focus(model_errors: list[Any], data: Any) -> set[tuple[str, int]] | None:
    """The (list, index) records the models reject, or None when the whole file must be
    checked. Running the JSON Schema on those records alone keeps the slow path fast."""
    if not isinstance(data, dict):
        return None
    focus = set()
    for e in model_errors:
        loc = e["loc"]
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data.get(loc[0]), list):
            focus.add((loc[0], loc[1]))
    return focus


GUARD_BYTES = 1024 * 1024
"""Files larger than this are counted against the JSON Schema (lazily, in bounded memory)
before the models see them: pydantic keeps every error it finds, ~500 bytes each, so a
20 MB file of wrong values would cost gigabytes."""


def _structure(f: FileState) -> None:
    from pydantic import ValidationError

    name = f.src.name
    limit = f.src.max_errors
    assert f.src.raw is not None
    # jsonschema's iter_errors is a generator (jsonschema-rs collects every error first)
    guard = schema_errors(f.kind, f.data, name, limit=limit) if len(f.src.raw) > GUARD_BYTES else []
    if len(guard) > limit:
        found = guard
        for error in found:
            f.add(error)
        f.cut = max(f.cut, 1)  # at least one more: the schema was not read to its end
        _check_version(f)
        _mark_bad(f, found)
        return
    try:
        _model(f.kind).model_validate_json(f.text)
    except ValidationError as exc:
        # converting a million pydantic errors to dicts costs gigabytes: past the limit,
        # the JSON Schema (read lazily, up to the limit) is run on the whole file instead
        model_count = exc.error_count()
        many = model_count > limit
        model_errors = [] if many else exc.errors(include_url=False, include_context=False)
    else:
        f.usable = True
        _check_version(f)
        return
    if _depth_exceeds(f.data, MAX_DEPTH):
        f.add(make("nesting-too-deep", name, limit=MAX_DEPTH))
        return
    for e in model_errors:
        if e["type"] == "json_invalid":
            f.add(invalid_json(name, e["msg"], f.text))
            return
    focus = None if many else _focus(model_errors, f.data)
    found = schema_errors(f.kind, f.data, name, focus=focus, limit=limit)
    if not found:
        found = [model_error(e, f.data, name) for e in model_errors]
    for error in found:
        f.add(error)
    if many:  # the schema was read only up to the limit: the models counted them all
        f.cut = max(f.cut, model_count - len(f.errors))
    _check_version(f)
    _mark_bad(f, found)


def _mark_bad(f: FileState, found: list[Error]) -> None:
    """Note the records with structural errors; the file stays usable for the semantic
    stage only when its top-level shape (and an article's document) is intact and every
    structural error is known (none was cut by the limit)."""
    data = f.data
    if not isinstance(data, dict) or f.cut:
        f.usable = False
        return
    lists = ARTICLE_LISTS if f.kind == "article" else ("entities",)
    for e in found:
        parts = split_pointer(e.pointer)
        if len(parts) >= 2 and parts[0] in lists:
            f.bad.add((parts[0], parts[1]))
        elif parts and parts[0] == "document":
            f.bad.add(("document",))
        elif len(parts) <= 1:
            f.bad.add(("top",))
    shape_ok = all(isinstance(data.get(k), list) for k in lists)
    if f.kind == "article":
        shape_ok = (
            shape_ok and ("document",) not in f.bad and isinstance(data.get("document"), dict)
        )
    f.usable = shape_ok


def _check_version(f: FileState) -> None:
    data = f.data
    version = data.get("schema_version") if isinstance(data, dict) else None
    major = SCHEMA_VERSION.split(".")[0]
    if (
        isinstance(version, str)
        and version.count(".") == 2
        and all(p.isdigit() for p in version.split("."))
        and version.split(".")[0] != major
    ):
        f.add(
            make(
                "unsupported-schema-version",
                f.src.name,
                "/schema_version",
                value=version,
                supported=f"{major}.x",
            )
        )

"""``kuril-data validate`` and ``kuril-data errors``: report rendering for people and CI.

Formats: ``text`` (``path:line:col: severity code: message [pointer]``, like a compiler),
``json`` (the report as one JSON object) and ``github`` (GitHub Actions workflow
commands, which show up as annotations on the pull request). Findings go to stdout and a
one-line summary to stderr. Nothing is ever written to disk.
"""

from __future__ import annotations

import json
import re
import sys
from typing import TextIO

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _safe(text: str) -> str:
    """Escape control characters so hostile file content cannot drive the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)


def _write(out: TextIO, line: str) -> None:
    data = (line + "\n").encode("utf-8", "backslashreplace")
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data.decode("utf-8"))


def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render(report, fmt: str) -> list[str]:
    """The lines to print for ``report`` in ``fmt`` ('text', 'json' or 'github')."""
    if fmt == "json":
        return [json.dumps(report.to_dict(), ensure_ascii=True, indent=2)]
    lines = []
    for e in report.errors:
        if fmt == "github":
            props = [f"file={_github_escape(e.file or '', True)}"]
            if e.line is not None:
                props.append(f"line={e.line}")
                props.append(f"col={e.column or 1}")
            props.append(f"title={_github_escape(e.code, True)}")
            msg = e.message + (f" [{e.pointer}]" if e.pointer else "")
            lines.append(_safe(f"::{e.severity} {','.join(props)}::{_github_escape(msg)}"))
        else:
            lines.append(_safe(e.render()))
    return lines


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def summary(report) -> str:
    n_err, n_warn, n_files = len(report.problems), len(report.warnings), len(report.files)
    verdict = "valid" if report.valid else "invalid"
    return (f"kuril-data validate: {verdict}: {n_err} error{'s' * (n_err != 1)}, "
            f"{n_warn} warning{'s' * (n_warn != 1)} in {n_files} file{'s' * (n_files != 1)}")


def validate_command(paths: list[str], fmt: str = "text", strict: bool = False,
                     max_bytes: int | None = None, jobs: int = 1) -> int:
    """Run the validator and print its report; the exit status (0, 1 or 2).

    A progress bar goes to stderr only when stderr is a terminal and the run is long."""
    try:
        from kuril_data.validation import DEFAULT_MAX_BYTES, validate

        report = validate(paths or None, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                          jobs=jobs, progress=_is_terminal(sys.stderr))
        for line in render(report, fmt):
            _write(sys.stdout, line)
        _write(sys.stderr, summary(report))
        return report.exit_code(strict=strict)
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except BaseException as exc:  # noqa: BLE001 - the edge: never a traceback
        if isinstance(exc, SystemExit):
            raise
        _write(sys.stderr, f"kuril-data validate: internal error ({type(exc).__name__}: "
                           f"{_safe(str(exc))[:300]}); please report it")
        return 2


def catalogue_markdown() -> str:
    """The error catalogue as a Markdown table (for README and ``kuril-data errors``)."""
    from kuril_data.errors import CATALOGUE

    rows = ["| code | severity | stage | meaning |", "|---|---|---|---|"]
    for kind in CATALOGUE.values():
        rows.append(f"| `{kind.code}` | {kind.severity} | {kind.stage} | "
                    f"**{kind.title}.** {kind.description} |")
    return "\n".join(rows) + "\n"


def errors_command(fmt: str = "text") -> int:
    """Print the error catalogue: a table (text), Markdown, or JSON."""
    from kuril_data.errors import CATALOGUE

    if fmt == "json":
        data = [{"code": k.code, "severity": k.severity, "stage": k.stage, "title": k.title,
                 "description": k.description, "template": k.template}
                for k in CATALOGUE.values()]
        _write(sys.stdout, json.dumps(data, indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        _write(sys.stdout, catalogue_markdown().rstrip("\n"))
    else:
        width = max(len(c) for c in CATALOGUE)
        for kind in CATALOGUE.values():
            _write(sys.stdout, f"{kind.code:<{width}}  {kind.severity:<7}  {kind.stage:<9}  "
                               f"{kind.title}: {kind.description}")
    return 0

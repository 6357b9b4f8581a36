"""``kuril-data validate`` and ``kuril-data errors``: the report for people and CI.

Formats: ``text`` (``path:line:col: severity code: message [pointer]``, like a compiler),
``json`` (the report as one JSON object) and ``github`` (GitHub Actions workflow
commands, shown as annotations on the pull request). Findings go to stdout and a
one-line summary to stderr. Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from kuril_data.cli._console import Console, safe
from kuril_data.validation import CATALOGUE, DEFAULT_MAX_BYTES, DEFAULT_MAX_ERRORS, Report, validate

FORMATS = ("text", "json", "github")


def github_escape(text: str, prop: bool = False) -> str:
    """Escape a workflow-command message (or, with ``prop``, a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def report_lines(report: Report, fmt: str) -> list[str]:
    """The lines to print for ``report`` in ``fmt`` ('text', 'json' or 'github')."""
    if fmt == "json":
        return [json.dumps(report.to_dict(), ensure_ascii=True, indent=2)]
    lines = []
    for e in report.findings:
        if fmt == "github":
            props = [f"file={github_escape(e.file or '', True)}"]
            if e.line is not None:
                props += [f"line={e.line}", f"col={e.column or 1}"]
            props.append(f"title={github_escape(e.code, True)}")
            msg = e.message + (f" [{e.pointer}]" if e.pointer else "")
            lines.append(safe(f"::{e.severity} {','.join(props)}::{github_escape(msg)}"))
        else:
            lines.append(safe(e.render()))
    return lines


def summary(report: Report) -> str:
    n_err, n_warn, n_files = len(report.errors), len(report.warnings), len(report.files)
    verdict = "valid" if report.valid else "invalid"
    return (
        f"kuril-data validate: {verdict}: {n_err} error{'s' * (n_err != 1)}, "
        f"{n_warn} warning{'s' * (n_warn != 1)} in {n_files} file{'s' * (n_files != 1)}"
    )


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], positive_int: Callable[[str], int]
) -> None:
    p = sub.add_parser(
        "validate",
        help="check article files, entities.json or dataset "
        "folders (default: the packaged dataset)",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="article file, entities.json or dataset folder"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (like a compiler), json (for machines), github (annotations)",
    )
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument(
        "--max-bytes",
        type=positive_int,
        default=None,
        metavar="N",
        help="refuse files larger than N bytes (default: 50 MiB)",
    )
    p.add_argument(
        "--max-errors",
        type=positive_int,
        default=DEFAULT_MAX_ERRORS,
        metavar="N",
        help="report at most N findings per file, then count the rest (default: 1000)",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=positive_int,
        default=1,
        metavar="N",
        help="check article files in N processes (default: 1); same report",
    )
    p.set_defaults(run=run)

    p = sub.add_parser("errors", help="list the validation error catalogue")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.set_defaults(run=run_errors)


def run(args: argparse.Namespace, console: Console) -> int:
    """Validate and print the report; exit 0 (valid), 1 (invalid) or 2 (unreadable)."""
    report = validate(
        args.paths or None,
        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
        max_errors=args.max_errors,
        jobs=args.jobs,
        progress=console.is_terminal(),
    )
    for line in report_lines(report, args.format):
        console.out(line)
    console.err(summary(report))
    return report.exit_code(strict=args.strict)


def catalogue_markdown() -> str:
    """The error catalogue as a Markdown table (for README and ``kuril-data errors``)."""
    rows = ["| code | severity | stage | meaning |", "|---|---|---|---|"]
    for kind in CATALOGUE.values():
        rows.append(
            f"| `{kind.code}` | {kind.severity} | {kind.stage} | "
            f"**{kind.title}.** {kind.description} |"
        )
    return "\n".join(rows) + "\n"


def run_errors(args: argparse.Namespace, console: Console) -> int:
    """Print the error catalogue: a table (text), Markdown, or JSON."""
    if args.format == "json":
        data = [
            {
                "code": k.code,
                "severity": k.severity,
                "stage": k.stage,
                "title": k.title,
                "description": k.description,
                "template": k.template,
            }
            for k in CATALOGUE.values()
        ]
        console.out(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        console.out(catalogue_markdown().rstrip("\n"))
    else:
        width = max(len(c) for c in CATALOGUE)
        for kind in CATALOGUE.values():
            console.out(
                f"{kind.code:<{width}}  {kind.severity:<7}  {kind.stage:<9}  "
                f"{kind.title}: {kind.description}"
            )
    return 0

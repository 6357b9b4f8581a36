"""The ``kuril-data`` command line: the only layer that prints and picks exit codes.

One module per group of commands (``validate``, ``generate``, ``build``, ``dataset``),
each with ``add_parser(sub, positive_int)``, which registers every command of the module
and sets ``run`` to its function ``(args, console) -> int`` (``p.set_defaults(run=...)``). Library
code returns values or raises the typed exceptions of :mod:`kuril_data.exceptions`;
:func:`main` maps them to exit codes in one place:

====  =====================================================================
0     success
1     the input is invalid, or a ``--check`` found stale files
2     the input cannot be read (missing, unreadable, not a dataset), an
      output cannot be written, or the command line is wrong
130   interrupted
====  =====================================================================

Anything else is a bug: one line ``internal error (...)``, exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from kuril_data._version import SCHEMA_VERSION, __version__
from kuril_data.cli import build, dataset, generate, validate
from kuril_data.cli._console import Console
from kuril_data.exceptions import InvalidDataError, KurilDataError, StaleError

COMMAND_MODULES = (generate, dataset, build, validate)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kuril-data",
        description="The kuril-data dataset: inspect, validate, build and export it.",
    )
    parser.add_argument(
        "--version", action="version", version=f"kuril-data {__version__} (schema {SCHEMA_VERSION})"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.add_parser(sub, positive_int)
    return parser


def exit_code(exc: BaseException) -> int:
    """The exit status for an exception that reached the command line."""
    if isinstance(exc, (InvalidDataError, StaleError)):
        return 1
    if isinstance(exc, KeyboardInterrupt):
        return 130
    return 2


def main(
    argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run one command; return its exit status. ``stdout``/``stderr`` default to sys's."""
    console = Console(stdout or sys.stdout, stderr or sys.stderr)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, or a usage error (exit 2)
        return int(exc.code or 0)
    name = f"kuril-data {args.command}"
    try:
        return int(args.run(args, console))
    except KeyboardInterrupt as exc:
        console.err(f"{name}: interrupted")
        return exit_code(exc)
    except BrokenPipeError:
        return 0
    except StaleError as exc:
        return exit_code(exc)
    except KurilDataError as exc:
        console.err(f"{name}: {exc}")
        return exit_code(exc)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        console.err(f"{name}: cannot read or write {where}{exc.strerror or exc}")
        return exit_code(exc)
    except Exception as exc:  # the last resort: one line, never a traceback
        console.err(
            f"{name}: internal error ({type(exc).__name__}: {str(exc)[:300]}); please report it"
        )
        return exit_code(exc)


if __name__ == "__main__":
    sys.exit(main())

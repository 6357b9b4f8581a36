"""The ``kuril-data`` command line: one subcommand per job, each in its own module."""

from __future__ import annotations

import argparse
import sys


def _schema(args: argparse.Namespace) -> int:
    from kuril_data.generate import schema_command

    return schema_command(check=args.check)


def _fmt(args: argparse.Namespace) -> int:
    from kuril_data.generate import fmt_command

    return fmt_command(args.paths, check=args.check)


def build_parser() -> argparse.ArgumentParser:
    from kuril_data._version import SCHEMA_VERSION, __version__

    parser = argparse.ArgumentParser(
        prog="kuril-data",
        description="The kuril-data dataset: inspect, validate, build and export it.",
    )
    parser.add_argument("--version", action="version",
                        version=f"kuril-data {__version__} (schema {SCHEMA_VERSION})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("schema", help="regenerate schema/*.json from the models")
    p.add_argument("--check", action="store_true", help="fail if the committed files are stale")
    p.set_defaults(func=_schema)

    p = sub.add_parser("fmt", help="rewrite dataset JSON files in canonical form")
    p.add_argument("paths", nargs="*", help="files or folders (default: ./dataset)")
    p.add_argument("--check", action="store_true", help="fail if a file is not canonical")
    p.set_defaults(func=_fmt)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("kuril-data: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

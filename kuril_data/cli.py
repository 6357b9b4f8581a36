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


def _build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kuril_data.build import build_command

    return build_command(check=args.check, dataset=Path(args.dataset) if args.dataset else None,
                         jobs=args.jobs, partition_by=args.partition_by,
                         out=Path(args.out) if args.out else None)


def _info(args: argparse.Namespace) -> int:
    from kuril_data.info import info_command

    return info_command(args.dataset)


def _export(args: argparse.Namespace) -> int:
    from kuril_data.export import export_command

    return export_command(args.format, args.out, args.dataset)


def _validate(args: argparse.Namespace) -> int:
    from kuril_data.validate_cli import validate_command

    return validate_command(args.paths, fmt=args.format, strict=args.strict,
                            max_bytes=args.max_bytes, jobs=args.jobs)


def _errors(args: argparse.Namespace) -> int:
    from kuril_data.validate_cli import errors_command

    return errors_command(args.format)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _show(args: argparse.Namespace) -> int:
    from kuril_data.review import show_command

    return show_command(args.doc_id, args.dataset)


def _render(args: argparse.Namespace) -> int:
    from kuril_data.render import render_command

    return render_command(args.out, args.dataset)


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

    p = sub.add_parser("show", help="print an article with every annotation inline, "
                       "for a human read-through")
    p.add_argument("doc_id", nargs="?", help="document id (default: the first article)")
    p.add_argument("--dataset", metavar="DIR",
                   help="dataset folder (default: the copy packaged with kuril-data)")
    p.set_defaults(func=_show)

    p = sub.add_parser("render", help="write the annotated articles as self-contained web "
                       "pages (one per article, plus index.html)")
    p.add_argument("--out", metavar="DIR", default="site", help="output folder (default: ./site)")
    p.add_argument("--dataset", metavar="DIR",
                   help="dataset folder (default: the copy packaged with kuril-data)")
    p.set_defaults(func=_render)

    p = sub.add_parser("build", help="build Parquet tables, metadata and SHA256SUMS from the "
                       "canonical JSON")
    p.add_argument("--check", action="store_true",
                   help="write nothing; fail naming the outputs that are stale")
    p.add_argument("--dataset", metavar="DIR", help="dataset folder (default: ./dataset)")
    p.add_argument("--jobs", "-j", type=_positive_int, default=1, metavar="N",
                   help="validate the input in N processes (default: 1)")
    p.add_argument("--partition-by", choices=["year", "outlet"], default=None,
                   help="write hive-partitioned tables under --out instead (large corpora)")
    p.add_argument("--out", metavar="DIR", help="output folder for --partition-by")
    p.set_defaults(func=_build)

    p = sub.add_parser("info", help="summarise the dataset: title, counts, versions, checksums")
    p.add_argument("--dataset", metavar="DIR",
                   help="dataset folder (default: the copy packaged with kuril-data)")
    p.set_defaults(func=_info)

    p = sub.add_parser("export", help="write every table as CSV or JSON Lines")
    p.add_argument("--format", choices=["csv", "jsonl"], required=True)
    p.add_argument("--out", metavar="DIR", default="export",
                   help="output folder (default: ./export)")
    p.add_argument("--dataset", metavar="DIR",
                   help="dataset folder (default: the copy packaged with kuril-data)")
    p.set_defaults(func=_export)
    # -- validate (kuril_data/validate_cli.py)
    p = sub.add_parser("validate", help="check article files, entities.json or dataset "
                       "folders (default: the packaged dataset)")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="article file, entities.json or dataset folder")
    p.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="text (like a compiler), json (for machines), github (annotations)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--max-bytes", type=_positive_int, default=None, metavar="N",
                   help="refuse files larger than N bytes (default: 50 MiB)")
    p.add_argument("--jobs", "-j", type=_positive_int, default=1, metavar="N",
                   help="check article files in N processes (default: 1); same report")
    p.set_defaults(func=_validate)

    p = sub.add_parser("errors", help="list the validation error catalogue")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.set_defaults(func=_errors)
    # -- end validate
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
    except Exception as exc:  # the last resort: a one-line message, never a traceback
        from kuril_data.load import DatasetError

        if isinstance(exc, DatasetError):
            print(f"kuril-data {args.command}: {exc}", file=sys.stderr)
            return 1
        print(f"kuril-data {args.command}: internal error ({type(exc).__name__}: {exc}); "
              "please report it", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

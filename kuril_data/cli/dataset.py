"""Commands that read a built dataset: ``info``, ``export``, ``show`` and ``render``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from contextlib import ExitStack
from importlib.resources import as_file
from pathlib import Path

from kuril_data._layout import packaged_dataset
from kuril_data.cli._console import Console
from kuril_data.exchange.files import EXPORT_FORMATS, IMPORT_FORMATS, export, import_file
from kuril_data.load import load_dataset
from kuril_data.publish.export import FORMATS, write_table
from kuril_data.view.diff import diff, render_markdown
from kuril_data.view.diff import render_text as render_diff
from kuril_data.view.render import render_dataset
from kuril_data.view.show import read_article, render_text

DATASET_HELP = "dataset folder (default: the copy packaged with kuril-data)"


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], positive_int: Callable[[str], int]
) -> None:
    p = sub.add_parser(
        "show", help="print an article with every annotation inline, for a human read-through"
    )
    p.add_argument("doc_id", nargs="?", help="document id (default: the first article)")
    p.add_argument("--dataset", metavar="DIR", help=DATASET_HELP)
    p.set_defaults(run=run_show)

    p = sub.add_parser(
        "render",
        help="write the annotated articles as self-contained web "
        "pages (one per article, plus index.html)",
    )
    p.add_argument("--out", metavar="DIR", default="site", help="output folder (default: ./site)")
    p.add_argument("--dataset", metavar="DIR", help=DATASET_HELP)
    p.set_defaults(run=run_render)

    p = sub.add_parser("info", help="summarise the dataset: title, counts, versions, checksums")
    p.add_argument("--dataset", metavar="DIR", help=DATASET_HELP)
    p.set_defaults(run=run_info)

    p = sub.add_parser("diff", help="compare two dataset versions record by record")
    p.add_argument("old", metavar="OLD", help="the earlier dataset folder")
    p.add_argument("new", metavar="NEW", help="the later dataset folder")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.set_defaults(run=run_diff)

    p = sub.add_parser("path", help="print the dataset folder (for SQL and other tools)")
    p.add_argument("--dataset", metavar="DIR", help=DATASET_HELP)
    p.set_defaults(run=run_path)

    p = sub.add_parser(
        "export",
        help="write every table as CSV or JSON Lines, or the articles as W3C Web Annotation "
        "(webanno), brat standoff (brat) or a spaCy DocBin (spacy)",
    )
    p.add_argument("--format", choices=FORMATS + EXPORT_FORMATS, required=True)
    p.add_argument(
        "--out", metavar="DIR", default="export", help="output folder (default: ./export)"
    )
    p.add_argument("--dataset", metavar="DIR", help=DATASET_HELP)
    p.set_defaults(run=run_export)

    p = sub.add_parser(
        "import",
        help="bring one article annotated in another tool (a Web Annotation collection, or "
        "a brat .ann with its .txt) into a dataset folder, validated first",
    )
    p.add_argument("file", metavar="FILE", help="the .jsonld (webanno) or .ann (brat) file")
    p.add_argument("--format", choices=IMPORT_FORMATS, required=True)
    p.add_argument(
        "--dataset",
        metavar="DIR",
        default="dataset",
        help="dataset folder to import into (default: ./dataset)",
    )
    p.add_argument("--replace", action="store_true", help="replace an existing article")
    p.set_defaults(run=run_import)


def _folder(args: argparse.Namespace, stack: ExitStack) -> Path:
    if args.dataset:
        return Path(args.dataset)
    return Path(stack.enter_context(as_file(packaged_dataset())))


def run_show(args: argparse.Namespace, console: Console) -> int:
    with ExitStack() as stack:
        console.out(render_text(read_article(_folder(args, stack), args.doc_id)))
    return 0


def run_render(args: argparse.Namespace, console: Console) -> int:
    with ExitStack() as stack:
        for path in render_dataset(_folder(args, stack), Path(args.out)):
            console.out(str(path))
    return 0


def run_info(args: argparse.Namespace, console: Console) -> int:
    """Print a summary of the dataset; exit 1 when a file fails its checksum."""
    ds = load_dataset(args.dataset, verify=False)
    docs = ds["documents"].to_pylist()
    counts = ds.counts()
    meta = ds.metadata()
    problems = ds.verify()
    console.out(
        f"kuril-data dataset {meta.get('dataset_version', '?')} "
        f"(schema {meta.get('schema_version', '?')}) at {ds.path}"
    )
    for d in docs:
        console.out(f"  {d['title']}")
        where = (
            f"source: {d['source_url']}"
            if d["source_url"]
            else f"original not found; republished at {d['republication_url']}"
            if d["republication_url"]
            else "source: unknown"
        )
        console.out(f"    {d['doc_id']}, published {d['published'].isoformat()}, {where}")
    console.out("tables:")
    width = max(len(n) for n in counts)
    for name, n in counts.items():
        console.out(f"  {name:<{width}}  {n:>6} row{'s' * (n != 1)}")
    if problems:
        console.out("checksums: FAILED")
        for p in problems:
            console.out(f"  {p}")
        return 1
    console.out("checksums: OK (every file matches SHA256SUMS)")
    return 0


def run_diff(args: argparse.Namespace, console: Console) -> int:
    """Print the differences; exit 0 whether or not there are any."""
    d = diff(Path(args.old), Path(args.new))
    if args.format == "json":
        console.out(json.dumps(d.to_dict(), ensure_ascii=False, indent=2))
    else:
        console.out((render_markdown if args.format == "markdown" else render_diff)(d))
    return 0


def run_path(args: argparse.Namespace, console: Console) -> int:
    """Print the folder of the (packaged) dataset: parquet/ and views.sql are inside."""
    console.out(str(load_dataset(args.dataset, verify=False).path))
    return 0


def run_export(args: argparse.Namespace, console: Console) -> int:
    """Write every table of the dataset to ``out/<table>.<format>``."""
    ds = load_dataset(args.dataset)
    folder = Path(args.out)
    if args.format in EXPORT_FORMATS:
        for path in export(ds.path, args.format, folder):
            console.out(str(path))
        return 0
    for name in ds:
        target = folder / f"{name}.{args.format}"
        rows = write_table(ds[name], target, args.format)
        console.out(f"{target}: {rows} row{'s' * (rows != 1)}")
    return 0


def run_import(args: argparse.Namespace, console: Console) -> int:
    """Write the imported article into the dataset folder; exit 1 if it cannot be mapped
    or is invalid (nothing written), 2 if a file cannot be read."""
    target = import_file(Path(args.file), args.format, Path(args.dataset), replace=args.replace)
    console.out(f"{target}: imported")
    return 0

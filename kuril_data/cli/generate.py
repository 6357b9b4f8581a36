"""``kuril-data schema [--check]`` and ``kuril-data fmt [--check] [PATH ...]``: files
derived from the models. Both write atomically and only when the content changes; with
``--check`` they write nothing and exit 1 naming each stale file."""

from __future__ import annotations

import argparse
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

from kuril_data._files import write_atomic
from kuril_data._layout import ENTITIES, TABLE_CONTRACT, dataset_files
from kuril_data.cli._console import Console
from kuril_data.exceptions import InputError
from kuril_data.validation import validate


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], positive_int: Callable[[str], int]
) -> None:
    p = sub.add_parser("schema", help="regenerate schema/*.json from the models")
    p.add_argument("--check", action="store_true", help="fail if the committed files are stale")
    p.set_defaults(run=run_schema)

    p = sub.add_parser("fmt", help="rewrite dataset JSON files in canonical form")
    p.add_argument("paths", nargs="*", help="files or folders (default: ./dataset)")
    p.add_argument("--check", action="store_true", help="fail if a file is not canonical")
    p.set_defaults(run=run_fmt)


def run_schema(args: argparse.Namespace, console: Console, root: Path | None = None) -> int:
    """Write or check schema/*.json under ``root`` (default: the current folder)."""
    from kuril_data.models.schema import generated_files  # pydantic: only when run
    from kuril_data.publish.tables import contract_text

    folder = (root or Path.cwd()) / "schema"
    if not folder.is_dir():
        raise InputError(
            f"{folder} does not exist; run this in a kuril-data checkout (it "
            "regenerates the checkout's schema/ folder)"
        )
    stale = []
    for name, text in {**generated_files(), TABLE_CONTRACT: contract_text()}.items():
        path = folder / name
        try:
            current: str | None = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            stale.append(path)
            if not args.check:
                write_atomic(path, text)
    for path in stale:
        if args.check:
            console.err(f"{path}: is stale; run `kuril-data schema` to regenerate it")
        else:
            console.out(f"{path}: written")
    if args.check and not stale:
        console.err(f"{folder}: up to date")
    return 1 if (args.check and stale) else 0


def _dataset_json_files(paths: list[str]) -> list[tuple[Path, str | None]]:
    """(path, kind) of every dataset JSON file named by ``paths`` (files or folders); the
    kind is None where only the content can tell (a file named otherwise)."""
    found: list[tuple[Path, str | None]] = []
    for raw in paths or ["dataset"]:
        p = Path(raw)
        if p.is_dir():
            entities, articles = dataset_files(p)
            found.extend([(entities, "entities")] if entities else [])
            found.extend((f, "article") for f in articles)
        else:
            found.append((p, "entities" if p.name == ENTITIES else None))
    return found


def _blocking(path: Path) -> tuple[int, str] | None:
    """(exit status, reason) when ``path`` cannot be rewritten without losing anything:
    unreadable, not a plain file, not JSON, duplicate keys, or not the model's structure."""
    if path.is_symlink() or (path.is_file() and os.stat(path).st_nlink > 1):
        return 2, (
            "is a symbolic or hard link; fmt rewrites files in place and would break "
            "the link, so nothing was rewritten"
        )
    report = validate([str(path)])
    blocking = [e for e in report.errors if e.kind.stage in ("io", "json", "structure")]
    if not blocking:
        return None
    first = blocking[0]
    status = 2 if first.kind.stage == "io" else 1
    return status, (
        f"{len(blocking)} error(s), first: {first.code}: {first.message}; run "
        f"`kuril-data validate {path}` for all; nothing was rewritten"
    )


def run_fmt(args: argparse.Namespace, console: Console) -> int:
    """Rewrite (or check) dataset JSON files in canonical form. A file that cannot be
    read, parsed or structurally validated is left untouched and reported."""
    from kuril_data.models.canonical import format_text  # pydantic: only when run

    status = 0
    for path, kind in _dataset_json_files(args.paths):
        problem = _blocking(path)
        if problem is not None:
            console.err(f"{path}: {problem[1]}")
            status = max(status, problem[0])
            continue
        raw = path.read_text(encoding="utf-8")
        if kind is None:  # as validate decides: an object with entities and no document
            data = json.loads(raw)
            kind = "entities" if "entities" in data and "document" not in data else "article"
        text = format_text(raw, kind)
        if text == raw:
            continue
        if args.check:
            console.err(f"{path}: not canonical; run `kuril-data fmt` to rewrite it")
            status = max(status, 1)
        else:
            mode = stat.S_IMODE(os.stat(path).st_mode)
            write_atomic(path, text)
            os.chmod(path, mode)
            console.out(f"{path}: rewritten")
    if args.check and status == 0:
        console.err("kuril-data fmt: every file is canonical")
    return status

"""Regenerate files that are derived from the models: schemas and canonical JSON.

``kuril-data schema [--check]`` writes schema/*.json; ``kuril-data fmt [--check]``
rewrites dataset JSON files canonically. Both write atomically and only when the
content changes; with ``--check`` they write nothing and exit 1 when a file is stale.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sync(path: Path, text: str, check: bool) -> bool:
    """Bring ``path`` to ``text``; return True when it was (or would be) changed."""
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    if current == text:
        return False
    if not check:
        write_atomic(path, text)
    return True


def schema_command(check: bool, root: Path | None = None) -> int:
    """Write or check schema/*.json under ``root`` (default: the current folder)."""
    from kuril_data.schema import generated_files

    folder = (root or Path.cwd()) / "schema"
    if not folder.is_dir():
        print(f"kuril-data schema: {folder} does not exist; run this in a kuril-data "
              "checkout (it regenerates the checkout's schema/ folder)", file=sys.stderr)
        return 2
    stale = [name for name, text in generated_files().items() if _sync(folder / name, text, check)]
    for name in stale:
        verb = "is stale; run `kuril-data schema` to regenerate it" if check else "written"
        print(f"{folder / name}: {verb}", file=sys.stderr if check else sys.stdout)
    return 1 if (check and stale) else 0


def dataset_json_files(paths: list[str]) -> list[tuple[Path, str]]:
    """(path, kind) of every dataset JSON file named by ``paths`` (files or folders)."""
    found: list[tuple[Path, str]] = []
    for raw in paths or ["dataset"]:
        p = Path(raw)
        if p.is_dir():
            from kuril_data.resources import dataset_files

            entities, articles = dataset_files(p)
            found.extend([(entities, "entities")] if entities else [])
            found.extend((f, "article") for f in articles)
        else:
            found.append((p, "entities" if p.name == "entities.json" else "article"))
    return found


def _unformattable(path: Path) -> tuple[int, str] | None:
    """(exit status, reason) when ``path`` cannot be rewritten without losing anything:
    unreadable, not JSON, duplicate keys, or not the model's structure."""
    from kuril_data.validation import validate

    report = validate([str(path)])
    blocking = [e for e in report.problems if e.kind.stage in ("io", "json", "structure")]
    if not blocking:
        return None
    first = blocking[0]
    status = 2 if first.kind.stage == "io" else 1
    return status, (f"{len(blocking)} error(s), first: {first.code}: {first.message}; run "
                    f"`kuril-data validate {path}` for all; nothing was rewritten")


def fmt_command(paths: list[str], check: bool) -> int:
    """Rewrite (or check) dataset JSON files in canonical form. A file that cannot be
    read, parsed or structurally validated is left untouched and reported."""
    from kuril_data.canonical import format_text

    status = 0
    for path, kind in dataset_json_files(paths):
        problem = _unformattable(path)
        if problem is not None:
            print(f"{path}: {problem[1]}", file=sys.stderr)
            status = max(status, problem[0])
            continue
        raw = path.read_text(encoding="utf-8")
        text = format_text(raw, kind)
        if text != raw:
            if check:
                print(f"{path}: not canonical; run `kuril-data fmt` to rewrite it",
                      file=sys.stderr)
                status = max(status, 1)
            else:
                write_atomic(path, text)
                print(f"{path}: rewritten")
    return status

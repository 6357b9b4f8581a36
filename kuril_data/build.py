"""``kuril-data build [--check]``: canonical JSON -> Parquet tables, metadata, checksums.

The build is deterministic and atomic:

- every output is computed in memory first; invalid input stops the build before any write;
- Parquet files are written with fixed options and no timestamps, so a rebuild gives the
  same bytes. When a committed Parquet file already holds exactly the new table (same
  schema, metadata and rows) its bytes are kept, so files written by another pyarrow
  release are not reported stale;
- changed outputs are written to a temporary folder inside the dataset, then moved into
  place one file at a time (``os.replace``), SHA256SUMS last: a build interrupted before
  that point leaves the previous dataset untouched, and one interrupted while moving is
  caught by the checksums on the next load;
- ``--check`` computes the same outputs, writes nothing and exits 1 naming stale files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 9,
    "write_statistics": True,
    "write_page_checksum": True,
    "use_dictionary": True,
    "version": "2.6",
    "data_page_version": "1.0",
}
METADATA_KEY = "kuril_data"
GENERATED = ("README.md", "croissant.json", "datapackage.json")
SUMS = "SHA256SUMS"


class BuildError(Exception):
    """The build cannot run: the message says why and what to do."""


@dataclass
class Output:
    """A file the build produces: its path relative to the dataset folder and bytes."""

    path: str
    data: bytes


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- input

def source_files(dataset: Path) -> list[Path]:
    """The canonical JSON files: entities.json, then articles in file-name order."""
    if not dataset.is_dir():
        raise BuildError(f"{dataset}: no such folder; pass --dataset DIR, the dataset/ "
                         "folder of a checkout")
    entities = dataset / "entities.json"
    if not entities.is_file():
        raise BuildError(f"{entities}: missing; the dataset needs an entity registry")
    articles = sorted((dataset / "articles").glob("*.json"))
    if not articles:
        raise BuildError(f"{dataset / 'articles'}: no article files (*.json)")
    return [entities, *articles]


def _validate(dataset: Path) -> list[str]:
    """Errors (not warnings) reported by kuril_data.validate, or [] when it is absent."""
    try:
        from kuril_data.validate import validate
    except ImportError:
        return []
    report = validate([str(dataset)])
    return [e.render() if hasattr(e, "render") else str(e) for e in report.errors
            if getattr(e, "severity", "error") == "error"]


def read_corpus(dataset: Path):
    """Validate and parse the canonical JSON into a tables.Corpus (or raise BuildError)."""
    from pydantic import ValidationError

    from kuril_data.models import ArticleFile, EntitiesFile
    from kuril_data.tables import Corpus

    files = source_files(dataset)
    problems = _validate(dataset)
    if problems:
        raise BuildError("the dataset is invalid; nothing was built:\n  "
                         + "\n  ".join(problems))
    raw = {f: f.read_bytes() for f in files}
    try:
        entities = EntitiesFile.model_validate_json(raw[files[0]])
        articles = [ArticleFile.model_validate_json(raw[f]) for f in files[1:]]
    except ValidationError as exc:
        raise BuildError(f"the dataset is invalid; nothing was built:\n{exc}\n"
                         "run `kuril-data validate` for details") from None
    sources = {f.relative_to(dataset).as_posix(): sha256(raw[f]) for f in files}
    return Corpus(articles=articles, entities=entities, sources=sources)


# --------------------------------------------------------------------------- outputs

def file_metadata(table: str, corpus) -> dict[str, str]:
    from kuril_data._version import SCHEMA_VERSION, __version__

    info = {"table": table, "dataset_version": __version__, "schema_version": SCHEMA_VERSION,
            "sources_sha256": corpus.sources}
    return {METADATA_KEY: json.dumps(info, sort_keys=True, ensure_ascii=False)}


def parquet_bytes(table) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **PARQUET_OPTIONS)
    return sink.getvalue().to_pybytes()


def _same_table(path: Path, table) -> bool:
    """True when the Parquet file at ``path`` holds exactly ``table`` (schema, metadata, rows)."""
    import pyarrow.parquet as pq

    try:
        old = pq.ParquetFile(path).read()
    except Exception:  # missing, unreadable or corrupt: not the same
        return False
    return old.schema.equals(table.schema, check_metadata=True) and old.equals(table)


def build_outputs(dataset: Path) -> tuple[list[Output], dict]:
    """Every output of the build, in memory, and the built tables by name."""
    from kuril_data import metadata
    from kuril_data.tables import TABLE_NAMES, build_table

    corpus = read_corpus(dataset)
    tables = {n: build_table(n, corpus, file_metadata(n, corpus)) for n in TABLE_NAMES}
    outputs = []
    for name, table in tables.items():
        path = dataset / "parquet" / f"{name}.parquet"
        data = parquet_bytes(table)
        if path.is_file() and path.read_bytes() != data and _same_table(path, table):
            data = path.read_bytes()
        outputs.append(Output(f"parquet/{name}.parquet", data))
    hashes = {o.path: sha256(o.data) for o in outputs}
    sizes = {o.path: len(o.data) for o in outputs}
    ctx = metadata.Context(corpus=corpus, tables=tables, hashes=hashes, sizes=sizes)
    outputs += [Output("README.md", metadata.dataset_card(ctx).encode()),
                Output("croissant.json", metadata.croissant(ctx).encode()),
                Output("datapackage.json", metadata.datapackage(ctx).encode())]
    outputs.append(Output(SUMS, checksums(dataset, outputs).encode()))
    return outputs, tables


def dataset_files(dataset: Path) -> list[str]:
    """Relative paths of every file in the dataset folder (no hidden files, not SHA256SUMS)."""
    found = []
    for path in dataset.rglob("*"):
        rel = path.relative_to(dataset)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if path.is_file() and rel.as_posix() != SUMS:
            found.append(rel.as_posix())
    return sorted(found)


def checksums(dataset: Path, outputs: list[Output]) -> str:
    """SHA256SUMS text (``sha256sum -c`` format) over the dataset as it will be after the build."""
    new = {o.path: o.data for o in outputs}
    paths = sorted(set(dataset_files(dataset)) | set(new) - {SUMS})
    lines = []
    for rel in paths:
        data = new[rel] if rel in new else (dataset / rel).read_bytes()
        lines.append(f"{sha256(data)}  {rel}\n")
    return "".join(lines)


# --------------------------------------------------------------------------- write

def stale(dataset: Path, outputs: list[Output]) -> list[str]:
    """Relative paths of outputs whose committed bytes differ from the built ones."""
    out = []
    for o in outputs:
        path = dataset / o.path
        if not path.is_file() or path.read_bytes() != o.data:
            out.append(o.path)
    return out


def write_outputs(dataset: Path, outputs: list[Output], changed: list[str]) -> None:
    """Write the changed outputs atomically: temp folder first, then renames, SHA256SUMS last."""
    todo = [o for o in outputs if o.path in changed]
    todo.sort(key=lambda o: o.path == SUMS)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=dataset))
    try:
        for o in todo:
            target = tmp / o.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(o.data)
            os.chmod(target, 0o644)
        for o in todo:
            (dataset / o.path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / o.path, dataset / o.path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build_command(check: bool, dataset: Path | None = None) -> int:
    """Build (or with ``check`` verify) the dataset folder; return the exit status."""
    dataset = dataset or Path.cwd() / "dataset"
    try:
        outputs, _ = build_outputs(dataset)
        changed = stale(dataset, outputs)
        if check:
            for rel in changed:
                print(f"{dataset / rel}: stale; run `kuril-data build` to regenerate it",
                      file=sys.stderr)
            return 1 if changed else 0
        write_outputs(dataset, outputs, changed)
    except BuildError as exc:
        print(f"kuril-data build: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kuril-data build: cannot read or write {exc.filename}: {exc.strerror}",
              file=sys.stderr)
        return 2
    for rel in changed:
        print(f"{dataset / rel}: written")
    if not changed:
        print(f"{dataset}: up to date")
    return 0

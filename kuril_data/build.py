"""``kuril-data build [--check]``: canonical JSON -> Parquet tables, metadata, checksums.

The build is deterministic, atomic and streaming:

- the input is validated first (``--jobs`` processes); invalid input stops the build
  before any write;
- articles are read in batches of ``BATCH_ARTICLES``; each batch becomes one row group of
  every table, written by one ``ParquetWriter`` per table, so memory does not grow with
  the corpus. Files are written with fixed options and no timestamps, so a rebuild gives
  the same bytes. When a committed Parquet file already holds exactly the new table (same
  schema, metadata and rows) its bytes are kept, so files written by another pyarrow
  release are not reported stale;
- every file's metadata names the dataset and schema versions and one digest of the
  sources (``sources_manifest_sha256``: the SHA-256 of the SHA256SUMS lines of
  entities.json and articles/*.json, in that order); the per-file hashes are in SHA256SUMS;
- outputs are written to a temporary folder inside the dataset, then changed ones are
  moved into place one file at a time (``os.replace``), SHA256SUMS last, keeping the
  previous files until all moves succeed: an error or interrupt at any point leaves the
  previous dataset as it was (a process killed outright between two moves cannot undo
  them; the checksums then make the next load fail loudly, naming the file);
- ``--check`` builds into a temporary folder elsewhere, writes nothing in the dataset and
  exits 1 naming stale files;
- ``--partition-by year|outlet --out DIR`` writes hive-partitioned tables for a large
  corpus instead (``DIR/<table>/year=2019/part-0.parquet``), leaving the dataset alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
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
BATCH_ARTICLES = 256
PARTITION_KEYS = ("year", "outlet")
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
    from kuril_data.resources import dataset_files

    entities, articles = dataset_files(dataset)
    if entities is None or not entities.is_file():
        raise BuildError(f"{dataset / 'entities.json'}: missing; the dataset needs an "
                         "entity registry")
    if not articles:
        raise BuildError(f"{dataset / 'articles'}: no article files (*.json)")
    return [entities, *articles]


def _validate(dataset: Path, jobs: int = 1) -> list[str]:
    """Errors (not warnings) reported by kuril_data.validation."""
    from kuril_data.validation import validate

    report = validate([str(dataset)], jobs=jobs, progress=sys.stderr.isatty())
    return [e.render() for e in report.errors if e.severity == "error"]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_hashes(dataset: Path, files: list[Path]) -> dict[str, str]:
    """Relative path -> sha256 of each source file, in source order."""
    return {f.relative_to(dataset).as_posix(): sha256_file(f) for f in files}


def manifest_digest(hashes: dict[str, str]) -> str:
    """SHA-256 of the sources' SHA256SUMS lines, in source order: one digest for all."""
    return sha256("".join(f"{h}  {rel}\n" for rel, h in hashes.items()).encode())


def file_metadata(table: str, digest: str) -> dict[str, str]:
    from kuril_data._version import SCHEMA_VERSION, __version__

    info = {"table": table, "dataset_version": __version__, "schema_version": SCHEMA_VERSION,
            "sources_manifest_sha256": digest}
    return {METADATA_KEY: json.dumps(info, sort_keys=True, ensure_ascii=False)}


def _parse(path: Path, model):
    from pydantic import ValidationError

    try:
        return model.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        raise BuildError(f"{path}: invalid; nothing was built:\n{exc}\n"
                         "run `kuril-data validate` for details") from None


def article_batches(files: list[Path], size: int = BATCH_ARTICLES):
    """Parsed article files (models.ArticleFile), ``size`` at a time, in file order."""
    from kuril_data.models import ArticleFile

    for start in range(0, len(files), size):
        yield [_parse(f, ArticleFile) for f in files[start:start + size]]


def _summary(doc):
    """The document without its text and paragraphs: what the metadata needs of it."""
    return doc.model_copy(update={"text": "", "paragraphs": [], "enrichment": []})


@dataclass
class TableInfo:
    """What the metadata needs of a written table: schema, rows and Arrow bytes."""

    schema: Any
    num_rows: int = 0
    nbytes: int = 0


@dataclass
class Written:
    """The tables written by a streaming build and what the metadata needs of them."""

    tables: dict[str, TableInfo] = field(default_factory=dict)
    corpus: Any = None  # tables.Corpus of document summaries and the registry


def _partition(doc, key: str) -> str:
    return str(doc.published.year) if key == "year" else doc.outlet_id


def write_tables(dataset: Path, out: Path, digest: str, *, batch: int = BATCH_ARTICLES,
                 partition_by: str | None = None) -> Written:
    """Stream the dataset's tables into ``out``: ``parquet/<table>.parquet``, or with
    ``partition_by`` ``<table>/<key>=<value>/part-0.parquet`` (entities unpartitioned)."""
    import pyarrow.parquet as pq

    from kuril_data.models import EntitiesFile
    from kuril_data.tables import TABLE_NAMES, TABLES, Corpus, build_table

    files = source_files(dataset)
    entities = _parse(files[0], EntitiesFile)
    meta = {n: file_metadata(n, digest) for n in TABLE_NAMES}
    written = Written({n: TableInfo(TABLES[n].schema(meta[n])) for n in TABLE_NAMES})
    writers: dict[tuple[str, str | None], Any] = {}

    def write(name: str, table, part: str | None) -> None:
        key = (name, part)
        if key not in writers:
            if partition_by is None or part is None:
                path = out / "parquet" / f"{name}.parquet" if partition_by is None \
                    else out / name / "part-0.parquet"
            else:
                path = out / name / f"{partition_by}={part}" / "part-0.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            writers[key] = pq.ParquetWriter(str(path), table.schema, **PARQUET_OPTIONS)
        writers[key].write_table(table)
        info = written.tables[name]
        info.num_rows += table.num_rows
        info.nbytes += table.nbytes

    docs = []
    try:
        write("entities", build_table("entities", Corpus([], entities), meta["entities"]), None)
        for articles in article_batches(files[1:], batch):
            groups: dict[str | None, list] = {}
            for a in articles:
                part = _partition(a.document, partition_by) if partition_by else None
                groups.setdefault(part, []).append(a)
            for part, group in sorted(groups.items(), key=lambda kv: str(kv[0])):
                corpus = Corpus(group, entities)
                for name in TABLE_NAMES:
                    if name != "entities":
                        write(name, build_table(name, corpus, meta[name]), part)
            docs.extend(_summary(a.document) for a in articles)
    finally:
        for w in writers.values():
            w.close()
    written.corpus = Corpus([_Doc(d) for d in docs], entities)
    return written


@dataclass
class _Doc:
    document: Any


def _same_table(path: Path, other: Path) -> bool:
    """True when two Parquet files hold exactly the same table (schema, metadata, rows)."""
    import pyarrow.parquet as pq

    try:
        if path.stat().st_size > 256 * 1024 * 1024:
            return False  # too big to compare in memory: treat as changed
        old, new = pq.ParquetFile(path).read(), pq.ParquetFile(other).read()
    except Exception:  # missing, unreadable or corrupt: not the same
        return False
    return old.schema.equals(new.schema, check_metadata=True) and old.equals(new)


def build_outputs(dataset: Path, work: Path, *, jobs: int = 1,
                  batch: int = BATCH_ARTICLES) -> tuple[list[Output], dict[str, str]]:
    """Validate, then write the tables into ``work``/parquet; return the small outputs
    (card, Croissant, datapackage, SHA256SUMS) in memory and the hash of every output."""
    from kuril_data import metadata

    files = source_files(dataset)
    problems = _validate(dataset, jobs)
    if problems:
        raise BuildError("the dataset is invalid; nothing was built:\n  "
                         + "\n  ".join(problems))
    sources = source_hashes(dataset, files)
    written = write_tables(dataset, work, manifest_digest(sources), batch=batch)
    hashes, sizes = {}, {}
    for name in written.tables:
        rel = f"parquet/{name}.parquet"
        new, old = work / rel, dataset / rel
        hashes[rel] = sha256_file(new)
        if old.is_file() and sha256_file(old) != hashes[rel] and _same_table(old, new):
            shutil.copyfile(old, new)  # same table written by another pyarrow: keep it
            hashes[rel] = sha256_file(new)
        sizes[rel] = new.stat().st_size
    ctx = metadata.Context(corpus=written.corpus, tables=written.tables, hashes=hashes,
                           sizes=sizes)
    outputs = [Output("README.md", metadata.dataset_card(ctx).encode()),
               Output("croissant.json", metadata.croissant(ctx).encode()),
               Output("datapackage.json", metadata.datapackage(ctx).encode())]
    known = {**sources, **hashes, **{o.path: sha256(o.data) for o in outputs}}
    outputs.append(Output(SUMS, checksums(dataset, known).encode()))
    hashes.update({o.path: sha256(o.data) for o in outputs})
    return outputs, hashes


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


def checksums(dataset: Path, known: dict[str, str]) -> str:
    """SHA256SUMS text (``sha256sum -c`` format) over the dataset as it will be after the
    build; ``known`` gives the hashes already computed (outputs and sources)."""
    paths = sorted(set(dataset_files(dataset)) | set(known) - {SUMS})
    return "".join(f"{known[rel] if rel in known else sha256_file(dataset / rel)}  {rel}\n"
                   for rel in paths)


# --------------------------------------------------------------------------- write

def stale(dataset: Path, hashes: dict[str, str]) -> list[str]:
    """Relative paths of outputs whose committed bytes differ from the built ones."""
    out = []
    for rel, digest in hashes.items():
        path = dataset / rel
        if not path.is_file() or sha256_file(path) != digest:
            out.append(rel)
    return out


def write_outputs(dataset: Path, work: Path, outputs: list[Output], changed: list[str]) -> None:
    """Write the small outputs next to the tables in ``work`` (inside the dataset), then
    move the changed ones into place, SHA256SUMS last. The previous files are kept (hard
    links) until every move has succeeded; if any move fails or is interrupted
    (KeyboardInterrupt included), the moves already made are undone, so the dataset is
    either all new or all as before."""
    for o in outputs:
        target = work / o.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(o.data)
    backup = work / ".previous"
    moved: list[str] = []
    try:
        for rel in sorted(changed, key=lambda r: r == SUMS):
            current = dataset / rel
            if current.exists():
                (backup / rel).parent.mkdir(parents=True, exist_ok=True)
                os.link(current, backup / rel)
            os.chmod(work / rel, 0o644)
            current.parent.mkdir(parents=True, exist_ok=True)
            os.replace(work / rel, current)
            moved.append(rel)
    except BaseException:
        for rel in reversed(moved):
            if (backup / rel).exists():
                os.replace(backup / rel, dataset / rel)
            else:
                (dataset / rel).unlink(missing_ok=True)
        raise


def _exit_status(action) -> int:
    """Run ``action()``; a BuildError (invalid input) exits 1, an OSError 2, each as one line."""
    try:
        return action()
    except BuildError as exc:
        print(f"kuril-data build: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kuril-data build: cannot read or write {exc.filename}: {exc.strerror}",
              file=sys.stderr)
        return 2


def build_command(check: bool, dataset: Path | None = None, *, jobs: int = 1,
                  partition_by: str | None = None, out: Path | None = None) -> int:
    """Build (or with ``check`` verify) the dataset folder; return the exit status."""
    dataset = dataset or Path.cwd() / "dataset"
    if partition_by is not None:
        return partition_command(dataset, partition_by, out, jobs=jobs)
    if not dataset.is_dir():
        print(f"kuril-data build: {dataset} is not a dataset folder (it needs entities.json "
              "and articles/); pass --dataset DIR", file=sys.stderr)
        return 2

    def build() -> int:
        work = Path(tempfile.mkdtemp(prefix=".build-", dir=None if check else dataset))
        try:
            outputs, hashes = build_outputs(dataset, work, jobs=jobs)
            changed = stale(dataset, hashes)
            if check:
                for rel in changed:
                    print(f"{dataset / rel}: stale; run `kuril-data build` to regenerate it",
                          file=sys.stderr)
                return 1 if changed else 0
            write_outputs(dataset, work, outputs, changed)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for rel in changed:
            print(f"{dataset / rel}: written")
        if not changed:
            print(f"{dataset}: up to date")
        return 0

    return _exit_status(build)


def partition_command(dataset: Path, key: str, out: Path | None, *, jobs: int = 1) -> int:
    """Write hive-partitioned tables of the dataset under ``out`` (replaced)."""
    if key not in PARTITION_KEYS:
        print(f"kuril-data build: cannot partition by {key!r}; use one of "
              f"{', '.join(PARTITION_KEYS)}", file=sys.stderr)
        return 2
    if out is None:
        print("kuril-data build: --partition-by needs --out DIR (the packaged layout of "
              "dataset/parquet is not partitioned)", file=sys.stderr)
        return 2

    def partition():
        files = source_files(dataset)
        problems = _validate(dataset, jobs)
        if problems:
            raise BuildError("the dataset is invalid; nothing was built:\n  "
                             + "\n  ".join(problems))
        digest = manifest_digest(source_hashes(dataset, files))
        work = Path(tempfile.mkdtemp(prefix=".partitioned-", dir=out.parent if
                                     out.parent.is_dir() else None))
        try:
            written = write_tables(dataset, work, digest, partition_by=key)
            if out.exists():
                shutil.rmtree(out)
            os.replace(work, out)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        rows = ", ".join(f"{n}={t.num_rows}" for n, t in written.tables.items())
        print(f"{out}: tables partitioned by {key} ({rows})")
        return 0

    return _exit_status(partition)

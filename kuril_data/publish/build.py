"""The build: canonical JSON -> Parquet tables, metadata and checksums.

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
- :func:`stale_outputs` (``--check``) builds into a temporary folder elsewhere and writes
  nothing in the dataset;
- :func:`build_partitioned` (``--partition-by year|outlet --out DIR``) writes
  hive-partitioned tables for a large corpus instead
  (``DIR/<table>/year=2019/part-0.parquet``), leaving the dataset alone. ``DIR`` must be
  new, empty, or an earlier output of this command (it holds the marker file
  ``PARTITIONED_MARKER``); anything else is refused, and ``DIR`` may not overlap the
  dataset folder, so the command never removes what it did not create.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.resources import files as files_resource
from pathlib import Path
from typing import Any

from kuril_data._files import sha256, sha256_file
from kuril_data._layout import (
    ENTITIES,
    SUMS,
    TABLE_NAMES,
    VIEWS,
    csv_path,
    dataset_files,
    derived_path,
    table_path,
)
from kuril_data._version import SCHEMA_VERSION, __version__
from kuril_data.exceptions import BuildError, InputError
from kuril_data.publish.export import write_parquet_as_csv
from kuril_data.validation import validate

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
PARTITIONED_MARKER = ".kuril-data-partitioned"
"""The file that marks a folder as written by ``build --partition-by`` (safe to replace)."""


@dataclass
class Output:
    """A file the build produces: its path relative to the dataset folder and bytes."""

    path: str
    data: bytes


# --------------------------------------------------------------------------- input


def source_files(dataset: Path) -> list[Path]:
    """The canonical JSON files: entities.json, then articles in file-name order."""
    if not dataset.is_dir():
        raise InputError(
            f"{dataset} is not a dataset folder (it needs entities.json and "
            "articles/); pass --dataset DIR"
        )
    try:
        entities, articles = dataset_files(dataset)
    except OSError as exc:
        raise InputError(
            f"{dataset / 'articles'}: cannot list the folder: {exc.strerror or exc}"
        ) from None
    if entities is None or not entities.is_file():
        raise BuildError(f"{dataset / ENTITIES}: missing; the dataset needs an entity registry")
    if not articles:
        raise BuildError(f"{dataset / 'articles'}: no article files (*.json)")
    return [entities, *articles]


def _require_valid(dataset: Path, jobs: int = 1) -> None:
    """Raise BuildError listing the errors (not warnings) of the dataset, if any."""
    refuse_invalid(validate([str(dataset)], jobs=jobs, progress=sys.stderr.isatty()))


def refuse_invalid(report: Any) -> None:
    """Raise InputError (unreadable) or BuildError listing the errors of a validation
    report of the dataset, if any."""
    if report.io_failed:
        raise InputError(
            "cannot read the dataset; nothing was built:\n  "
            + "\n  ".join(e.render() for e in report.errors)
        )
    if report.errors:
        raise BuildError(
            "the dataset is invalid; nothing was built:\n  "
            + "\n  ".join(e.render() for e in report.errors)
        )


def source_hashes(dataset: Path, files: list[Path]) -> dict[str, str]:
    """Relative path -> sha256 of each source file, in source order."""
    return {f.relative_to(dataset).as_posix(): sha256_file(f) for f in files}


def manifest_digest(hashes: dict[str, str]) -> str:
    """SHA-256 of the sources' SHA256SUMS lines, in source order: one digest for all."""
    return sha256("".join(f"{h}  {rel}\n" for rel, h in hashes.items()).encode())


def file_metadata(table: str, digest: str) -> dict[str, str]:
    info = {
        "table": table,
        "dataset_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "sources_manifest_sha256": digest,
    }
    return {METADATA_KEY: json.dumps(info, sort_keys=True, ensure_ascii=False)}


def article_batches(files: list[Path], size: int = BATCH_ARTICLES) -> Iterator[list[Any]]:
    """Parsed article files (models.ArticleFile), ``size`` at a time, in file order."""
    from kuril_data.models.reading import read_article  # pydantic: only the build needs it

    for start in range(0, len(files), size):
        yield [read_article(f) for f in files[start : start + size]]


def _summary(doc: Any) -> Any:
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
    derived: dict[str, TableInfo] = field(default_factory=dict)  # the derived views


def _partition(doc: Any, key: str) -> str:
    return str(doc.published.year) if key == "year" else doc.outlet_id


def write_tables(
    dataset: Path,
    out: Path,
    digest: str,
    *,
    batch: int = BATCH_ARTICLES,
    partition_by: str | None = None,
) -> Written:
    """Stream the dataset's tables into ``out``: ``parquet/<table>.parquet`` and the
    derived views ``derived/<view>.parquet``, or with ``partition_by``
    ``<table>/<key>=<value>/part-0.parquet`` (entities unpartitioned, no views)."""
    import pyarrow.parquet as pq

    from kuril_data.models.reading import read_entities
    from kuril_data.publish import derived
    from kuril_data.publish.tables import TABLES, Corpus, build_table

    files = source_files(dataset)
    entities = read_entities(files[0])
    meta = {n: file_metadata(n, digest) for n in TABLE_NAMES}
    written = Written({n: TableInfo(TABLES[n].schema(meta[n])) for n in TABLE_NAMES})
    writers: dict[tuple[str, str | None], Any] = {}

    def write(name: str, table: Any, part: str | None) -> None:
        key = (name, part)
        if key not in writers:
            if partition_by is None or part is None:
                path = (
                    out / table_path(name)
                    if partition_by is None
                    else out / name / "part-0.parquet"
                )
            else:
                path = out / name / f"{partition_by}={part}" / "part-0.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            writers[key] = pq.ParquetWriter(str(path), table.schema, **PARQUET_OPTIONS)
        writers[key].write_table(table)
        info = written.tables[name]
        info.num_rows += table.num_rows
        info.nbytes += table.nbytes

    entity_types: dict[str, str] = {e.entity_id: str(e.entity_type) for e in entities.entities}

    def batch_tables(group: list[Any]) -> dict[str, Any]:
        corpus = Corpus(group, entities)
        return {n: build_table(n, corpus, meta[n]) for n in TABLE_NAMES if n != "entities"}

    def write_views(group: list[Any], batch_tables: dict[str, Any]) -> None:
        """The derived views of a batch, from the table batches already built for it."""
        views = {
            "annotated_documents": derived.annotated_documents(batch_tables),
            "ner_tokens": derived.ner_tokens(group, entity_types),
        }
        for view, table in views.items():
            key = ("derived/" + view, None)
            if key not in writers:
                path = out / derived_path(view)
                path.parent.mkdir(parents=True, exist_ok=True)
                writers[key] = pq.ParquetWriter(str(path), table.schema, **PARQUET_OPTIONS)
            writers[key].write_table(table)
            info = written.derived.setdefault(view, TableInfo(table.schema))
            info.num_rows += table.num_rows
            info.nbytes += table.nbytes

    docs: list[Any] = []
    try:
        write("entities", build_table("entities", Corpus([], entities), meta["entities"]), None)
        for articles in article_batches(files[1:], batch):
            groups: dict[str | None, list[Any]] = {}
            for a in articles:
                part = _partition(a.document, partition_by) if partition_by else None
                groups.setdefault(part, []).append(a)
            for part, group in sorted(groups.items(), key=lambda kv: str(kv[0])):
                tables = batch_tables(group)
                for name, table in tables.items():
                    write(name, table, part)
                if partition_by is None:  # one group: the whole batch
                    write_views(group, tables)
            docs.extend(_summary(a.document) for a in articles)
        if partition_by is None and not written.derived:
            write_views([], batch_tables([]))
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
    return bool(old.schema.equals(new.schema, check_metadata=True) and old.equals(new))


def build_outputs(
    dataset: Path, work: Path, *, jobs: int = 1, batch: int = BATCH_ARTICLES
) -> tuple[list[Output], dict[str, str]]:
    """Validate, then write the tables into ``work``/parquet; return the small outputs
    (card, Croissant, datapackage, SHA256SUMS) in memory and the hash of every output."""
    from kuril_data.publish import descriptors, quality

    files = source_files(dataset)
    _require_valid(dataset, jobs)
    sources = source_hashes(dataset, files)
    written = write_tables(dataset, work, manifest_digest(sources), batch=batch)
    hashes, sizes = {}, {}
    for name in written.tables:
        rel = table_path(name)
        new, old = work / rel, dataset / rel
        hashes[rel] = sha256_file(new)
        if old.is_file() and sha256_file(old) != hashes[rel] and _same_table(old, new):
            shutil.copyfile(old, new)  # same table written by another pyarrow: keep it
            hashes[rel] = sha256_file(new)
        sizes[rel] = new.stat().st_size
        csv_rel = csv_path(name)
        (work / csv_rel).parent.mkdir(parents=True, exist_ok=True)
        write_parquet_as_csv(new, work / csv_rel)
        hashes[csv_rel] = sha256_file(work / csv_rel)
        sizes[csv_rel] = (work / csv_rel).stat().st_size
    for view in written.derived:
        rel = derived_path(view)
        hashes[rel] = sha256_file(work / rel)
        sizes[rel] = (work / rel).stat().st_size
    ctx = descriptors.Context(
        corpus=written.corpus,
        tables=written.tables,
        hashes=hashes,
        sizes=sizes,
        quality=quality.section(dataset, files[1:]),
        derived=written.derived,
    )
    views = (files_resource("kuril_data.publish") / VIEWS).read_bytes()
    outputs = [
        Output(VIEWS, views),
        Output("README.md", descriptors.dataset_card(ctx).encode()),
        Output("croissant.json", descriptors.croissant(ctx).encode()),
        Output("datapackage.json", descriptors.datapackage(ctx).encode()),
    ]
    known = {**sources, **hashes, **{o.path: sha256(o.data) for o in outputs}}
    outputs.append(Output(SUMS, checksums(dataset, known).encode()))
    hashes.update({o.path: sha256(o.data) for o in outputs})
    return outputs, hashes


def listed_files(dataset: Path) -> list[str]:
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
    paths = sorted(set(listed_files(dataset)) | set(known) - {SUMS})
    return "".join(
        f"{known[rel] if rel in known else sha256_file(dataset / rel)}  {rel}\n" for rel in paths
    )


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


def build(dataset: Path, *, jobs: int = 1) -> list[str]:
    """Build the dataset folder in place; return the relative paths written (changed).
    Raises InputError (unreadable input), BuildError (invalid input) or OSError."""
    if not dataset.is_dir():
        raise InputError(
            f"{dataset} is not a dataset folder (it needs entities.json and "
            "articles/); pass --dataset DIR"
        )
    _remove_leftovers(dataset)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=dataset))
    try:
        outputs, hashes = build_outputs(dataset, work, jobs=jobs)
        changed = stale(dataset, hashes)
        write_outputs(dataset, work, outputs, changed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return changed


def stale_outputs(dataset: Path, *, jobs: int = 1) -> list[str]:
    """Build into a temporary folder elsewhere; return the relative paths of the dataset's
    outputs that differ from what the build writes (nothing in the dataset is written)."""
    if not dataset.is_dir():
        raise InputError(
            f"{dataset} is not a dataset folder (it needs entities.json and "
            "articles/); pass --dataset DIR"
        )
    work = Path(tempfile.mkdtemp(prefix=".build-"))
    try:
        _, hashes = build_outputs(dataset, work, jobs=jobs)
        return stale(dataset, hashes)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _remove_leftovers(dataset: Path) -> None:
    """Remove the work folders of builds that were killed before they could clean up."""
    for leftover in dataset.glob(".build-*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def check_out(dataset: Path, out: Path) -> None:
    """Refuse an output folder the partitioned build could not replace safely."""
    real_out, real_dataset = Path(os.path.realpath(out)), Path(os.path.realpath(dataset))
    if (
        real_out == real_dataset
        or real_dataset.is_relative_to(real_out)
        or real_out.is_relative_to(real_dataset)
    ):
        raise InputError(
            f"--out {out} overlaps the dataset folder {dataset}; choose a folder outside it"
        )
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise InputError(f"--out {out} exists and is not a folder; choose a new folder")
    if out.is_dir() and any(out.iterdir()) and not (out / PARTITIONED_MARKER).is_file():
        raise InputError(
            f"--out {out} is not empty and was not written by `kuril-data build "
            "--partition-by`; it was left alone (choose a new or empty folder)"
        )
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: the parent folder {out.parent} does not exist")


def build_partitioned(dataset: Path, key: str, out: Path, *, jobs: int = 1) -> Written:
    """Write hive-partitioned tables of the dataset under ``out`` (replacing an earlier
    output of this command); return what was written."""
    if key not in PARTITION_KEYS:
        raise InputError(f"cannot partition by {key!r}; use one of {', '.join(PARTITION_KEYS)}")
    files = source_files(dataset)
    check_out(dataset, out)
    _require_valid(dataset, jobs)
    digest = manifest_digest(source_hashes(dataset, files))
    with replacing(out, "kuril-data build --partition-by") as work:
        return write_tables(dataset, work, digest, partition_by=key)


@contextmanager
def replacing(out: Path, writer: str) -> Iterator[Path]:
    """A work folder next to ``out``; when the block succeeds it is marked as written by
    ``writer`` and replaces ``out`` (an earlier output); otherwise it is removed."""
    work = Path(tempfile.mkdtemp(prefix=".partitioned-", dir=out.parent))
    old = out.parent / f"{work.name}.old"
    try:
        yield work
        (work / PARTITIONED_MARKER).write_text(f"written by {writer}\n", encoding="utf-8")
        if out.exists():
            os.replace(out, old)
        os.replace(work, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)

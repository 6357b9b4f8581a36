"""The build: canonical JSON -> Parquet tables, metadata and checksums.

The build is deterministic, atomic and streaming:

- each article is parsed once: the process that validates it (one of ``--jobs``) also
  makes, when it has no error of its own, what the build needs of it (:func:`prepare`:
  table cells, CSV lines, tokens and tags, the document summary, for which the document
  part alone is serialised again into a model) from the parsed JSON; a
  :class:`TableWriter` joins those into Arrow tables in a work folder, and invalid input
  (the whole report, checks across files included) stops the build before anything is
  published;
- articles are taken in batches of ``BATCH_ARTICLES``; each batch becomes one row group of
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
from functools import partial
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
from kuril_data.publish.export import csv_header, csv_rows
from kuril_data.validation import Prepare, validate_keeping

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


def _summary(doc: dict[str, Any]) -> Any:
    """The document (models.Document) without its text and paragraphs: what the card and
    metadata need of it. Only the document part of an article becomes a model; its
    records are never parsed a second time."""
    from kuril_data.models import Document

    return Document.model_validate_json(json.dumps(doc)).model_copy(
        update={"text": "", "paragraphs": [], "enrichment": []}
    )


@dataclass
class Prepared:
    """What the build needs of one valid article, made where validation parsed it (in a
    worker process with ``--jobs``): the cells of every per-document table and of the
    ``ner_tokens`` view, the document summary and the article's partition values."""

    cells: dict[str, list[list[Any]]]
    tokens: dict[str, list[Any]]
    summary: Any  # models.Document without text and paragraphs
    parts: dict[str, str]  # partition key -> value
    csv: dict[str, str]  # table -> the CSV lines of its rows (empty without ``csv``)


def prepare(
    article: dict[str, Any],
    registry: dict[str, dict[str, Any]],
    *,
    csv: bool = False,
    views: bool = True,
) -> Prepared:
    """The :class:`Prepared` form of a valid article (parsed JSON) given the checked
    registry (entity id -> its fields); with ``csv``, its rows' lines of the CSV copies;
    without ``views``, no tokens (the partitioned build writes no views)."""
    from kuril_data.publish import derived
    from kuril_data.publish.tables import Corpus, table_cells

    corpus = Corpus([article], [])
    types = {m["entity_id"]: registry[m["entity_id"]]["entity_type"] for m in article["mentions"]}
    doc = article["document"]
    cells = {n: table_cells(n, corpus) for n in TABLE_NAMES if n != "entities"}
    return Prepared(
        cells=cells,
        tokens=derived.token_rows(article, types) if views else {},
        summary=_summary(doc),
        parts={k: _partition(doc, k) for k in PARTITION_KEYS},
        csv={n: _csv_lines(n, c) for n, c in cells.items()} if csv else {},
    )


def _csv_lines(name: str, cells: list[list[Any]]) -> str:
    from kuril_data.publish.tables import TABLES

    return csv_rows([c.type for c in TABLES[name].columns], cells)


def _join_columns(parts: list[list[list[Any]]]) -> list[list[Any]]:
    """The cells of several articles joined column by column."""
    return [[v for p in parts for v in p[i]] for i in range(len(parts[0]))]


def _join_named(parts: list[dict[str, list[Any]]]) -> dict[str, list[Any]]:
    """Named columns of several articles joined."""
    return {k: [v for p in parts for v in p[k]] for k in parts[0]}


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
    corpus: Any = None  # Summary of the documents and the registry
    derived: dict[str, TableInfo] = field(default_factory=dict)  # the derived views


def _partition(doc: dict[str, Any], key: str) -> str:
    """The partition value of a document: its publication year (as a number: ``956``, not
    ``0956``) or its outlet id."""
    if key == "year":
        return str(int(doc["published"].split("-")[0]))
    outlet: str = doc["outlet_id"]
    return outlet


class TableWriter:
    """Streams valid articles, parsed once by validation (a validation ``Keeper``), into
    the tables under ``out``: ``parquet/<table>.parquet`` and the derived views
    ``derived/<view>.parquet``, or with ``partition_by``
    ``<table>/<key>=<value>/part-0.parquet`` (entities unpartitioned, no views). Each
    article arrives :func:`prepare`-d (its cells made by the process that validated it);
    each ``batch`` articles become one row group of every table. With ``csv`` (not with
    ``partition_by``) the CSV copy of every table is written too
    (``csv/<table>.csv``), its lines made with the cells. The registry is read from
    ``entities`` when the first article arrives: validation keeps articles only when the
    registry it checked first is usable."""

    def __init__(
        self,
        entities: Path,
        out: Path,
        digest: str,
        *,
        batch: int = BATCH_ARTICLES,
        partition_by: str | None = None,
        csv: bool = False,
    ) -> None:
        if csv and partition_by is not None:
            raise ValueError("the CSV copies are written only by the unpartitioned build")
        self.entities_path, self.out, self.batch, self.partition_by = (
            entities,
            out,
            batch,
            partition_by,
        )
        self.prepare: Prepare = partial(prepare, csv=csv, views=partition_by is None)
        self.kept: set[str] = set()  # the article files handed over (their report names)
        self.csv: dict[str, Any] | None = {} if csv else None  # table -> open CSV file
        self.meta = {n: file_metadata(n, digest) for n in TABLE_NAMES}
        self.writers: dict[tuple[str, str | None], Any] = {}
        self.paths: list[Path] = []
        self.pending: list[Prepared] = []
        self.docs: list[Any] = []  # models.Document summaries
        self.entities: Any = None  # models.EntitiesFile, once the first article arrives
        self.written = Written()

    def start(self) -> None:
        from kuril_data.publish.tables import TABLES

        self._close_writers()
        for path in self.paths:
            path.unlink(missing_ok=True)
        self.paths, self.pending, self.docs, self.entities = [], [], [], None
        self.kept = set()
        if self.csv is not None:
            for name in TABLE_NAMES:
                path = self.out / csv_path(name)
                path.parent.mkdir(parents=True, exist_ok=True)
                self.csv[name] = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
                self.csv[name].write(csv_header([c.name for c in TABLES[name].columns]))
        self.written = Written({n: TableInfo(TABLES[n].schema(self.meta[n])) for n in TABLE_NAMES})

    def add(self, index: int, name: str, article: Prepared) -> None:
        self.kept.add(name)
        if self.entities is None:
            self._registry()
        self.pending.append(article)
        if len(self.pending) >= self.batch:
            self._flush()

    def _registry(self) -> None:
        """Read the registry (validation has checked it before any article is kept) and
        write the entities table."""
        from kuril_data.models.reading import read_entities
        from kuril_data.publish.tables import Corpus, build_table, entity_rows, table_cells

        self.entities = read_entities(self.entities_path)
        corpus = Corpus([], entity_rows(self.entities))
        self._write("entities", build_table("entities", corpus, self.meta["entities"]), None)
        if self.csv is not None:
            self.csv["entities"].write(_csv_lines("entities", table_cells("entities", corpus)))

    def close(self) -> Written:
        """Write what is pending and close the files; return what was written."""
        try:
            if self.entities is not None:
                self._flush()
        finally:
            self._close_writers()
        self.written.corpus = Summary([_Doc(d) for d in self.docs], self.entities)
        return self.written

    def _close_writers(self) -> None:
        for w in self.writers.values():
            w.close()
        self.writers = {}
        for fh in (self.csv or {}).values():
            fh.close()

    def _open(self, key: tuple[str, str | None], path: Path, schema: Any) -> Any:
        import pyarrow.parquet as pq

        if key not in self.writers:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.writers[key] = pq.ParquetWriter(str(path), schema, **PARQUET_OPTIONS)
            self.paths.append(path)
        return self.writers[key]

    def _write(self, name: str, table: Any, part: str | None) -> None:
        key, out = self.partition_by, self.out
        if key is None:
            path = out / table_path(name)
        elif part is None:
            path = out / name / "part-0.parquet"
        else:
            path = out / name / f"{key}={part}" / "part-0.parquet"
        self._open((name, part), path, table.schema).write_table(table)
        info = self.written.tables[name]
        info.num_rows += table.num_rows
        info.nbytes += table.nbytes

    def _batch_tables(self, group: list[Prepared]) -> dict[str, Any]:
        from kuril_data.publish.tables import table_from_cells

        return {
            n: table_from_cells(n, _join_columns([a.cells[n] for a in group]), self.meta[n])
            for n in TABLE_NAMES
            if n != "entities"
        }

    def _write_views(self, group: list[Prepared], tables: dict[str, Any]) -> None:
        """The derived views of a batch, from the table batches already built for it."""
        from kuril_data.publish import derived

        views = {
            "annotated_documents": derived.annotated_documents(
                tables, {n: [len(a.cells[n][0]) for a in group] for n in derived.NESTED}
            ),
            "ner_tokens": derived.tokens_table(_join_named([a.tokens for a in group])),
        }
        for view, table in views.items():
            key = ("derived/" + view, None)
            self._open(key, self.out / derived_path(view), table.schema).write_table(table)
            info = self.written.derived.setdefault(view, TableInfo(table.schema))
            info.num_rows += table.num_rows
            info.nbytes += table.nbytes

    def _flush(self) -> None:
        articles, self.pending = self.pending, []
        if not articles:
            return
        key = self.partition_by
        groups: dict[str | None, list[Prepared]] = {}
        for a in articles:
            groups.setdefault(a.parts[key] if key else None, []).append(a)
        for part, group in sorted(groups.items(), key=lambda kv: str(kv[0])):
            tables = self._batch_tables(group)
            for name, table in tables.items():
                self._write(name, table, part)
            if key is None:  # one group: the whole batch
                self._write_views(group, tables)
        for name, fh in (self.csv or {}).items():
            if name != "entities":
                fh.write("".join(a.csv[name] for a in articles))
        self.docs.extend(a.summary for a in articles)


def write_tables(
    dataset: Path,
    out: Path,
    digest: str,
    *,
    batch: int = BATCH_ARTICLES,
    partition_by: str | None = None,
    jobs: int = 1,
    csv: bool = False,
) -> Written:
    """Validate the dataset and stream its tables (with ``csv``, their CSV copies too) into
    ``out`` (see :class:`TableWriter`) from the articles validation parsed; raise
    InputError or BuildError (nothing is published) when it is not valid."""
    files = source_files(dataset)
    writer = TableWriter(files[0], out, digest, batch=batch, partition_by=partition_by, csv=csv)
    try:
        report = validate_keeping([str(dataset)], writer, jobs=jobs, progress=sys.stderr.isatty())
    finally:
        written = writer.close()
    refuse_invalid(report)
    refuse_other_registries(files[1:], writer.kept)
    return written


def refuse_other_registries(articles: list[Path], kept: set[str]) -> None:
    """Raise BuildError when a file of ``articles/`` was not kept by a valid validation:
    validation takes such a file as an entity registry (found by its content) and checks
    references against it, but the build publishes entities.json as the only registry."""
    others = [a for a in articles if str(a) not in kept]
    if others:
        raise BuildError(
            "nothing was built: these files in articles/ are entity registries, not "
            "articles; the build publishes entities.json as the only registry (move their "
            "entities there):\n  " + "\n  ".join(str(a) for a in others)
        )


@dataclass
class _Doc:
    document: Any  # models.Document


@dataclass
class Summary:
    """What the card and metadata need of a built corpus: the documents (without text and
    paragraphs) and the registry (models.EntitiesFile, None when it could not be read)."""

    articles: list[_Doc]
    entities: Any


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
    sources = source_hashes(dataset, files)
    written = write_tables(
        dataset, work, manifest_digest(sources), batch=batch, jobs=jobs, csv=True
    )
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
    digest = manifest_digest(source_hashes(dataset, files))
    with replacing(out, "kuril-data build --partition-by") as work:
        return write_tables(dataset, work, digest, partition_by=key, jobs=jobs)


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

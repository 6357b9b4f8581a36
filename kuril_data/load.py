"""``load_dataset()``: the published tables as a read-only mapping of pyarrow Tables.

Reading is lazy (a table is parsed on first access, with ``pq.ParquetFile(f).read()``,
the fastest cold path) and offline. Verification, when the dataset is opened:

- ``verify=True`` (the default) hashes every file listed in SHA256SUMS, the canonical
  JSON sources included;
- ``verify="tables"`` hashes only the Parquet files that loading reads (for a large
  corpus, where hashing every source on each load would dominate);
- ``verify=False`` hashes nothing.

Only regular files are read (a FIFO or a device is refused, never waited on), in bounded
chunks. Parquet bytes read for hashing are kept and parsed from memory, so no file is
read twice. ``Dataset.verify()`` re-checks every listed file.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from functools import cache
from html import escape
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any, Literal

from kuril_data._files import CHUNK
from kuril_data._layout import (
    PARQUET,
    SUMS,
    TABLE_CONTRACT,
    TABLE_NAMES,
    VIEWS,
    packaged_dataset,
    packaged_schemas,
    table_path,
    type_text,
)
from kuril_data.exceptions import DatasetError, UnknownTableError

__all__ = ["Dataset", "DatasetError", "UnknownTableError", "load_dataset"]

MAX_SUMS_BYTES = 16 * 1024 * 1024
"""SHA256SUMS larger than this is refused (a real one lists a few lines per article)."""


def _resolve(path: str | Path | None) -> Path:
    if path is None:
        folder = Path(str(packaged_dataset()))
        if not folder.is_dir():
            raise DatasetError(
                f"the packaged dataset is missing ({folder}); reinstall "
                "kuril-data or pass the path of a dataset/ folder"
            )
        return folder
    folder = Path(path)
    if not folder.exists():
        raise DatasetError(
            f"{folder}: no such folder; pass the dataset/ folder of a "
            "checkout, or call load_dataset() for the packaged copy"
        )
    if not folder.is_dir():
        raise DatasetError(
            f"{folder}: not a folder; pass the dataset/ folder that holds parquet/ and SHA256SUMS"
        )
    if not (folder / PARQUET).is_dir() and (folder / "dataset" / PARQUET).is_dir():
        folder = folder / "dataset"  # a checkout's root
    if not (folder / PARQUET).is_dir():
        raise DatasetError(
            f"{folder}: no parquet/ folder, so this is not a built dataset; "
            "run `kuril-data build` in the checkout first"
        )
    return folder


_SUM_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")


def read_checksums(folder: Path) -> dict[str, str]:
    """Relative path -> expected sha256, from SHA256SUMS (``sha256sum`` format, text or
    binary mode). Every Parquet table must be listed, and only relative paths inside the
    dataset folder are accepted, so an emptied or doctored list cannot skip a check."""
    sums = folder / SUMS
    try:
        _require_regular(sums, MAX_SUMS_BYTES)
        with open(sums, "rb") as fh:
            lines = fh.read(MAX_SUMS_BYTES).decode("utf-8").splitlines()
    except FileNotFoundError:
        raise DatasetError(
            f"{sums}: missing, so the files cannot be verified; run "
            "`kuril-data build`, or pass verify=False to skip the check"
        ) from None
    except (OSError, UnicodeError) as exc:
        raise DatasetError(
            f"{sums}: unreadable ({exc}); reinstall kuril-data or run `kuril-data build`"
        ) from None
    expected = {}
    for n, line in enumerate(lines, 1):
        m = _SUM_LINE.fullmatch(line)
        rel = m.group(2) if m else ""
        parts = PurePosixPath(rel).parts
        if not m or rel.startswith("/") or "\\" in rel or ".." in parts:
            raise DatasetError(
                f"{sums}, line {n}: not a `sha256sum` line for a file inside "
                "the dataset; run `kuril-data build` to regenerate it"
            )
        if rel in expected:
            raise DatasetError(
                f"{sums}, line {n}: {rel} is listed twice; run `kuril-data build` to regenerate it"
            )
        expected[rel] = m.group(1)
    unlisted = [table_path(t) for t in TABLE_NAMES if table_path(t) not in expected]
    if unlisted:
        raise DatasetError(
            f"{sums}: does not list {', '.join(unlisted)}, so they cannot be "
            "verified; run `kuril-data build` to regenerate it"
        )
    return expected


def verify_files(folder: Path, *, sources: bool = True) -> tuple[list[str], dict[str, bytes]]:
    """Check the files listed in SHA256SUMS (without ``sources``, only the files that
    loading reads: not entities.json and articles/*.json): (problems, Parquet bytes)."""
    problems, kept = [], {}
    for rel, digest in read_checksums(folder).items():
        if not sources and not rel.startswith("parquet/"):
            continue
        try:
            data, actual = _read_hashed(folder / rel, keep=rel.startswith(PARQUET + "/"))
        except DatasetError as exc:
            problems.append(str(exc))
            continue
        except OSError:
            problems.append(f"{folder / rel}: listed in SHA256SUMS but missing or unreadable")
            continue
        if actual != digest:
            problems.append(
                f"{folder / rel}: checksum mismatch; the file is corrupt or was "
                "changed after the build (reinstall kuril-data, or run "
                "`kuril-data build` in a checkout)"
            )
        elif data is not None:
            kept[rel] = data
    return problems, kept


@cache
def _contract() -> dict[str, list[dict[str, Any]]]:
    """The published table contract shipped in the package (schema/tables.arrow.json)."""
    text = (packaged_schemas() / TABLE_CONTRACT).read_text(encoding="utf-8")
    contract: dict[str, list[dict[str, Any]]] = json.loads(text)
    return contract


def contract_difference(name: str, schema: Any) -> str:
    """How a table's Arrow schema differs from the published contract ('' when equal):
    the first missing, unexpected or differently typed column."""
    expected = {c["name"]: c for c in _contract()[name]}
    actual = {f.name: f for f in schema}
    for col in expected:
        if col not in actual:
            return f"column {col!r} is missing"
    for col in actual:
        if col not in expected:
            return f"column {col!r} is not in the contract"
    for col, want in expected.items():
        field = actual[col]
        if type_text(field.type) != want["type"]:
            return f"column {col!r} is {type_text(field.type)}, not {want['type']}"
        if field.nullable and not want["nullable"]:
            return f"column {col!r} allows nulls, which the contract forbids"
    if list(actual) != list(expected):
        return "the columns are in another order"
    return ""


def _require_regular(path: Path, limit: int | None = None) -> os.stat_result:
    """The file's stat; DatasetError unless it is a regular file (within ``limit`` bytes).
    A FIFO or a device would hang or never end a read: they are refused unread."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise DatasetError(
            f"{path}: unreadable (not a regular file); reinstall kuril-data "
            "or run `kuril-data build`"
        )
    if limit is not None and st.st_size > limit:
        raise DatasetError(f"{path}: {st.st_size} bytes, over the limit of {limit}")
    return st


def _read_hashed(path: Path, keep: bool) -> tuple[bytes | None, str]:
    """(the bytes when ``keep``, the SHA-256) of a regular file, read in bounded chunks."""
    st = _require_regular(path)
    digest = hashlib.sha256()
    kept = bytearray() if keep else None
    with open(path, "rb") as fh:
        remaining = st.st_size + 1  # a file that grows while read is caught by the hash
        while remaining > 0:
            block = fh.read(min(CHUNK, remaining))
            if not block:
                break
            remaining -= len(block)
            digest.update(block)
            if kept is not None:
                kept += block
    return (bytes(kept) if kept is not None else None), digest.hexdigest()


class Dataset(Mapping[str, Any]):
    """The published tables: ``ds["quotes"]`` is a ``pyarrow.Table``; read-only."""

    def __init__(self, folder: Path, data: dict[str, bytes] | None = None) -> None:
        self.path = folder
        self._bytes = data or {}
        self._tables: dict[str, Any] = {}

    # Mapping ------------------------------------------------------------------
    def __getitem__(self, name: str) -> Any:
        if name not in TABLE_NAMES:
            raise UnknownTableError(f"no table {name!r}; the tables are: " + ", ".join(TABLE_NAMES))
        if name not in self._tables:
            self._tables[name] = self._read(name)
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(TABLE_NAMES)

    def __len__(self) -> int:
        return len(TABLE_NAMES)

    def _read(self, name: str) -> Any:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rel = table_path(name)
        path = self.path / rel
        try:
            if rel in self._bytes:
                source: Any = pa.BufferReader(self._bytes[rel])
            else:
                _require_regular(path)
                source = path
            table = pq.ParquetFile(source).read()
        except FileNotFoundError:
            raise DatasetError(f"{path}: missing; run `kuril-data build`") from None
        except (pa.ArrowException, OSError) as exc:
            raise DatasetError(
                f"{path}: not a readable Parquet file ({exc}); reinstall "
                "kuril-data or run `kuril-data build`"
            ) from None
        difference = contract_difference(name, table.schema)
        if difference:
            raise DatasetError(
                f"{path}: the {name} table does not match the published contract "
                f"({difference}); reinstall kuril-data or run `kuril-data build`"
            )
        return table

    # Typed access ---------------------------------------------------------------
    def records(self, name: str, doc_id: str | None = None) -> list[Any]:
        """The rows of a table as pydantic models (kuril_data.models); with ``doc_id``, only
        those of that document (the models have no doc_id field: in a corpus, this is how
        a record is tied to its document)."""
        self[name]  # unknown names raise here
        from kuril_data.publish.tables import to_records  # pydantic: only typed access needs it

        if doc_id is None:
            return to_records(name, self.__getitem__)

        def of_document(table_name: str) -> Any:
            import pyarrow.compute as pc

            table = self[table_name]
            if "doc_id" not in table.column_names:
                return table
            return table.filter(pc.equal(table["doc_id"], doc_id))

        return to_records(name, of_document)

    def to_pandas(self, name: str) -> Any:
        """The table as a pandas DataFrame (needs the ``pandas`` extra); date columns are
        ``datetime64`` (not Python objects), so they sort, filter and plot as dates."""
        table = self[name]
        _require("pandas")
        return table.to_pandas(date_as_object=False)

    def duckdb(self) -> Any:
        """A DuckDB connection (needs the ``duckdb`` extra) with a view per table, named
        after it, and the joined views of ``views.sql``: ``quote_view`` (quotes with
        speaker and addressee names), ``fact_view`` (facts with who asserts them) and
        ``event_view`` (events with dates, participants and location names)."""
        duckdb = _require("duckdb")
        con = duckdb.connect()
        for name in TABLE_NAMES:
            con.register(name, self[name])
        views = self.path / VIEWS
        if not views.is_file():  # a folder built by an older kuril-data
            raise DatasetError(f"{views} is missing; run `kuril-data build` to write it")
        con.execute(views.read_text(encoding="utf-8"))
        return con

    def to_polars(self, name: str) -> Any:
        """The table as a Polars DataFrame (needs the ``polars`` extra)."""
        table = self[name]
        pl = _require("polars")
        return pl.from_arrow(table)

    # Metadata ----------------------------------------------------------------
    def metadata(self) -> dict[str, Any]:
        """The build metadata stored in the Parquet files (versions, source hashes)."""
        meta = self["documents"].schema.metadata or {}
        try:
            info = json.loads(meta.get(b"kuril_data", b"{}"))
        except ValueError:
            raise DatasetError(
                f"{self.path / 'parquet/documents.parquet'}: its build metadata "
                "is not JSON; run `kuril-data build`"
            ) from None
        if not isinstance(info, dict):
            raise DatasetError(
                f"{self.path / table_path('documents')}: its build metadata "
                "is not a JSON object; run `kuril-data build`"
            )
        info.pop("table", None)  # which file it was read from: not about the dataset
        return info

    def counts(self) -> dict[str, int]:
        return {name: self[name].num_rows for name in TABLE_NAMES}

    def verify(self) -> list[str]:
        """Re-check every file against SHA256SUMS; return the problems (empty when intact)."""
        try:
            return verify_files(self.path)[0]
        except DatasetError as exc:
            return [str(exc)]

    def __repr__(self) -> str:
        counts = ", ".join(f"{n}={c}" for n, c in self.counts().items())
        return (
            f"<kuril-data {self.metadata().get('dataset_version', '?')} at {self.path}: {counts}>"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td><code>{n}</code></td><td>{c}</td></tr>" for n, c in self.counts().items()
        )
        return (
            f"<p>kuril-data {escape(str(self.metadata().get('dataset_version', '?')))} "
            f"at <code>{escape(str(self.path))}</code></p>"
            f"<table><tr><th>table</th><th>rows</th></tr>{rows}</table>"
        )


def _require(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise DatasetError(
            f"{module} is not installed; install it with pip install 'kuril-data[{module}]'"
        ) from None


def load_dataset(
    path: str | Path | None = None, *, verify: bool | Literal["tables"] = True
) -> Dataset:
    """Open the dataset: the packaged copy (no network) or the dataset/ folder at ``path``.

    ``verify=True`` (the default) checks every file listed in SHA256SUMS, the canonical
    JSON sources included, and a flipped byte anywhere raises DatasetError naming the file.
    ``verify="tables"`` checks only the Parquet files that loading reads (for a large
    corpus, where hashing every source on each load would dominate); ``False`` skips it.
    """
    if verify not in (True, False, "tables"):
        raise ValueError(f"verify must be True, False or 'tables', not {verify!r}")
    folder = _resolve(path)
    if not verify:
        return Dataset(folder)
    problems, data = verify_files(folder, sources=verify is True)
    if problems:
        raise DatasetError("the dataset failed verification:\n  " + "\n  ".join(problems))
    return Dataset(folder, data)

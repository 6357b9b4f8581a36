"""Checks across files: ids unique in the whole dataset, entities that no article
mentions, and aliases that neither an article uses nor a source gives. They run on small per-file summaries, so memory does not grow with the corpus."""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from kuril_data.validation._parsing import FileState
from kuril_data.validation.report import make, pointer
from kuril_data.validation.rules._registry import ID_FIELDS

CODES = ("duplicate-id", "unmentioned-entity", "alias-without-source")
"""The catalogue codes these checks report."""


def id_hash(value: str) -> int:
    """A 64-bit hash of an id (signed, to fit ``array('q')``)."""
    data = value.encode("utf-8", "surrogatepass")
    return (zlib.crc32(data) << 32 | zlib.adler32(data)) - (1 << 63)


Where = tuple[str | int, ...]
"""The parts of the JSON pointer of an id, built into a pointer only when needed."""


def article_ids(f: FileState) -> Iterator[tuple[str, Where]]:
    """(id, pointer parts) of every id an article defines, in file order."""
    data = f.data
    if not isinstance(data, dict):
        return
    doc = data.get("document")
    if isinstance(doc, dict) and isinstance(doc.get("doc_id"), str):
        yield doc["doc_id"], ("document", "doc_id")
    for list_name, id_field in ID_FIELDS.items():
        for i, rec in f.records(list_name, all_records=True):
            rid = rec.get(id_field)
            if isinstance(rid, str):
                yield rid, (list_name, i, id_field)


def entity_ids(f: FileState) -> Iterator[tuple[str, Where]]:
    """(id, pointer parts) of every entity a registry defines, in file order."""
    for i, rec in f.records("entities", all_records=True):
        eid = rec.get("entity_id")
        if isinstance(eid, str):
            yield eid, ("entities", i, "entity_id")


def defined_ids(f: FileState) -> Iterator[tuple[str, Where]]:
    return entity_ids(f) if f.kind == "entities" else article_ids(f)


def id_hashes(f: FileState) -> array[int]:
    """The hashes of every id a file defines, in file order."""
    if f.clean and f.kind == "article":  # no record to skip: take the ids in bulk
        data = f.data
        ids = [data["document"]["doc_id"]]
        for list_name, id_field in ID_FIELDS.items():
            ids += [rec[id_field] for rec in data[list_name]]
        crc32, adler32 = zlib.crc32, zlib.adler32
        encoded = [rid.encode("utf-8", "surrogatepass") for rid in ids]
        return array("q", [(crc32(b) << 32 | adler32(b)) - (1 << 63) for b in encoded])
    return array("q", [id_hash(rid) for rid, _ in defined_ids(f)])


def repeated(values: array[int]) -> set[int]:
    """The values that occur more than once (past 100,000 values, by sorting them with
    numpy when it is installed: a set of Python ints costs tens of bytes per value, a
    sorted copy 8)."""
    if len(values) > 100_000:
        try:
            import numpy as np
        except ImportError:
            pass
        else:
            ordered = np.sort(np.frombuffer(values, dtype=np.int64))
            return set(ordered[1:][ordered[1:] == ordered[:-1]].tolist())
    if len(set(values)) == len(values):  # the common case, decided at C speed
        return set()
    seen: set[int] = set()
    twice: set[int] = set()
    for v in values:
        if v in seen:
            twice.add(v)
        seen.add(v)
    return twice


@dataclass
class _First:
    file: FileState
    ptr: str


@dataclass
class DuplicateIds:
    """Report ids used twice across the dataset, exactly as one pass over every file in
    order would: call :meth:`add` for each file holding a repeated hash, in order."""

    wanted: set[int]
    first: dict[str, _First] = field(default_factory=dict)

    def add(self, f: FileState) -> None:
        for rid, where in defined_ids(f):
            if id_hash(rid) not in self.wanted:
                continue
            ptr = pointer(*where)
            first = self.first.get(rid)
            if first is None:
                self.first[rid] = _First(f, ptr)
                continue
            seen = f"{first.file.src.name}#{first.ptr}" if first.file is not f else first.ptr
            if f.src.reported:
                f.add(make("duplicate-id", f.src.name, ptr, value=rid, first=seen))
            elif first.file.src.reported:
                first.file.add(
                    make(
                        "duplicate-id",
                        first.file.src.name,
                        first.ptr,
                        value=rid,
                        first=f"{f.src.name}#{ptr}",
                    )
                )


def unmentioned(registry: FileState, mentioned: set[str]) -> None:
    """Warn about the registry's entities that no article mentions."""
    for i, ent in registry.records("entities"):
        if ent["entity_id"] not in mentioned:
            registry.add(
                make(
                    "unmentioned-entity",
                    registry.src.name,
                    pointer("entities", i, "entity_id"),
                    value=ent["entity_id"],
                )
            )


def unsourced_aliases(registry: FileState) -> frozenset[str]:
    """The aliases of a registry that carry no enrichment entry (they must occur in some
    article's text)."""
    names: set[str] = set()
    for _, ent in registry.records("entities"):
        enriched = {e["field"] for e in ent["enrichment"]}
        names.update(
            alias["name"]
            for j, alias in enumerate(ent["aliases"])
            if f"/aliases/{j}" not in enriched
        )
    return frozenset(names)


def unsourced(registry: FileState, used: set[str]) -> None:
    """Warn about aliases with no enrichment entry that occur in no article's text."""
    for i, ent in registry.records("entities"):
        enriched = {e["field"] for e in ent["enrichment"]}
        for j, alias in enumerate(ent["aliases"]):
            if f"/aliases/{j}" not in enriched and alias["name"] not in used:
                registry.add(
                    make(
                        "alias-without-source",
                        registry.src.name,
                        pointer("entities", i, "aliases", j, "name"),
                        value=alias["name"],
                    )
                )

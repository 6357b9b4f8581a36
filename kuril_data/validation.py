"""Validate dataset files: structure (models / published JSON Schema), then meaning.

``validate(paths)`` reads article files, ``entities.json`` files or dataset folders and
returns a :class:`~kuril_data.errors.Report`; it never raises for bad input and never
writes. Per file, in order (a stage that fails stops the file, except a BOM):

1. io: the path exists, is a regular file, is within ``max_bytes``, is readable;
2. json: no BOM, UTF-8, well-formed JSON, no duplicate keys, no NaN/Infinity,
   nesting at most ``MAX_DEPTH`` deep;
3. structure: the pydantic models (fast, ``model_validate_json``); only when they reject
   the file, the published JSON Schema is run to name every error by pointer;
4. semantic: spans, references, ids, dates, hashes (see the error catalogue) on every
   record that passed stage 3.

A lone article file is checked together with the ``entities.json`` of its dataset folder
(``<article>/../../entities.json``) when there is one; that file then only resolves
references and its own errors are not reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
import unicodedata
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from kuril_data import dates, spans
from kuril_data.errors import Error, Report, make, pointer, quote

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
ARTICLE_LISTS = ("mentions", "quotes", "events", "facts")
ID_FIELDS = {"mentions": "mention_id", "quotes": "quote_id", "events": "event_id",
             "facts": "fact_id"}

# Entity types that can fill a reference field (fields not listed take any entity).
REFERENCE_TYPES = {
    "outlet_id": ("organization",),
    "place_id": ("place", "territory", "state"),
    "location_id": ("place", "territory", "state"),
    "organization_id": ("organization", "government", "state", "alliance"),
}


@dataclass
class Source:
    """One file to check: its display name, raw bytes and whether its findings count."""

    name: str
    raw: bytes | None  # None: not read yet (read from ``path`` when checked)
    kind: str | None = None  # 'article' | 'entities'; None: decided from name and content
    reported: bool = True
    path: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass
class _File:
    src: Source
    kind: str
    text: str | None = None
    data: Any = None
    errors: list[Error] = field(default_factory=list)
    bad: set = field(default_factory=set)  # record keys with structural errors
    usable: bool = False  # semantic checks may run


# ---------------------------------------------------------------------------- public API


def validate(paths: Iterable[str | os.PathLike] | None = None, *,
             max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1,
             progress: bool = False) -> Report:
    """Validate files or dataset folders (default: the packaged dataset).

    Files are read one at a time as they are checked; with ``jobs`` > 1 articles are
    checked in that many processes (same report). ``progress`` shows a progress bar on
    stderr for long runs."""
    with ExitStack() as stack:
        if paths is None:
            from importlib.resources import as_file

            from kuril_data.resources import packaged_dataset

            paths = [stack.enter_context(as_file(packaged_dataset()))]
        targets, io_errors = plan(list(paths), max_bytes=max_bytes)
        return _run(targets, io_errors, jobs=jobs, progress=progress)


def validate_sources(sources: list[Source], *, jobs: int = 1) -> Report:
    """Validate in-memory sources (the files ``validate`` would read)."""
    return _run(list(sources), [], jobs=jobs)


# ---------------------------------------------------------------------------- run
#
# Entity registries are checked in this process first; articles are then checked one file
# at a time (here, or in worker processes), each returning a small _Result: its located
# errors, 64-bit hashes of its ids and the entities it mentions. The cross-file checks run
# on those summaries: ids repeated across files (files holding a repeated hash are read
# again to name both places exactly) and unmentioned entities. Memory stays flat: no
# article is kept after it is checked.

PROGRESS_MIN_FILES = 200  # fewer files than this never show a progress bar


@dataclass
class _Result:
    """What checking one article file leaves behind."""

    index: int
    name: str
    reported: bool
    io_error: Error | None = None
    errors: list[Error] = field(default_factory=list)
    ids: Any = None  # array('q') of id hashes, in file order
    usable: bool = False
    mentioned: frozenset = frozenset()
    key: str | None = None
    is_registry: bool = False  # an entity registry found by content: check it first


_STATE: dict[str, Any] = {"entities": {}, "have_registry": False}


def _init_worker(entities: dict, have_registry: bool) -> None:
    _STATE["entities"] = entities
    _STATE["have_registry"] = have_registry


def _id_hash(value: str) -> int:
    data = value.encode("utf-8", "surrogatepass")
    import zlib

    return (zlib.crc32(data) << 32 | zlib.adler32(data)) - (1 << 63)


def _is_registry(src: Source) -> bool:
    return src.kind == "entities" or (src.kind is None and src.path is not None
                                      and src.path.name == "entities.json")


def _check(indexed: tuple[int, Source]) -> _Result:
    """Check one article file against the registry in _STATE (runs in a worker)."""
    from array import array

    index, src = indexed
    result = _Result(index, src.name, src.reported)
    read, error = _read_source(src)
    if error is not None:
        result.io_error = error if src.reported else None
        return result
    f = _load(read)
    if f.kind == "entities":
        result.is_registry = True
        return result
    sem = _Semantic([], [f], _STATE["entities"], _STATE["have_registry"])
    sem.index_local(f)
    if f.usable:
        sem.check_article(f, _STATE["have_registry"])
    result.ids = array("q", [_id_hash(rid) for rid in _article_id_values(f)])
    result.mentioned = frozenset(m["entity_id"] for _, m in _Semantic._all(f, "mentions")
                                 if isinstance(m.get("entity_id"), str))
    result.usable = f.usable
    result.key = _key(read.path) if read.path is not None else None
    result.errors = _locate(f)
    return result


def _walk_ids(f: _File):
    """(id, list name or None for the document, index, record, doc_id) of every id an
    article defines, in file order."""
    data = f.data
    if not isinstance(data, dict):
        return
    doc = data.get("document")
    doc_id = doc.get("doc_id") if isinstance(doc, dict) else None
    if isinstance(doc_id, str):
        yield doc_id, None, 0, doc, None
    for list_name, id_field in ID_FIELDS.items():
        for i, rec in _Semantic._all(f, list_name):
            rid = rec.get(id_field)
            if isinstance(rid, str):
                yield rid, list_name, i, rec, doc_id


def _article_ids(f: _File):
    """(id, pointer, kind, record, doc_id) of every id an article defines, in file order."""
    for rid, list_name, i, rec, doc_id in _walk_ids(f):
        if list_name is None:
            yield rid, "/document/doc_id", "document", rec, None
        else:
            yield rid, pointer(list_name, i, ID_FIELDS[list_name]), list_name[:-1], rec, doc_id


def _article_id_values(f: _File):
    """The ids alone (no pointers are built: the fast path of every file)."""
    return (walked[0] for walked in _walk_ids(f))


def _entity_ids(f: _File):
    for i, rec in _Semantic._all(f, "entities"):
        eid = rec.get("entity_id")
        if isinstance(eid, str):
            yield eid, pointer("entities", i, "entity_id"), "entity", rec, None


def _results(targets: list[tuple[int, Source]], registry: dict, have_registry: bool,
             jobs: int, bar: Any):
    """_Result of every article target, in order (in ``jobs`` processes when > 1)."""
    if jobs <= 1 or len(targets) < 2:
        _init_worker(registry, have_registry)
        try:
            for t in targets:
                yield _check(t)
                if bar is not None:
                    bar.update()
        finally:
            _init_worker({}, False)
        return
    import multiprocessing

    chunk = max(1, min(64, len(targets) // (jobs * 8)))
    with multiprocessing.get_context().Pool(jobs, _init_worker,
                                            (registry, have_registry)) as pool:
        for result in pool.imap(_check, targets, chunksize=chunk):
            yield result
            if bar is not None:
                bar.update()


def _progress_bar(show: bool, total: int):
    if not show or total < PROGRESS_MIN_FILES:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="file", desc="validate", file=sys.stderr, leave=False)


def _run(targets: list[Source], io_errors: list[Error], *, jobs: int = 1,
         progress: bool = False) -> Report:
    found: set[int] = set()  # registries recognised only by their content
    while True:
        report, late = _run_once(targets, list(io_errors), found, jobs, progress)
        if not late:
            return report
        found |= late


def _run_once(targets: list[Source], io_errors: list[Error], found: set[int], jobs: int,
              progress: bool) -> tuple[Report, set[int]]:
    registries: list[tuple[int, _File]] = []
    articles: list[tuple[int, Source]] = []
    for i, src in enumerate(targets):
        if _is_registry(src) or i in found:
            read, error = _read_source(src)
            if error is not None:
                if src.reported:
                    io_errors.append(error)
                continue
            if i in found:
                read = Source(read.name, read.raw, "entities", read.reported, read.path)
            registries.append((i, _load(read)))
        else:
            articles.append((i, src))
    entity_files = [f for _, f in registries]
    sem = _Semantic(entity_files, [])
    sem.index_entities()
    for f in entity_files:
        if f.usable:
            sem.check_entities(f)
    registry = {eid: {"entity_type": rec.get("entity_type"), "part_of": rec.get("part_of")}
                for eid, rec in sem.entities.items()}

    from array import array

    hashes, owners = array("q"), array("q")
    for i, f in registries:
        for rid, *_ in _entity_ids(f):
            hashes.append(_id_hash(rid))
            owners.append(i)
    results: dict[int, _Result] = {}
    mentioned: set[str] = set()
    late: set[int] = set()
    bar = _progress_bar(progress, len(articles))
    try:
        for r in _results(articles, registry, bool(entity_files), jobs, bar):
            if r.is_registry:
                late.add(r.index)
                continue
            if r.io_error is not None:
                io_errors.append(r.io_error)
            if r.ids is None:
                continue
            hashes.extend(r.ids)
            owners.extend(array("q", [r.index]) * len(r.ids))
            r.ids = None
            mentioned |= r.mentioned
            r.mentioned = frozenset()
            results[r.index] = r
    finally:
        if bar is not None:
            bar.close()
    if late:
        return Report(), late

    _duplicates(hashes, owners, dict(registries), results, targets)
    sem.check_unmentioned(list(results.values()), mentioned)
    report = Report(errors=io_errors, files=[e.file for e in io_errors if e.file])
    by_index = {i: f for i, f in registries}
    for i in range(len(targets)):
        if i in by_index and by_index[i].src.reported:
            report.files.append(by_index[i].src.name)
            report.errors.extend(_locate(by_index[i]))
        elif i in results and results[i].reported:
            report.files.append(results[i].name)
            report.errors.extend(results[i].errors)
    return report, set()


def _repeated(values) -> set[int]:
    """The values that occur more than once."""
    if len(values) > 100_000:
        try:
            import numpy as np
        except ImportError:
            pass
        else:
            ordered = np.sort(np.frombuffer(values, dtype=np.int64))
            return set(ordered[1:][ordered[1:] == ordered[:-1]].tolist())
    seen: set[int] = set()
    repeated: set[int] = set()
    for v in values:
        if v in seen:
            repeated.add(v)
        seen.add(v)
    return repeated


def _duplicates(hashes, owners, registries: dict[int, _File], results: dict[int, _Result],
                targets: list[Source]) -> None:
    """Report ids used twice across the dataset, exactly as a single pass over every file
    in order would: the files holding a repeated hash are read again for the real ids."""
    repeated = _repeated(hashes)
    if not repeated:
        return
    involved = sorted({owners[k] for k, h in enumerate(hashes) if h in repeated},
                      key=lambda i: (i not in registries, i))
    sem = _Semantic([], [])
    reloaded: dict[int, tuple[_File, int]] = {}
    for i in involved:
        if i in registries:
            f = registries[i]
            ids = _entity_ids(f)
        else:
            read, _ = _read_source(targets[i])
            if read is None:  # changed under us since it was checked
                continue
            f = _load(read)
            ids = _article_ids(f)
        reloaded[i] = (f, len(f.errors))
        for rid, ptr, kind, rec, doc_id in ids:
            if _id_hash(rid) in repeated:
                sem.add_id(rid, _Ref(f, ptr, kind, rec, doc_id))
    for i, (f, before) in reloaded.items():
        if i in registries or i not in results:
            continue
        f.errors = f.errors[before:]
        added = _locate(f)
        if added:
            r = results[i]
            r.errors = sorted(r.errors + added, key=lambda e: (e.line or 0, e.column or 0))


# ---------------------------------------------------------------------------- io


def collect(paths: list[str | os.PathLike], *, max_bytes: int = DEFAULT_MAX_BYTES
            ) -> tuple[list[Source], list[Error]]:
    """Read every file the paths name: (sources, io errors). Adds sibling entities.json
    (unreported) for article files given without one."""
    targets, errors = plan(paths, max_bytes=max_bytes)
    sources = []
    for t in targets:
        src, error = _read_source(t)
        if error is not None and t.reported:
            errors.append(error)
        elif src is not None:
            sources.append(src)
    return sources, errors


def plan(paths: list[str | os.PathLike], *, max_bytes: int = DEFAULT_MAX_BYTES
         ) -> tuple[list[Source], list[Error]]:
    """The files the paths name, unread (``raw`` is None), and path-level io errors.
    Adds sibling entities.json (unreported) for article files given without one."""
    targets: list[tuple[Path, bool]] = []
    errors: list[Error] = []
    for raw in paths:
        p = Path(raw)
        name = os.fspath(raw)
        try:
            st = os.stat(p)
        except FileNotFoundError:
            errors.append(make("path-not-found", name))
            continue
        except OSError as exc:
            errors.append(make("unreadable-file", name, reason=exc.strerror or type(exc).__name__))
            continue
        if stat.S_ISDIR(st.st_mode):
            found = _dataset_files(p)
            if not found and p.suffix.lower() == ".json":
                errors.append(make("not-a-file", name, found="a folder"))
            elif not found:
                errors.append(make("no-dataset-files", name))
            targets.extend((f, True) for f in found)
        else:
            targets.append((p, True))
    wanted = {_key(p) for p, _ in targets}
    has_entities = any(p.name == "entities.json" for p, _ in targets)
    if not has_entities:
        for p, _ in list(targets):
            sibling = p.parent.parent / "entities.json"
            if p.parent.name == "articles" and _key(sibling) not in wanted and sibling.is_file():
                targets.insert(0, (sibling, False))
                wanted.add(_key(sibling))
                break
    out: list[Source] = []
    seen: set = set()
    for p, reported in targets:
        if _key(p) in seen:
            continue
        seen.add(_key(p))
        out.append(Source(os.fspath(p), None, reported=reported, path=p, max_bytes=max_bytes))
    return out, errors


def _read_source(src: Source) -> tuple[Source | None, Error | None]:
    """``src`` with its bytes (read now when it was planned unread), or the io error."""
    if src.raw is not None:
        return src, None
    raw, error = _read(src.path, src.max_bytes)
    if error is not None:
        return None, error
    return Source(src.name, raw, src.kind, src.reported, src.path), None


def _key(p: Path) -> str:
    try:
        return os.path.realpath(p)
    except (OSError, ValueError):
        return os.fspath(p)


def _dataset_files(folder: Path) -> list[Path]:
    from kuril_data.resources import dataset_files

    entities, articles = dataset_files(folder)
    return ([entities] if entities else []) + articles


def _read(p: Path, max_bytes: int) -> tuple[bytes | None, Error | None]:
    name = os.fspath(p)
    try:
        st = os.stat(p)
        if stat.S_ISDIR(st.st_mode):
            return None, make("not-a-file", name, found="a folder")
        if not stat.S_ISREG(st.st_mode):
            return None, make("not-a-file", name, found=_file_type(st.st_mode))
        if st.st_size > max_bytes:
            return None, make("file-too-large", name, size=st.st_size, limit=max_bytes)
        with open(p, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return None, make("path-not-found", name)
    except (OSError, MemoryError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        return None, make("unreadable-file", name, reason=reason)
    if len(raw) > max_bytes:
        return None, make("file-too-large", name, size=f"more than {max_bytes}", limit=max_bytes)
    return raw, None


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


# ---------------------------------------------------------------------------- json + structure


class _Flags:
    def __init__(self) -> None:
        self.duplicate = False
        self.non_finite = False

    def pairs(self, pairs: list) -> dict:
        d = dict(pairs)
        if len(d) != len(pairs):
            self.duplicate = True
        return d

    def constant(self, word: str) -> None:
        self.non_finite = True
        return None


def _load(src: Source) -> _File:
    """Parse and check the structure of one file: the fast path when it applies, else the
    exact path (which alone produces the json and structure errors)."""
    if src.kind != "entities" and not src.raw.startswith(b"\xef\xbb\xbf"):
        f = _load_fast(src)
        if f is not None:
            return f
    return _load_exact(src)


@lru_cache(maxsize=None)
def _fast_validator(kind: str):
    """A jsonschema-rs validator of the published schema, or None without the extra."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(published_schema(kind), validate_formats=True)


def _load_fast(src: Source) -> _File | None:
    """The file parsed by orjson and accepted by jsonschema-rs, or None when the exact
    path must decide (any error, or anything the fast path cannot vouch for).

    It vouches only for what the exact path would accept with the same data: orjson
    rejects what ``json`` might read differently (NaN, huge numbers, lone surrogates,
    deep nesting); duplicate keys, which orjson silently merges, are ruled out by
    counting keys (see _plain); floats, which JSON Schema may take for integers but the
    models never do, are ruled out in _plain too."""
    try:
        import orjson
    except ImportError:
        return None
    validator = _fast_validator("article")
    if validator is None:
        return None
    try:
        data = orjson.loads(src.raw)
    except (orjson.JSONDecodeError, RecursionError, MemoryError):
        return None
    if not isinstance(data, dict) or "document" not in data:
        return None
    if src.kind is None and src.path is not None and src.path.name == "entities.json":
        return None
    try:
        plain = validator.is_valid(data) and _plain(data, src.raw)
    except (KeyError, TypeError, AttributeError):  # a shape _plain did not foresee
        plain = False
    if not plain:
        return None
    f = _File(src, "article", data=data, usable=True)
    _check_version(f)
    return f


def _plain(data: dict, raw: bytes) -> bool:
    """True when the parsed article (already valid under the schema) certainly came from
    text with no duplicate key and has only integers where integers belong.

    Every key of the text is followed by a colon outside any string, so the number of
    colons in the raw bytes, plus escaped colons, minus the colons of some parsed string
    values, is at least the number of keys in the text; when it equals the number of keys
    in the parsed objects, no key was repeated. (A string whose colons are not subtracted
    only makes the check fail safe: the exact path then decides.)"""
    colons = raw.count(b":") + raw.count(b"\\u003a") + raw.count(b"\\u003A")
    doc = data["document"]
    keys = len(data) + len(doc) + len(doc["dateline"])
    dateline = doc["dateline"]
    strings = [doc["title"], doc["rights"], doc["text"], dateline["text"],
               doc["source_url"] or "", doc["republication_url"] or ""]
    ints = [dateline["span_start"], dateline["span_end"]]
    enrichments = [doc["enrichment"]]
    for p in doc["paragraphs"]:
        keys += len(p)
        strings.append(p["text"])
        ints += (p["paragraph_index"], p["span_start"], p["span_end"])
    for m in data["mentions"]:
        keys += len(m)
        strings.append(m["text"])
        ints += (m["span_start"], m["span_end"])
    for q in data["quotes"]:
        keys += len(q)
        strings += (q["text"], q["cue"])
        ints += (q["span_start"], q["span_end"], q["cue_span_start"], q["cue_span_end"])
    for ev in data["events"]:
        keys += len(ev)
        strings += (ev["text"], ev["date_text"] or "", ev["date"] or "")
        ints += (ev["span_start"], ev["span_end"])
        for part in ev["participants"]:
            keys += len(part)
        enrichments.append(ev["enrichment"])
    for fa in data["facts"]:
        keys += len(fa)
        strings += (fa["text"], fa["statement"])
        ints += (fa["span_start"], fa["span_end"])
    for items in enrichments:
        for x in items:
            keys += len(x)
            strings += (x["field"], x["value"], x["source"], x.get("note") or "")
    if any(type(i) is not int for i in ints):
        return False
    return colons - "".join(strings).count(":") == keys


def _load_exact(src: Source) -> _File:
    f = _File(src, src.kind or "article")
    name = src.name
    raw = src.raw
    shift = 0
    if raw.startswith(b"\xef\xbb\xbf"):
        f.errors.append(_at(make("byte-order-mark", name), 1, 1))
        raw = raw[3:]
        shift = 3
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        f.errors.append(_at(make("invalid-utf8", name, offset=exc.start + shift,
                                 reason=exc.reason), line, col))
        return f
    f.text = text
    flags = _Flags()
    try:
        data = json.loads(text, object_pairs_hook=flags.pairs, parse_constant=flags.constant)
    except json.JSONDecodeError as exc:
        f.errors.append(_at(make("invalid-json", name, reason=exc.msg), exc.lineno, exc.colno))
        return f
    except RecursionError:
        f.errors.append(make("nesting-too-deep", name, limit=MAX_DEPTH))
        return f
    except (ValueError, MemoryError) as exc:  # e.g. an integer with too many digits
        f.errors.append(make("invalid-json", name, reason=_short(exc)))
        return f
    if flags.duplicate or flags.non_finite:
        from kuril_data.locate import scan

        pos = scan(text)
        for ptr, key in pos.duplicate_keys:
            f.errors.append(make("duplicate-key", name, ptr, key=key))
        for ptr, word in pos.non_finite:
            f.errors.append(make("non-finite-number", name, ptr, value=word))
        return f
    f.data = data
    if src.kind is None and src.path is not None and src.path.name == "entities.json":
        f.kind = "entities"
    elif src.kind is None and isinstance(data, dict) and "entities" in data \
            and "document" not in data:
        f.kind = "entities"
    _structure(f)
    return f


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "\u2026"


def _depth_exceeds(data: Any, limit: int) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


@lru_cache(maxsize=None)
def _model(kind: str):
    from kuril_data.models import ArticleFile, EntitiesFile

    return {"article": ArticleFile, "entities": EntitiesFile}[kind]


@lru_cache(maxsize=None)
def published_schema(kind: str) -> dict:
    """The published JSON Schema of ``kind`` ('article' or 'entities'), as shipped."""
    from kuril_data.resources import packaged_schemas
    from kuril_data.schema import SCHEMA_FILES

    return json.loads((packaged_schemas() / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def schema_validator(kind: str, items_of: str | None = None):
    """A jsonschema validator (with the date format checked) for the published schema of
    ``kind``, or for one item of its top-level list ``items_of``."""
    from jsonschema import Draft202012Validator

    schema = published_schema(kind)
    if items_of is not None:
        schema = {**schema["properties"][items_of]["items"], "$defs": schema.get("$defs", {})}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _focus(model_errors: list[dict], data: Any) -> set | None:
    """The (list, index) records the models reject, or None when the whole file must be
    checked. Running the JSON Schema on those records alone keeps the slow path fast."""
    if not isinstance(data, dict):
        return None
    focus = set()
    for e in model_errors:
        loc = e["loc"]
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data.get(loc[0]), list):
            focus.add((loc[0], loc[1]))
    return focus


def _structure(f: _File) -> None:
    from pydantic import ValidationError

    name = f.src.name
    try:
        _model(f.kind).model_validate_json(f.text)
    except ValidationError as exc:
        model_errors = exc.errors(include_url=False, include_context=False)
    else:
        f.usable = True
        _check_version(f)
        return
    if _depth_exceeds(f.data, MAX_DEPTH):
        f.errors.append(make("nesting-too-deep", name, limit=MAX_DEPTH))
        return
    for e in model_errors:
        if e["type"] == "json_invalid":
            f.errors.append(make("invalid-json", name, reason=e["msg"]))
            return
    found = schema_errors(f.kind, f.data, name, focus=_focus(model_errors, f.data))
    if not found:
        found = [_from_model_error(e, f.data, name) for e in model_errors]
    f.errors.extend(found)
    _check_version(f)
    data = f.data
    if not isinstance(data, dict):
        return
    lists = ARTICLE_LISTS if f.kind == "article" else ("entities",)
    for e in found:
        parts = _split(e.pointer)
        if len(parts) >= 2 and parts[0] in lists:
            f.bad.add((parts[0], parts[1]))
        elif parts and parts[0] == "document":
            f.bad.add(("document",))
        elif len(parts) <= 1:
            f.bad.add(("top",))
    shape_ok = all(isinstance(data.get(k), list) for k in lists)
    if f.kind == "article":
        shape_ok = shape_ok and ("document",) not in f.bad and isinstance(data.get("document"), dict)
    f.usable = shape_ok


def _check_version(f: _File) -> None:
    from kuril_data._version import SCHEMA_VERSION

    data = f.data
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, str) and version.count(".") == 2 \
            and version.split(".")[0] != SCHEMA_VERSION.split(".")[0] \
            and all(p.isdigit() for p in version.split(".")):
        f.errors.append(make("unsupported-schema-version", f.src.name, "/schema_version",
                             value=quote(version), supported=f"{SCHEMA_VERSION.split('.')[0]}.x"))


def _split(ptr: str) -> list[str]:
    if not ptr:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr[1:].split("/")]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _expected(types: Any) -> str:
    if isinstance(types, list):
        return " or ".join(types)
    return str(types)


def schema_errors(kind: str, data: Any, name: str | None = None,
                  focus: set | None = None) -> list[Error]:
    """Errors of ``data`` against the published JSON Schema, one per problem.

    With ``focus`` (a set of (list name, index)), items of the top-level lists are checked
    only at those indices: the verdict on the rest is taken from the models."""
    from kuril_data.models import ID_PATTERN

    out: list[Error] = []
    seen: set = set()

    def add(code: str, ptr: str, **params: Any) -> None:
        key = (code, ptr)
        if key not in seen:
            seen.add(key)
            out.append(make(code, name, ptr, **params))

    def handle(e, nullable: bool = False) -> None:
        ptr = pointer(*e.absolute_path)
        v = e.validator
        inst = e.instance
        if v == "anyOf":
            branches = [s for s in e.validator_value if s != {"type": "null"}]
            if len(branches) == 1 and len(e.validator_value) == 2:
                sub = [c for c in e.context if c.schema_path and
                       e.validator_value[c.schema_path[0]] != {"type": "null"}]
                if any(c.validator == "type" for c in sub):
                    sub = [c for c in sub if c.validator == "type"]
                for c in sub:
                    handle(c, nullable=True)
                return
            add("wrong-type", ptr, expected="one of the allowed forms", found=_json_type(inst))
        elif v == "type":
            expected = _expected(e.validator_value) + (" or null" if nullable else "")
            add("wrong-type", ptr, expected=expected, found=_json_type(inst))
        elif v == "required":
            for fld in e.validator_value:
                if isinstance(inst, dict) and fld not in inst:
                    add("missing-field", ptr + pointer(fld), field=fld)
        elif v == "additionalProperties":
            known = e.schema.get("properties", {})
            for key in inst:
                if key not in known:
                    add("unknown-field", ptr + pointer(key), field=quote(key)[1:-1])
        elif v in ("enum", "const"):
            allowed = e.validator_value if v == "enum" else [e.validator_value]
            shown = ", ".join(quote(a) for a in allowed[:12]) + (", \u2026" if len(allowed) > 12 else "")
            add("not-in-vocabulary", ptr, value=quote(inst), allowed=shown)
        elif v == "pattern":
            if e.validator_value == ID_PATTERN:
                add("malformed-id", ptr, value=quote(inst))
            else:
                add("pattern-mismatch", ptr, value=quote(inst), pattern=e.validator_value)
        elif v in ("minLength", "maxLength", "minItems", "maxItems"):
            bound = "minimum" if v.startswith("min") else "maximum"
            found = "string" if isinstance(inst, str) else "list"
            add("length-out-of-range", ptr, found=found, length=len(inst), bound=bound,
                limit=e.validator_value)
        elif v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            bound = {"minimum": "minimum", "maximum": "maximum",
                     "exclusiveMinimum": "exclusive minimum",
                     "exclusiveMaximum": "exclusive maximum"}[v]
            add("value-out-of-range", ptr, value=quote(inst), bound=bound, limit=e.validator_value)
        elif v == "format":
            add("invalid-date", ptr, value=quote(inst))
        else:
            add("wrong-type", ptr, expected=f"a value valid under '{v}'", found=_json_type(inst))

    if focus is None:
        errors = list(schema_validator(kind).iter_errors(data))
    else:
        lists = [k for k, v in published_schema(kind)["properties"].items()
                 if v.get("type") == "array" and isinstance(data.get(k), list)]
        errors = list(schema_validator(kind).iter_errors({**data, **{k: [] for k in lists}}))
        for list_name, i in sorted(focus):
            if list_name in lists and i < len(data[list_name]):
                item_validator = schema_validator(kind, list_name)
                for e in item_validator.iter_errors(data[list_name][i]):
                    e.path.extendleft([i, list_name])  # absolute_path now from the file root
                    errors.append(e)
    typed = {pointer(*e.absolute_path) for e in errors if e.validator == "type"}
    for e in errors:
        if e.validator != "type" and pointer(*e.absolute_path) in typed:
            continue  # a wrong type explains everything else wrong with that value
        handle(e)
    return out


def _from_model_error(e: dict, data: Any, name: str) -> Error:
    """Translate a pydantic error the JSON Schema did not see (e.g. 5.0 for an integer)."""
    parts: list = []
    value = data
    for part in e["loc"]:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            break
        parts.append(part)
    ptr = pointer(*parts)
    if e["type"].endswith("_type"):
        return make("wrong-type", name, ptr, expected=e["type"][:-5], found=_json_type(value))
    return make("model-schema-disagreement", name, ptr, detail=e["msg"])


# ---------------------------------------------------------------------------- semantic


@dataclass
class _Ref:
    file: _File
    ptr: str
    kind: str
    record: dict
    doc: str | None = None


class _Semantic:
    """The checks no JSON Schema can express, over every usable file at once."""

    def __init__(self, entity_files: list[_File], articles: list[_File],
                 entities: dict[str, dict] | None = None,
                 have_registry: bool | None = None) -> None:
        self.entity_files = entity_files
        self.articles = articles
        self.ids: dict[str, _Ref] = {}
        self.entities: dict[str, dict] = entities if entities is not None else {}
        self.have_registry = bool(entity_files) if have_registry is None else have_registry
        self.by_doc: dict[tuple[str, str], dict[str, dict]] = {}

    # ---- helpers
    def err(self, f: _File, code: str, ptr: str, **params: Any) -> None:
        if f.src.reported:
            f.errors.append(make(code, f.src.name, ptr, **params))

    def records(self, f: _File, list_name: str):
        data = f.data
        if not isinstance(data, dict) or not isinstance(data.get(list_name), list):
            return
        for i, rec in enumerate(data[list_name]):
            if isinstance(rec, dict) and (list_name, str(i)) not in f.bad:
                yield i, rec

    # ---- indexes (ids unique across files are checked on summaries: see _duplicates)
    def index_entities(self) -> None:
        for f in self.entity_files:
            for eid, _, _, rec, _ in _entity_ids(f):
                self.entities.setdefault(eid, rec)

    def index_local(self, f: _File) -> None:
        for list_name, id_field in ID_FIELDS.items():
            table = self.by_doc.setdefault((id(f), list_name[:-1]), {})
            for _, rec in self._all(f, list_name):
                rid = rec.get(id_field)
                if isinstance(rid, str):
                    table.setdefault(rid, rec)

    @staticmethod
    def _all(f: _File, list_name: str):
        data = f.data
        if isinstance(data, dict) and isinstance(data.get(list_name), list):
            for i, rec in enumerate(data[list_name]):
                if isinstance(rec, dict):
                    yield i, rec

    def add_id(self, rid: str, ref: _Ref) -> None:
        first = self.ids.get(rid)
        if first is None:
            self.ids[rid] = ref
            return
        where = f"{first.file.src.name}#{first.ptr}" if first.file is not ref.file else first.ptr
        if ref.file.src.reported:
            self.err(ref.file, "duplicate-id", ref.ptr, value=quote(rid), first=where)
        elif first.file.src.reported:
            self.err(first.file, "duplicate-id", first.ptr, value=quote(rid),
                     first=f"{ref.file.src.name}#{ref.ptr}")

    # ---- references
    def entity(self, f: _File, ptr: str, value: Any, field_name: str | None = None) -> None:
        if not self.have_registry or not isinstance(value, str):
            return
        rec = self.entities.get(value)
        if rec is None:
            self.err(f, "dangling-reference", ptr, target="entity", value=quote(value),
                     scope=" in the entity registry")
            return
        allowed = REFERENCE_TYPES.get(field_name or "")
        if allowed and rec.get("entity_type") not in allowed:
            self.err(f, "reference-type-mismatch", ptr, value=quote(value),
                     found=rec.get("entity_type"), allowed=", ".join(allowed))

    def local(self, f: _File, kind: str, ptr: str, value: Any) -> dict | None:
        if not isinstance(value, str):
            return None
        rec = self.by_doc.get((id(f), kind), {}).get(value)
        if rec is None:
            self.err(f, "dangling-reference", ptr, target=kind, value=quote(value),
                     scope=" in this article")
        return rec

    # ---- spans
    def span(self, f: _File, base: str, rec: dict, text: str, start_key: str = "span_start",
             end_key: str = "span_end", text_key: str = "text") -> bool:
        start, end = rec.get(start_key), rec.get(end_key)
        if not (isinstance(start, int) and isinstance(end, int)):
            return False
        if not spans.in_range(start, end, len(text)):
            bad = end_key if end > len(text) or end < start else start_key
            self.err(f, "span-out-of-range", base + pointer(bad), start=start, end=end,
                     length=len(text))
            return False
        if rec.get(text_key) != text[start:end]:
            self.err(f, "span-mismatch", base + pointer(text_key), found=quote(rec.get(text_key)),
                     start=start, end=end, expected=quote(text[start:end]))
            return False
        return True

    def enrichment(self, f: _File, base: str, rec: dict) -> None:
        for j, item in enumerate(rec.get("enrichment") or []):
            target = item.get("field") if isinstance(item, dict) else None
            if isinstance(target, str) and not _resolves(rec, target):
                self.err(f, "enrichment-field-unresolved", base + pointer("enrichment", j, "field"),
                         value=quote(target))

    # ---- articles
    def check_article(self, f: _File, have_registry: bool) -> None:
        data = f.data
        doc = data["document"]
        text = doc["text"]
        name = f.src.name
        if not have_registry:
            self.err(f, "no-entity-registry", "")
        expected_name = f"{doc['doc_id']}.json"
        if f.src.path is not None and f.src.path.name != expected_name:
            self.err(f, "file-name-mismatch", "/document/doc_id", found=quote(f.src.path.name),
                     expected=quote(expected_name))
        if not unicodedata.is_normalized("NFC", text):
            self.err(f, "text-not-nfc", "/document/text")
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if digest != doc["text_sha256"]:
            self.err(f, "text-hash-mismatch", "/document/text_sha256",
                     found=quote(doc["text_sha256"]), expected=quote(digest))
        self.entity(f, "/document/outlet_id", doc["outlet_id"], "outlet_id")
        self.entity(f, "/document/dateline/place_id", doc["dateline"]["place_id"], "place_id")
        self.span(f, "/document/dateline", doc["dateline"], text)
        paras = doc["paragraphs"]
        for i, p in enumerate(paras):
            base = f"/document/paragraphs/{i}"
            if p["paragraph_index"] != i:
                self.err(f, "paragraph-index-mismatch", base + "/paragraph_index",
                         found=p["paragraph_index"], expected=i)
            self.span(f, base, p, text)
        for i, detail in spans.tiling_gaps([(p["span_start"], p["span_end"]) for p in paras],
                                           len(text)):
            ptr = (pointer("document", "paragraphs", i, "span_start") if i < len(paras)
                   else pointer("document", "paragraphs", len(paras) - 1, "span_end"))
            self.err(f, "paragraphs-not-tiling", ptr, detail=detail)
        self.enrichment(f, "/document", doc)
        published = dt.date.fromisoformat(doc["published"])
        outlet = doc["outlet_id"]
        if doc["dateline"]["date"] != doc["published"]:
            self.err(f, "dateline-date-mismatch", "/document/dateline/date",
                     found=quote(doc["dateline"]["date"]), expected=quote(doc["published"]))

        for i, m in self.records(f, "mentions"):
            base = f"/mentions/{i}"
            self.span(f, base, m, text)
            self.entity(f, base + "/entity_id", m["entity_id"])
        self.order(f, "mentions")

        quotes = self.by_doc.get((id(f), "quote"), {})
        for i, q in self.records(f, "quotes"):
            base = f"/quotes/{i}"
            self.span(f, base, q, text)
            self.span(f, base, q, text, "cue_span_start", "cue_span_end", "cue")
            self.entity(f, base + "/speaker_id", q["speaker_id"])
            self.entity(f, base + "/addressee_id", q["addressee_id"])
            if q["speaker_mention_id"] is not None:
                m = self.local(f, "mention", base + "/speaker_mention_id", q["speaker_mention_id"])
                speaker = self.entities.get(q["speaker_id"]) or {}
                wholes = speaker.get("part_of")
                allowed = {q["speaker_id"], *(w for w in (wholes if isinstance(wholes, list)
                                                          else []) if isinstance(w, str))}
                # without the speaker's registry record (no registry, or a dangling id
                # reported above) the part_of wholes are unknown: nothing to compare
                target = m.get("entity_id") if m is not None else None
                if isinstance(target, str) and speaker and target not in allowed:
                    self.err(f, "speaker-mention-mismatch", base + "/speaker_mention_id",
                             mention=quote(q["speaker_mention_id"]),
                             found=quote(m.get("entity_id")), expected=quote(q["speaker_id"]))
            event = self.local(f, "event", base + "/speech_event_id", q["speech_event_id"])
            if isinstance(event, dict) and isinstance(event.get("participants"), list):
                taking_part = [p.get("entity_id") for p in event["participants"]
                               if isinstance(p, dict)]
                if q["speaker_id"] not in taking_part:
                    self.err(f, "speech-event-mismatch", base + "/speech_event_id",
                             event=quote(q["speech_event_id"]), speaker=quote(q["speaker_id"]))
            if q["nested_in"] is not None:
                outer = self.local(f, "quote", base + "/nested_in", q["nested_in"])
                if outer is not None and outer is not q and _is_span(outer) and not spans.contains(
                        (outer["span_start"], outer["span_end"]), (q["span_start"], q["span_end"])):
                    self.err(f, "nested-quote-not-contained", base + "/nested_in",
                             start=q["span_start"], end=q["span_end"],
                             outer_start=outer["span_start"], outer_end=outer["span_end"],
                             outer=quote(q["nested_in"]))
        self.cycles(f, "quotes", "quote_id", "nested_in", quotes)
        self.order(f, "quotes")

        for i, ev in self.records(f, "events"):
            base = f"/events/{i}"
            self.span(f, base, ev, text)
            self.entity(f, base + "/asserted_by", ev["asserted_by"])
            self.entity(f, base + "/location_id", ev["location_id"], "location_id")
            for j, part in enumerate(ev["participants"]):
                self.entity(f, f"{base}/participants/{j}/entity_id", part["entity_id"])
            self.event_dates(f, base, ev, published)
            self.enrichment(f, base, ev)
        self.order(f, "events")

        for i, fa in self.records(f, "facts"):
            base = f"/facts/{i}"
            self.span(f, base, fa, text)
            self.entity(f, base + "/asserted_by", fa["asserted_by"])
            chain = fa["source_chain"]
            for j, eid in enumerate(chain):
                self.entity(f, f"{base}/source_chain/{j}", eid)
            if chain and chain[0] != outlet:
                self.err(f, "source-chain-mismatch", base + "/source_chain/0", position="start",
                         found=quote(chain[0]), expected=quote(outlet) + " (document.outlet_id)")
            if chain and chain[-1] != fa["asserted_by"]:
                self.err(f, "source-chain-mismatch", base + pointer("source_chain", len(chain) - 1),
                         position="end", found=quote(chain[-1]),
                         expected=quote(fa["asserted_by"]) + " (asserted_by)")
            if fa["quote_id"] is not None:
                source = self.local(f, "quote", base + "/quote_id", fa["quote_id"])
                if isinstance(source, dict) and source.get("speaker_id") != fa["asserted_by"]:
                    self.err(f, "fact-quote-mismatch", base + "/asserted_by",
                             detail=f"asserted_by {quote(fa['asserted_by'])} is not the speaker "
                                    f"{quote(source.get('speaker_id'))} of {quote(fa['quote_id'])}")
                elif isinstance(source, dict) and _is_span(source) and not spans.contains(
                        (source["span_start"], source["span_end"]),
                        (fa["span_start"], fa["span_end"])):
                    self.err(f, "fact-quote-mismatch", base + "/span_start",
                             detail=f"evidence [{fa['span_start']}, {fa['span_end']}) is not "
                                    f"inside the content of {quote(fa['quote_id'])}")
            for j, eid in enumerate(fa["entity_ids"]):
                self.entity(f, f"{base}/entity_ids/{j}", eid)
            for j, evid in enumerate(fa["event_ids"]):
                self.local(f, "event", f"{base}/event_ids/{j}", evid)
        self.order(f, "facts")
        del name

    def event_dates(self, f: _File, base: str, ev: dict, published: dt.date) -> None:
        date, earliest, latest = ev["date"], ev["date_earliest"], ev["date_latest"]
        resolution = ev["date_resolution"]
        if date is None:
            for key, value in (("date_earliest", earliest), ("date_latest", latest)):
                if value is not None:
                    self.err(f, "date-bounds-mismatch", base + "/" + key, field=key,
                             found=quote(value), date="null", expected="null")
            if resolution != "unknown":
                self.err(f, "date-resolution-mismatch", base + "/date_resolution",
                         resolution=quote(resolution), date="null")
            return
        if resolution == "unknown":
            self.err(f, "date-resolution-mismatch", base + "/date_resolution",
                     resolution=quote(resolution), date=quote(date))
        if resolution == "enrichment" and not any(
                isinstance(x, dict) and x.get("field") == "/date" for x in ev["enrichment"]):
            self.err(f, "enrichment-missing", base + "/enrichment")
        try:
            low, high = dates.bounds(date)
        except dates.InvalidEdtf:
            self.err(f, "invalid-edtf", base + "/date", value=quote(date))
            return
        for key, value, want in (("date_earliest", earliest, low), ("date_latest", latest, high)):
            expected = want.isoformat() if want else None
            if value != expected:
                self.err(f, "date-bounds-mismatch", base + "/" + key, field=key,
                         found=quote(value), date=quote(date), expected=quote(expected))
        if earliest is not None and latest is not None and earliest > latest:
            self.err(f, "date-bounds-order", base + "/date_earliest", earliest=earliest,
                     latest=latest)
        status = ev["status"]
        relation = None
        if status in ("occurred", "ongoing") and low is not None and low > published:
            relation = "starts after"
        elif status in ("planned", "ongoing") and high is not None and high < published:
            relation = "ends before"
        if relation:
            self.err(f, "status-date-conflict", base + "/status", status=quote(status),
                     date=quote(date), relation=relation, published=published.isoformat())

    def cycles(self, f: _File, list_name: str, id_field: str, link: str,
               table: dict[str, dict]) -> None:
        index = {rec.get(id_field): i for i, rec in self.records(f, list_name)}
        done: set = set()
        for i, rec in self.records(f, list_name):
            start = rec.get(id_field)
            if start in done:
                continue
            path, cur = [], start
            while isinstance(cur, str) and cur in table and cur not in path and cur not in done:
                path.append(cur)
                cur = table[cur].get(link)
            if isinstance(cur, str) and cur in path:
                loop = path[path.index(cur):]
                first = min(loop, key=lambda x: index.get(x, 1 << 30))
                if first in index:
                    self.err(f, "reference-cycle", pointer(list_name, index[first], link),
                             field=link, cycle=" -> ".join(loop[loop.index(first):]
                                                          + loop[:loop.index(first)] + [first]))
            done.update(path)

    def order(self, f: _File, list_name: str) -> None:
        prev = None
        for i, rec in self.records(f, list_name):
            key = rec.get("span_start")
            if not isinstance(key, int):
                continue
            if prev is not None and key < prev:
                self.err(f, "not-ordered", pointer(list_name, i),
                         what=f"{list_name[:-1]} {i}")
            prev = key

    # ---- entities
    def check_entities(self, f: _File) -> None:
        prev = None
        table = {rec["entity_id"]: rec for _, rec in self.records(f, "entities")}
        for i, ent in self.records(f, "entities"):
            base = pointer("entities", i)
            for j, role in enumerate(ent["roles"]):
                self.entity(f, base + pointer("roles", j, "organization_id"),
                            role["organization_id"], "organization_id")
                if not dates.is_valid(role["time"]):
                    self.err(f, "invalid-edtf", base + pointer("roles", j, "time"),
                             value=quote(role["time"]))
            for j, whole in enumerate(ent["part_of"]):
                self.entity(f, base + pointer("part_of", j), whole)
            self.enrichment(f, base, ent)
            if prev is not None and ent["entity_id"] < prev:
                self.err(f, "not-ordered", base, what=f"entity {i}")
            prev = ent["entity_id"]
        self.part_of_cycles(f, table)

    def part_of_cycles(self, f: _File, table: dict[str, dict]) -> None:
        index = {rec.get("entity_id"): i for i, rec in self.records(f, "entities")}
        reported: set = set()
        for start in table:
            stack = [(start, (start,))]
            while stack:
                cur, path = stack.pop()
                for nxt in table.get(cur, {}).get("part_of", []):
                    if nxt == start:
                        loop = frozenset(path)
                        if loop not in reported and start == min(path, key=lambda x: index[x]):
                            reported.add(loop)
                            # reported on the link leaving the loop's first entity
                            j = table[start]["part_of"].index(path[1] if len(path) > 1
                                                              else start)
                            self.err(f, "reference-cycle",
                                     pointer("entities", index[start], "part_of", j),
                                     field="part_of", cycle=" -> ".join(path + (start,)))
                    elif nxt in table and nxt not in path and len(path) < 64:
                        stack.append((nxt, path + (nxt,)))

    def check_unmentioned(self, articles: list[_Result], mentioned: set[str]) -> None:
        """Warn about unmentioned entities, only when every article of the registry's
        dataset folder is being validated with it (otherwise the answer is unknown)."""
        for f in self.entity_files:
            if not f.usable or not f.src.reported or f.src.path is None:
                continue
            folder = f.src.path.parent / "articles"
            try:
                siblings = {_key(p) for p in folder.glob("*.json")} if folder.is_dir() else set()
            except OSError:
                continue
            validated = {a.key for a in articles if a.key is not None}
            if not siblings or not siblings <= validated:
                continue
            if not all(a.usable for a in articles):
                continue
            for i, ent in self.records(f, "entities"):
                if ent["entity_id"] not in mentioned:
                    self.err(f, "unmentioned-entity", pointer("entities", i, "entity_id"),
                             value=quote(ent["entity_id"]))


def _is_span(rec: dict) -> bool:
    return isinstance(rec.get("span_start"), int) and isinstance(rec.get("span_end"), int)


def _resolves(record: Any, ptr: str) -> bool:
    value = record
    for part in _split(ptr):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value) \
                and (part == "0" or not part.startswith("0")):
            value = value[int(part)]
        else:
            return False
    return True


# ---------------------------------------------------------------------------- positions


def _at(error: Error, line: int | None, column: int | None) -> Error:
    from dataclasses import replace

    return replace(error, line=line, column=column)


def _locate(f: _File) -> list[Error]:
    """The file's findings with line and column filled in, in file order."""
    errors = f.errors
    if not errors:
        return []
    if f.text is None and f.data is not None and f.src.raw is not None:
        f.text = f.src.raw.decode("utf-8")  # parsed on the fast path: valid UTF-8, no BOM
    needs = [e for e in errors if e.line is None and f.text is not None]
    if needs:
        from kuril_data.locate import scan

        wanted = set()
        for e in needs:  # a missing field is placed at its nearest existing ancestor
            wanted.update(_ancestors(e.pointer))
        pos = scan(f.text, wanted)
        placed = {}
        for e in needs:
            where = pos.find(e.pointer)
            placed[id(e)] = _at(e, *where) if where else e
        errors = [placed.get(id(e), e) for e in errors]
    return sorted(errors, key=lambda e: (e.line or 0, e.column or 0))


def _ancestors(ptr: str) -> list[str]:
    out = [ptr]
    while ptr:
        ptr = ptr.rsplit("/", 1)[0]
        out.append(ptr)
    return out

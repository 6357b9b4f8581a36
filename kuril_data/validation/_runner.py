"""Running a validation: registries first, then every article (here or in worker
processes), then the checks across files.

Each article is checked on its own and leaves a small :class:`_Result`: its located
errors, 64-bit hashes of its ids, the entities it mentions and the registry's unsourced
aliases its text uses. No article is kept after
it is checked, so memory stays flat however large the corpus. The run's state lives in
local variables and arguments only, so ``validate()`` may be called from several threads.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Protocol

from kuril_data._layout import dataset_files
from kuril_data.validation import _corpus
from kuril_data.validation._parsing import FileState, parse
from kuril_data.validation._positions import locate
from kuril_data.validation._reading import Source, file_key, file_keys, read_source
from kuril_data.validation.report import Error, Report
from kuril_data.validation.rules import RegistryState, run_rules

PROGRESS_MIN_FILES = 200  # fewer files than this never show a progress bar
Registry = dict[str, dict[str, Any]]
Prepare = Callable[[dict[str, Any], Registry], Any]
"""Makes what a Keeper needs of a valid article (parsed JSON) given the checked registry;
a module-level function, so that worker processes can run it."""


@dataclass
class _Result:
    """What checking one article file leaves behind."""

    index: int
    name: str
    reported: bool
    io_error: Error | None = None
    errors: list[Error] = field(default_factory=list)
    ids: array[int] | None = None
    usable: bool = False
    mentioned: frozenset[str] = frozenset()
    aliases: frozenset[str] = frozenset()  # the registry's unsourced aliases in the text
    key: str | None = None
    is_registry: bool = False  # an entity registry found by its content: check it first
    parsed: bool = False  # read and parsed as an article (its findings count)
    data: Any = None  # the parsed article, kept for a Keeper when it has no error


def check_article(
    indexed: tuple[int, Source],
    registry: Registry,
    state: RegistryState,
    unreported: str,
    aliases: frozenset[str] = frozenset(),
    keep: bool = False,
    prepare: Prepare | None = None,
) -> _Result:
    """Check one article file against the entity registry (runs in a worker too); with
    ``keep``, a usable article with no error finding comes back parsed (``data``), or as
    ``prepare`` makes it from the parsed JSON and the registry."""
    index, src = indexed
    result = _Result(index, src.name, src.reported)
    read, error = read_source(src)
    if read is None:
        result.io_error = error if src.reported else None
        return result
    f = parse(read)
    if f.kind == "entities":
        result.is_registry = True
        return result
    if f.usable:
        run_rules(f, registry, state, unreported)
    result.parsed = True
    result.ids = _corpus.id_hashes(f)
    result.mentioned = frozenset(
        m["entity_id"]
        for _, m in f.records("mentions", all_records=True)
        if isinstance(m.get("entity_id"), str)
    )
    if f.usable:
        text = f.data["document"]["text"]
        result.aliases = frozenset(a for a in aliases if a in text)
    result.usable = f.usable
    result.key = read.key or (file_key(read.path) if read.path is not None else None)
    result.errors = locate(f)
    if keep and f.usable and not any(e.severity == "error" for e in result.errors):
        result.data = f.data if prepare is None else prepare(f.data, registry)
    return result


def _results(
    check: Check, targets: list[tuple[int, Source]], jobs: int, bar: Any
) -> Iterator[_Result]:
    """The _Result of every article target, in order (in ``jobs`` processes when > 1)."""
    # at most this many targets are handed out but not yet taken back here, so results
    # cannot pile up in memory when this process is slower than the workers
    chunk = max(1, min(64, len(targets) // (jobs * 8)))
    window = threading.Semaphore(jobs * chunk * 4)
    stopped = False

    def feed() -> Iterator[tuple[int, Source]]:
        for target in targets:
            window.acquire()
            if stopped:
                return
            yield target

    if jobs <= 1 or len(targets) < 2:
        results: Iterator[_Result] = map(check, targets)
        pool = None
    else:
        pool = multiprocessing.get_context().Pool(jobs)
        results = pool.imap(check, feed(), chunksize=chunk)
    try:
        for result in results:
            if pool is not None:
                window.release()
            yield result
            if bar is not None:
                bar.update()
    finally:
        if pool is not None:
            stopped = True
            window.release()  # a feeder waiting for room ends instead of blocking the pool
            pool.terminate()
            pool.join()


def _progress_bar(show: bool, total: int) -> Any:
    if not show or total < PROGRESS_MIN_FILES:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="file", desc="validate", file=sys.stderr, leave=False)


class Keeper(Protocol):
    """Receives the parsed articles of a run as they are checked (the build writes its
    tables from them, so each article is parsed once). Articles are kept only when the
    run's entity registry is usable. With a ``prepare`` function, each article is handed
    over as ``prepare`` made it, in the process that checked it (a worker with ``jobs``
    > 1), instead of as parsed JSON."""

    @property
    def prepare(self) -> Prepare | None:
        """Makes what the keeper is handed of each article, or None for the parsed JSON."""

    def start(self) -> None:
        """A pass over the articles begins (forget what an earlier pass gave)."""

    def add(self, index: int, name: str, article: Any) -> None:
        """An article with no error finding of its own, parsed (or prepared), in target order
        (``index``; ``name``: its file as the report names it); checks across files come
        later, so only the run's report says whether the whole input is valid."""


def run(
    targets: list[Source],
    io_errors: list[Error],
    *,
    jobs: int = 1,
    progress: bool = False,
    engine: Engine | None = None,
    keeper: Keeper | None = None,
) -> Report:
    """Validate planned (or in-memory) sources into one report; a ``keeper`` (local
    engine only) gets every article that has no error finding, parsed or prepared."""
    if keeper is not None and engine is not None:
        raise ValueError("a keeper needs the local engine")
    found: set[int] = set()  # registries recognised only by their content
    run_engine = engine or _local_engine(jobs, progress, keeper)
    while True:
        if keeper is not None:
            keeper.start()
        report, late = _run_once(
            targets,
            list(io_errors),
            found,
            run_engine,
            keep=keeper is not None,
            prepare=None if keeper is None else keeper.prepare,
        )
        if not late:
            return report
        found |= late


@dataclass
class _Registries:
    """The entity registries of a run, checked, and the entity table they define."""

    files: dict[int, FileState] = field(default_factory=dict)
    table: Registry = field(default_factory=dict)
    aliases: frozenset[str] = frozenset()  # aliases with no enrichment entry

    @property
    def state(self) -> RegistryState:
        if not self.files:
            return "missing"
        return "ok" if all(f.usable for f in self.files.values()) else "unusable"

    @property
    def unreported(self) -> str:
        """The name of an unusable registry whose own errors are not reported, or ''."""
        for f in self.files.values():
            if not f.usable and not f.src.reported:
                return f.src.name
        return ""


def _check_registries(
    targets: list[Source], found: set[int], io_errors: list[Error]
) -> tuple[_Registries, list[tuple[int, Source]]]:
    """Read and check every registry; return them and the article targets."""
    regs = _Registries()
    articles: list[tuple[int, Source]] = []
    for i, src in enumerate(targets):
        if not (src.is_registry or i in found):
            articles.append((i, src))
            continue
        read, error = read_source(src)
        if read is None:
            if src.reported and error is not None:
                io_errors.append(error)
            continue
        regs.files[i] = parse(replace(read, kind="entities") if i in found else read)
    for f in regs.files.values():
        for _, rec in f.records("entities", all_records=True):
            if isinstance(rec.get("entity_id"), str):
                regs.table.setdefault(
                    rec["entity_id"],
                    {"entity_type": rec.get("entity_type"), "part_of": rec.get("part_of")},
                )
    for f in regs.files.values():
        if f.usable:
            run_rules(f, regs.table, regs.state)
            regs.aliases |= _corpus.unsourced_aliases(f)
    return regs, articles


@dataclass
class CorpusSummary:
    """What the checks across files need from all files: the id hashes defined more than
    once and the files that hold them, the entities mentioned and the unsourced aliases
    used anywhere."""

    wanted: set[int] = field(default_factory=set)
    involved: set[int] = field(default_factory=set)
    mentioned: set[str] = field(default_factory=set)
    used_aliases: set[str] = field(default_factory=set)


Check = Callable[[tuple[int, Source]], _Result]
Engine = Callable[
    [Check, list[tuple[int, Source]], "array[int]", "array[int]"],
    tuple[Iterable[_Result], CorpusSummary],
]
"""Runs ``check`` on every article target and aggregates the summary, given the id
hashes (and owning file indexes) of the registries; results come back without ``ids``.
The default engine is this process (or a process pool); ``kuril_data.spark`` has one on
Spark executors."""


def _local_engine(jobs: int, progress: bool, keeper: Keeper | None = None) -> Engine:
    def engine(
        check: Check, articles: list[tuple[int, Source]], hashes: array[int], owners: array[int]
    ) -> tuple[list[_Result], CorpusSummary]:
        summary = CorpusSummary()
        results: list[_Result] = []
        # an article's ids are contiguous in ``hashes``: one (end, file) pair per article
        # instead of an owner per id keeps memory at 8 bytes per id
        ends, files = array("q"), array("q")
        bar = _progress_bar(progress, len(articles))
        try:
            for r in _results(check, articles, jobs, bar):
                if r.ids:
                    hashes.extend(r.ids)
                    ends.append(len(hashes))
                    files.append(r.index)
                summary.mentioned |= r.mentioned
                summary.used_aliases |= r.aliases
                if keeper is not None and r.data is not None:
                    keeper.add(r.index, r.name, r.data)
                results.append(
                    replace(r, ids=None, mentioned=frozenset(), aliases=frozenset(), data=None)
                )
        finally:
            if bar is not None:
                bar.close()
        summary.wanted = _corpus.repeated(hashes)
        if summary.wanted:
            summary.involved = {
                owners[k] if k < len(owners) else files[bisect_right(ends, k)]
                for k, h in enumerate(hashes)
                if h in summary.wanted
            }
        return results, summary

    return engine


def registry_ids(regs: _Registries) -> tuple[array[int], array[int]]:
    """The id hashes the registries define and the index of the file of each."""
    hashes, owners = array("q"), array("q")
    for i, f in regs.files.items():
        ids = _corpus.id_hashes(f)
        hashes.extend(ids)
        owners.extend(array("q", [i]) * len(ids))
    return hashes, owners


def _run_once(
    targets: list[Source],
    io_errors: list[Error],
    found: set[int],
    engine: Engine,
    *,
    keep: bool = False,
    prepare: Prepare | None = None,
) -> tuple[Report, set[int]]:
    regs, articles = _check_registries(targets, found, io_errors)
    check = partial(
        check_article,
        registry=regs.table,
        state=regs.state,
        unreported=regs.unreported,
        aliases=regs.aliases,
        keep=keep and regs.state == "ok",
        prepare=prepare,
    )
    hashes, owners = registry_ids(regs)
    checked, summary = engine(check, articles, hashes, owners)
    results: dict[int, _Result] = {}
    late: set[int] = set()
    for r in checked:
        if r.is_registry:
            late.add(r.index)
        elif r.io_error is not None:
            io_errors.append(r.io_error)
        if r.parsed:
            results[r.index] = r
    if late:
        return Report(), late
    _duplicates(summary.wanted, summary.involved, regs.files, results, targets)
    _whole_dataset_checks(
        regs.files, list(results.values()), summary.mentioned, summary.used_aliases
    )
    return _report(targets, io_errors, regs.files, results), set()


def _report(
    targets: list[Source],
    io_errors: list[Error],
    registries: dict[int, FileState],
    results: dict[int, _Result],
) -> Report:
    report = Report(findings=io_errors, files=[e.file for e in io_errors if e.file])
    for i in range(len(targets)):
        if i in registries and registries[i].src.reported:
            report.files.append(registries[i].src.name)
            report.findings.extend(locate(registries[i]))
        elif i in results and results[i].reported:
            report.files.append(results[i].name)
            report.findings.extend(results[i].errors)
    return report


def _duplicates(
    wanted: set[int],
    files: set[int],
    registries: dict[int, FileState],
    results: dict[int, _Result],
    targets: list[Source],
) -> None:
    """Report ids used twice across the dataset (``wanted``: their hashes; ``files``: the
    files that hold them); those files are read again for the real ids."""
    if not wanted:
        return
    involved = sorted(files, key=lambda i: (i not in registries, i))
    dups = _corpus.DuplicateIds(wanted)
    reloaded: dict[int, tuple[FileState, int, int]] = {}
    for i in involved:
        if i in registries:
            f = registries[i]
        else:
            read, _ = read_source(targets[i])
            if read is None:  # changed under us since it was checked
                continue
            f = parse(read)
        reloaded[i] = (f, len(f.errors), f.cut)
        dups.add(f)
    for i, (f, before, cut_before) in reloaded.items():
        if i in registries or i not in results:
            continue
        f.errors, f.cut = f.errors[before:], f.cut - cut_before
        added = locate(f)
        if added:
            r = results[i]
            r.errors = sorted(r.errors + added, key=lambda e: (e.line or 0, e.column or 0))


def _whole_dataset_checks(
    registries: dict[int, FileState],
    articles: list[_Result],
    mentioned: set[str],
    used_aliases: set[str],
) -> None:
    """Warn about unmentioned entities and unsourced aliases, only when every article of
    the registry's dataset folder is being validated with it (otherwise the answer is
    unknown)."""
    validated = {a.key for a in articles if a.key is not None}
    for f in registries.values():
        if not f.usable or not f.src.reported or f.src.path is None:
            continue
        try:
            siblings = set(file_keys(dataset_files(f.src.path.parent)[1]))
        except OSError:
            continue
        if siblings and siblings <= validated and all(a.usable for a in articles):
            _corpus.unmentioned(f, mentioned)
            _corpus.unsourced(f, used_aliases)

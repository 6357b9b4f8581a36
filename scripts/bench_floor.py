"""Validation against its parse floor, side by side in one process (warm cache), on both
corpora (synthetic and full-size replicas): ``kuril_data.validate()`` and ``orjson.loads``
of exactly the same files, interleaved, several repetitions; min / median / max of each
and the ratio of medians. A stage table shows what bounds validation: the same files run
through the fast path's stages cumulatively (parse; + jsonschema-rs structure; + the
duplicate-key and integer check), against the whole of ``validate()``. A profile table
then times every step of ``validate()`` itself, in the same process on the same files:
reading, parsing and structure, each semantic rule, the per-article summaries (id hashes,
entities mentioned, aliases), error placement, and the rest (the registry, the cross-file
checks and the run's bookkeeping), each as a multiple of the floor.

    python scripts/bench_floor.py [--articles 300] [--repeat 7] [--corpora DIR] [--dry-run]

Target (issue 14): validation <= 2.5x the floor. Without ``--dry-run`` the ``bench:floor``
section of BENCHMARKS.md is replaced.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import msgspec
import orjson
from _bench import CORPORA, arguments, corpus, machine, verdict, write_section
from _msgspec_schema import article_type

from kuril_data import validate
from kuril_data.validation import _corpus, _runner
from kuril_data.validation._parsing import _fast_validator, _plain
from kuril_data.validation._schema_errors import published_schema
from kuril_data.validation.rules import RULES, Rule


def stages(files: list[Path]) -> dict[str, Callable[[], None]]:
    """Cumulative stages of the fast path over the articles (the registry parsed too)."""
    validator = _fast_validator("article")

    def parse() -> None:
        for f in files:
            orjson.loads(f.read_bytes())

    def structure() -> None:
        orjson.loads(files[0].read_bytes())
        for f in files[1:]:
            validator.is_valid(orjson.loads(f.read_bytes()))

    def keys() -> None:
        orjson.loads(files[0].read_bytes())
        for f in files[1:]:
            raw = f.read_bytes()
            data = orjson.loads(raw)
            validator.is_valid(data)
            _plain(data, raw)

    return {"parse": parse, "structure": structure, "keys": keys}


def decoders(files: list[Path]) -> dict[str, Callable[[], None]]:
    """msgspec on the same files: untyped (as orjson), and typed by the published schema
    (structure checked while parsing) with the registry parsed untyped."""
    typed = msgspec.json.Decoder(article_type(published_schema("article")))

    def untyped() -> None:
        for f in files:
            msgspec.json.decode(f.read_bytes())

    def structure() -> None:
        msgspec.json.decode(files[0].read_bytes())
        for f in files[1:]:
            typed.decode(f.read_bytes())

    return {"msgspec": untyped, "msgspec-typed": structure}


def measure(folder: Path, repeat: int) -> tuple[dict[str, list[float]], list[dict[str, float]]]:
    """Wall seconds of every job in each round, and the step times of each round's
    profiled run of ``validate()`` (the "profiled" job, interleaved with the others so
    that the machine's changes of speed reach it as they reach them)."""
    files = [folder / "entities.json", *sorted((folder / "articles").glob("*.json"))]
    spent: list[dict[str, float]] = []

    def profiled() -> None:
        spent.append({})
        with timed_steps(spent[-1]):
            validate([folder])

    jobs = {
        "validate": lambda: validate([folder]),
        **stages(files),
        **decoders(files),
        "profiled": profiled,
    }
    assert validate([folder]).valid  # warm-up, and the corpus is valid
    runs: dict[str, list[float]] = {k: [] for k in jobs}
    for job in jobs.values():
        job()
    spent.clear()
    for _ in range(repeat):
        for name, job in jobs.items():
            gc.collect()  # every run starts with no garbage left by the one before
            start = time.perf_counter()
            job()
            runs[name].append(time.perf_counter() - start)
    return runs, spent


STEPS = {
    "read_source": "read the file",
    "parse": "parse and structure (orjson, jsonschema-rs, duplicate keys; fast path)",
    "id_hashes": "64-bit hashes of the ids (for duplicate ids across files)",
    "locate": "place findings at line:column",
}


@contextmanager
def timed_steps(spent: dict[str, float]) -> Iterator[None]:
    """While open, every step of ``validate()`` (the runner's calls in STEPS and each
    registered rule) adds its wall time to ``spent``; the code run is the real one."""

    def timer(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        clock = time.perf_counter

        def run(*args: Any, **kw: Any) -> Any:
            start = clock()
            try:
                return fn(*args, **kw)
            finally:
                spent[name] = spent.get(name, 0.0) + clock() - start

        return run

    patched = [(_runner, "read_source"), (_runner, "parse"), (_corpus, "id_hashes")]
    patched.append((_runner, "locate"))
    saved_rules = list(RULES)
    saved = [(module, name, getattr(module, name)) for module, name in patched]
    RULES[:] = [Rule(r.codes, r.scope, timer(f"rule `{r.check.__name__}`", r.check)) for r in RULES]
    for module, name, fn in saved:
        setattr(module, name, timer(name, fn))
    try:
        yield
    finally:
        RULES[:] = saved_rules
        for module, name, fn in saved:
            setattr(module, name, fn)


def profile_lines(floor: float, totals: list[float], steps: dict[str, float]) -> list[str]:
    """The profile table: each step's median seconds as a multiple of the floor."""
    whole = statistics.median(totals)
    rules = {k: v for k, v in steps.items() if k.startswith("rule ")}
    named = {STEPS[k]: v for k, v in steps.items() if k in STEPS}
    rows = sorted(named.items(), key=lambda kv: -kv[1])
    ranked = sorted(rules.items(), key=lambda kv: -kv[1])
    top, others = ranked[:10], ranked[10:]
    rest = whole - sum(steps.values())
    lines = [
        "",
        f"Profile of `validate()` itself (each step timed inside one more run of it in each "
        f"round above, {len(totals)} runs, medians; the timers add a little to each step):",
        "",
        "| step | median | x floor | share |",
        "|---|---|---|---|",
    ]

    def row(label: str, seconds: float) -> str:
        return (
            f"| {label} | {seconds * 1e3:.1f} ms | {seconds / floor:.2f}x | {seconds / whole:.0%} |"
        )

    lines += [row(label, seconds) for label, seconds in rows]
    lines.append(row(f"all {len(rules)} semantic rules", sum(rules.values())))
    lines += [row(f"&nbsp;&nbsp;{label}", seconds) for label, seconds in top]
    lines.append(row(f"&nbsp;&nbsp;the other {len(others)} rules", sum(v for _, v in others)))
    lines.append(
        row(
            "the rest: registry, entities mentioned, aliases, cross-file checks, bookkeeping",
            rest,
        )
    )
    lines.append(row("**`validate()`, timed**", whole))
    return lines


LABELS = {
    "parse": "`orjson.loads` of every file (the floor; read included)",
    "structure": "+ jsonschema-rs `is_valid` (structure)",
    "keys": "+ duplicate-key / integer check (`_plain`)",
    "validate": "`kuril_data.validate()` (everything: + semantic rules, cross-file checks)",
    "msgspec": "`msgspec.json.decode` of every file, untyped (another floor)",
    "msgspec-typed": "msgspec decode typed by the published schema (structure while parsing;"
    " duplicate keys kept, as orjson)",
}


def main(argv: list[str] | None = None) -> int:
    args = arguments(300, 7, argv)
    lines = [
        f"## Validation against its parse floor ({args.articles} articles per corpus)",
        "",
        f"Machine: {machine()}",
        "",
        f"Command: `python scripts/bench_floor.py --articles {args.articles} --repeat "
        f"{args.repeat}` (one process, warm cache, all runs interleaved, garbage collected "
        "before each, the same files on every line; the stage lines run the fast path's "
        "stages cumulatively)",
    ]
    verdicts = []
    for kind in CORPORA:
        folder = corpus(args.corpora / f"{kind}-{args.articles}", args.articles, 0, kind)
        files = [folder / "entities.json", *sorted((folder / "articles").glob("*.json"))]
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        runs, spent = measure(folder, args.repeat)
        med = {k: statistics.median(v) for k, v in runs.items()}
        n = len(files) - 1
        lines += [
            "",
            f"### {kind} ({n} articles, {megabytes:.1f} MB)",
            "",
            "| run | min | median | max | per article | per MB | x floor |",
            "|---|---|---|---|---|---|---|",
        ]
        for name in ("parse", "structure", "keys", "validate", "msgspec", "msgspec-typed"):
            t = runs[name]
            lines.append(
                f"| {LABELS[name]} | {min(t):.3f} s | {med[name]:.3f} s | {max(t):.3f} s | "
                f"{med[name] / n * 1e3:.2f} ms | {med[name] / megabytes * 1e3:.1f} ms | "
                f"{med[name] / med['parse']:.2f}x |"
            )
        ratio = med["validate"] / med["parse"]
        least = min(runs["validate"]) / min(runs["parse"])
        verdicts.append(f"{kind} {ratio:.1f}x")
        lines += [
            "",
            f"Validation is **{ratio:.1f}x** the floor, ratio of medians (of minimums: "
            f"{least:.1f}x; target <= 2.5x: {verdict(max(ratio, least) <= 2.5)}); the "
            f"semantic rules and cross-file checks are "
            f"{(med['validate'] - med['keys']) / med['parse']:.1f}x of it. A typed decoder "
            f"that checks structure while it parses (msgspec) takes "
            f"{med['msgspec-typed'] / med['parse']:.2f}x the floor, against "
            f"{med['structure'] / med['parse']:.2f}x for orjson + jsonschema-rs, and it "
            "still keeps the last of duplicate keys, so the duplicate-key check stays.",
        ]
        steps = {k: statistics.median(r.get(k, 0.0) for r in spent) for k in spent[0]}
        lines += profile_lines(med["parse"], runs["profiled"], steps)
    print("; ".join(verdicts), file=sys.stderr)
    write_section("floor", "\n".join(lines), write=not args.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Validation against its parse floor, side by side in one process (warm cache), on both
corpora (synthetic and full-size replicas): ``kuril_data.validate()`` and ``orjson.loads``
of exactly the same files, interleaved, several repetitions; min / median / max of each
and the ratio of medians. A stage table shows what bounds validation: the same files run
through the fast path's stages cumulatively (parse; + jsonschema-rs structure; + the
duplicate-key and integer check), against the whole of ``validate()``.

    python scripts/bench_floor.py [--articles 300] [--repeat 7] [--corpora DIR] [--dry-run]

Target (issue 14): validation <= 2.5x the floor. Without ``--dry-run`` the ``bench:floor``
section of BENCHMARKS.md is replaced.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import orjson
from _bench import CORPORA, arguments, corpus, machine, verdict, write_section

from kuril_data import validate
from kuril_data.validation._parsing import _fast_validator, _plain


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


def measure(folder: Path, repeat: int) -> dict[str, list[float]]:
    files = [folder / "entities.json", *sorted((folder / "articles").glob("*.json"))]
    jobs = {"validate": lambda: validate([folder]), **stages(files)}
    assert validate([folder]).valid  # warm-up, and the corpus is valid
    runs: dict[str, list[float]] = {k: [] for k in jobs}
    for job in jobs.values():
        job()
    for _ in range(repeat):
        for name, job in jobs.items():
            gc.collect()  # every run starts with no garbage left by the one before
            start = time.perf_counter()
            job()
            runs[name].append(time.perf_counter() - start)
    return runs


LABELS = {
    "parse": "`orjson.loads` of every file (the floor; read included)",
    "structure": "+ jsonschema-rs `is_valid` (structure)",
    "keys": "+ duplicate-key / integer check (`_plain`)",
    "validate": "`kuril_data.validate()` (everything: + semantic rules, cross-file checks)",
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
        runs = measure(folder, args.repeat)
        med = {k: statistics.median(v) for k, v in runs.items()}
        n = len(files) - 1
        lines += [
            "",
            f"### {kind} ({n} articles, {megabytes:.1f} MB)",
            "",
            "| run | min | median | max | per article | per MB | x floor |",
            "|---|---|---|---|---|---|---|",
        ]
        for name in ("parse", "structure", "keys", "validate"):
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
            f"{(med['validate'] - med['keys']) / med['parse']:.1f}x of it.",
        ]
    print("; ".join(verdicts), file=sys.stderr)
    write_section("floor", "\n".join(lines), write=not args.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())

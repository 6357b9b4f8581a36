"""Validation against its parse floor, side by side in one process (warm cache):
``kuril_data.validate()`` on a corpus and ``orjson.loads`` of exactly the same files,
interleaved, several repetitions; min / median / max of each and the ratio of medians.

    python scripts/bench_floor.py [--articles 300] [--repeat 7] [--write]

Target (issue 14): validation <= 2.5x the floor. ``--write`` replaces the
``bench:floor`` section of BENCHMARKS.md; without it the section is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import orjson
from _bench import corpus, machine, write_section

from kuril_data import validate


def floor(files: list[Path]) -> None:
    for f in files:
        orjson.loads(f.read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/kd-bench-floor"))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    folder = corpus(args.corpus, args.articles)
    files = [folder / "entities.json", *sorted((folder / "articles").glob("*.json"))]
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    runs: dict[str, list[float]] = {"validate": [], "orjson": []}
    assert validate([folder]).valid  # warm-up, and the corpus is valid
    floor(files)
    for _ in range(args.repeat):
        for name, job in (
            ("validate", lambda: validate([folder])),
            ("orjson", lambda: floor(files)),
        ):
            start = time.perf_counter()
            job()
            runs[name].append(time.perf_counter() - start)
    med = {k: statistics.median(v) for k, v in runs.items()}
    n = len(files) - 1
    lines = [
        f"## Validation against its parse floor ({n} synthetic articles, {megabytes:.1f} MB)",
        "",
        f"Machine: {machine()}",
        "",
        f"Command: `python scripts/bench_floor.py --articles {args.articles} --repeat "
        f"{args.repeat} --write` (one process, warm cache, the two interleaved, the same "
        "files on both sides)",
        "",
        "| run | min | median | max | per article | per MB |",
        "|---|---|---|---|---|---|",
    ]
    for name, label in (
        ("validate", "`kuril_data.validate()`"),
        ("orjson", "`orjson.loads` (floor)"),
    ):
        t = runs[name]
        lines.append(
            f"| {label} | {min(t):.3f} s | {med[name]:.3f} s | {max(t):.3f} s | "
            f"{med[name] / n * 1e3:.2f} ms | {med[name] / megabytes * 1e3:.1f} ms |"
        )
    ratio = med["validate"] / med["orjson"]
    lines += [
        "",
        f"Ratio of medians: **{ratio:.1f}x** the floor (target <= 2.5x: "
        f"**{'met' if ratio <= 2.5 else 'not met'}**).",
    ]
    if args.write:
        write_section("floor", "\n".join(lines))
    else:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

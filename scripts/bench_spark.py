"""Spark against the process pool on one machine: corpus validation and the partitioned
build, side by side in one driver process on the same corpus, interleaved, several
repetitions (min / median / max).

    python scripts/bench_spark.py [--articles 10000] [--repeat 3] [--cores 2] [--write]

Left: ``kuril_data.validate(jobs=cores)`` and ``build_partitioned(jobs=cores)`` (worker
processes). Right: ``kuril_data.spark.validate_corpus`` and
``kuril_data.spark.build_partitioned`` on ``local[cores]`` (the session is started once,
before timing; its start-up is reported on its own). ``--write`` replaces the
``bench:spark`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import corpus, machine, write_section

from kuril_data import validate
from kuril_data.publish.build import build_partitioned


def timed(job: Callable[[], object]) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    from kuril_data import spark as ks

    folder = corpus(args.corpus or Path(f"/tmp/kd-bench-spark-{args.articles}"), args.articles)
    out = folder.parent / f"{folder.name}-out"  # next to the corpus (the smoke test's tmp_path)
    start = time.perf_counter()
    session = ks.local_session(args.cores, "kuril-data-bench")
    session.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - start

    def fresh(name: str) -> Path:
        target = out / name
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    jobs: dict[str, Callable[[], object]] = {
        "validate-pool": lambda: validate([folder], jobs=args.cores),
        "validate-spark": lambda: ks.validate_corpus(session, [folder]),
        "build-pool": lambda: build_partitioned(folder, "year", fresh("pool"), jobs=args.cores),
        "build-spark": lambda: ks.build_partitioned(session, folder, "year", fresh("spark")),
    }
    assert validate([folder]).valid
    times: dict[str, list[float]] = {k: [] for k in jobs}
    for _ in range(args.repeat):
        for name, job in jobs.items():
            times[name].append(timed(job))
    session.stop()
    n = args.articles
    med = {k: statistics.median(v) for k, v in times.items()}
    lines = [
        f"## Spark against the process pool ({n} synthetic articles, {args.cores} cores)",
        "",
        f"Machine: {machine()}",
        "",
        f"Command: `python scripts/bench_spark.py --articles {n} --repeat {args.repeat} "
        f"--cores {args.cores} --write` (one driver process, the four jobs interleaved, "
        f"the same corpus; Spark session start-up, not timed below: {startup:.1f} s)",
        "",
        "| job | min | median | max | per article |",
        "|---|---|---|---|---|",
    ]
    labels = {
        "validate-pool": f"`validate(jobs={args.cores})` (process pool)",
        "validate-spark": f"`spark.validate_corpus` (local[{args.cores}])",
        "build-pool": f"`build_partitioned(jobs={args.cores})` by year (process pool)",
        "build-spark": f"`spark.build_partitioned` by year (local[{args.cores}])",
    }
    for name, label in labels.items():
        t = times[name]
        lines.append(
            f"| {label} | {min(t):.1f} s | {med[name]:.1f} s | {max(t):.1f} s | "
            f"{med[name] / n * 1e3:.2f} ms |"
        )
    lines += [
        "",
        f"Spark / pool (medians): validation {med['validate-spark'] / med['validate-pool']:.2f}x, "
        f"partitioned build {med['build-spark'] / med['build-pool']:.2f}x the time.",
    ]
    if args.write:
        write_section("spark", "\n".join(lines))
    else:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Spark against the process pool on one machine: corpus validation and the partitioned
build, side by side in one driver process on the same corpus, interleaved, several
repetitions (min / median / max), on both corpora (synthetic and full-size replicas).

    python scripts/bench_spark.py [--articles 10000] [--repeat 2] [--cores 2] [--corpora DIR]
                                  [--dry-run]

Left: ``kuril_data.validate(jobs=cores)`` and ``build_partitioned(jobs=cores)`` (worker
processes). Right: ``kuril_data.spark.validate_corpus`` and
``kuril_data.spark.build_partitioned`` on ``local[cores]`` (the session is started once,
before timing; its start-up is reported on its own). Before the timed rounds every job
runs once on a 100-article corpus of the same kind (a warm-up: Spark's JVM code and
Python workers, the pool's imports). Without ``--dry-run`` the ``bench:spark`` section of
BENCHMARKS.md is replaced.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import CORPORA, arguments, corpus, corpus_table, machine, write_section

from kuril_data import validate
from kuril_data.publish.build import build_partitioned

WARM_UP_ARTICLES = 100


def timed(job: Callable[[], object]) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def jobs_for(folder: Path, session: object, cores: int) -> dict[str, Callable[[], object]]:
    """The four jobs on one corpus; the builds write next to it, into fresh folders."""
    from kuril_data import spark as ks

    out = folder.parent / f"{folder.name}-out"

    def fresh(name: str) -> Path:
        target = out / name
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    return {
        "validate-pool": lambda: validate([folder], jobs=cores),
        "validate-spark": lambda: ks.validate_corpus(session, [folder]),
        "build-pool": lambda: build_partitioned(folder, "year", fresh("pool"), jobs=cores),
        "build-spark": lambda: ks.build_partitioned(session, folder, "year", fresh("spark")),
    }


def main(argv: list[str] | None = None) -> int:
    args = arguments(10_000, 2, argv, cores=2)
    from kuril_data import spark as ks

    n, cores = args.articles, args.cores
    start = time.perf_counter()
    session = ks.local_session(cores, "kuril-data-bench")
    session.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - start
    lines = [
        f"## Spark against the process pool ({n} articles per corpus, {cores} cores)",
        "",
        f"Machine: {machine()}",
        "",
        f"Command: `python scripts/bench_spark.py --articles {n} --repeat {args.repeat} "
        f"--cores {cores}` (one driver process; per corpus, every job first runs once on "
        f"{WARM_UP_ARTICLES} articles of the same kind as a warm-up, then the four jobs "
        f"run interleaved, {args.repeat} rounds, on the same files; Spark session start-up, "
        f"not timed below: {startup:.1f} s)",
    ]
    labels = {
        "validate-pool": f"`validate(jobs={cores})` (process pool)",
        "validate-spark": f"`spark.validate_corpus` (local[{cores}])",
        "build-pool": f"`build_partitioned(jobs={cores})` by year (process pool)",
        "build-spark": f"`spark.build_partitioned` by year (local[{cores}])",
    }
    verdicts = []
    try:
        for kind in CORPORA:
            folder = corpus(args.corpora / f"{kind}-{n}", n, 0, kind)
            warm = corpus(args.corpora / f"{kind}-{WARM_UP_ARTICLES}", WARM_UP_ARTICLES, 0, kind)
            megabytes = sum(f.stat().st_size for f in (folder / "articles").glob("*.json")) / 1e6
            assert validate([folder]).valid
            for job in jobs_for(warm, session, cores).values():
                job()
            jobs = jobs_for(folder, session, cores)
            times: dict[str, list[float]] = {k: [] for k in jobs}
            for _ in range(args.repeat):
                for name, job in jobs.items():
                    times[name].append(timed(job))
            med = {k: statistics.median(v) for k, v in times.items()}
            lines += corpus_table(kind, n, megabytes)
            for name, label in labels.items():
                t = times[name]
                lines.append(
                    f"| {label} | {min(t):.1f} s | {med[name]:.1f} s | {max(t):.1f} s | "
                    f"{med[name] / n * 1e3:.2f} ms | {med[name] / megabytes * 1e3:.0f} ms |"
                )
            validation = med["validate-spark"] / med["validate-pool"]
            building = med["build-spark"] / med["build-pool"]
            verdicts.append(f"{kind} {validation:.2f}x / {building:.2f}x")
            lines += [
                "",
                f"Spark / pool (medians): validation {validation:.2f}x, partitioned build "
                f"{building:.2f}x the time.",
            ]
    finally:
        session.stop()
    print("; ".join(verdicts), file=sys.stderr)
    write_section("spark", "\n".join(lines), write=not args.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())

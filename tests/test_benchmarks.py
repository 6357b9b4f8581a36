"""Untimed smoke runs of the benchmark scripts, so that they cannot rot (the figures
themselves come from running the scripts, see BENCHMARKS.md)."""

from __future__ import annotations

import subprocess
import sys

from helpers import REPO


def test_bench_floor_runs_and_reports_both_sides_and_the_ratio(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "bench_floor.py"),
            "--articles",
            "3",
            "--repeat",
            "1",
            "--corpus",
            str(tmp_path / "corpus"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("## Validation against its parse floor (3 synthetic articles, ")
    assert sum(line.startswith("| `kuril_data.validate()` |") for line in lines) == 1
    assert sum(line.startswith("| `orjson.loads` (floor) |") for line in lines) == 1
    assert lines[-1].startswith("Ratio of medians: **") and "the floor (target <= 2.5x" in lines[-1]


def _smoke(script: str, *args: object, timeout: int = 600) -> list[str]:
    before = (REPO / "BENCHMARKS.md").read_bytes()
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (REPO / "BENCHMARKS.md").read_bytes() == before  # a smoke run writes nothing
    return done.stdout.splitlines()


def test_bench_load_runs(tmp_path):
    lines = _smoke(
        "bench_load.py", "--articles", 3, "--repeat", 1, "--corpus", tmp_path / "c", "--dry-run"
    )
    assert any(line.startswith("## Load: cold `load_dataset()`") for line in lines)
    assert any(line.startswith("| synthetic corpus (3 articles, built) |") for line in lines)


def test_bench_validate_runs(tmp_path):
    lines = _smoke(
        "bench_validate.py",
        "--articles",
        3,
        "--repeat",
        1,
        "--sample",
        1,
        "--corpus",
        tmp_path / "c",
        "--dry-run",
    )
    assert any(line.startswith("## Validation of 3 synthetic articles") for line in lines)


def test_bench_build_runs(tmp_path):
    lines = _smoke(
        "bench_build.py",
        "--articles",
        4,
        "--small",
        2,
        "--corpus",
        tmp_path / "big",
        "--small-corpus",
        tmp_path / "small",
        "--dry-run",
    )
    assert any(line.startswith("## Build of 4 synthetic articles") for line in lines)


def test_bench_spark_runs(tmp_path):
    lines = _smoke("bench_spark.py", "--articles", 3, "--repeat", 1, "--corpus", tmp_path / "c")
    assert lines[0] == "## Spark against the process pool (3 synthetic articles, 2 cores)"
    assert lines[-1].startswith("Spark / pool (medians): validation ")

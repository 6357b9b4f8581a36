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

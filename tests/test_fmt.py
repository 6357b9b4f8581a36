"""`kuril-data fmt`: canonical rewriting that never loses data."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DATASET


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kuril_data.cli", "fmt", *args], capture_output=True, text=True
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "dataset"
    shutil.copytree(DATASET / "articles", target / "articles")
    shutil.copy(DATASET / "entities.json", target / "entities.json")
    return target


def test_committed_files_are_canonical():
    done = run("--check", str(DATASET))
    assert (done.returncode, done.stderr) == (0, "kuril-data fmt: every file is canonical\n")


def test_a_reindented_file_is_rewritten_to_the_canonical_bytes(copy):
    path = next((copy / "articles").glob("*.json"))
    canonical = path.read_bytes()
    path.write_text(json.dumps(json.loads(canonical), indent=4, ensure_ascii=True))
    assert run("--check", str(copy)).returncode == 1
    assert run(str(copy)).returncode == 0
    assert path.read_bytes() == canonical


def test_a_file_with_a_duplicate_key_is_refused_and_left_untouched(copy):
    path = next((copy / "articles").glob("*.json"))
    raw = path.read_text(encoding="utf-8").replace(
        '"statement": ', '"statement": "first copy",\n      "statement": ', 1
    )
    path.write_text(raw, encoding="utf-8")
    done = run(str(copy))
    assert done.returncode == 1
    assert "duplicate-key" in done.stderr and "nothing was rewritten" in done.stderr
    assert path.read_text(encoding="utf-8") == raw


def test_a_missing_path_exits_2_without_a_traceback(tmp_path):
    done = run(str(tmp_path / "nope.json"))
    assert done.returncode == 2
    assert "path-not-found" in done.stderr and "Traceback" not in done.stderr

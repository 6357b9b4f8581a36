"""Untimed smoke runs of the benchmark scripts, so that they cannot rot (the figures
themselves come from running the scripts, see BENCHMARKS.md)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import msgspec
import pytest
from helpers import REPO

sys.path.insert(0, str(REPO / "scripts"))
from _msgspec_schema import article_type

from kuril_data.validation._schema_errors import published_schema

ARTICLE = json.loads(
    (REPO / "dataset" / "articles" / "tass-2019-11-24-lavrov-kurils-peace-treaty.json").read_bytes()
)


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


def _has_both_corpora(lines: list[str], articles: int) -> bool:
    """Each corpus has its heading in the section."""
    return all(
        any(line.startswith(f"### {kind} ({articles} articles, ") for line in lines)
        for kind in ("synthetic", "replicas")
    )


def test_bench_floor_runs_and_reports_every_stage_on_both_corpora(tmp_path):
    lines = _smoke(
        "bench_floor.py", "--articles", 3, "--repeat", 1, "--corpora", tmp_path, "--dry-run"
    )
    assert lines[0] == "## Validation against its parse floor (3 articles per corpus)"
    assert _has_both_corpora(lines, 3)
    for label in (
        "`orjson.loads` of every file",
        "+ jsonschema-rs",
        "+ duplicate-key",
        "`kuril_data.validate()`",
        "`msgspec.json.decode` of every file, untyped",
        "msgspec decode typed by the published schema",
        "parse and structure",
        "read the file",
        "all 41 semantic rules",
        "&nbsp;&nbsp;rule `",
        "the rest: ",
        "**`validate()`, timed**",
    ):
        assert sum(line.startswith(f"| {label}") for line in lines) >= 2
    assert sum(line.startswith("Validation is **") for line in lines) == 2


def test_bench_load_runs(tmp_path):
    lines = _smoke(
        "bench_load.py", "--articles", 3, "--repeat", 1, "--corpus", tmp_path / "c", "--dry-run"
    )
    assert any(line.startswith("## Load: cold `load_dataset()`") for line in lines)
    assert any(line.startswith("| synthetic corpus (3 articles, built) |") for line in lines)


def test_bench_validate_runs_on_both_corpora(tmp_path):
    lines = _smoke(
        "bench_validate.py",
        "--articles",
        3,
        "--repeat",
        1,
        "--sample",
        1,
        "--corpora",
        tmp_path,
        "--dry-run",
    )
    assert lines[0] == "## Validation of 3 articles per corpus"
    assert _has_both_corpora(lines, 3)
    assert sum(line.startswith("| `--jobs 2` >= 1.7x") for line in lines) == 2
    assert sum(line.startswith("| `--jobs 2` | ") for line in lines) == 2  # CPU seconds
    assert sum(line.startswith("With two jobs, ") for line in lines) == 2


def test_bench_build_runs_on_both_corpora(tmp_path):
    lines = _smoke(
        "bench_build.py",
        "--articles",
        4,
        "--small",
        2,
        "--repeat",
        1,
        "--corpora",
        tmp_path,
        "--dry-run",
    )
    assert lines[0] == "## Build of 4 articles per corpus; peak memory"
    assert _has_both_corpora(lines, 4)
    assert sum(line.startswith("| build no slower than naive") for line in lines) == 2
    assert sum(line.startswith("| `build --jobs 2` >= 1.7x") for line in lines) == 2
    assert sum(line.startswith("| `--jobs 2` | ") for line in lines) == 2  # CPU seconds
    assert sum(line.startswith("With `--jobs 2` the same build takes ") for line in lines) == 2


def test_bench_spark_runs_on_both_corpora(tmp_path):
    lines = _smoke(
        "bench_spark.py", "--articles", 3, "--repeat", 1, "--corpora", tmp_path, "--dry-run"
    )
    assert lines[0] == "## Spark against the process pool (3 articles per corpus, 2 cores)"
    assert _has_both_corpora(lines, 3)
    assert sum(line.startswith("Spark / pool (medians): validation ") for line in lines) == 2


def _decode_typed(article: dict) -> str:
    """What msgspec says of an article typed by the published schema ('ok' if accepted)."""
    decoder = msgspec.json.Decoder(article_type(published_schema("article")))
    try:
        decoder.decode(json.dumps(article))
    except msgspec.ValidationError as exc:
        return str(exc)
    return "ok"


def _set(path: tuple, value: object) -> dict:
    article = copy.deepcopy(ARTICLE)
    target = article
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return article


def test_the_msgspec_types_accept_the_shipped_article():
    assert _decode_typed(ARTICLE) == "ok"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("mentions", 0, "span_start"),
            1.0,
            "Expected `int`, got `float` - at `$.mentions[0].span_start`",
        ),
        (
            ("mentions", 0, "mention_id"),
            "Bad Id",
            "Expected `str` matching regex '^[a-z0-9]+(?:-[a-z0-9]+)*$' - at "
            "`$.mentions[0].mention_id`",
        ),
        (("mentions", 0, "span_start"), -1, "Expected `int` >= 0 - at `$.mentions[0].span_start`"),
        (
            ("events", 0, "plover_mode"),
            "telepathy",
            "Invalid enum value 'telepathy' - at `$.events[0].plover_mode`",
        ),
        (
            ("document", "published"),
            "2019-13-01",
            "Invalid RFC3339 encoded date - at `$.document.published`",
        ),
        (("facts", 0, "surprise"), 1, "Object contains unknown field `surprise` - at `$.facts[0]`"),
    ],
    ids=["float-offset", "bad-id", "negative-offset", "enum", "bad-date", "unknown-field"],
)
def test_the_msgspec_types_reject_what_the_schema_rejects(path, value, message):
    assert _decode_typed(_set(path, value)) == message

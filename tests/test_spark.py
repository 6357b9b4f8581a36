"""Corpus validation and the partitioned build as Spark jobs (``kuril_data.spark``), on
``local[2]``: the same report as ``kuril-data validate`` on a corpus with planted errors,
and the same rows as ``kuril-data build --partition-by``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow.dataset as pads
import pytest
from helpers import ROOT, run_cli, snapshot

from kuril_data._layout import TABLE_NAMES
from kuril_data.exceptions import BuildError, InputError
from kuril_data.publish.tables import TABLES
from kuril_data.validation import validate

sys.path.insert(0, str(ROOT / "scripts"))
import synth_corpus as synth

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    from kuril_data.spark import local_session

    session = local_session(2, "kuril-data-tests")
    yield session
    session.stop()


def _corpus(path: Path, n: int, invalid: int = 0) -> Path:
    synth.write_corpus(path, n, invalid, 0, ROOT / "dataset")
    return path


def _findings(report) -> list[dict]:
    return [e.to_dict() for e in report.findings]


def _add_unmentioned_entity_with_an_unsourced_alias(folder: Path) -> None:
    registry = json.loads((folder / "entities.json").read_text(encoding="utf-8"))
    extra = json.loads(json.dumps(next(e for e in registry["entities"] if e["aliases"])))
    extra["entity_id"] = "zz-never-mentioned"
    extra["aliases"] = [{**extra["aliases"][0], "name": "Nowhere Land"}]
    extra["enrichment"] = []
    registry["entities"].append(extra)
    (folder / "entities.json").write_text(json.dumps(registry, indent=2), encoding="utf-8")


@pytest.mark.parametrize(
    ("invalid", "planted"),
    [
        (5, {"duplicate-id", "span-mismatch", "invalid-json", "dangling-reference"}),
        (0, {"unmentioned-entity", "alias-without-source"}),
    ],
    ids=["per-file-and-duplicates", "whole-dataset-warnings"],
)
def test_spark_validation_gives_the_same_report_as_validate(spark, tmp_path, invalid, planted):
    from kuril_data.spark import validate_corpus

    folder = _corpus(tmp_path / "c", 30, invalid=invalid)
    _add_unmentioned_entity_with_an_unsourced_alias(folder)
    local = validate([folder])
    assert planted <= {e.code for e in local.findings}
    distributed = validate_corpus(spark, [folder], partitions=4)
    assert _findings(distributed) == _findings(local)
    assert distributed.files == local.files


def test_spark_validation_of_the_shipped_dataset_is_clean(spark):
    from kuril_data.spark import validate_corpus

    report = validate_corpus(spark, [ROOT / "dataset"])
    assert (report.findings, len(report.files)) == ([], 2)


def _rows(folder: Path, name: str) -> list[dict]:
    data = pads.dataset(str(folder / name), format="parquet", partitioning="hive")
    table = data.to_table()
    key = list(TABLES[name].primary_key)
    return sorted(table.to_pylist(), key=lambda r: [str(r[k]) for k in key])


@pytest.mark.parametrize("key", ["year", "outlet"])
def test_spark_partitioned_build_writes_the_local_build_rows(spark, tmp_path, key):
    from kuril_data.spark import build_partitioned

    folder = _corpus(tmp_path / "c", 40)
    local, remote = tmp_path / "local", tmp_path / "spark"
    assert run_cli("build", "--dataset", folder, "--partition-by", key, "--out", local).code == 0
    rows = build_partitioned(spark, folder, key, remote)
    for name in TABLE_NAMES:
        expected = _rows(local, name)
        assert rows[name] == len(expected), name
        assert _rows(remote, name) == expected, name
    assert sorted(p.name for p in (remote / "mentions").iterdir() if p.is_dir()) == sorted(
        p.name for p in (local / "mentions").iterdir() if p.is_dir()
    )


def test_spark_partitioned_build_leaves_only_the_tables_and_its_marker(spark, tmp_path):
    from kuril_data.spark import build_partitioned

    folder = _corpus(tmp_path / "c", 5)
    build_partitioned(spark, folder, "year", tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [*TABLE_NAMES, ".kuril-data-partitioned"]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "out"]


def test_spark_partitioned_build_refuses_an_invalid_corpus_and_writes_nothing(spark, tmp_path):
    from kuril_data.spark import build_partitioned

    folder = _corpus(tmp_path / "c", 5, invalid=1)
    with pytest.raises(BuildError, match="the dataset is invalid; nothing was built"):
        build_partitioned(spark, folder, "year", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_spark_partitioned_build_refuses_a_folder_it_did_not_write(spark, tmp_path):
    from kuril_data.spark import build_partitioned

    folder = _corpus(tmp_path / "c", 3)
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(InputError, match="was not written by"):
        build_partitioned(spark, folder, "year", out)
    assert snapshot(out) == before

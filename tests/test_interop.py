"""The built tables in real analytics tools: DuckDB, Polars, pandas, Hugging Face datasets,
mlcroissant, frictionless and (with the spark extra) Spark."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from helpers import DATASET, ROOT, expected_counts, run_cli

from kuril_data.publish.tables import TABLE_NAMES, TABLES

PARQUET = DATASET / "parquet"


def _path(name: str) -> str:
    return str(PARQUET / f"{name}.parquet")


@pytest.fixture(scope="module")
def duck():
    import duckdb

    con = duckdb.connect()
    for name in TABLE_NAMES:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{_path(name)}')")
    yield con
    con.close()


SPANS = [(name, *span) for name, spec in TABLES.items() for span in spec.spans]


@pytest.mark.parametrize("table,start,end,text", SPANS)
def test_duckdb_span_text_equals_the_document_substring(duck, table, start, end, text):
    total, bad = duck.execute(f"""
        SELECT count(*), count(*) FILTER (WHERE
            substring(d.text, x.{start} + 1, x.{end} - x.{start}) IS DISTINCT FROM x.{text})
        FROM {table} x JOIN documents d USING (doc_id)""").fetchone()
    assert (total, bad) == (duck.execute(f"SELECT count(*) FROM {table}").fetchone()[0], 0)


FKS = [
    (name, fk.column, fk.table, fk.ref_column)
    for name, spec in TABLES.items()
    for fk in spec.foreign_keys
]
LIST_FKS = [
    (name, fk.column, fk.table, fk.ref_column)
    for name, spec in TABLES.items()
    for fk in spec.list_references
]


@pytest.mark.parametrize("table,column,ref_table,ref_column", FKS)
def test_duckdb_foreign_key_has_no_orphans(duck, table, column, ref_table, ref_column):
    orphans = duck.execute(f"""
        SELECT x.{column} FROM {table} x ANTI JOIN {ref_table} r ON x.{column} = r.{ref_column}
        WHERE x.{column} IS NOT NULL""").fetchall()
    assert orphans == []


@pytest.mark.parametrize("table,column,ref_table,ref_column", LIST_FKS)
def test_duckdb_list_references_have_no_orphans(duck, table, column, ref_table, ref_column):
    orphans = duck.execute(f"""
        SELECT v FROM (SELECT unnest({column}) AS v FROM {table}) x
        ANTI JOIN {ref_table} r ON x.v = r.{ref_column}""").fetchall()
    assert orphans == []


def test_duckdb_role_organisations_are_entities(duck):
    orphans = duck.execute("""
        SELECT r.organization_id FROM (SELECT unnest(roles) AS r FROM entities)
        WHERE r.organization_id NOT IN (SELECT entity_id FROM entities)""").fetchall()
    assert orphans == []


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_duckdb_primary_key_is_unique(duck, name):
    key = ", ".join(TABLES[name].primary_key)
    dupes = duck.execute(f"SELECT {key} FROM {name} GROUP BY ALL HAVING count(*) > 1").fetchall()
    assert dupes == []


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_polars_and_pandas_read_the_same_rows_and_types(name):
    import pandas as pd
    import polars as pl

    table = pq.ParquetFile(_path(name)).read()
    frame = pl.read_parquet(_path(name))
    assert frame.columns == table.column_names
    assert frame.to_arrow().to_pylist() == table.to_pylist()
    expected_pl = pl.from_arrow(table.slice(0, 0)).schema
    assert frame.schema == expected_pl
    pdf = pd.read_parquet(_path(name), engine="pyarrow")
    assert list(pdf.columns) == table.column_names
    assert len(pdf) == table.num_rows == expected_counts()[name]
    for field in table.schema:
        if str(field.type) == "int32":
            assert str(pdf[field.name].dtype) == "int32"
            assert str(frame.schema[field.name]) == "Int32"


def test_hub_card_metadata_is_valid_dataset_card_data():
    from huggingface_hub import DatasetCard, DatasetCardData

    card = DatasetCard.load(DATASET / "README.md")
    data = card.data
    assert isinstance(data, DatasetCardData)
    assert data.license == "other"
    assert (data.annotations_creators, data.language_creators) == (["other"], ["found"])
    assert (data.multilinguality, data.source_datasets) == (["monolingual"], ["original"])
    assert data.task_categories == ["token-classification", "other"]
    assert data.task_ids == ["named-entity-recognition"]
    assert [c["config_name"] for c in data.configs if c.get("default")] == ["annotated_documents"]
    assert "../" not in card.text  # the card points only inside the dataset folder


@pytest.mark.slow
def test_hugging_face_datasets_loads_the_default_config_without_a_name(tmp_path, monkeypatch):
    import datasets

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "home"))
    loaded = datasets.load_dataset(str(DATASET), cache_dir=str(tmp_path / "cache"))
    assert loaded["train"].num_rows == expected_counts()["documents"]
    assert loaded["train"].column_names == [
        *pq.read_schema(_path("documents")).names,
        "paragraphs",
        "mentions",
        "quotes",
        "events",
        "event_participants",
        "facts",
    ]


def test_card_duckdb_snippet_runs_from_the_dataset_folder(monkeypatch):
    import duckdb

    card = (DATASET / "README.md").read_text(encoding="utf-8")
    sql = card.split("```sql\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(DATASET)
    assert len(duckdb.sql(sql).fetchall()) == expected_counts()["quotes"]


@pytest.mark.slow
@pytest.mark.parametrize("name", TABLE_NAMES)
def test_hugging_face_datasets_loads_every_config(name, tmp_path, monkeypatch):
    import datasets

    if expected_counts()[name] == 0:
        pytest.skip("datasets cannot load an empty Parquet split ('corresponds to no data')")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "home"))
    loaded = datasets.load_dataset(str(DATASET), name, cache_dir=str(tmp_path / "cache"))
    assert list(loaded) == ["train"]
    assert loaded["train"].num_rows == expected_counts()[name]
    table = pq.ParquetFile(_path(name)).read()
    assert loaded["train"].features == datasets.Features.from_arrow_schema(table.schema)


def test_mlcroissant_validates_the_metadata():
    import mlcroissant as mlc

    mlc.Dataset(str(DATASET / "croissant.json"))  # raises ValidationError on any issue


@pytest.mark.slow
def test_one_mlcroissant_dataset_gives_every_record_set_right_in_any_order_and_twice():
    import mlcroissant as mlc

    dataset = mlc.Dataset(str(DATASET / "croissant.json"))
    for name in [*TABLE_NAMES, *reversed(TABLE_NAMES)]:
        records = list(dataset.records(name))
        assert len(records) == expected_counts()[name], name
        key = TABLES[name].primary_key[0]
        first = pq.ParquetFile(_path(name)).read().slice(0, 1).to_pylist()[0][key]
        assert records[0][f"{name}/{key}"].decode() == first


@pytest.mark.slow
def test_mlcroissant_references_bug_that_keeps_them_out_of_croissant_json(tmp_path):
    """Documents why croissant.json has no `references` (see publish/descriptors.py): with
    them, the installed mlcroissant returns wrong rows when a Dataset is reused. If this
    test fails, mlcroissant has fixed it and the references can come back."""
    import mlcroissant as mlc

    metadata = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))
    for record_set in metadata["recordSet"]:
        for field in record_set["field"]:
            if record_set["name"] != "documents" and field["name"] == "doc_id":
                field["references"] = {"field": {"@id": "documents/doc_id"}}
    shutil.copytree(PARQUET, tmp_path / "parquet")
    (tmp_path / "croissant.json").write_text(json.dumps(metadata), encoding="utf-8")
    dataset = mlc.Dataset(str(tmp_path / "croissant.json"))
    first = len(list(dataset.records("quotes")))
    again = len(list(dataset.records("quotes")))
    assert (first, again) == (expected_counts()["quotes"], 0)


def _frictionless(descriptor: Path) -> subprocess.CompletedProcess[str]:
    """The real `frictionless validate` command (from the test extra's frictionless)."""
    exe = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    assert exe is not None, "the frictionless command is not installed"
    return subprocess.run(
        [exe, "validate", "--json", str(descriptor)], capture_output=True, text=True, timeout=300
    )


def _error_types(done: subprocess.CompletedProcess[str]) -> set[tuple[str, str]]:
    report = json.loads(done.stdout)
    return {(t["name"], e["type"]) for t in report["tasks"] for e in t["errors"]}


def test_frictionless_validate_passes_on_the_published_package():
    done = _frictionless(DATASET / "datapackage.json")
    assert done.returncode == 0, done.stdout[-2000:]
    report = json.loads(done.stdout)
    assert report["valid"] is True
    assert {t["name"]: t["stats"]["rows"] for t in report["tasks"]} == expected_counts()
    assert {t["name"]: t["stats"]["sha256"] for t in report["tasks"]} == {
        r["name"]: r["hash"].removeprefix("sha256:")
        for r in json.loads((DATASET / "datapackage.json").read_text("utf-8"))["resources"]
    }


def test_frictionless_reads_list_cells_back_as_lists():
    import frictionless

    package = frictionless.Package(str(DATASET / "datapackage.json"))
    rows = package.get_resource("facts").read_rows()
    expected = pq.read_table(_path("facts")).to_pylist()
    assert [row["source_chain"] for row in rows] == [r["source_chain"] for r in expected]
    assert [row["event_ids"] for row in rows] == [r["event_ids"] for r in expected]


def _package_copy(tmp_path: Path) -> Path:
    shutil.copytree(DATASET / "csv", tmp_path / "csv")
    shutil.copy(DATASET / "datapackage.json", tmp_path / "datapackage.json")
    return tmp_path / "datapackage.json"


def _rehash(descriptor: Path, name: str) -> None:
    """Update a resource's hash and byte count after its file was changed on purpose."""
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    for r in package["resources"]:
        if r["name"] == name:
            data = (descriptor.parent / r["path"]).read_bytes()
            r["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            r["bytes"] = len(data)
    descriptor.write_text(json.dumps(package), encoding="utf-8")


def _edit_csv(descriptor: Path, name: str, edit) -> None:
    path = descriptor.parent / "csv" / f"{name}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "edit", "rehash", "expected"),
    [
        ("quotes", lambda rows: None, False, None),
        ("facts", lambda rows: rows[1].__setitem__(0, rows[1][0] + "x"), False, "hash-count"),
        ("paragraphs", lambda rows: rows[2].__setitem__(1, "two"), True, "type-error"),
        ("events", lambda rows: rows.append(rows[1]), True, "primary-key"),
        ("mentions", lambda rows: rows[1].__setitem__(2, "nobody"), True, "foreign-key"),
        ("quotes", lambda rows: rows[1].__setitem__(0, ""), True, "constraint-error"),
    ],
    ids=["unchanged", "flipped-byte", "wrong-type", "duplicate-key", "orphan", "required"],
)
def test_frictionless_checks_do_real_work(tmp_path, name, edit, rehash, expected):
    """A mutation per check: hash, type, primary key, foreign key (scalar columns; the
    list columns' references are checked by the DuckDB tests), required value."""
    descriptor = _package_copy(tmp_path)
    _edit_csv(descriptor, name, edit)
    if rehash:
        _rehash(descriptor, name)
    done = _frictionless(descriptor)
    if expected is None:
        assert done.returncode == 0
    else:
        assert done.returncode == 1
        assert (name, expected) in _error_types(done), sorted(_error_types(done))


def test_frictionless_checks_the_byte_count(tmp_path):
    descriptor = _package_copy(tmp_path)
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    facts = next(r for r in package["resources"] if r["name"] == "facts")
    facts["bytes"] += 1
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    done = _frictionless(descriptor)
    assert done.returncode == 1
    assert ("facts", "byte-count") in _error_types(done), sorted(_error_types(done))


def test_every_descriptor_states_the_mixed_rights():
    croissant = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))
    package = json.loads((DATASET / "datapackage.json").read_text(encoding="utf-8"))
    assert croissant["license"][0] == "https://creativecommons.org/licenses/by/4.0/"
    assert "all rights reserved" in croissant["license"][1]
    assert [x.get("name") for x in package["licenses"]] == ["CC-BY-4.0", "LicenseRef-TASS-text"]
    assert package["licenses"][1]["path"] == "LICENSE.md"
    assert (DATASET / "LICENSE.md").is_file()


def test_readme_partitioned_snippets_run_in_duckdb_and_polars(tmp_path, monkeypatch):
    """README 'Large corpora': DuckDB and Polars read hive-partitioned tables as one."""
    import duckdb
    import polars as pl

    out = tmp_path / "my-corpus-tables"
    assert run_cli("build", "--dataset", DATASET, "--partition-by", "year", "--out", out).code == 0
    monkeypatch.chdir(tmp_path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    duck = "read_parquet('my-corpus-tables/mentions/*/*.parquet', hive_partitioning = true)"
    polars = 'pl.scan_parquet("my-corpus-tables/mentions/**/*.parquet", hive_partitioning=True)'
    assert duck in readme and polars in readme
    rows = duckdb.sql(f"SELECT year, count(*) FROM {duck} GROUP BY year").fetchall()
    assert rows == [(2019, expected_counts()["mentions"])]
    frame = eval(polars, {"pl": pl}).collect()
    assert frame.height == expected_counts()["mentions"] and set(frame["year"]) == {2019}


def test_readme_unnest_snippet_flattens_the_aliases(monkeypatch):
    import duckdb

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sql = "SELECT entity_id, unnest(aliases, recursive := true) FROM 'dataset/parquet/entities.parquet'"
    assert sql in readme
    monkeypatch.chdir(ROOT)
    rows = duckdb.sql(sql).fetchall()
    entities = json.loads((DATASET / "entities.json").read_text(encoding="utf-8"))["entities"]
    assert len(rows) == sum(len(e["aliases"]) for e in entities)


@pytest.mark.spark
def test_spark_reads_every_table_with_the_same_row_counts():
    import pyspark  # noqa: F401

    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[1]")
        .appName("kuril-data-test")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        counts = {n: spark.read.parquet(_path(n)).count() for n in TABLE_NAMES}
        assert counts == expected_counts()
        spark.read.parquet(_path("documents")).createOrReplaceTempView("documents")
        spark.read.parquet(_path("mentions")).createOrReplaceTempView("mentions")
        bad = spark.sql("""SELECT count(*) FROM mentions m JOIN documents d USING (doc_id)
            WHERE substring(d.text, m.span_start + 1, m.span_end - m.span_start) != m.text
            """).collect()[0][0]
        assert bad == 0
    finally:
        spark.stop()

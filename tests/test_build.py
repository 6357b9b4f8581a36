"""kuril-data build: deterministic, atomic, checked; outputs agree with the canonical JSON."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from helpers import ARTICLES, DATASET, ROOT, copy_dataset, expected_counts, run_cli, snapshot

from kuril_data import SCHEMA_VERSION, __version__, models
from kuril_data._version import RELEASE_DATE
from kuril_data.publish.tables import TABLE_NAMES, TABLES

OUTPUTS = [f"parquet/{n}.parquet" for n in TABLE_NAMES] + [
    "README.md",
    "croissant.json",
    "datapackage.json",
    "SHA256SUMS",
]


def test_committed_outputs_are_current():
    assert run_cli("build", "--check", "--dataset", DATASET).code == 0


def test_two_builds_from_scratch_are_byte_identical(tmp_path):
    results = []
    for name in ("a", "b"):
        folder = copy_dataset(tmp_path / name)
        for rel in OUTPUTS:
            (folder / rel).unlink()
        assert run_cli("build", "--dataset", folder).code == 0
        results.append({rel: (folder / rel).read_bytes() for rel in OUTPUTS})
    assert results[0] == results[1]


def test_build_reproduces_the_committed_bytes(tmp_path):
    folder = copy_dataset(tmp_path)
    for rel in OUTPUTS:
        (folder / rel).unlink()
    assert run_cli("build", "--dataset", folder).code == 0
    assert {rel: (folder / rel).read_bytes() for rel in OUTPUTS} == {
        rel: (DATASET / rel).read_bytes() for rel in OUTPUTS
    }


def test_check_names_a_stale_output_and_writes_nothing(tmp_path):
    folder = copy_dataset(tmp_path)
    (folder / "croissant.json").write_text("{}\n", encoding="utf-8")
    before = snapshot(folder)
    result = run_cli("build", "--check", "--dataset", folder)
    assert result.code == 1
    assert f"{folder / 'croissant.json'}: stale" in result.err
    assert snapshot(folder) == before


def test_check_detects_a_changed_source(tmp_path):
    folder = copy_dataset(tmp_path)
    path = next((folder / "articles").glob("*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["document"]["rights"] += " Changed."
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = run_cli("build", "--check", "--dataset", folder)
    assert result.code == 1
    err = result.err
    for rel in ("parquet/documents.parquet", "SHA256SUMS"):
        assert f"{folder / rel}: stale" in err


def test_interrupted_build_leaves_previous_dataset_intact(tmp_path, monkeypatch):
    folder = copy_dataset(tmp_path)
    (folder / "README.md").write_text("old card\n", encoding="utf-8")
    (folder / "parquet" / "facts.parquet").write_bytes(b"old")
    before = snapshot(folder)
    calls = []
    original = Path.write_bytes

    def failing_write(self, data):
        calls.append(self)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(self))
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    assert run_cli("build", "--dataset", folder).code == 2
    monkeypatch.undo()
    assert len(calls) == 2
    assert snapshot(folder) == before


def _stale_copy(tmp_path, name):
    folder = copy_dataset(tmp_path / name)
    (folder / "README.md").write_text("old card\n", encoding="utf-8")
    for table in ("facts", "quotes", "events"):
        (folder / "parquet" / f"{table}.parquet").write_bytes(b"old " + table.encode())
    return folder


def _moves_into(folder, monkeypatch, limit=None):
    """Patch build's os.replace to record moves into ``folder`` and raise
    KeyboardInterrupt at move number ``limit``."""
    import kuril_data.publish.build as build

    moves, original = [], os.replace

    def replace(src, dst):
        if folder in Path(dst).parents:
            moves.append(dst)
            if len(moves) == limit:
                raise KeyboardInterrupt
        return original(src, dst)

    monkeypatch.setattr(build.os, "replace", replace)
    return moves


@pytest.mark.parametrize("fail_at", ["first", "second", "last"])
def test_build_interrupted_while_moving_files_into_place_undoes_its_moves(
    tmp_path, monkeypatch, fail_at
):
    """An interrupt during the final moves (after some files were already replaced) rolls
    the moved ones back: the dataset is exactly as before."""
    rehearsal = _stale_copy(tmp_path, "rehearsal")
    total = _moves_into(rehearsal, monkeypatch)
    assert run_cli("build", "--dataset", rehearsal).code == 0
    monkeypatch.undo()
    assert len(total) >= 3  # README, tables, SHA256SUMS

    folder = _stale_copy(tmp_path, "dataset-under-test")
    before = snapshot(folder)
    limit = {"first": 1, "second": 2, "last": len(total)}[fail_at]
    _moves_into(folder, monkeypatch, limit)
    assert run_cli("build", "--dataset", folder).code == 130
    monkeypatch.undo()
    assert snapshot(folder) == before


def test_invalid_input_is_refused_and_nothing_is_written(tmp_path):
    folder = copy_dataset(tmp_path)
    path = next((folder / "articles").glob("*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["document"]["paragraphs"][0]["span_start"] = "zero"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    before = snapshot(folder)
    result = run_cli("build", "--dataset", folder)
    assert result.code == 1
    assert "invalid" in result.err
    assert snapshot(folder) == before


@pytest.mark.parametrize("referenced", [False, True])
def test_an_entity_registry_among_the_articles_is_refused_and_nothing_is_written(
    tmp_path, referenced
):
    """Validation checks references against every registry it finds; the build publishes
    entities.json only, so another registry would leave references dangling."""
    folder = copy_dataset(tmp_path)
    registry = json.loads((folder / "entities.json").read_text(encoding="utf-8"))
    path = next((folder / "articles").glob("*.json"))
    article = json.loads(path.read_text(encoding="utf-8"))
    mention = article["mentions"][0]
    extra = next(e for e in registry["entities"] if e["entity_id"] == mention["entity_id"])
    registry["entities"] = [{**extra, "entity_id": "zz-extra"}]
    other = folder / "articles" / "zz-registry.json"
    other.write_text(json.dumps(registry, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if referenced:
        mention["entity_id"] = "zz-extra"
        path.write_text(json.dumps(article, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert run_cli("validate", folder).code == 0
    before = snapshot(folder)
    result = run_cli("build", "--dataset", folder)
    assert result.code == 1
    assert result.err == (
        "kuril-data build: nothing was built: these files in articles/ are entity registries, "
        "not articles; the build publishes entities.json as the only registry (move their "
        f"entities there):\n  {other}\n"
    )
    assert snapshot(folder) == before


@pytest.mark.parametrize("check", [False, True])
def test_missing_dataset_folder_is_a_usage_error_not_staleness(tmp_path, check):
    """Exit 2 like validate, fmt, info and render: `--check` exits 1 only for stale files."""
    result = run_cli("build", *(["--check"] if check else []), "--dataset", tmp_path / "nowhere")
    assert result.code == 2
    assert "is not a dataset folder" in result.err


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_table_file_has_rows_of_the_canonical_json(name):
    assert (
        pq.ParquetFile(DATASET / "parquet" / f"{name}.parquet").metadata.num_rows
        == expected_counts()[name]
    )


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_table_file_is_zstd_with_statistics(name):
    meta = pq.ParquetFile(DATASET / "parquet" / f"{name}.parquet").metadata
    for rg in range(meta.num_row_groups):
        for col in range(meta.num_columns):
            chunk = meta.row_group(rg).column(col)
            assert chunk.compression == "ZSTD"
            assert chunk.is_stats_set or meta.row_group(rg).num_rows == 0


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_file_metadata_names_versions_and_the_sources_manifest_digest(name):
    schema = pq.read_schema(DATASET / "parquet" / f"{name}.parquet")
    info = json.loads(schema.metadata[b"kuril_data"])
    manifest = "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(DATASET).as_posix()}\n"
        for p in [DATASET / "entities.json", *sorted((DATASET / "articles").glob("*.json"))]
    )
    assert info == {
        "table": name,
        "dataset_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "sources_manifest_sha256": hashlib.sha256(manifest.encode()).hexdigest(),
    }


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_file_schema_is_the_declared_schema(name):
    schema = pq.read_schema(DATASET / "parquet" / f"{name}.parquet")
    declared = TABLES[name].schema()
    assert [(f.name, f.type, f.nullable, f.metadata) for f in schema] == [
        (f.name, f.type, f.nullable, f.metadata) for f in declared
    ]


def test_column_descriptions_come_from_the_models():
    mention = TABLES["mentions"].schema().field("span_start")
    assert (
        mention.metadata[b"description"].decode()
        == models.Mention.model_fields["span_start"].description
    )
    event = TABLES["events"].schema().field("date_earliest")
    assert (
        event.metadata[b"description"].decode()
        == models.Event.model_fields["date_earliest"].description
    )


def test_offsets_are_int32_and_dates_date32():
    for spec in TABLES.values():
        for field in spec.schema():
            if field.name.endswith(("span_start", "span_end")):
                assert field.type == pa.int32(), (spec.name, field.name)
            if field.name in ("published", "date_earliest", "date_latest", "dateline_date"):
                assert field.type == pa.date32(), (spec.name, field.name)


def test_every_per_document_table_has_doc_id():
    assert [n for n, s in TABLES.items() if "doc_id" not in s.schema().names] == ["entities"]


def test_sha256sums_verifies_with_sha256sum_and_covers_every_file():
    listed = [
        line.split("  ", 1)[1]
        for line in (DATASET / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    ]
    files = sorted(
        p.relative_to(DATASET).as_posix()
        for p in DATASET.rglob("*")
        if p.is_file()
        and p.name != "SHA256SUMS"
        and not any(part.startswith(".") for part in p.relative_to(DATASET).parts)
    )
    assert listed == files
    result = subprocess.run(
        ["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=DATASET, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _front_matter() -> dict:
    text = (DATASET / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_card_has_the_derived_views_then_one_config_per_table():
    card = _front_matter()
    views = ["annotated_documents", "ner_tokens"]
    assert [c["config_name"] for c in card["configs"]] == views + list(TABLE_NAMES)
    assert [c["data_files"] for c in card["configs"]] == [
        [{"split": "train", "path": f"derived/{n}.parquet"}] for n in views
    ] + [[{"split": "train", "path": f"parquet/{n}.parquet"}] for n in TABLE_NAMES]
    assert [c["config_name"] for c in card["configs"] if c.get("default")] == views[:1]


def test_card_row_counts_match_the_canonical_json():
    card = _front_matter()
    counts = {i["config_name"]: i["splits"][0]["num_examples"] for i in card["dataset_info"]}
    articles = [json.loads(p.read_text(encoding="utf-8")) for p in ARTICLES]
    assert counts == {
        "annotated_documents": len(articles),
        "ner_tokens": sum(len(a["document"]["paragraphs"]) for a in articles),
        **expected_counts(),
    }


def test_card_licence_and_datasheet_sections():
    card = _front_matter()
    assert (card["license"], card["license_name"], card["license_link"]) == (
        "other",
        "cc-by-4.0-annotations-tass-text",
        "LICENSE.md",
    )
    assert (DATASET / card["license_link"]).is_file()
    text = (DATASET / "README.md").read_text(encoding="utf-8")
    for section in (
        "## Motivation",
        "## Composition",
        "## Collection and annotation",
        "## Uses and limits",
        "## Distribution",
        "## Maintenance",
        "## Citation",
    ):
        assert section in text
    assert "GUIDELINES.md" in text
    articles = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((DATASET / "articles").glob("*.json"))
    ]
    for a in articles:
        assert a["document"]["rights"] in text


def test_datapackage_keys_match_the_table_specs():
    package = json.loads((DATASET / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == list(TABLE_NAMES)
    for name, spec in TABLES.items():
        schema = resources[name]["schema"]
        assert schema["primaryKey"] == list(spec.primary_key)
        assert [
            (fk["fields"][0], fk["reference"]["resource"]) for fk in schema.get("foreignKeys", [])
        ] == [(fk.column, fk.table) for fk in spec.foreign_keys]
        digest = hashlib.sha256((DATASET / resources[name]["path"]).read_bytes()).hexdigest()
        assert resources[name]["hash"] == f"sha256:{digest}"


def test_croissant_file_objects_carry_the_file_hashes():
    meta = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))
    hashes = {f["contentUrl"]: f["sha256"] for f in meta["distribution"]}
    assert hashes == {
        f"parquet/{n}.parquet": hashlib.sha256(
            (DATASET / "parquet" / f"{n}.parquet").read_bytes()
        ).hexdigest()
        for n in TABLE_NAMES
    }
    assert [r["name"] for r in meta["recordSet"]] == list(TABLE_NAMES)


def test_changelog_names_the_current_versions():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__} \u2014 {RELEASE_DATE}" in text
    assert f"schema {SCHEMA_VERSION}" in text


def test_citation_cff_names_the_current_version():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == __version__
    assert str(cff["date-released"]) == RELEASE_DATE
    assert cff["cff-version"] == "1.2.0"


def test_guideline_agreement_counts_matches_and_disagreements():
    from kuril_data.publish.quality import agreement

    def rec(start, end, **kw):
        return {"span_start": start, "span_end": end, **kw}

    article = {
        "quotes": [
            rec(0, 5, speaker_id="a", quote_type="direct"),
            rec(10, 20, speaker_id="b", quote_type="indirect"),
        ],
        "events": [
            rec(30, 35, status="occurred", date="2019"),
            rec(40, 45, status="planned", date=None),
        ],
    }
    blind = {
        "quotes": [
            rec(0, 5, speaker="a", quote_type="mixed"),
            rec(11, 20, speaker="b", quote_type="indirect"),
        ],
        "events": [
            rec(31, 33, status="occurred", date="2019-11"),
            rec(50, 52, status="planned", date=None),
        ],
    }
    result = agreement(blind, article)
    assert result["quotes"] == (2, 2, 1) and result["quote_span_f1"] == 0.5
    assert (result["speaker"], result["quote_type"]) == ((1, 1), (0, 1))
    assert (result["events"], result["status"], result["date"]) == ((2, 2, 1), (1, 1), (0, 1))


def test_disagreements_name_each_difference_by_a_stable_key():
    from kuril_data.publish.quality import disagreements

    def rec(start, end, **kw):
        return {"span_start": start, "span_end": end, **kw}

    article = {
        "document": {"text": "x" * 60},
        "quotes": [
            rec(0, 5, quote_id="q-a", speaker_id="a", quote_type="direct"),
            rec(10, 20, quote_id="q-b", speaker_id="b", quote_type="indirect"),
        ],
        "events": [
            rec(30, 35, event_id="ev-a", text="xxxxx", status="occurred", date="2019"),
            rec(40, 45, event_id="ev-b", text="xxxxx", status="planned", date=None),
        ],
    }
    blind = {
        "quotes": [rec(0, 5, speaker="c", quote_type="direct")],
        "events": [
            rec(31, 33, text="xx", status="planned", date="2019"),
            rec(50, 52, text="xx", status="planned", date=None),
        ],
    }
    assert [k for k, _ in disagreements(blind, article)] == [
        "quote-speaker:q-a",
        "quote-dataset-only:q-b",
        "event-status:ev-a",
        "event-blind-only:50-52",
        "event-dataset-only:ev-b",
    ]


def test_every_disagreement_with_the_shipped_data_is_resolved_and_fixes_hold():
    """The card's claim: each disagreement has a resolution; one marked 'data fixed' alone
    no longer shows up (the data changed), one marked 'guideline sharpened' is still
    measured."""
    from kuril_data.publish.quality import BLIND, RESOLUTIONS, disagreements

    blind = json.loads((DATASET / BLIND).read_text(encoding="utf-8"))
    article = json.loads(ARTICLES[0].read_text(encoding="utf-8"))
    resolved = json.loads((DATASET / RESOLUTIONS).read_text(encoding="utf-8"))["resolved"]
    current = {k for k, _ in disagreements(blind, article)}
    by_key = {r["key"]: r["resolution"] for r in resolved}
    assert sorted(current - set(by_key)) == []
    assert sorted(k for k, r in by_key.items() if r.startswith("data fixed") and k in current) == []
    assert "not yet resolved" not in (DATASET / "README.md").read_text(encoding="utf-8")


def test_card_reports_the_blind_annotation_agreement():
    card = (DATASET / "README.md").read_text(encoding="utf-8")
    assert "## Data quality" in card
    assert "| quote content span F1 (exact offsets) |" in card

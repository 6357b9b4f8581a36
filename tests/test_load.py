"""load_dataset(): offline, lazy, verified, typed; clear errors; cheap package import."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping

import pyarrow as pa
import pytest
from helpers import DATASET, copy_dataset, expected_counts, run_cli
from helpers import canonical_corpus as canonical

from kuril_data import models
from kuril_data.cli import main
from kuril_data.load import DatasetError, UnknownTableError, load_dataset
from kuril_data.publish.tables import TABLE_NAMES


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout


def test_import_loads_no_heavy_library_and_reads_no_data_file():
    out = _run(
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' else None)\n"
        "import kuril_data\n"
        "heavy = sorted(m for m in ('pyarrow', 'pandas', 'polars', 'pydantic') if m in sys.modules)\n"
        "data = [p for p in opened if not p.endswith(('.py', '.pyc')) and 'kuril_data' in p]\n"
        "print(heavy, data)\n"
    )
    assert out.strip() == "[] []"


def test_loading_uses_parquetfile_not_the_dataset_module():
    out = _run(
        "import sys\nfrom kuril_data import load_dataset\nds = load_dataset()\n"
        "[ds[n] for n in ds]\nprint('pyarrow.dataset' in sys.modules, "
        "'pandas' in sys.modules)\n"
    )
    assert out.strip() == "False False"


def test_packaged_dataset_is_a_mapping_of_the_section_5_tables():
    ds = load_dataset()
    assert isinstance(ds, Mapping)
    assert list(ds) == list(TABLE_NAMES)
    assert all(isinstance(ds[n], pa.Table) for n in ds)


def test_row_counts_match_the_canonical_json():
    assert load_dataset().counts() == expected_counts()


def test_checkout_folder_and_its_root_load_the_same():
    assert load_dataset(DATASET).counts() == load_dataset(DATASET.parent).counts()


def test_dataset_is_read_only():
    ds = load_dataset()
    with pytest.raises(TypeError):
        ds["quotes"] = ds["facts"]  # type: ignore[index]


def test_tables_are_read_lazily():
    ds = load_dataset()
    ds["quotes"]
    assert list(ds._tables) == ["quotes"]


@pytest.mark.parametrize(
    "name,key",
    [("mentions", "mentions"), ("quotes", "quotes"), ("events", "events"), ("facts", "facts")],
)
def test_records_equal_the_canonical_annotations(name, key):
    articles, _ = canonical()
    model = {
        "mentions": models.Mention,
        "quotes": models.Quote,
        "events": models.Event,
        "facts": models.Fact,
    }[name]
    expected = [model.model_validate_json(json.dumps(r)) for a in articles for r in a[key]]
    assert load_dataset().records(name) == expected


def test_entity_records_equal_the_registry():
    _, entities = canonical()
    assert (
        load_dataset().records("entities")
        == models.EntitiesFile.model_validate_json(json.dumps(entities)).entities
    )


def test_document_records_are_document_models_with_paragraphs():
    articles, _ = canonical()
    expected = [models.Document.model_validate_json(json.dumps(a["document"])) for a in articles]
    assert load_dataset().records("documents") == expected


def test_unknown_table_lists_the_valid_names():
    with pytest.raises(UnknownTableError) as exc:
        load_dataset()["quote"]
    assert str(exc.value) == "no table 'quote'; the tables are: " + ", ".join(TABLE_NAMES)
    assert isinstance(exc.value, KeyError)
    assert load_dataset().get("quote") is None


def test_wrong_path_is_a_clear_error(tmp_path):
    with pytest.raises(DatasetError, match="no such folder"):
        load_dataset(tmp_path / "missing")


def test_folder_without_tables_is_a_clear_error(tmp_path):
    with pytest.raises(DatasetError, match="run `kuril-data build`"):
        load_dataset(tmp_path)


def test_missing_checksum_list_is_a_clear_error(tmp_path):
    folder = copy_dataset(tmp_path)
    (folder / "SHA256SUMS").unlink()
    with pytest.raises(DatasetError, match="SHA256SUMS: missing"):
        load_dataset(folder)


@pytest.mark.parametrize("rel", ["parquet/quotes.parquet", "entities.json", "README.md"])
def test_a_flipped_byte_is_an_error_naming_the_file(tmp_path, rel):
    folder = copy_dataset(tmp_path)
    data = bytearray((folder / rel).read_bytes())
    data[len(data) // 2] ^= 0x01
    (folder / rel).write_bytes(bytes(data))
    with pytest.raises(DatasetError) as exc:
        load_dataset(folder)
    assert f"{folder / rel}: checksum mismatch" in str(exc.value)


def test_missing_table_file_is_an_error_naming_it(tmp_path):
    folder = copy_dataset(tmp_path)
    (folder / "parquet" / "facts.parquet").unlink()
    with pytest.raises(DatasetError, match="facts.parquet: listed in SHA256SUMS but missing"):
        load_dataset(folder)


def test_corrupt_table_without_verification_is_a_clear_error(tmp_path):
    folder = copy_dataset(tmp_path)
    (folder / "parquet" / "facts.parquet").write_bytes(b"not parquet")
    ds = load_dataset(folder, verify=False)
    with pytest.raises(DatasetError, match="facts.parquet: not a readable Parquet file"):
        ds["facts"]


def test_to_pandas_and_to_polars_give_the_table_rows():
    ds = load_dataset()
    assert ds.to_pandas("mentions").shape == (ds["mentions"].num_rows, ds["mentions"].num_columns)
    assert ds.to_polars("mentions").shape == (ds["mentions"].num_rows, ds["mentions"].num_columns)


@pytest.mark.parametrize("extra", ["pandas", "polars"])
def test_missing_extra_names_it(monkeypatch, extra):
    monkeypatch.setitem(sys.modules, extra, None)
    with pytest.raises(DatasetError, match=rf"pip install 'kuril-data\[{extra}\]'"):
        getattr(load_dataset(), f"to_{extra}")("quotes")


def test_repr_is_compact_and_names_the_counts():
    ds = load_dataset()
    counts = ", ".join(f"{n}={c}" for n, c in expected_counts().items())
    assert repr(ds) == f"<kuril-data {ds.metadata()['dataset_version']} at {ds.path}: {counts}>"
    assert "<table>" in ds._repr_html_()


def test_info_prints_title_counts_versions_and_checksum_status():
    result = run_cli("info")
    assert result.code == 0
    out = result.out
    articles, _ = canonical()
    assert articles[0]["document"]["title"] in out
    width = max(map(len, expected_counts()))
    for name, n in expected_counts().items():
        assert f"  {name:<{width}}  {n:>6} row{'s' * (n != 1)}\n" in out
    assert "      1 row\n" in out  # one document: no "1 rows"
    assert "checksums: OK" in out


def test_info_reports_a_corrupt_file(tmp_path):
    folder = copy_dataset(tmp_path)
    (folder / "entities.json").write_bytes(b"{}")
    result = run_cli("info", "--dataset", folder)
    assert result.code == 1
    assert f"{folder / 'entities.json'}: checksum mismatch" in result.out


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_writes_every_table(tmp_path, fmt):
    assert main(["export", "--format", fmt, "--out", str(tmp_path)]) == 0
    counts = expected_counts()
    for name in TABLE_NAMES:
        text = (tmp_path / f"{name}.{fmt}").read_text(encoding="utf-8")
        if fmt == "jsonl":
            assert len(text.splitlines()) == counts[name]
        else:
            import csv
            import io

            assert len(list(csv.reader(io.StringIO(text)))) == counts[name] + 1


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_export_jsonl_rows_equal_the_table_rows(tmp_path, name):
    """Every table, dates included (ISO strings in JSON Lines)."""
    main(["export", "--format", "jsonl", "--out", str(tmp_path)])
    rows = [
        json.loads(line)
        for line in (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    expected = json.loads(
        json.dumps(load_dataset()[name].to_pylist(), default=lambda d: d.isoformat())
    )
    assert rows == expected


def _rewrite_sums(folder, edit):
    sums = folder / "SHA256SUMS"
    sums.write_text(edit(sums.read_text(encoding="utf-8")), encoding="utf-8")


def test_an_emptied_checksum_list_cannot_hide_a_tampered_table(tmp_path):
    folder = copy_dataset(tmp_path)
    (folder / "parquet" / "facts.parquet").write_bytes(b"tampered")
    _rewrite_sums(folder, lambda text: "")
    with pytest.raises(DatasetError, match="does not list parquet/documents.parquet"):
        load_dataset(folder)


@pytest.mark.parametrize(
    "line",
    [
        "0" * 64 + "  ../outside.txt",
        "0" * 64 + "  /etc/passwd",
        "xyz  parquet/facts.parquet",
        "0" * 63 + "  parquet/facts.parquet",
    ],
)
def test_a_checksum_line_outside_the_dataset_or_malformed_is_refused(tmp_path, line):
    folder = copy_dataset(tmp_path)
    _rewrite_sums(folder, lambda text: text + line + "\n")
    with pytest.raises(DatasetError, match="not a `sha256sum` line"):
        load_dataset(folder)


def test_binary_mode_checksum_lines_are_accepted(tmp_path):
    folder = copy_dataset(tmp_path)
    _rewrite_sums(folder, lambda text: text.replace("  parquet/", " *parquet/"))
    assert load_dataset(folder).counts() == expected_counts()


@pytest.mark.parametrize("damage", ["not utf-8", "a folder"])
def test_an_unreadable_checksum_list_is_a_clear_error(tmp_path, damage):
    folder = copy_dataset(tmp_path)
    sums = folder / "SHA256SUMS"
    if damage == "a folder":
        sums.unlink()
        sums.mkdir()
    else:
        sums.write_bytes(b"\xff\xfe" + sums.read_bytes())
    with pytest.raises(DatasetError, match="SHA256SUMS: unreadable"):
        load_dataset(folder)
    assert main(["info", "--dataset", str(folder)]) != 0


def test_a_flipped_byte_in_an_article_source_fails_full_verification_only(tmp_path):
    folder = copy_dataset(tmp_path)
    path = next((folder / "articles").glob("*.json"))
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(DatasetError, match=f"{path}: checksum mismatch"):
        load_dataset(folder)
    assert load_dataset(folder, verify="tables").counts() == expected_counts()


def test_records_of_one_document_are_those_with_its_doc_id():
    ds = load_dataset()
    doc_id = ds["documents"]["doc_id"][0].as_py()
    assert ds.records("quotes", doc_id=doc_id) == ds.records("quotes")
    assert ds.records("events", doc_id="no-such-document") == []
    assert len(ds.records("entities", doc_id=doc_id)) == ds["entities"].num_rows


def test_doc_id_columns_are_never_null():
    ds = load_dataset()
    for name in ds:
        if "doc_id" in ds[name].column_names:
            assert ds[name].schema.field("doc_id").nullable is False, name

"""Corpus scale: synthetic corpora, parallel validation, streaming and partitioned builds."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from helpers import run_cli, snapshot

from kuril_data.cli import main
from kuril_data.publish.build import manifest_digest, source_files, source_hashes, write_tables
from kuril_data.publish.tables import TABLE_NAMES, Corpus, build_table, entity_rows, to_records
from kuril_data.validation import Source, _parsing, _runner, validate, validate_sources

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("synth_corpus", ROOT / "scripts" / "synth_corpus.py")
synth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synth)


def _corpus(path: Path, n: int, invalid: int = 0, seed: int = 0) -> Path:
    synth.write_corpus(path, n, invalid, seed, ROOT / "dataset")
    return path


def _rows(report) -> list[tuple]:
    return [(e.file, e.code, e.pointer, e.line, e.column, e.message) for e in report.findings]


# ---------------------------------------------------------------------------- synthesis


def test_synthetic_corpus_is_valid_with_no_warnings(tmp_path):
    folder = _corpus(tmp_path / "c", 12)
    report = validate([folder])
    assert report.findings == []
    assert len(report.files) == 13


def test_synthetic_corpus_is_deterministic_from_the_seed(tmp_path):
    a = snapshot(_corpus(tmp_path / "a", 5, invalid=2, seed=7))
    b = snapshot(_corpus(tmp_path / "b", 5, invalid=2, seed=7))
    c = snapshot(_corpus(tmp_path / "c", 5, invalid=2, seed=8))
    assert a == b
    assert a != c


def test_synthetic_articles_vary_in_year_outlet_and_text(tmp_path):
    folder = _corpus(tmp_path / "c", 12)
    docs = [
        json.loads(p.read_text(encoding="utf-8"))["document"]
        for p in sorted((folder / "articles").glob("*.json"))
    ]
    assert len({d["published"][:4] for d in docs}) > 1
    assert len({d["outlet_id"] for d in docs}) > 1
    assert len({d["text_sha256"] for d in docs}) == len(docs)


def test_invalid_synthetic_articles_have_their_one_defect_each(tmp_path):
    folder = _corpus(tmp_path / "c", 3, invalid=5)
    report = validate([folder])
    assert sorted(e.code for e in report.findings) == sorted(synth.DEFECTS)


# ---------------------------------------------------------------------------- --jobs


def test_two_processes_give_the_same_report_as_one(tmp_path):
    folder = _corpus(tmp_path / "c", 8, invalid=5)
    one, two = validate([folder], jobs=1), validate([folder], jobs=2)
    assert {e.code for e in one.findings} == set(synth.DEFECTS)
    assert _rows(two) == _rows(one)
    assert two.files == one.files


def test_an_id_repeated_in_another_file_names_the_first_place(tmp_path):
    folder = _corpus(tmp_path / "c", 3)
    paths = sorted((folder / "articles").glob("*.json"))
    first = json.loads(paths[0].read_text(encoding="utf-8"))
    last = json.loads(paths[2].read_text(encoding="utf-8"))
    last["facts"][1]["fact_id"] = first["facts"][0]["fact_id"]
    paths[2].write_text(json.dumps(last, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for jobs in (1, 2):
        report = validate([folder], jobs=jobs)
        assert [(e.file, e.code, e.pointer) for e in report.findings] == [
            (str(paths[2]), "duplicate-id", "/facts/1/fact_id")
        ]
        assert f"{paths[0]}#/facts/0/fact_id" in report.findings[0].message


def test_cli_jobs_option_gives_the_same_output(tmp_path):
    folder = _corpus(tmp_path / "c", 4, invalid=2)
    one = run_cli("validate", folder, "--format", "json", "--jobs", 1)
    two = run_cli("validate", folder, "--format", "json", "--jobs", 2)
    assert (one.code, two.code) == (1, 1)
    assert two.out == one.out


class _Counting(list):
    """Targets that count how many the pool has taken (read in this process)."""

    fed = 0

    def __iter__(self):
        for i, target in enumerate(list.__iter__(self)):
            self.fed = i + 1
            yield target


def _echo(target):
    return target


def test_workers_are_handed_a_bounded_number_of_targets_ahead_of_the_reader():
    """Results cannot pile up in memory when the reader is slower than the workers."""
    import time

    targets = _Counting(range(4000))
    results = _runner._results(_echo, targets, 2, None)
    assert next(results) == 0
    time.sleep(1)  # the workers could have finished everything by now
    window = 2 * 64 * 4  # jobs * chunk * 4 (chunk: 64 for 4000 targets and 2 jobs)
    assert window <= targets.fed <= window + 64
    assert list(results) == list(range(1, 4000))
    assert targets.fed == 4000


def test_a_reader_that_stops_early_ends_the_workers():
    targets = _Counting(range(4000))
    results = _runner._results(_echo, targets, 2, None)
    assert next(results) == 0
    results.close()  # the feeder may be waiting for room: it must not block the pool
    assert targets.fed < 4000


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(_runner, "PROGRESS_MIN_FILES", 1)
    folder = _corpus(tmp_path / "c", 3)
    result = run_cli("validate", folder)
    assert result.code == 0
    assert result.err == "kuril-data validate: valid: 0 errors, 0 warnings in 4 files\n"


def test_progress_bar_on_a_terminal_for_a_long_run(tmp_path, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(_runner, "PROGRESS_MIN_FILES", 1)
    folder = _corpus(tmp_path / "c", 3)
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)  # where tqdm writes
    assert main(["validate", str(folder)], stdout=io.StringIO(), stderr=err) == 0
    assert "validate:" in err.getvalue() and "file/s" in err.getvalue()


# ---------------------------------------------------------------------------- fast path


def _article_bytes(article: dict) -> bytes:
    return (json.dumps(article, ensure_ascii=False, indent=2) + "\n").encode()


def _both_paths(entities: bytes, article: bytes, monkeypatch) -> tuple[list, list]:
    """The findings of a registry and an article, with the fast path and without it."""
    sources = [
        Source("entities.json", entities, "entities"),
        Source("article.json", article, "article"),
    ]
    fast = _rows(validate_sources(sources))
    monkeypatch.setattr(_parsing, "_parse_fast", lambda src: None)
    return fast, _rows(validate_sources(sources))


@pytest.mark.parametrize(
    "mutate",
    ["duplicate key", "float offset", "escaped colon", "bool offset", "enrichment without note"],
)
def test_fast_path_and_exact_path_agree(article, entities, mutate, monkeypatch):
    raw = _article_bytes(article)
    if mutate == "duplicate key":
        raw = raw.replace(b'"metonymy": false', b'"metonymy": false, "metonymy": false', 1)
    elif mutate == "float offset":
        article["mentions"][3]["span_start"] = float(article["mentions"][3]["span_start"])
        raw = _article_bytes(article)
    elif mutate == "escaped colon":
        raw = raw.replace(b":", b"\\u003a").replace(b'"\\u003a ', b'": ')
    elif mutate == "enrichment without note":
        enriched = next(ev for ev in article["events"] if ev["enrichment"])
        del enriched["enrichment"][0]["note"]
        raw = _article_bytes(article)
    elif mutate == "bool offset":
        article["document"]["paragraphs"][0]["span_start"] = False
        raw = _article_bytes(article)
    ent = _article_bytes(entities)
    fast, exact = _both_paths(ent, raw, monkeypatch)
    assert fast == exact
    assert (fast == []) == (mutate in ("escaped colon", "enrichment without note"))


@pytest.mark.parametrize(
    "mutate",
    [
        "none",
        "duplicate key",
        "escaped colon",
        "string for a boolean",
        "unknown field",
        "missing name",
        "unknown part_of",
        "entity id twice",
    ],
)
def test_fast_path_and_exact_path_agree_on_the_registry(article, entities, mutate, monkeypatch):
    raw = _article_bytes(article)
    if mutate == "string for a boolean":
        holder = next(e for e in entities["entities"] if e["external_ids"])
        holder["external_ids"][0]["enrichment"] = "true"
    elif mutate == "unknown field":
        entities["entities"][1]["nickname"] = "x"
    elif mutate == "missing name":
        del entities["entities"][2]["name"]
    elif mutate == "unknown part_of":
        entities["entities"][0]["part_of"] = ["no-such-entity"]
    elif mutate == "entity id twice":
        entities["entities"].append(dict(entities["entities"][0]))
    ent = _article_bytes(entities)
    if mutate == "duplicate key":
        ent = ent.replace(b'"roles": []', b'"roles": [], "roles": []', 1)
    elif mutate == "escaped colon":
        ent = ent.replace(b":", b"\\u003a").replace(b'"\\u003a ', b'": ')
    fast, exact = _both_paths(ent, raw, monkeypatch)
    assert fast == exact
    assert (fast == []) == (mutate in ("none", "escaped colon"))


def test_a_valid_registry_takes_the_fast_path(entities):
    f = _parsing.parse(Source("entities.json", _article_bytes(entities), "entities"))
    assert (f.kind, f.clean, f.usable, f.errors) == ("entities", True, True, [])


def test_validating_a_clean_dataset_does_not_import_pydantic():
    """The fast path decides a clean dataset alone, its registry included."""
    import subprocess

    code = (
        "import sys; from pathlib import Path; from kuril_data.validation import validate; "
        f"print(validate([Path({str(ROOT / 'dataset')!r})]).findings, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[] False\n"


@pytest.mark.parametrize(
    ("values", "twice"),
    [
        ([], set()),
        ([5, 3, 5, 5, -1, 3], {3, 5}),
        ([*range(1000), -1, -2, -1], {-1}),
        (list(range(200_000)), set()),  # past 100,000: sorted by numpy
        ([*range(200_000), -1, -2, -1, 7], {-1, 7}),
    ],
    ids=["none", "small", "1,003 values", "200,000 distinct", "200,004 values"],
)
def test_repeated_finds_the_values_that_occur_more_than_once(values, twice):
    from array import array

    from kuril_data.validation._corpus import repeated

    assert repeated(array("q", values)) == twice


@pytest.mark.parametrize(
    ("mutate", "vouched"),
    [
        ("none", True),
        ("duplicate key", False),
        ("duplicate key in a nested list", False),
        ("escaped colon", True),
        ("space before colons", True),
        ("duplicate key and an escaped backslash before u003a", False),
        ("float offset", False),
        ("bool offset", False),
    ],
)
def test_the_fast_path_vouches_only_for_text_without_duplicate_keys_or_non_integers(
    article, mutate, vouched
):
    """``_plain`` compares the raw text's colons with those orjson writes back."""
    import orjson

    raw = _article_bytes(article)
    if mutate == "duplicate key":
        raw = raw.replace(b'"metonymy": false', b'"metonymy": false, "metonymy": false', 1)
    elif mutate == "duplicate key in a nested list":
        raw = raw.replace(b'"role": "', b'"role": "x", "role": "', 1)
    elif mutate == "escaped colon":
        raw = raw.replace(b":", b"\\u003a").replace(b'"\\u003a ', b'": ')
    elif mutate == "space before colons":
        raw = raw.replace(b'": ', b'" : ')
    elif mutate == "duplicate key and an escaped backslash before u003a":
        raw = raw.replace(b'"metonymy": false', b'"metonymy": false, "metonymy": false', 1)
        raw = raw.replace(b'"text": "', b'"text": "\\\\u003a', 1)
    elif mutate == "float offset":
        article["mentions"][3]["span_start"] = float(article["mentions"][3]["span_start"])
        raw = _article_bytes(article)
    elif mutate == "bool offset":
        article["document"]["paragraphs"][0]["span_start"] = False
        raw = _article_bytes(article)
    assert _parsing._plain(orjson.loads(raw), raw) is vouched


def _clean_check(article: dict, entities: dict):
    from kuril_data.validation.rules import Check

    f = _parsing.FileState(
        Source("a.json", b"", "article"), "article", data=article, usable=True, clean=True
    )
    registry = {
        e["entity_id"]: {"entity_type": e["entity_type"], "part_of": e["part_of"]}
        for e in entities["entities"]
    }
    return Check(f, registry, "ok")


def _swap(data: dict, ptr: str, value):
    """Set the value at a JSON pointer; return the old one."""
    from kuril_data.validation.report import split_pointer

    *path, last = split_pointer(ptr)
    for part in path:
        data = data[int(part)] if isinstance(data, list) else data[part]
    key = int(last) if isinstance(data, list) else last
    old, data[key] = data[key], value
    return old


def test_bulk_reference_checks_fail_for_every_reference_the_located_checks_read(article, entities):
    """The bulk accept of references_resolve must say no wherever the located check
    would report: one unknown (or wrongly typed) value at each pointer it reads."""
    from kuril_data.validation.rules import references

    assert references._entity_refs_resolve(_clean_check(article, entities))
    assert references._local_refs_resolve(_clean_check(article, entities))
    person = next(e["entity_id"] for e in entities["entities"] if e["entity_type"] == "person")
    entity_refs = list(references._entity_refs(_clean_check(article, entities)))
    assert len(entity_refs) > 500
    for ptr, _value, typed in entity_refs:
        for wrong in ("no-such-entity", *((person,) if typed else ())):
            old = _swap(article, ptr, wrong)
            assert not references._entity_refs_resolve(_clean_check(article, entities)), ptr
            _swap(article, ptr, old)
    local_refs = [r for r in references._local_refs(_clean_check(article, entities)) if r[2]]
    assert len(local_refs) > 50
    for ptr, _kind, _value in local_refs:
        old = _swap(article, ptr, "no-such-record")
        assert not references._local_refs_resolve(_clean_check(article, entities)), ptr
        _swap(article, ptr, old)


def test_bulk_span_check_fails_for_every_span_the_located_check_reads(article, entities):
    from kuril_data.validation.rules import spans

    assert spans._spans_hold(_clean_check(article, entities))
    places = [("/document/dateline", "text")]
    places += [
        (f"/document/paragraphs/{i}", "text") for i in range(len(article["document"]["paragraphs"]))
    ]
    for name in ("mentions", "quotes", "events", "facts"):
        places += [(f"/{name}/{i}", "text") for i in range(len(article[name]))]
    places += [(f"/quotes/{i}", "cue") for i in range(len(article["quotes"]))]
    for base, key in places:
        old = _swap(article, f"{base}/{key}", "x")
        assert not spans._spans_hold(_clean_check(article, entities)), base + "/" + key
        _swap(article, f"{base}/{key}", old)


def test_bulk_id_hashes_are_the_hashes_of_every_defined_id(article, entities):
    from array import array

    from kuril_data.validation import _corpus

    f = _clean_check(article, entities).file
    expected = array("q", [_corpus.id_hash(rid) for rid, _ in _corpus.defined_ids(f)])
    assert _corpus.id_hashes(f) == expected and len(expected) > 250


@pytest.mark.parametrize(
    "text",
    [
        "1945",
        "2019-12",
        "2019-11-24",
        "2020-02-29",
        "1950~/..",
        "2018-11-14?",
        "/1956-10-19",
        "2019-11-22/2019-11-23",
        "2019-11-23/..",
        "../2019-12",
        "1945/",
        "2019-02-29",
        "2019-13",
        "2019/2018",
        "19XX",
        "[1945..]",
        "[..1956-10-19]",
        "[2019-11-22,2019-11-23]",
        "[2019-11-23,2019-11-22]",
        "[1945..1956]",
        "[1945,1950..1956]",
        "[1945~..]",
        "[..]",
        "[1945..,1950]",
        "[1950,..1945]",
        "[2019-02-30]",
        "[]",
        "[2019-12..]",
    ],
)
def test_edtf_fast_path_agrees_with_the_edtf_package(text, monkeypatch):
    from kuril_data import _dates as dates

    def slow():
        dates.bounds.cache_clear()
        try:
            return dates.bounds(text)
        except dates.InvalidEdtf:
            return "invalid"

    fast = slow()
    monkeypatch.setattr(dates, "_fast_bounds", lambda t: None)
    assert slow() == fast
    dates.bounds.cache_clear()


# ---------------------------------------------------------------------------- build


def _built_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for sub in ("parquet", "csv", "derived")
        for p in sorted((folder / sub).rglob("*"))
        if p.is_file()
    } | {"SHA256SUMS": (folder / "SHA256SUMS").read_bytes()}


def test_build_writes_the_same_bytes_with_one_or_two_processes(tmp_path):
    one = _corpus(tmp_path / "one", 40, seed=3)
    two = _corpus(tmp_path / "two", 40, seed=3)
    assert run_cli("build", "--dataset", one, "--jobs", 1).code == 0
    assert run_cli("build", "--dataset", two, "--jobs", 2).code == 0
    assert _built_files(two) == _built_files(one)


@pytest.mark.parametrize("replicas", [False, True])
def test_every_csv_copy_holds_csv_cell_of_each_value_of_its_parquet_table(tmp_path, replicas):
    import csv

    from kuril_data.publish.export import csv_cell

    folder = tmp_path / "c"
    synth.write_corpus(folder, 5, 0, 0, ROOT / "dataset", replicas=replicas)
    assert run_cli("build", "--dataset", folder).code == 0
    for name in TABLE_NAMES:
        table = pq.read_table(folder / "parquet" / f"{name}.parquet")
        text = (folder / "csv" / f"{name}.csv").read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows[0] == table.column_names
        assert rows[1:] == [
            [str(csv_cell(v, spreadsheet_safe=False)) for v in row.values()]
            for row in table.to_pylist()
        ], name


def _tables(folder: Path) -> dict:
    return {n: pq.ParquetFile(folder / "parquet" / f"{n}.parquet").read() for n in TABLE_NAMES}


class _Kept:
    prepare = None

    def __init__(self):
        self.passes, self.names = 0, []

    def start(self):
        self.passes += 1
        self.names = []

    def add(self, index, name, article):
        self.names.append(article["document"]["doc_id"])


@pytest.mark.parametrize("jobs", [1, 2])
def test_validation_hands_the_build_each_article_without_errors_once_with_the_same_report(
    tmp_path, jobs
):
    from kuril_data.validation import validate_keeping

    folder = _corpus(tmp_path / "c", 6, invalid=5)
    kept = _Kept()
    report = validate_keeping([folder], kept, jobs=jobs)
    assert _rows(report) == _rows(validate([folder]))
    # an id repeated in another file is found across files, after the article was kept
    bad = {Path(e.file).stem for e in report.errors if e.code != "duplicate-id"}
    valid = sorted(p.stem for p in (folder / "articles").glob("*.json") if p.stem not in bad)
    assert kept.passes == 1 and kept.names == valid and len(valid) == 7
    assert report.errors


@pytest.mark.parametrize(
    ("published", "outlet", "key", "value"),
    [
        ("2019-11-24", "tass", "year", "2019"),
        ("0956-10-19", "tass", "year", "956"),
        ("2019-11-24", "synthetic-agency-east", "outlet", "synthetic-agency-east"),
    ],
)
def test_partition_values_are_the_year_as_a_number_or_the_outlet(published, outlet, key, value):
    from kuril_data.publish.build import _partition

    assert _partition({"published": published, "outlet_id": outlet}, key) == value


def test_tables_from_the_parsed_json_hold_what_the_models_parse(tmp_path):
    """The build reads cells from the JSON validation parsed, not from models: read back
    into models, every table gives the records pydantic parses from the files."""
    from kuril_data.models import ArticleFile, EntitiesFile

    folder = _corpus(tmp_path / "c", 5)
    files = source_files(folder)
    write_tables(folder, tmp_path / "out", manifest_digest(source_hashes(folder, files)))
    tables = _tables(tmp_path / "out")
    articles = [ArticleFile.model_validate_json(f.read_bytes()) for f in files[1:]]
    expected = {
        "documents": [a.document for a in articles],
        "entities": EntitiesFile.model_validate_json(files[0].read_bytes()).entities,
        **{
            n: [r for a in articles for r in getattr(a, n)]
            for n in ("mentions", "quotes", "events", "facts")
        },
    }
    for name, records in expected.items():
        assert to_records(name, tables.__getitem__) == records, name


def test_streaming_build_equals_the_in_memory_tables(tmp_path):
    from kuril_data.models import EntitiesFile

    folder = _corpus(tmp_path / "c", 7)
    files = source_files(folder)
    digest = manifest_digest(source_hashes(folder, files))
    write_tables(folder, tmp_path / "streamed", digest, batch=2)
    streamed = _tables(tmp_path / "streamed")
    corpus = Corpus(
        [json.loads(f.read_bytes()) for f in files[1:]],
        entity_rows(EntitiesFile.model_validate_json(files[0].read_bytes())),
    )
    for name in TABLE_NAMES:
        whole = build_table(name, corpus)
        assert streamed[name].num_rows == whole.num_rows > 0
        assert streamed[name].to_pylist() == whole.to_pylist(), name
    assert (
        pq.ParquetFile(
            tmp_path / "streamed" / "parquet" / "mentions.parquet"
        ).metadata.num_row_groups
        == 4
    )


def test_build_and_check_on_a_synthetic_corpus(tmp_path):
    folder = _corpus(tmp_path / "c", 5)
    assert run_cli("build", "--check", "--dataset", folder).code == 1
    assert run_cli("build", "--dataset", folder, "--jobs", str(2)).code == 0
    assert run_cli("build", "--check", "--dataset", folder).code == 0


@pytest.mark.parametrize("key", ["year", "outlet"])
def test_partitioned_build_has_the_rows_of_the_single_file_build(tmp_path, key):
    folder = _corpus(tmp_path / "c", 12)
    assert run_cli("build", "--dataset", folder).code == 0
    single = _tables(folder)
    out = tmp_path / "partitioned"
    assert run_cli("build", "--dataset", folder, "--partition-by", key, "--out", out).code == 0
    docs = single["documents"].to_pylist()
    expected = {str(d["published"].year) if key == "year" else d["outlet_id"] for d in docs}
    for name in TABLE_NAMES:
        parts = sorted((out / name).rglob("*.parquet"))
        assert sum(pq.ParquetFile(p).metadata.num_rows for p in parts) == single[name].num_rows, (
            name
        )
        if name != "entities":
            assert {p.parent.name for p in parts} == {f"{key}={v}" for v in expected}


def test_partitioning_needs_an_output_folder(tmp_path):
    folder = _corpus(tmp_path / "c", 1)
    before = snapshot(folder)
    result = run_cli("build", "--dataset", folder, "--partition-by", "year")
    assert result.code == 2
    assert "--out" in result.err
    assert snapshot(folder) == before


def _spark_ready() -> bool:
    return importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None


@pytest.mark.spark
@pytest.mark.skipif(not _spark_ready(), reason="needs pyspark and a Java runtime")
def test_spark_reads_a_partitioned_synthetic_corpus(tmp_path):
    from pyspark.sql import SparkSession

    folder = _corpus(tmp_path / "c", 50)
    out = tmp_path / "partitioned"
    assert run_cli("build", "--dataset", folder, "--partition-by", "year", "--out", out).code == 0
    assert run_cli("build", "--dataset", folder).code == 0
    single = _tables(folder)
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("kuril-data-scale")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        for name in TABLE_NAMES:
            frame = spark.read.parquet(str(out / name))
            assert frame.count() == single[name].num_rows, name
        years = {
            r["year"]
            for r in spark.read.parquet(str(out / "mentions")).select("year").distinct().collect()
        }
        assert years == {d["published"].year for d in single["documents"].to_pylist()}
    finally:
        spark.stop()


def test_a_built_corpus_has_the_joined_views_in_document_order(tmp_path):
    from kuril_data import load_dataset

    folder = _corpus(tmp_path / "c", 4)
    assert run_cli("build", "--dataset", folder).code == 0
    assert (folder / "views.sql").read_bytes() == (ROOT / "dataset" / "views.sql").read_bytes()
    con = load_dataset(folder).duckdb()
    rows = con.sql("SELECT doc_id, span_start FROM quote_view").fetchall()
    assert rows == sorted(rows) and len(rows) > 4

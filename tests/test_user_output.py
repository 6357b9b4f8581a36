"""What users see, byte for byte: positions in messages, escaping for terminals, GitHub
annotations, HTML and CSV, and the ``show`` read-through."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow as pa
import pytest
from helpers import DATASET, canonical, dump, run, run_cli

from kuril_data import load_dataset
from kuril_data.cli._console import safe
from kuril_data.cli.validate import github_escape, report_lines
from kuril_data.publish.export import csv_cell, write_table
from kuril_data.validation.report import Report, make
from kuril_data.view.render import esc, script_json

# ------------------------------------------------------------------ line:col


def _line_col(raw: bytes, needle: bytes) -> tuple[int, int]:
    """1-based line and column (in characters) of the first ``needle`` in ``raw``."""
    before = raw[: raw.index(needle)].decode("utf-8")
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def test_a_span_mismatch_is_placed_at_the_value_it_names():
    article, _ = canonical()
    article["mentions"][2]["text"] = "WRONG"
    raw = dump(article)
    (error,) = run(raw).findings
    assert (error.code, error.pointer) == ("span-mismatch", "/mentions/2/text")
    assert (error.line, error.column) == _line_col(raw, b'"WRONG"')


def test_a_missing_field_is_placed_at_its_record():
    article, _ = canonical()
    del article["quotes"][1]["cue"]
    raw = dump(article)
    (error,) = run(raw).findings
    quote_id = article["quotes"][1]["quote_id"].encode()
    line, _ = _line_col(raw, b'"quote_id": "' + quote_id)
    assert (error.code, error.pointer) == ("missing-field", "/quotes/1/cue")
    assert (error.line, error.column) == (line - 1, 5)  # the "{" that opens the quote


def test_text_line_is_path_line_col_severity_code_message_pointer():
    error = make("span-out-of-range", "a.json", "/mentions/0/span_end", start=1, end=9, length=5)
    error = error.__class__(**{**error.__dict__, "line": 12, "column": 7})
    assert error.render() == (
        "a.json:12:7: error span-out-of-range: span [1, 9) is not inside document.text "
        "(length 5) [/mentions/0/span_end]"
    )


# ------------------------------------------------------------------ escaping


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "plain"),
        ("bell\x07", "bell\\x07"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("cr\rlf", "cr\\x0dlf"),
        ("rtl\u202eevil", "rtl\\u202eevil"),
        ("line\u2028sep", "line\\u2028sep"),
        ("tab\tkept", "tab\tkept"),
    ],
)
def test_terminal_output_escapes_control_and_bidi_characters(text, shown):
    assert safe(text) == shown


@pytest.mark.parametrize(
    ("text", "prop", "escaped"),
    [
        ("100% sure", False, "100%25 sure"),
        ("two\nlines\r", False, "two%0Alines%0D"),
        ("a:b,c", False, "a:b,c"),
        ("a:b,c", True, "a%3Ab%2Cc"),
    ],
)
def test_github_annotation_escaping(text, prop, escaped):
    assert github_escape(text, prop) == escaped


def test_github_annotation_line_for_a_hostile_file_name():
    error = make("no-entity-registry", "odd:name,%.json", "")
    error = error.__class__(**{**error.__dict__, "line": 1, "column": 1})
    (line,) = report_lines(Report(findings=[error]), "github")
    assert line == (
        "::warning file=odd%3Aname%2C%25.json,line=1,col=1,title=no-entity-registry::"
        "no entities.json found; entity references were not checked"
    )


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
        ("Tom & 'Jerry'", "Tom &amp; &#x27;Jerry&#x27;"),
        (None, ""),
    ],
)
def test_html_escaping(text, html):
    assert esc(text) == html


@pytest.mark.parametrize("payload", ["</script><b>x", "<!--<script>", "a & b > c"])
def test_embedded_json_cannot_close_or_confuse_its_script_element(payload):
    text = script_json({"statement": payload})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"statement": payload}


# ------------------------------------------------------------------ CSV


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (dt.date(2019, 11, 24), "2019-11-24"),
        (["a", "b"], '["a", "b"]'),
        ({"k": "Кур"}, '{"k": "Кур"}'),
        (7, 7),
        ("plain text", "plain text"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
    ],
)
def test_csv_cell_values(value, cell):
    assert csv_cell(value) == cell


def test_csv_file_round_trips_through_the_csv_module(tmp_path):
    table = pa.table({"id": ["a", "b"], "flag": [True, None], "note": ["=1+1", 'say "hi"']})
    path = tmp_path / "t.csv"
    assert write_table(table, path, "csv") == 2
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows == [["id", "flag", "note"], ["a", "true", "'=1+1"], ["b", "", 'say "hi"']]


def test_published_csv_lines_are_csv_cell_of_every_value_of_the_table_built_from_the_cells():
    """The build makes the CSV lines from the JSON cells it builds the table from; each
    cell is what csv_cell gives for the value the Parquet table holds (a missing struct
    field is null there, dates are read back as dates)."""
    from kuril_data.publish.export import csv_rows

    item = pa.struct([("field", pa.string()), ("note", pa.string()), ("flag", pa.bool_())])
    types = [
        pa.string(),
        pa.int32(),
        pa.bool_(),
        pa.date32(),
        pa.list_(pa.string()),
        pa.list_(item),
    ]
    names = ["text", "number", "flag", "day", "ids", "items"]
    cells = [
        ["=1+1", None, 'say "hi"\nnext line'],
        [1, None, -3],
        [True, None, False],
        ["2019-11-24", None, "0956-10-19"],
        [["a", "Кур"], None, []],
        [[{"field": "/date"}], None, [{"note": "n", "flag": True, "field": "/x"}]],
    ]
    table = pa.Table.from_arrays(
        [
            pa.array(v, pa.string()).cast(t) if t == pa.date32() else pa.array(v, t)
            for t, v in zip(types, cells)
        ],
        names=names,
    )
    rows = list(csv.reader(io.StringIO(csv_rows(types, cells))))
    expected = [
        [str(csv_cell(v, spreadsheet_safe=False)) for v in row.values()]
        for row in table.to_pylist()
    ]
    assert rows == expected
    assert rows[0] == [
        "=1+1",
        "1",
        "true",
        "2019-11-24",
        '["a", "Кур"]',
        '[{"field": "/date", "note": null, "flag": null}]',
    ]
    assert rows[2][3:] == ["0956-10-19", "[]", '[{"field": "/x", "note": "n", "flag": true}]']


def test_export_reports_rows_with_the_right_plural(tmp_path):
    result = run_cli("export", "--format", "csv", "--out", tmp_path / "out")
    assert result.code == 0
    assert f"{tmp_path / 'out' / 'documents.csv'}: 1 row\n" in result.out
    assert "rows\n" in result.out  # the other tables have several


# ------------------------------------------------------------------ show


def test_show_prints_the_header_paragraphs_and_records_without_trailing_spaces():
    article = json.loads(next((DATASET / "articles").glob("*.json")).read_text("utf-8"))
    result = run_cli("show", "--dataset", DATASET)
    assert result.code == 0
    lines = result.out.split("\n")
    doc = article["document"]
    assert lines[0] == f"{doc['doc_id']}: {doc['title']}"
    assert lines[1] == (
        f"published {doc['published']} by {doc['outlet_id']}; {len(article['mentions'])} "
        f"mentions, {len(article['quotes'])} quotes, {len(article['events'])} events, "
        f"{len(article['facts'])} facts"
    )
    assert lines[3] == f"\u00b60 headline [0-{doc['paragraphs'][0]['span_end']}]"
    assert all(line == line.rstrip() for line in lines)
    m = article["mentions"][0]
    assert (
        f"  M {m['span_start']}-{m['span_end']} \u201c{m['text']}\u201d \u2192 {m['entity_id']}"
        in result.out
    )


def test_show_names_the_known_articles_when_asked_for_another():
    result = run_cli("show", "nope", "--dataset", DATASET)
    assert result.code == 2
    assert result.err.startswith("kuril-data show: no article 'nope' in ")
    assert "known: tass-2019-11-24-lavrov-kurils-peace-treaty" in result.err


# ------------------------------------------------------------------ analyst views


def test_path_prints_the_dataset_folder_holding_the_tables():
    result = run_cli("path")
    folder = Path(result.out.strip())
    assert result.code == 0 and result.out.endswith("\n")
    assert (folder / "parquet" / "quotes.parquet").is_file()
    assert (folder / "views.sql").is_file()


def test_duckdb_connection_has_every_table_and_the_joined_views():
    from helpers import canonical

    article, entities = canonical()
    names = {e["entity_id"]: e["name"] for e in entities["entities"]}
    con = load_dataset().duckdb()
    for name in load_dataset():
        rows = con.execute(f"SELECT count(*) FROM {name}").fetchall()
        assert rows == [(len(load_dataset()[name]),)]
    quotes = con.sql("SELECT quote_id, speaker_name, cue FROM quote_view")
    assert sorted(quotes.fetchall()) == sorted(
        (q["quote_id"], names[q["speaker_id"]], q["cue"]) for q in article["quotes"]
    )
    facts = con.sql("SELECT fact_id, asserted_by_name FROM fact_view")
    assert sorted(facts.fetchall()) == sorted(
        (f["fact_id"], names[f["asserted_by"]]) for f in article["facts"]
    )
    events = dict(con.sql("SELECT event_id, participants FROM event_view").fetchall())
    for ev in article["events"]:
        assert sorted((p["entity_id"], p["name"], p["role"]) for p in events[ev["event_id"]]) == (
            sorted((p["entity_id"], names[p["entity_id"]], p["role"]) for p in ev["participants"])
        )


def test_to_pandas_gives_date_columns_as_dates():
    frame = load_dataset().to_pandas("events")
    assert str(frame["date_earliest"].dtype).startswith("datetime64")
    assert str(load_dataset().to_pandas("documents")["published"].dtype).startswith("datetime64")


def test_metadata_is_about_the_dataset_not_a_table():
    meta = load_dataset().metadata()
    assert "table" not in meta
    assert set(meta) == {"dataset_version", "schema_version", "sources_manifest_sha256"}


def test_readme_sql_runs_against_the_printed_path():
    import duckdb

    folder = run_cli("path").out.strip()
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    sql = readme.split("SELECT q.speaker_id", 1)[1].split(";", 1)[0]
    rows = duckdb.sql(("SELECT q.speaker_id" + sql).replace("<dataset>", folder)).fetchall()
    assert len(rows) == len(load_dataset()["quotes"])


# ------------------------------------------------------------------ positions the parser gives


@pytest.mark.parametrize(
    ("raw", "code", "line", "column"),
    [
        (b'{\n  "a": [1,\n    2,, 3]}', "invalid-json", 3, 7),  # the second comma
        (b'{\n  "a": "ok",\n  "b": "\xff"}', "invalid-utf8", 3, 9),  # the bad byte
        (b'{\n  "a": [\n    ' + b"7" * 5000 + b"]}", "invalid-json", 3, 5),  # the number
        (b'{\n  "a": [\n    "x\\ud800"]}', "invalid-json", 3, 7),  # the lone surrogate
    ],
    ids=["syntax", "utf8", "long-number", "lone-surrogate"],
)
def test_parser_errors_are_placed_at_their_line_and_column(raw, code, line, column):
    (error,) = run(raw, False).findings
    assert (error.code, error.line, error.column) == (code, line, column)


def test_github_message_escapes_percent_and_newlines():
    error = make("paragraphs-not-tiling", "a.json", "/document", detail="100%\nsure\r")
    (line,) = report_lines(Report(findings=[error]), "github")
    assert line == "::error file=a.json,title=paragraphs-not-tiling::100%25%0Asure%0D [/document]"


def test_show_prints_every_quote_event_and_fact_line():
    article = json.loads(next((DATASET / "articles").glob("*.json")).read_text("utf-8"))
    out = run_cli("show", "--dataset", DATASET).out
    for q in article["quotes"]:
        assert f"  Q {q['quote_id']} [{q['quote_type']}] {q['speaker_id']}" in out
        assert f"\u00ab{q['text']}\u00bb" in out
    for e in article["events"]:
        assert (
            f"  E {e['event_id']} \u201c{e['text']}\u201d {e['event_type']} {e['status']} "
            f"({e['factuality']} per {e['asserted_by']})"
        ) in out
    for f in article["facts"]:
        assert f"  F {f['fact_id']} {f['factuality']} per {' > '.join(f['source_chain'])}: " in out

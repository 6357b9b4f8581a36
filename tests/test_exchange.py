"""Exchange formats: W3C Web Annotation, brat standoff, spaCy DocBin and the BIO view.
Each round-trips without loss, is read by a real consumer library (pyld, bioc, spaCy,
datasets), and import refuses what it cannot map, naming the place."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
from helpers import ARTICLES, DATASET, ENTITIES_PATH, copy_dataset, run_cli, snapshot

from kuril_data.exchange import brat, webanno
from kuril_data.exchange._common import ImportRefused, canonical_article
from kuril_data.exchange.files import entity_types
from kuril_data.exchange.tokens import NER_LABELS, bio_tags, flat_mentions, tokenize

TYPES = entity_types(ENTITIES_PATH)
ARTICLE_DATA = [json.loads(p.read_text(encoding="utf-8")) for p in ARTICLES]
DOC_ID = ARTICLE_DATA[0]["document"]["doc_id"]
RECORDS = sum(len(a[k]) for a in ARTICLE_DATA for k in ("mentions", "quotes", "events", "facts"))


def article() -> dict:
    return json.loads(ARTICLES[0].read_text(encoding="utf-8"))


# ----------------------------------------------------------------------- Web Annotation


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_web_annotation_round_trips_to_the_same_canonical_file(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    exported = json.loads(json.dumps(webanno.export_article(data)))
    back = canonical_article(webanno.import_collection(exported, "x.jsonld"), "x.jsonld")
    assert back == path.read_text(encoding="utf-8")


def test_web_annotation_import_puts_reordered_items_in_canonical_order():
    collection = json.loads(json.dumps(webanno.export_article(article())))
    items = collection["first"]["items"]
    collection["first"]["items"] = sorted(  # facts first, mentions last; each kind in order
        items, key=lambda i: -["mention", "quote", "event", "fact"].index(i["body"][0]["kd:kind"])
    )
    back = canonical_article(webanno.import_collection(collection, "x.jsonld"), "x")
    assert back == ARTICLES[0].read_text(encoding="utf-8")


def test_web_annotation_has_one_annotation_per_record_with_both_selectors():
    a = article()
    items = webanno.export_article(a)["first"]["items"]
    assert len(items) == sum(len(a[k]) for k in ("mentions", "quotes", "events", "facts"))
    q = a["quotes"][0]
    item = next(i for i in items if i["id"].endswith(":annotation:" + q["quote_id"]))
    assert item["target"]["selector"] == [
        {"type": "TextPositionSelector", "start": q["span_start"], "end": q["span_end"]},
        {
            "type": "TextQuoteSelector",
            "exact": q["text"],
            "prefix": "",
            "suffix": ": FM Lavrov\nNAGOYA, Nov 24, 2019",
        },
    ]
    assert item["body"][1]["value"] == "indirect quote of sergey-lavrov"
    assert item["body"][0]["kd:fields"]["speaker_id"] == "sergey-lavrov"


def test_pyld_expands_the_collection_offline_into_web_annotation_terms():
    from pyld import jsonld

    collection = webanno.export_article(article())
    expanded = jsonld.expand(collection, {"documentLoader": webanno.document_loader})
    oa = "http://www.w3.org/ns/oa#"
    items = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0][
        "http://www.w3.org/ns/activitystreams#items"
    ][0]["@list"]
    assert len(items) == len(collection["first"]["items"])
    assert {t for i in items for t in i["@type"]} == {oa + "Annotation"}
    selectors = items[0][oa + "hasTarget"][0][oa + "hasSelector"]
    assert sorted(s["@type"][0] for s in selectors) == [
        oa + "TextPositionSelector",
        oa + "TextQuoteSelector",
    ]
    nquads = jsonld.to_rdf(
        collection, {"documentLoader": webanno.document_loader, "format": "application/n-quads"}
    )
    assert nquads.count(f"<{oa}hasTarget>") == len(items)


def test_the_offline_loader_refuses_any_other_remote_context():
    with pytest.raises(ValueError, match="not available offline: https://example.org/c"):
        webanno.document_loader("https://example.org/c")


def _first(collection: dict) -> dict:
    return collection["first"]["items"][0]


WEBANNO_REFUSALS = {
    "not-a-collection": (
        lambda c: c.update(type="Annotation"),
        "x.jsonld: not an AnnotationCollection",
    ),
    "edited-text": (
        lambda c: _first(c)["target"]["selector"][1].update(exact="Tokio"),
        "x.jsonld: item 0 (urn:kuril-data:{doc}:annotation:m-tass191124-0000-japan): the "
        "TextQuoteSelector's exact text 'Tokio' differs from the text at 0-5 'Tokyo'",
    ),
    "no-position": (
        lambda c: _first(c)["target"].update(selector=[_first(c)["target"]["selector"][1]]),
        "x.jsonld: item 0 (urn:kuril-data:{doc}:annotation:m-tass191124-0000-japan): no "
        "TextPositionSelector (offsets are required)",
    ),
    "outside": (
        lambda c: _first(c)["target"]["selector"][0].update(end=10**6),
        "x.jsonld: item 0 (urn:kuril-data:{doc}:annotation:m-tass191124-0000-japan): offsets "
        "0-1000000 lie outside the text",
    ),
    "foreign-annotation": (
        lambda c: _first(c).update(body={"type": "TextualBody", "value": "a comment"}),
        "x.jsonld: item 0 (urn:kuril-data:{doc}:annotation:m-tass191124-0000-japan): needs "
        "exactly one kd:Record body (found 0); an annotation made in another tool has no "
        "record to map to",
    ),
    "unknown-kind": (
        lambda c: _first(c)["body"][0].update({"kd:kind": "relation"}),
        "x.jsonld: item 0 (urn:kuril-data:{doc}:annotation:m-tass191124-0000-japan): unknown "
        "kd:kind 'relation'",
    ),
    "other-document": (
        lambda c: _first(c)["target"].update(source="urn:kuril-data:other"),
        "x.jsonld: item 0 (urn:kuril-data:{doc}:annotation:m-tass191124-0000-japan): the "
        "target is not this collection's document (urn:kuril-data:{doc})",
    ),
    "string-offset": (
        lambda c: _first(c)["target"]["selector"][0].update(start="0"),
        "x.jsonld: item 0 (urn:kuril-data:{doc}:annotation:m-tass191124-0000-japan) "
        "TextPositionSelector: expected 'start' to be a int",
    ),
    "paged": (
        lambda c: c["first"].update(next={"type": "AnnotationPage", "items": []}),
        "x.jsonld: a paged collection; put every annotation in the first page's items",
    ),
    "total-differs": (
        lambda c: c.update(total=3),
        "x.jsonld: 'total' (3) and the items ({n}) must agree, with one annotation per record",
    ),
    "edited-motivation": (
        lambda c: _first(c).update(motivation="commenting"),
        "x.jsonld: item 0 (urn:kuril-data:{doc}:annotation:m-tass191124-0000-japan): "
        "/motivation is not what kuril-data writes for this record; only kd:fields and the "
        "selectors (offsets, with the exact text, prefix and suffix they select) can be edited",
    ),
    "extra-body": (
        lambda c: _first(c)["body"].append({"type": "TextualBody", "value": "a comment"}),
        "x.jsonld: item 0 (urn:kuril-data:{doc}:annotation:m-tass191124-0000-japan): "
        "/body/2 is not what kuril-data writes for this record; only kd:fields and the "
        "selectors (offsets, with the exact text, prefix and suffix they select) can be edited",
    ),
    "wrong-prefix": (
        lambda c: c["first"]["items"][1]["target"]["selector"][1].update(prefix="x"),
        "x.jsonld: item 1 (urn:kuril-data:{doc}:annotation:m-tass191124-0023-russia): "
        "/target/selector/1/prefix is not what kuril-data writes for this record; only "
        "kd:fields and the selectors (offsets, with the exact text, prefix and suffix they "
        "select) can be edited",
    ),
    "no-context": (
        lambda c: c.pop("@context"),
        "x.jsonld: /@context is not what kuril-data writes for this article",
    ),
}


@pytest.mark.parametrize("case", WEBANNO_REFUSALS, ids=str)
def test_web_annotation_import_refuses_what_it_cannot_map(case: str):
    mutate, message = WEBANNO_REFUSALS[case]
    collection = json.loads(json.dumps(webanno.export_article(article())))
    mutate(collection)
    with pytest.raises(ImportRefused) as exc:
        webanno.import_collection(collection, "x.jsonld")
    assert str(exc.value) == message.format(doc=DOC_ID, n=len(collection["first"]["items"]))


# ----------------------------------------------------------------------------- brat


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_brat_round_trips_to_the_same_canonical_file(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    txt, ann = brat.export_article(data, TYPES)
    back = canonical_article(brat.import_article(txt, ann, "x.ann", TYPES), "x.ann")
    assert back == path.read_text(encoding="utf-8")


def test_a_span_across_a_line_break_is_written_as_fragments_and_read_back():
    a = article()
    text = a["document"]["text"]
    fact = a["facts"][0]
    fact["span_end"] = text.index("\n", fact["span_end"]) + 10  # into the next paragraph
    fact["text"] = text[fact["span_start"] : fact["span_end"]]
    txt, ann = brat.export_article(a, TYPES)
    line = next(x for x in ann.splitlines() if x.startswith("T") and "\tFact " in x)
    start, cut, end = fact["span_start"], text.index("\n", fact["span_start"]), fact["span_end"]
    assert line.split("\t")[1] == f"Fact {start} {cut};{cut + 1} {end}"
    back = brat.import_article(txt, ann, "x.ann", TYPES)
    assert back["facts"][0] == fact


def test_bioc_reads_the_brat_files_and_its_rewrite_imports_unchanged():
    """bioc (a brat reader/writer from PyPI) parses every line; the file it writes back,
    in its own order, imports to the same article."""
    import bioc.brat as bb

    txt, ann = brat.export_article(article(), TYPES)
    doc = bb.loads(txt, ann)
    a = article()
    spans = len(a["mentions"]) + 2 * len(a["quotes"]) + len(a["events"]) + len(a["facts"]) + 1
    assert len(doc.entities) == spans
    assert len(doc.get_types(bb.BratEvent)) == len(a["events"])
    assert all(txt[e.total_span[0] : e.total_span[1]] == e.text for e in doc.entities)
    rewritten = bb.dumps_ann(doc)
    assert rewritten != ann
    back = canonical_article(brat.import_article(txt, rewritten, "bioc.ann", TYPES), "x")
    assert back == ARTICLES[0].read_text(encoding="utf-8")


def _event_line(ann: str, n: int = 1) -> str:
    return next(line for line in ann.splitlines() if line.startswith(f"E{n}\t"))


def test_a_status_changed_in_brat_is_imported():
    txt, ann = brat.export_article(article(), TYPES)
    line = next(x for x in ann.splitlines() if x.startswith("A") and " E1 " in x + " ")
    assert line.endswith("Status E1 hypothetical")
    edited = ann.replace(line, line.replace("hypothetical", "planned"))
    back = brat.import_article(txt, edited, "x.ann", TYPES)
    assert back["events"][0]["status"] == "planned"
    assert back["events"][1:] == article()["events"][1:]


BRAT_REFUSALS = {
    "normalization-line": (
        lambda ann: ann + "N1\tReference T2 Wikidata:Q17\tTokyo\n",
        "x.ann:{n}: cannot map this line (only T, E, R, A and # lines are read)",
    ),
    "fragments": (
        lambda ann: ann.replace("T2\tstate 0 5\tTokyo", "T2\tstate 0 2;3 5\tTo yo"),
        "x.ann:3: fragments are read only as one span cut at its line breaks",
    ),
    "text-differs": (
        lambda ann: ann.replace("T2\tstate 0 5\tTokyo", "T2\tstate 0 5\tTokio"),
        "x.ann:3: the annotation's text 'Tokio' differs from the text at 0-5 'Tokyo'",
    ),
    "new-annotation-without-note": (
        lambda ann: ann + "T999\tperson 85 91\tLavrov\nA999\tMentionType T999 name\n",
        "x.ann:{n1}: T999 has no AnnotatorNotes with the record's ids and fields; an "
        "annotation made in brat without one cannot be mapped",
    ),
    "wrong-entity-type": (
        lambda ann: ann.replace("T2\tstate 0 5\tTokyo", "T2\tperson 0 5\tTokyo"),
        "x.ann:3: T2 is typed 'person' but its entity 'japan' is a 'state'",
    ),
    "unknown-relation": (
        lambda ann: ann + "R999\tSameAs Arg1:T2 Arg2:T3\n",
        "x.ann:{n}: unknown relation type 'SameAs'",
    ),
    "argument-not-a-participant": (
        lambda ann: ann.replace(_event_line(ann), _event_line(ann) + " patient:T7"),
        "x.ann:{e1}: the event's arguments do not match the participants in E1's note "
        "(arguments not in the note: patient 'nagoya'; participants mentioned in the "
        "paragraph but not arguments: none); change both together",
    ),
    "not-integer": (
        lambda ann: ann.replace("T2\tstate 0 5\tTokyo", "T2\tstate 0 five\tTokyo"),
        "x.ann:3: offsets must be integers",
    ),
    "argument-removed": (
        lambda ann: ann.replace(_event_line(ann), _event_line(ann).rsplit(" ", 1)[0]),
        "x.ann:{e1}: the event's arguments do not match the participants in E1's note "
        "(arguments not in the note: none; participants mentioned in the paragraph but not "
        "arguments: topic 'southern-kurils-northern-territories'); change both together",
    ),
    "second-status": (
        lambda ann: ann + "A9999\tStatus E1 planned\n",
        "x.ann:{n}: E1 has a second Status attribute",
    ),
    "binary-with-value": (
        lambda ann: ann.replace("A2\tMetonymy T2\n", "A2\tMetonymy T2 false\n"),
        "x.ann:5: Metonymy takes no value (it is set or absent)",
    ),
    "unknown-attribute": (
        lambda ann: ann + "A9999\tNegation E1\n",
        "x.ann:{n}: unknown attribute 'Negation' (known: MentionType, Metonymy, QuoteType, "
        "Status, Factuality)",
    ),
    "attribute-on-nothing": (
        lambda ann: ann + "A9999\tStatus E999 planned\n",
        "x.ann:{n}: Status on E999, which is not an annotation (it goes on: event)",
    ),
    "attribute-on-wrong-kind": (
        lambda ann: ann + "A9999\tQuoteType T2 direct\n",
        "x.ann:{n}: QuoteType on T2, which is a mention (it goes on: quote)",
    ),
    "value-not-in-vocabulary": (
        lambda ann: ann.replace("Status E1 hypothetical", "Status E1 maybe"),
        "x.ann:{e1n}: Status 'maybe' is not one of occurred, ongoing, planned, hypothetical, "
        "negated",
    ),
    "duplicate-id": (
        lambda ann: ann + "A2\tMetonymy T3\n",
        "x.ann:{n}: A2 is defined twice",
    ),
    "speaker-from-a-mention": (
        lambda ann: ann + "R9999\tSpeaker Arg1:T2 Arg2:T3\n",
        "x.ann:{n}: Speaker's Arg1 must be a quote; T2 is a mention",
    ),
    "note-on-nothing": (
        lambda ann: ann + "#9999\tAnnotatorNotes T99999\t{{}}\n",
        "x.ann:{n}: a note on T99999, which is not an annotation; notes go on dateline, "
        "mention, quote, fact, event",
    ),
    "full-width-offsets": (
        lambda ann: ann.replace("T2\tstate 0 5\tTokyo", "T2\tstate \uff10 \uff15\tTokyo"),
        "x.ann:3: offsets must be integers",
    ),
    "duplicate-key-in-note": (
        lambda ann: ann.replace('"metonymy_marker": 0}', "", 0).replace(
            '"entity_id": "japan"}', '"entity_id": "japan", "entity_id": "japan"}', 1
        ),
        "x.ann:6: not usable JSON: the key 'entity_id' appears twice in one object",
    ),
    "long-number-in-note": (
        lambda ann: ann.replace(
            '"entity_id": "japan"}', '"entity_id": "japan", "x": ' + "9" * 5000 + "}", 1
        ),
        "x.ann:6: not usable JSON: Exceeds the limit (4300 digits) for integer string "
        "conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the "
        "limit",
    ),
    "note-with-an-attribute-field": (
        lambda ann: ann.replace(
            '"entity_id": "japan"}', '"entity_id": "japan", "metonymy": false}', 1
        ),
        "x.ann:6: the note of T2 holds metonymy, which the annotations carry (spans, "
        "attributes, relations); remove them from the note and edit the annotations instead",
    ),
    "extra-tab": (
        lambda ann: ann.replace("A2\tMetonymy T2\n", "A2\tMetonymy T2\tyes\n"),
        "x.ann:5: a A line has 2 tab-separated fields",
    ),
    "argument-in-another-paragraph": (
        lambda ann: ann.replace(
            _event_line(ann), _event_line(ann).replace("recipient:T10", "recipient:T3")
        ),
        "x.ann:{e1}: argument recipient:T3: T3 lies outside the trigger's paragraph "
        "(arguments are mentions in the paragraph of the trigger)",
    ),
    "crlf": (
        lambda ann: ann.replace("\n", "\r\n"),
        "x.ann: CRLF line endings; brat files use LF",
    ),
}


@pytest.mark.parametrize("case", BRAT_REFUSALS, ids=str)
def test_brat_import_refuses_what_it_cannot_map(case: str):
    mutate, message = BRAT_REFUSALS[case]
    txt, ann = brat.export_article(article(), TYPES)
    edited = mutate(ann)
    lines = edited.splitlines()
    where = {
        "n": len(lines),
        "n1": len(lines) - 1,
        "e1": lines.index(next(x for x in lines if x.startswith("E1\t"))) + 1,
        "e1n": lines.index(next(x for x in lines if x.endswith("Status E1 maybe"))) + 1
        if any(x.endswith("Status E1 maybe") for x in lines)
        else 0,
    }
    with pytest.raises(ImportRefused) as exc:
        brat.import_article(txt, edited, "x.ann", TYPES)
    assert str(exc.value) == message.format(**where)


# ------------------------------------------------------------------- commands, on disk


@pytest.mark.parametrize(
    ("fmt", "names"),
    [
        ("webanno", [f"{DOC_ID}.jsonld"]),
        ("brat", ["annotation.conf", f"{DOC_ID}.ann", f"{DOC_ID}.txt"]),
        ("spacy", ["kuril-data.spacy"]),
    ],
)
def test_export_writes_the_format_and_lists_each_file(tmp_path: Path, fmt: str, names: list[str]):
    result = run_cli("export", "--format", fmt, "--out", tmp_path, "--dataset", DATASET)
    assert result.code == 0 and result.err == ""
    assert sorted(result.out.splitlines()) == sorted(str(tmp_path / n) for n in names)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


@pytest.mark.parametrize(("fmt", "suffix"), [("webanno", ".jsonld"), ("brat", ".ann")])
def test_import_of_an_export_into_a_copy_rewrites_nothing_but_the_article(
    tmp_path: Path, fmt: str, suffix: str
):
    dataset = copy_dataset(tmp_path)
    out = tmp_path / "out"
    assert run_cli("export", "--format", fmt, "--out", out, "--dataset", dataset).code == 0
    target = dataset / "articles" / f"{DOC_ID}.json"
    original = target.read_bytes()
    target.unlink()
    before = snapshot(dataset)
    result = run_cli("import", "--format", fmt, out / f"{DOC_ID}{suffix}", "--dataset", dataset)
    assert (result.code, result.out, result.err) == (0, f"{target}: imported\n", "")
    assert target.read_bytes() == original
    assert snapshot(dataset) == {**before, f"articles/{DOC_ID}.json": original}


def test_import_refuses_to_replace_an_article_unless_asked(tmp_path: Path):
    dataset = copy_dataset(tmp_path)
    out = tmp_path / "out"
    run_cli("export", "--format", "webanno", "--out", out, "--dataset", dataset)
    before = snapshot(dataset)
    result = run_cli(
        "import", "--format", "webanno", out / f"{DOC_ID}.jsonld", "--dataset", dataset
    )
    target = dataset / "articles" / f"{DOC_ID}.json"
    assert (result.code, result.err) == (
        2,
        f"kuril-data import: {target} exists; pass --replace to replace it\n",
    )
    assert snapshot(dataset) == before


def test_import_of_an_invalid_article_writes_nothing_and_shows_the_findings(tmp_path: Path):
    dataset = copy_dataset(tmp_path)
    collection = webanno.export_article(article())
    collection["first"]["items"][0]["body"][0]["kd:fields"]["entity_id"] = "atlantis"
    source = tmp_path / "edited.jsonld"
    source.write_text(json.dumps(collection), encoding="utf-8")
    before = snapshot(dataset)
    result = run_cli("import", "--format", "webanno", source, "--dataset", dataset, "--replace")
    target = dataset / "articles" / f"{DOC_ID}.json"
    assert result.code == 1
    assert result.err.startswith(
        f"kuril-data import: {source}: the imported article is not valid (1 error(s)); "
        f"nothing was written:\n  {target} (not written):"
    )
    assert result.err.endswith(
        'error dangling-reference: entity id "atlantis" does not resolve in the entity '
        "registry [/mentions/0/entity_id]\n"
    )
    assert snapshot(dataset) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe", "{src}: not UTF-8 (byte 0)"),
        (b"[" * 100_000, "{src}: JSON nested too deeply to read"),
        (b'{"type": "AnnotationCollection"}', "{src}: expected 'kd:document' to be a dict"),
    ],
    ids=["not-utf8", "deep-nesting", "no-document"],
)
def test_import_of_a_hostile_file_exits_1_with_a_located_message(
    tmp_path: Path, content: bytes, message: str
):
    dataset = copy_dataset(tmp_path)
    source = tmp_path / "hostile.jsonld"
    source.write_bytes(content)
    before = snapshot(dataset)
    result = run_cli("import", "--format", "webanno", source, "--dataset", dataset)
    assert result.code == 1
    assert result.err.startswith(f"kuril-data import: {message.format(src=source)}")
    assert "Traceback" not in result.err
    assert snapshot(dataset) == before


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (lambda p: os.mkfifo(p), 2, "{p}: not a regular file"),
        (
            lambda p: p.write_bytes(b"[1, 2]"),
            1,
            "{p}: not a valid entities file; run `kuril-data validate {p}` for details",
        ),
        (
            lambda p: p.write_bytes(b"\xff"),
            1,
            "{p}: not a valid entities file; run `kuril-data validate {p}` for details",
        ),
    ],
    ids=["fifo", "not-a-registry", "not-utf8"],
)
def test_import_into_a_dataset_with_a_broken_registry_is_refused(
    tmp_path: Path, make, code: int, message: str
):
    dataset = copy_dataset(tmp_path)
    out = tmp_path / "out"
    run_cli("export", "--format", "webanno", "--out", out, "--dataset", DATASET)
    registry = dataset / "entities.json"
    registry.unlink()
    make(registry)
    result = run_cli(
        "import", "--format", "webanno", out / f"{DOC_ID}.jsonld", "--dataset", dataset, "--replace"
    )
    assert (result.code, result.err) == (code, f"kuril-data import: {message.format(p=registry)}\n")


def test_import_refuses_a_dataset_with_an_article_it_cannot_read(tmp_path: Path):
    dataset = copy_dataset(tmp_path)
    out = tmp_path / "out"
    run_cli("export", "--format", "webanno", "--out", out, "--dataset", DATASET)
    os.mkfifo(dataset / "articles" / "zz.json")
    result = run_cli(
        "import", "--format", "webanno", out / f"{DOC_ID}.jsonld", "--dataset", dataset, "--replace"
    )
    assert (result.code, result.err) == (
        2,
        f"kuril-data import: {dataset / 'articles' / 'zz.json'}: not a regular file; the "
        "dataset cannot be checked\n",
    )


def test_import_of_a_missing_file_exits_2(tmp_path: Path):
    result = run_cli("import", "--format", "brat", tmp_path / "x.ann", "--dataset", DATASET)
    assert (result.code, result.err) == (
        2,
        f"kuril-data import: {tmp_path / 'x.txt'}: not found or not a regular file\n",
    )


# ------------------------------------------------------------------- spaCy and tokens


def test_spacy_docbin_holds_every_span_and_the_exact_text(tmp_path: Path):
    import spacy
    from spacy.tokens import DocBin

    run_cli("export", "--format", "spacy", "--out", tmp_path, "--dataset", DATASET)
    docs = list(DocBin().from_disk(tmp_path / "kuril-data.spacy").get_docs(spacy.blank("en").vocab))
    assert len(docs) == len(ARTICLE_DATA)
    for doc, a in zip(docs, ARTICLE_DATA):
        assert doc.text == a["document"]["text"]
        assert doc.user_data["doc_id"] == a["document"]["doc_id"]
        assert list(doc.user_data["unaligned"]) == []
        for group, kind, key in (
            ("mentions", "mentions", "mention_id"),
            ("quotes", "quotes", "quote_id"),
            ("events", "events", "event_id"),
        ):
            assert [(s.start_char, s.end_char, s.id_) for s in doc.spans[group]] == [
                (r["span_start"], r["span_end"], r[key]) for r in a[kind]
            ]
        assert [s.id_ for s in doc.ents] == [m["mention_id"] for m in flat_mentions(a["mentions"])]


def test_tokens_split_words_and_punctuation_on_code_points():
    text = "Russia’s US-Japanses alliance."
    assert [text[s:e] for s, e in tokenize(text)] == [
        "Russia",
        "’",
        "s",
        "US",
        "-",
        "Japanses",
        "alliance",
        ".",
    ]


def test_bio_tags_keep_the_outermost_mention_and_skip_one_inside_a_word():
    text = "Russia’s top diplomat met Japanese colleagues"
    toks = tokenize(text)

    def m(start: int, end: int, entity: str, mid: str) -> dict:
        return {"span_start": start, "span_end": end, "entity_id": entity, "mention_id": mid}

    mentions = [
        m(0, 6, "russia", "m1"),  # nested in m2
        m(0, 21, "lavrov", "m2"),
        m(26, 34, "japan", "m3"),  # nested in m4
        m(26, 45, "japan-gov", "m4"),
        m(27, 30, "japan", "m5"),  # inside a word: left out
    ]
    types = {"russia": "state", "lavrov": "person", "japan": "state", "japan-gov": "government"}
    assert bio_tags(toks, mentions, types) == [
        "B-person",
        "I-person",
        "I-person",
        "I-person",
        "I-person",
        "O",
        "B-government",
        "I-government",
    ]


def _tags_by_the_rule(toks: list, mentions: list, types: dict) -> list[str]:
    """The outermost-wins rule as the module docstring states it, one mention at a time."""
    starts, ends = [s for s, _ in toks], [e for _, e in toks]
    on_tokens = [m for m in mentions if m["span_start"] in starts and m["span_end"] in ends]
    taken: list[dict] = []
    for m in sorted(
        on_tokens, key=lambda m: (m["span_start"] - m["span_end"], m["span_start"], m["entity_id"])
    ):
        if all(m["span_end"] <= t["span_start"] or t["span_end"] <= m["span_start"] for t in taken):
            taken.append(m)
    tags = ["O"] * len(toks)
    for m in taken:
        first, last = starts.index(m["span_start"]), ends.index(m["span_end"])
        label = types[m["entity_id"]]
        tags[first : last + 1] = [f"B-{label}"] + [f"I-{label}"] * (last - first)
    return tags


@pytest.mark.parametrize("seed", range(40))
def test_bio_tags_follow_the_outermost_rule_on_random_nested_and_overlapping_mentions(seed: int):
    import random

    rng = random.Random(seed)
    text = ARTICLE_DATA[0]["document"]["text"][:400]
    toks = tokenize(text)
    entities = sorted(TYPES)[:5]
    mentions = []
    for k in range(rng.randint(1, 25)):
        if rng.random() < 0.7:  # on token boundaries, nested or overlapping by chance
            i = rng.randrange(len(toks) - 6)
            start, end = toks[i][0], toks[i + rng.randint(0, 5)][1]
        else:  # anywhere, often inside a word
            start = rng.randrange(len(text) - 30)
            end = start + rng.randint(1, 30)
        mentions.append(
            {
                "span_start": start,
                "span_end": end,
                "entity_id": rng.choice(entities),
                "mention_id": f"m{k}",
            }
        )
    mentions.append(dict(mentions[0], entity_id=entities[-1], mention_id="same-span"))
    assert bio_tags(toks, mentions, TYPES) == _tags_by_the_rule(toks, mentions, TYPES)


def test_every_flat_mention_of_the_shipped_data_is_tagged():
    for a in ARTICLE_DATA:
        toks = tokenize(a["document"]["text"])
        tags = bio_tags(toks, a["mentions"], TYPES)
        assert sum(t.startswith("B-") for t in tags) == len(flat_mentions(a["mentions"]))


def test_datasets_loads_the_default_and_token_configs_with_nested_records():
    import datasets

    docs = datasets.load_dataset(str(DATASET))["train"]
    assert docs.num_rows == len(ARTICLE_DATA)
    row = docs[0]
    assert [q["quote_id"] for q in row["quotes"]] == [
        q["quote_id"] for q in ARTICLE_DATA[0]["quotes"]
    ]
    assert len(row["mentions"]) == len(ARTICLE_DATA[0]["mentions"])
    tokens = datasets.load_dataset(str(DATASET), "ner_tokens")["train"]
    paragraphs = ARTICLE_DATA[0]["document"]["paragraphs"]
    assert tokens.num_rows == len(paragraphs)
    text = ARTICLE_DATA[0]["document"]["text"]
    labels = tokens.features["ner_tags"].feature
    assert labels.names == NER_LABELS
    for r in tokens:
        assert [text[s:e] for s, e in zip(r["token_starts"], r["token_ends"])] == r["tokens"]
        assert len(r["ner_tags"]) == len(r["tokens"])
    first = tokens[1]  # the lede: "NAGOYA" is a place
    assert labels.int2str(first["ner_tags"][0]) == "B-place"


# ------------------------------------------------------------------------- fuzzing

JUNK = [None, [], {}, "", "x", 0, -1, 10**20, True, 1.5, [None], {"a": []}]


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            yield from _paths(v, (*prefix, i))


def _set(value, path, new):
    for key in path[:-1]:
        value = value[key]
    value[path[-1]] = new


def _import_or_refuse(run) -> None:
    """The call returns an article or raises ImportRefused; nothing else escapes."""
    with contextlib.suppress(ImportRefused):
        canonical_article(run(), "x")


def test_web_annotation_import_survives_any_value_anywhere():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    base = json.loads(json.dumps(webanno.export_article(article())))
    paths = [p for p in _paths(base) if p][:400]

    @settings(max_examples=300, deadline=None)
    @given(st.sampled_from(paths), st.sampled_from(JUNK))
    def check(path, junk):
        data = json.loads(json.dumps(base))
        _set(data, path, json.loads(json.dumps(junk)))
        _import_or_refuse(lambda: webanno.import_collection(data, "x.jsonld"))

    check()


def test_brat_import_survives_any_edit_of_a_line():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    txt, ann = brat.export_article(article(), TYPES)
    lines = ann.splitlines()

    @settings(max_examples=300, deadline=None)
    @given(
        st.integers(0, len(lines) - 1),
        st.sampled_from(["drop", "cut", "tab", "junk-note", "swap-id"]),
        st.integers(0, 200),
    )
    def check(i, how, k):
        edited = list(lines)
        line = edited[i]
        if how == "drop":
            del edited[i]
        elif how == "cut":
            edited[i] = line[: k % (len(line) + 1)]
        elif how == "tab":
            edited[i] = line.replace("\t", " ", 1)
        elif how == "junk-note" and line.startswith("#"):
            edited[i] = line.rsplit("\t", 1)[0] + "\t" + json.dumps(JUNK[k % len(JUNK)])
        else:
            edited[i] = line.replace("T1", "T2", 1)
        _import_or_refuse(
            lambda: brat.import_article(txt, "\n".join(edited) + "\n", "x.ann", TYPES)
        )

    check()

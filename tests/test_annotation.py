"""Consistency of the annotation itself (issue 3): every record anchored and complete."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from helpers import ARTICLES, DATASET

ENTITIES = json.loads((DATASET / "entities.json").read_text(encoding="utf-8"))["entities"]
ENTITY_IDS = {e["entity_id"] for e in ENTITIES}
ARTICLE_DATA = [json.loads(p.read_text(encoding="utf-8")) for p in ARTICLES]
IDS = [a["document"]["doc_id"] for a in ARTICLE_DATA]

REPORTING_VERBS = re.compile(
    r"\b(said|say|says|told|tell|noted|added|pointed out|stated|states|commented|"
    r"acknowledge[sd]?|promised|remind|assurances|statement)\b"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split after . ? ! (optionally followed by a closing quote) + space,
    and at line ends."""
    spans, start = [], 0
    for m in re.finditer(r"[.?!][\u201d]?(?=\s)|\n", text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def span_records(article):
    for kind in ("mentions", "quotes", "events", "facts"):
        for record in article[kind]:
            yield kind, record
    for p in article["document"]["paragraphs"]:
        yield "paragraphs", p
    yield "dateline", article["document"]["dateline"]


def test_the_shipped_dataset_has_no_finding_of_any_catalogue_rule():
    """Every data rule of the catalogue (errors and warnings alike) holds on the shipped
    data; the mutation tests in test_validate_catalogue show each rule can fire."""
    from kuril_data.validation import validate

    report = validate([DATASET])
    assert [(e.code, e.file, e.pointer) for e in report.findings] == []
    assert len(report.files) == 1 + len(ARTICLES)


@pytest.fixture(params=ARTICLE_DATA, ids=IDS)
def art(request):
    return request.param


def test_every_span_matches_the_text(art):
    text = art["document"]["text"]
    bad = [
        (k, r.get("text"))
        for k, r in span_records(art)
        if text[r["span_start"] : r["span_end"]] != r["text"] or r["span_start"] >= r["span_end"]
    ]
    assert bad == []


def test_every_cue_matches_the_text(art):
    text = art["document"]["text"]
    assert [
        q["quote_id"]
        for q in art["quotes"]
        if text[q["cue_span_start"] : q["cue_span_end"]] != q["cue"]
    ] == []


def test_spans_do_not_start_or_end_with_whitespace(art):
    assert [
        (k, r["text"])
        for k, r in span_records(art)
        if k != "paragraphs" and r["text"] != r["text"].strip()
    ] == []


def test_every_entity_has_at_least_one_mention():
    mentioned = {m["entity_id"] for a in ARTICLE_DATA for m in a["mentions"]}
    assert sorted(ENTITY_IDS - mentioned) == []


def test_every_reference_names_a_known_entity(art):
    refs = [m["entity_id"] for m in art["mentions"]]
    refs += [q[k] for q in art["quotes"] for k in ("speaker_id", "addressee_id") if q[k]]
    refs += [p["entity_id"] for e in art["events"] for p in e["participants"]]
    refs += [e["location_id"] for e in art["events"] if e["location_id"]]
    refs += [e["asserted_by"] for e in art["events"]]
    refs += [x for f in art["facts"] for x in f["entity_ids"] + f["source_chain"]]
    assert sorted(set(refs) - ENTITY_IDS) == []


def test_every_quote_speaker_is_mentioned_by_its_speaker_mention(art):
    """The attribution's mention names the speaker, or the state whose government speaks
    ("Russia has drawn Japan's attention": speaker government-of-russia)."""
    parents = {e["entity_id"]: set(e["part_of"]) for e in ENTITIES}
    mentions = {m["mention_id"]: m for m in art["mentions"]}
    wrong = [
        q["quote_id"]
        for q in art["quotes"]
        if q["speaker_mention_id"] not in mentions
        or mentions[q["speaker_mention_id"]]["entity_id"]
        not in {q["speaker_id"]} | parents[q["speaker_id"]]
    ]
    assert wrong == []


def art_quotes():
    return [q for a in ARTICLE_DATA for q in a["quotes"]]


def test_every_sentence_with_a_reporting_verb_is_covered_by_a_quote(art):
    text = art["document"]["text"]
    uncovered = []
    for start, end in sentences(text):
        if not REPORTING_VERBS.search(text[start:end]):
            continue
        if not any(q["span_start"] < end and start < q["span_end"] for q in art["quotes"]):
            uncovered.append(text[start:end].strip())
    assert uncovered == []


def test_every_reporting_cue_outside_quotes_is_a_quote_cue(art):
    """Each reporting verb in the outlet's own narration is the cue of some quote."""
    text = art["document"]["text"]
    top = [q for q in art["quotes"] if q["nested_in"] is None]
    cues = [(q["cue_span_start"], q["cue_span_end"]) for q in art["quotes"]]
    missing = []
    for m in REPORTING_VERBS.finditer(text):
        inside_content = any(q["span_start"] <= m.start() < q["span_end"] for q in top)
        is_cue = any(s <= m.start() < e for s, e in cues)
        if not inside_content and not is_cue and m.group() not in ("commented",):
            missing.append((m.start(), m.group()))
    assert missing == []


def test_nested_quotes_lie_inside_their_parent(art):
    quotes = {q["quote_id"]: q for q in art["quotes"]}
    outside = [
        q["quote_id"]
        for q in art["quotes"]
        if q["nested_in"]
        and not (
            quotes[q["nested_in"]]["span_start"] <= q["span_start"]
            and q["span_end"] <= quotes[q["nested_in"]]["span_end"]
        )
    ]
    assert outside == []


def test_every_quote_belongs_to_a_speech_event_with_its_speaker(art):
    events = {e["event_id"]: e for e in art["events"]}
    wrong = [
        q["quote_id"]
        for q in art["quotes"]
        if q["speaker_id"]
        not in {p["entity_id"] for p in events[q["speech_event_id"]]["participants"]}
    ]
    assert wrong == []


def test_every_event_has_participants_and_a_trigger_inside_one_paragraph(art):
    paragraphs = art["document"]["paragraphs"]
    bad = [
        e["event_id"]
        for e in art["events"]
        if not e["participants"]
        or not any(
            p["span_start"] <= e["span_start"] and e["span_end"] <= p["span_end"]
            for p in paragraphs
        )
    ]
    assert bad == []


def test_every_fact_has_an_asserter_at_the_end_of_its_source_chain(art):
    outlet = art["document"]["outlet_id"]
    bad = [
        f["fact_id"]
        for f in art["facts"]
        if f["source_chain"][-1] != f["asserted_by"] or f["source_chain"][0] != outlet
    ]
    assert bad == []


def test_narration_facts_have_no_quote_and_quoted_facts_come_from_the_speaker(art):
    outlet = art["document"]["outlet_id"]
    quotes = {q["quote_id"]: q for q in art["quotes"]}
    bad = []
    for f in art["facts"]:
        if f["quote_id"] is None:
            if f["asserted_by"] != outlet:
                bad.append(f["fact_id"])
            continue
        q = quotes[f["quote_id"]]
        if q["speaker_id"] != f["asserted_by"] or not (
            q["span_start"] <= f["span_start"] and f["span_end"] <= q["span_end"]
        ):
            bad.append(f["fact_id"])
    assert bad == []


def test_source_chain_follows_quote_nesting(art):
    """A fact from a nested quote lists every enclosing speaker, outermost first."""
    quotes = {q["quote_id"]: q for q in art["quotes"]}
    outlet = art["document"]["outlet_id"]
    bad = []
    for f in art["facts"]:
        chain, qid = [], f["quote_id"]
        while qid:
            chain.insert(0, quotes[qid]["speaker_id"])
            qid = quotes[qid]["nested_in"]
        if f["source_chain"] != [outlet, *chain]:
            bad.append((f["fact_id"], f["source_chain"], [outlet, *chain]))
    assert bad == []


def test_every_quote_and_event_is_used_by_a_fact_or_quote(art):
    used_events = {q["speech_event_id"] for q in art["quotes"]}
    used_events |= {x for f in art["facts"] for x in f["event_ids"]}
    used_quotes = {f["quote_id"] for f in art["facts"]}
    assert sorted({e["event_id"] for e in art["events"]} - used_events) == []
    assert sorted({q["quote_id"] for q in art["quotes"]} - used_quotes) == []


def test_event_dates_respect_the_publication_date(art):
    published = dt.date.fromisoformat(art["document"]["published"])
    bad = []
    for e in art["events"]:
        lo = e["date_earliest"] and dt.date.fromisoformat(e["date_earliest"])
        hi = e["date_latest"] and dt.date.fromisoformat(e["date_latest"])
        if e["status"] == "occurred" and lo and lo > published:
            bad.append(e["event_id"])
        if e["status"] == "planned" and hi and hi < published:
            bad.append(e["event_id"])
    assert bad == []


def test_dateline_relative_saturday_is_the_saturday_before_publication(art):
    published = dt.date.fromisoformat(art["document"]["published"])
    for e in art["events"]:
        if e["date_text"] == "on Saturday":
            day = dt.date.fromisoformat(e["date"])
            assert day.weekday() == 5 and 0 < (published - day).days <= 7


def test_enrichment_dates_name_their_source(art):
    missing = [
        e["event_id"]
        for e in art["events"]
        if e["date_resolution"] == "enrichment"
        and not any(x["field"] == "/date" and x["value"] == e["date"] for x in e["enrichment"])
    ]
    assert missing == []


def test_unknown_dates_have_no_bounds(art):
    bad = [
        e["event_id"]
        for e in art["events"]
        if e["date_resolution"] == "unknown"
        and (e["date"] or e["date_earliest"] or e["date_latest"])
    ]
    assert bad == []


def test_outlet_narration_never_asserts_sovereignty(art):
    """Neutrality: the outlet's own voice reports who claims sovereignty; it never claims it."""
    outlet = art["document"]["outlet_id"]
    assert [
        f["statement"]
        for f in art["facts"]
        if f["asserted_by"] == outlet
        and re.search(r"sovereignty", f["statement"])
        and not re.search(r"stated|says|said", f["statement"])
    ] == []


def test_disputed_places_carry_both_sides_names():
    for e in ENTITIES:
        if e["entity_type"] == "territory" and e["entity_id"] != "shikotan":
            conventions = {a["convention"] for a in e["aliases"]}
            if e["entity_id"] == "habomai-islands":
                continue  # both sides use the same name
            assert {"Russian usage", "Japanese usage"} <= conventions, e["entity_id"]


def test_each_cue_introduces_exactly_one_quote(art):
    cues = [(q["cue_span_start"], q["cue_span_end"]) for q in art["quotes"]]
    assert len(cues) == len(set(cues))


def test_cues_lie_outside_their_content_and_inside_their_parent(art):
    quotes = {q["quote_id"]: q for q in art["quotes"]}
    bad = []
    for q in art["quotes"]:
        if q["span_start"] < q["cue_span_end"] and q["cue_span_start"] < q["span_end"]:
            bad.append(q["quote_id"])
        parent = quotes.get(q["nested_in"])
        if parent and not (
            parent["span_start"] <= q["cue_span_start"] and q["cue_span_end"] <= parent["span_end"]
        ):
            bad.append(q["quote_id"])
    assert bad == []


def test_guidelines_document_every_event_type():
    from kuril_data.models import EVENT_TYPES

    guidelines = (DATASET / "GUIDELINES.md").read_text(encoding="utf-8")
    assert [t for t in EVENT_TYPES if f"| {t} |" not in guidelines] == []

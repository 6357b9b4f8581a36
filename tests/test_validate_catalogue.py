"""Every catalogue code, shown by one mutation of the canonical article or entities.

Each case mutates (article, entities) in place and returns the exact list of
(code, pointer) pairs the validator must report, and nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import canonical, canonical_bytes, dump, first, run, set_char

from kuril_data.validation import Source, validate_sources
from kuril_data.validation.catalogue import CATALOGUE

CASES = {}


def case(*codes: str):
    def register(fn):
        CASES[fn.__name__] = (codes, fn)
        return fn

    return register


def nested(a):
    return first(a["quotes"], lambda q: q["nested_in"] is not None, "nested quote")


def dated(a, where=lambda e: True, what="dated event"):
    return first(a["events"], lambda e: e["date"] is not None and where(e), what)


@case("url-not-http")
def javascript_source_url(a, e):
    a["document"]["source_url"] = "javascript:alert(1)"
    return [("url-not-http", "/document/source_url")]


@case("url-not-http")
def republication_url_without_host(a, e):
    a["document"]["republication_url"] = "https:// spaced"
    return [("url-not-http", "/document/republication_url")]


@pytest.mark.parametrize(
    ("date", "code"),
    [
        ("2019-02-29", "invalid-edtf"),  # 2019 is not a leap year
        ("1900-02-29", "invalid-edtf"),  # nor is 1900
        ("2019-04-31", "invalid-edtf"),  # April has 30 days
        ("2019-13", "invalid-edtf"),
        ("2019-00-10", "invalid-edtf"),
        ("0000", "date-out-of-range"),  # year zero is EDTF, not a date column value
        ("-0100", "date-out-of-range"),
        ("-0001-12-31", "date-out-of-range"),
    ],
)
def test_calendar_rules_for_event_dates(date, code):
    article, _ = canonical()
    i, _ev = dated(article)
    article["events"][i]["date"] = date
    assert (code, f"/events/{i}/date") in run(article).codes()


@pytest.mark.parametrize("date", ["2020-02-29", "2000-02-29", "0001-01-01", "9999-12-31"])
def test_calendar_edges_that_exist_are_valid_dates(date):
    from kuril_data import _dates

    day = _dates.bounds(date)[0]
    assert day is not None and day.isoformat() == date


@case("date-out-of-range")
def year_zero_event(a, e):
    i, ev = dated(a)
    ev["date"] = "0000"
    return [("date-out-of-range", f"/events/{i}/date")]


# ------------------------------------------------------------------ structure


@case("missing-field")
def missing_mention_text(a, e):
    del a["mentions"][0]["text"]
    return [("missing-field", "/mentions/0/text")]


@case("missing-field")
def missing_top_level_list(a, e):
    del a["facts"]
    return [("missing-field", "/facts")]


@case("unknown-field")
def unknown_field_in_event(a, e):
    a["events"][0]["notes"] = "x"
    return [("unknown-field", "/events/0/notes")]


@case("wrong-type")
def number_as_string(a, e):
    a["mentions"][0]["span_start"] = str(a["mentions"][0]["span_start"])
    return [("wrong-type", "/mentions/0/span_start")]


@case("wrong-type")
def integral_float_offset(a, e):
    # JSON Schema calls 85.0 an integer; the models do not: reported as a wrong type.
    a["mentions"][0]["span_start"] = float(a["mentions"][0]["span_start"])
    return [("wrong-type", "/mentions/0/span_start")]


@case("wrong-type")
def boolean_for_integer(a, e):
    a["document"]["paragraphs"][0]["paragraph_index"] = False
    return [("wrong-type", "/document/paragraphs/0/paragraph_index")]


@case("wrong-type")
def nullable_id_given_a_number(a, e):
    a["quotes"][0]["nested_in"] = 7
    return [("wrong-type", "/quotes/0/nested_in")]


@case("not-in-vocabulary")
def bad_mention_type(a, e):
    a["mentions"][0]["mention_type"] = "epithet"
    return [("not-in-vocabulary", "/mentions/0/mention_type")]


@case("not-in-vocabulary")
def bad_participant_role(a, e):
    a["events"][0]["participants"][0]["role"] = "bystander"
    return [("not-in-vocabulary", "/events/0/participants/0/role")]


@case("not-in-vocabulary")
def bad_cameo_code(a, e):
    a["events"][0]["cameo_code"] = "999"
    return [("not-in-vocabulary", "/events/0/cameo_code")]


@case("not-in-vocabulary")
def bad_entity_type(a, e):
    e["entities"][0]["entity_type"] = "planet"
    return [("not-in-vocabulary", "/entities/0/entity_type")]


@case("malformed-id")
def malformed_mention_id(a, e):
    a["mentions"][0]["mention_id"] = "Mention_One"
    return [("malformed-id", "/mentions/0/mention_id")]


@case("malformed-id")
def malformed_nullable_id(a, e):
    i, _ = nested(a)
    a["quotes"][i]["nested_in"] = "Not An Id"
    return [("malformed-id", f"/quotes/{i}/nested_in")]


@case("pattern-mismatch")
def bad_hash_pattern(a, e):
    a["document"]["text_sha256"] = "ABC"
    return [("pattern-mismatch", "/document/text_sha256")]


@case("pattern-mismatch")
def bad_schema_version_pattern(a, e):
    a["schema_version"] = "1.0"
    return [("pattern-mismatch", "/schema_version")]


@case("length-out-of-range")
def empty_title(a, e):
    a["document"]["title"] = ""
    return [("length-out-of-range", "/document/title")]


@case("length-out-of-range")
def no_participants(a, e):
    a["events"][0]["participants"] = []
    return [("length-out-of-range", "/events/0/participants")]


@case("value-out-of-range")
def negative_offset(a, e):
    a["mentions"][0]["span_start"] = -1
    return [("value-out-of-range", "/mentions/0/span_start")]


@case("invalid-date")
def impossible_published_date(a, e):
    a["document"]["published"] = "2019-02-30"
    return [("invalid-date", "/document/published")]


@case("unsupported-schema-version")
def future_schema_version(a, e):
    a["schema_version"] = "2.0.0"
    return [("unsupported-schema-version", "/schema_version")]


# ------------------------------------------------------------------ spans and text


@case("span-mismatch")
def mention_text_differs(a, e):
    a["mentions"][0]["text"] += "x"
    return [("span-mismatch", "/mentions/0/text")]


@case("span-mismatch", "mention-id-format")
def mention_offset_shifted(a, e):
    a["mentions"][0]["span_start"] += 1  # the id still names the old offset
    return [("span-mismatch", "/mentions/0/text"), ("mention-id-format", "/mentions/0/mention_id")]


@case("span-mismatch")
def quote_cue_differs(a, e):
    a["quotes"][0]["cue"] = "yelled"
    return [("span-mismatch", "/quotes/0/cue")]


@case("span-mismatch")
def event_trigger_differs(a, e):
    a["events"][0]["text"] = a["events"][0]["text"].upper() + "!"
    return [("span-mismatch", "/events/0/text")]


@case("span-mismatch")
def fact_evidence_differs(a, e):
    a["facts"][0]["text"] = "nothing of the sort"
    return [("span-mismatch", "/facts/0/text")]


@case("span-mismatch")
def dateline_text_differs(a, e):
    a["document"]["dateline"]["text"] = "MOSCOW"
    return [("span-mismatch", "/document/dateline/text")]


@case("span-out-of-range")
def span_past_the_end(a, e):
    a["mentions"][0]["span_end"] = len(a["document"]["text"]) + 5
    return [("span-out-of-range", "/mentions/0/span_end")]


@case("span-out-of-range")
def span_end_before_start(a, e):
    i, q = first(a["quotes"], lambda q: q["cue_span_end"] > q["cue_span_start"], "quote")
    q["cue_span_end"] = q["cue_span_start"] - 1
    return [("span-out-of-range", f"/quotes/{i}/cue_span_end")]


@case("paragraphs-not-tiling")
def paragraph_shrunk(a, e):
    p = a["document"]["paragraphs"][1]
    p["span_start"] += 1
    p["text"] = p["text"][1:]
    return [("paragraphs-not-tiling", "/document/paragraphs/1/span_start")]


@case("paragraphs-not-tiling")
def last_paragraph_dropped(a, e):
    paras = a["document"]["paragraphs"]
    paras.pop()
    return [("paragraphs-not-tiling", f"/document/paragraphs/{len(paras) - 1}/span_end")]


@case("paragraph-index-mismatch")
def paragraph_index_skips(a, e):
    a["document"]["paragraphs"][2]["paragraph_index"] = 7
    return [("paragraph-index-mismatch", "/document/paragraphs/2/paragraph_index")]


@case("text-not-nfc")
def text_not_nfc(a, e):
    # U+212B ANGSTROM SIGN is a singleton: NFC turns it into U+00C5. Same length.
    set_char(a, len(a["document"]["text"]) - 2, "\u212b")
    return [("text-not-nfc", "/document/text")]


@case("text-hash-mismatch")
def hash_differs(a, e):
    a["document"]["text_sha256"] = "0" * 64
    return [("text-hash-mismatch", "/document/text_sha256")]


# ------------------------------------------------------------------ references


@case("dangling-reference", "mention-id-format")
def mention_of_unknown_entity(a, e):
    a["mentions"][0]["entity_id"] = "no-such-entity"  # the id still names the old entity
    return [
        ("dangling-reference", "/mentions/0/entity_id"),
        ("mention-id-format", "/mentions/0/mention_id"),
    ]


@case("dangling-reference")
def quote_of_unknown_speech_event(a, e):
    a["quotes"][0]["speech_event_id"] = "ev-no-such-event"
    return [("dangling-reference", "/quotes/0/speech_event_id")]


@case("dangling-reference")
def quote_nested_in_unknown_quote(a, e):
    i, _ = nested(a)
    a["quotes"][i]["nested_in"] = "q-no-such-quote"
    return [("dangling-reference", f"/quotes/{i}/nested_in")]


@case("dangling-reference")
def fact_from_unknown_quote(a, e):
    shared = [f["quote_id"] for f in a["facts"]]
    i, f = first(
        a["facts"],
        lambda f: f["quote_id"] is not None and shared.count(f["quote_id"]) > 1,
        "fact whose quote has another fact",
    )
    f["quote_id"] = "q-no-such-quote"
    return [("dangling-reference", f"/facts/{i}/quote_id")]


@case("dangling-reference")
def fact_about_unknown_event(a, e):
    i, f = first(a["facts"], lambda f: f["event_ids"], "fact about an event")
    f["event_ids"][0] = "ev-no-such-event"
    return [("dangling-reference", f"/facts/{i}/event_ids/0")]


@case("dangling-reference")
def participant_unknown(a, e):
    a["events"][0]["participants"][0]["entity_id"] = "no-such-entity"
    return [("dangling-reference", "/events/0/participants/0/entity_id")]


@case("dangling-reference")
def entity_part_of_unknown(a, e):
    e["entities"][0]["part_of"].append("no-such-entity")
    return [("dangling-reference", f"/entities/0/part_of/{len(e['entities'][0]['part_of']) - 1}")]


@case("dangling-reference")
def speaker_mention_unknown(a, e):
    i, q = first(a["quotes"], lambda q: q["speaker_mention_id"] is not None, "speaker mention")
    q["speaker_mention_id"] = "m-no-such-mention"
    return [("dangling-reference", f"/quotes/{i}/speaker_mention_id")]


@case("reference-type-mismatch")
def dateline_place_is_a_person(a, e):
    person = next(x["entity_id"] for x in e["entities"] if x["entity_type"] == "person")
    a["document"]["dateline"]["place_id"] = person
    return [("reference-type-mismatch", "/document/dateline/place_id")]


@case("reference-type-mismatch")
def role_in_a_place(a, e):
    i, ent = first(e["entities"], lambda x: x["roles"], "entity with a role")
    place = next(x["entity_id"] for x in e["entities"] if x["entity_type"] == "place")
    ent["roles"][0]["organization_id"] = place
    return [("reference-type-mismatch", f"/entities/{i}/roles/0/organization_id")]


@case("speaker-mention-mismatch")
def speaker_mention_of_someone_else(a, e):
    i, q = first(a["quotes"], lambda q: q["speaker_mention_id"] is not None, "speaker mention")
    other = next(m for m in a["mentions"] if m["entity_id"] != q["speaker_id"])
    q["speaker_mention_id"] = other["mention_id"]
    return [("speaker-mention-mismatch", f"/quotes/{i}/speaker_mention_id")]


@case("reference-cycle")
def quote_nested_in_itself(a, e):
    a["quotes"][0]["nested_in"] = a["quotes"][0]["quote_id"]
    return [("reference-cycle", "/quotes/0/nested_in")]


@case("reference-cycle", "nested-quote-not-contained", "cue-misplaced")
def quotes_nested_in_each_other(a, e):
    i, inner = nested(a)
    j = next(k for k, q in enumerate(a["quotes"]) if q["quote_id"] == inner["nested_in"])
    outer = a["quotes"][j]
    if outer["nested_in"] is not None:
        pytest.skip("the container of the first nested quote is itself nested")
    outer["nested_in"] = inner["quote_id"]
    return [
        ("reference-cycle", f"/quotes/{min(i, j)}/nested_in"),
        ("nested-quote-not-contained", f"/quotes/{j}/nested_in"),
        ("cue-misplaced", f"/quotes/{j}/cue_span_start"),  # its cue is outside the inner quote
    ]


@case("reference-cycle")
def entities_part_of_each_other(a, e):
    i, part = first(e["entities"], lambda x: x["part_of"], "entity that is part of another")
    j = next(k for k, x in enumerate(e["entities"]) if x["entity_id"] == part["part_of"][0])
    e["entities"][j]["part_of"].append(part["entity_id"])
    first_index = min(i, j)
    k = len(e["entities"][j]["part_of"]) - 1
    return [
        (
            "reference-cycle",
            f"/entities/{i}/part_of/0" if first_index == i else f"/entities/{j}/part_of/{k}",
        )
    ]


@case("nested-quote-not-contained", "cue-misplaced")
def nested_in_a_distant_quote(a, e):
    i, q = nested(a)
    _j, other = first(
        a["quotes"],
        lambda o: (
            o["nested_in"] is None
            and o is not q
            and not (o["span_start"] <= q["span_start"] and q["span_end"] <= o["span_end"])
            and not (o["span_start"] <= q["cue_span_start"] and q["cue_span_end"] <= o["span_end"])
        ),
        "quote",
    )
    q["nested_in"] = other["quote_id"]
    return [
        ("nested-quote-not-contained", f"/quotes/{i}/nested_in"),
        ("cue-misplaced", f"/quotes/{i}/cue_span_start"),  # its cue is outside the new container
    ]


@case("duplicate-id")
def fact_id_repeated(a, e):
    a["facts"][1]["fact_id"] = a["facts"][0]["fact_id"]
    return [("duplicate-id", "/facts/1/fact_id")]


@case("duplicate-id")
def fact_id_equals_an_entity_id(a, e):
    # ids are unique across the whole dataset: all files, all record kinds
    a["facts"][0]["fact_id"] = e["entities"][0]["entity_id"]
    return [("duplicate-id", "/facts/0/fact_id")]


@case("enrichment-field-unresolved")
def enrichment_points_nowhere(a, e):
    i, _ = first(a["document"]["enrichment"], what="document enrichment")
    a["document"]["enrichment"][i]["field"] = "/no_such_field"
    return [("enrichment-field-unresolved", f"/document/enrichment/{i}/field")]


@case("dateline-date-mismatch")
def dateline_date_differs_from_published(a, e):
    a["document"]["dateline"]["date"] = "2019-11-23"
    return [("dateline-date-mismatch", "/document/dateline/date")]


@case("speech-event-mismatch")
def quote_attached_to_an_event_without_its_speaker(a, e):
    i, q = first(a["quotes"], what="quote")
    _j, ev = first(
        a["events"],
        lambda ev: q["speaker_id"] not in [p["entity_id"] for p in ev["participants"]],
        "event without the speaker",
    )
    q["speech_event_id"] = ev["event_id"]
    return [("speech-event-mismatch", f"/quotes/{i}/speech_event_id")]


@case("fact-quote-mismatch", "source-chain-nesting")
def fact_asserted_by_someone_else_than_its_quote_speaker(a, e):
    i, f = first(
        a["facts"],
        lambda f: f["quote_id"] is not None and len(f["source_chain"]) == 2 and not f["event_ids"],
        "fact from a top-level quote with no event",
    )
    f["asserted_by"] = f["source_chain"][-1] = "tass"
    f["source_chain"] = ["tass"]
    return [
        ("fact-quote-mismatch", f"/facts/{i}/asserted_by"),
        ("source-chain-nesting", f"/facts/{i}/source_chain"),  # the quote gives its speaker
    ]


@case("fact-quote-mismatch", "fact-quote-not-innermost")
def fact_evidence_outside_its_quote(a, e):  # also no longer inside the quote it names
    i, f = first(a["facts"], lambda f: f["quote_id"] is not None, "fact from a quote")
    quote = next(q for q in a["quotes"] if q["quote_id"] == f["quote_id"])
    f["span_end"] = quote["span_end"] + 1  # one character past the quoted content
    f["text"] = a["document"]["text"][f["span_start"] : f["span_end"]]
    return [
        ("fact-quote-not-innermost", f"/facts/{i}/quote_id"),
        ("fact-quote-mismatch", f"/facts/{i}/span_start"),
    ]


@case("source-chain-mismatch", "source-chain-nesting")
def chain_not_from_outlet(a, e):
    a["facts"][0]["source_chain"][0] = "reporters"
    return [
        ("source-chain-mismatch", "/facts/0/source_chain/0"),
        ("source-chain-nesting", "/facts/0/source_chain"),
    ]


@case("source-chain-mismatch", "source-chain-nesting")
def chain_not_ending_with_asserter(a, e):
    f = a["facts"][0]
    f["source_chain"].append("reporters")
    return [
        ("source-chain-mismatch", f"/facts/0/source_chain/{len(f['source_chain']) - 1}"),
        ("source-chain-nesting", "/facts/0/source_chain"),
    ]


# ------------------------------------------------------------------ dates


@case("invalid-edtf")
def event_date_not_edtf(a, e):
    i, ev = dated(a)
    ev["date"] = "2019-13-45"
    return [("invalid-edtf", f"/events/{i}/date")]


@case("invalid-edtf")
def role_time_not_edtf(a, e):
    i, ent = first(e["entities"], lambda x: x["roles"], "entity with a role")
    ent["roles"][0]["time"] = "2019-99"
    return [("invalid-edtf", f"/entities/{i}/roles/0/time")]


@case("date-bounds-mismatch")
def earliest_too_early(a, e):
    i, ev = dated(a, lambda ev: ev["date_earliest"] is not None, "event with date_earliest")
    ev["date_earliest"] = "1900-01-01"
    return [("date-bounds-mismatch", f"/events/{i}/date_earliest")]


@case("date-bounds-mismatch")
def bounds_without_a_date(a, e):
    i, ev = first(a["events"], lambda ev: ev["date"] is None, "undated event")
    ev["date_latest"] = "2019-11-24"
    return [("date-bounds-mismatch", f"/events/{i}/date_latest")]


@case("date-bounds-mismatch", "date-bounds-order")
def earliest_after_latest(a, e):
    i, ev = dated(a, lambda ev: ev["date_earliest"] and ev["date_latest"], "closed date")
    ev["date_earliest"] = "2100-01-01"
    return [
        ("date-bounds-mismatch", f"/events/{i}/date_earliest"),
        ("date-bounds-order", f"/events/{i}/date_earliest"),
    ]


@case("date-resolution-mismatch")
def dated_but_unknown(a, e):
    i, ev = dated(a, lambda ev: ev["date_resolution"] != "unknown")
    ev["date_resolution"] = "unknown"
    return [("date-resolution-mismatch", f"/events/{i}/date_resolution")]


@case("enrichment-missing")
def enrichment_date_without_source(a, e):
    i, ev = dated(
        a,
        lambda ev: (
            ev["date_resolution"] != "enrichment"
            and ev["date_text"] is None
            and not any(x["field"] == "/date" for x in ev["enrichment"])
        ),
    )
    ev["date_resolution"] = "enrichment"
    return [("enrichment-missing", f"/events/{i}/enrichment")]


@case("status-date-conflict")
def occurred_after_publication(a, e):
    i, ev = first(a["events"], lambda ev: ev["status"] == "occurred", "occurred event")
    ev["date"], ev["date_earliest"], ev["date_latest"] = "2030-01-01", "2030-01-01", "2030-01-01"
    if ev["date_resolution"] == "unknown":
        ev["date_resolution"], ev["date_text"] = "explicit", "in that year"
    return [("status-date-conflict", f"/events/{i}/status")]


@case("status-date-conflict")
def planned_before_publication(a, e):
    i, ev = first(a["events"], lambda ev: ev["status"] == "planned", "planned event")
    ev["date"], ev["date_earliest"], ev["date_latest"] = "1990", "1990-01-01", "1990-12-31"
    if ev["date_resolution"] == "unknown":
        ev["date_resolution"], ev["date_text"] = "explicit", "in that year"
    return [("status-date-conflict", f"/events/{i}/status")]


# ------------------------------------------------------------------ warnings


@case("not-ordered")
def last_mention_moved_first(a, e):
    ms = a["mentions"]
    if ms[-1]["span_start"] <= ms[0]["span_start"]:
        pytest.skip("mentions all start at one offset")
    ms.insert(0, ms.pop())
    return [("not-ordered", "/mentions/1")]


@case("not-ordered")
def entities_swapped(a, e):
    ents = e["entities"]
    ents[0], ents[1] = ents[1], ents[0]
    return [("not-ordered", "/entities/1")]


# ------------------------------------------------------------------ data rules (edition 2)


def _reslice(a, rec, start, end, text_key="text", start_key="span_start", end_key="span_end"):
    rec[start_key], rec[end_key] = start, end
    rec[text_key] = a["document"]["text"][start:end]


@case("span-not-trimmed")
def mention_span_with_a_trailing_space(a, e):
    text = a["document"]["text"]
    i, m = first(a["mentions"], lambda m: text[m["span_end"]] == " ", "mention before a space")
    _reslice(a, m, m["span_start"], m["span_end"] + 1)
    return [("span-not-trimmed", f"/mentions/{i}/text")]


@case("trigger-crosses-paragraphs")
def trigger_running_into_the_next_paragraph(a, e):
    paras = a["document"]["paragraphs"]
    text = a["document"]["text"]

    def next_para(ev):
        return next((p for p in paras if p["span_start"] >= ev["span_end"]), None)

    i, ev = first(
        a["events"],
        lambda ev: next_para(ev) is not None and not text[next_para(ev)["span_start"]].isspace(),
        "event before a paragraph",
    )
    _reslice(a, ev, ev["span_start"], next_para(ev)["span_start"] + 1)
    return [("trigger-crosses-paragraphs", f"/events/{i}/span_start")]


@case("duplicate-cue")
def two_quotes_share_a_cue(a, e):
    quotes = a["quotes"]
    j, target = first(
        quotes,
        lambda q: (
            q["nested_in"] is None
            and q is not quotes[0]
            and not (
                q["span_start"] < quotes[0]["cue_span_end"]
                and quotes[0]["cue_span_start"] < q["span_end"]
            )
        ),
        "second top-level quote",
    )
    if quotes[0]["nested_in"] is not None:
        pytest.skip("the first quote is nested")
    for key in ("cue", "cue_span_start", "cue_span_end"):
        target[key] = quotes[0][key]
    return [("duplicate-cue", f"/quotes/{j}/cue_span_start")]


@case("cue-misplaced")
def cue_inside_its_own_content(a, e):
    i, q = first(a["quotes"], lambda q: q["span_end"] - q["span_start"] > 10, "quote")
    text = a["document"]["text"]
    end = q["span_start"] + 1
    while end < q["span_end"] and not text[end].isspace():
        end += 1
    _reslice(a, q, q["span_start"], end, "cue", "cue_span_start", "cue_span_end")
    return [("cue-misplaced", f"/quotes/{i}/cue_span_start")]


@case("source-chain-nesting")
def source_chain_skips_the_inner_speaker(a, e):
    i, fa = first(a["facts"], lambda f: len(f["source_chain"]) >= 3, "fact from a nested quote")
    fa["source_chain"] = [fa["source_chain"][0], fa["source_chain"][-1]]
    return [("source-chain-nesting", f"/facts/{i}/source_chain")]


@case("date-resolution-text")
def explicit_date_without_its_expression(a, e):
    i, ev = first(a["events"], lambda ev: ev["date_resolution"] == "explicit", "explicit date")
    ev["date_text"] = None
    return [("date-resolution-text", f"/events/{i}/date_resolution")]


@case("date-resolution-text")
def enrichment_date_with_an_expression(a, e):
    i, ev = first(a["events"], lambda ev: ev["date_resolution"] == "enrichment", "enriched date")
    ev["date_text"] = "some time"
    return [("date-resolution-text", f"/events/{i}/date_resolution")]


@case("enrichment-value-mismatch")
def enrichment_entry_with_another_date(a, e):
    i, ev = first(a["events"], lambda ev: ev["date_resolution"] == "enrichment", "enriched date")
    j = next(k for k, x in enumerate(ev["enrichment"]) if x["field"] == "/date")
    ev["enrichment"][j]["value"] = "1999"
    return [("enrichment-value-mismatch", f"/events/{i}/enrichment/{j}/value")]


@case("fact-event-mismatch")
def fact_linked_to_an_event_of_another_source(a, e):
    i, fa = first(
        a["facts"],
        lambda f: any(ev["asserted_by"] != f["asserted_by"] for ev in a["events"]),
        "fact",
    )
    other = next(ev for ev in a["events"] if ev["asserted_by"] != fa["asserted_by"])
    fa["event_ids"].append(other["event_id"])
    return [("fact-event-mismatch", f"/facts/{i}/event_ids/{len(fa['event_ids']) - 1}")]


@case("fact-quote-not-innermost")
def quoted_fact_recorded_as_narration(a, e):
    outlet = a["document"]["outlet_id"]
    i, fa = first(
        a["facts"], lambda f: f["quote_id"] is not None and not f["event_ids"], "quoted fact"
    )
    fa.update(quote_id=None, asserted_by=outlet, source_chain=[outlet])
    return [("fact-quote-not-innermost", f"/facts/{i}/quote_id")]


@case("unused-record")
def event_no_longer_linked(a, e):
    speech = {q["speech_event_id"] for q in a["quotes"]}
    uses = {}
    for fa in a["facts"]:
        for ev_id in fa["event_ids"]:
            uses[ev_id] = uses.get(ev_id, 0) + 1
    i, ev = first(
        a["events"],
        lambda ev: ev["event_id"] not in speech and uses.get(ev["event_id"]) == 1,
        "event linked by one fact only",
    )
    for fa in a["facts"]:
        if ev["event_id"] in fa["event_ids"]:
            fa["event_ids"].remove(ev["event_id"])
    return [("unused-record", f"/events/{i}/event_id")]


@case("mention-id-format")
def mention_id_naming_another_offset(a, e):
    m = a["mentions"][2]
    wrong = m["mention_id"].replace(f"-{m['span_start']:04d}-", f"-{m['span_start'] + 1:04d}-")
    for q in a["quotes"]:
        if q["speaker_mention_id"] == m["mention_id"]:
            q["speaker_mention_id"] = wrong
    m["mention_id"] = wrong
    return [("mention-id-format", "/mentions/2/mention_id")]


@case("state-as-source")
def state_as_addressee(a, e):
    states = {x["entity_id"] for x in e["entities"] if x["entity_type"] == "state"}
    governments = {
        x["entity_id"]: x["part_of"][0]
        for x in e["entities"]
        if x["entity_type"] == "government" and set(x["part_of"]) & states
    }
    i, q = first(a["quotes"], lambda q: q["addressee_id"] in governments, "addressed quote")
    q["addressee_id"] = governments[q["addressee_id"]]
    return [("state-as-source", f"/quotes/{i}/addressee_id")]


CODES_SHOWN_HERE = {code for codes, _ in CASES.values() for code in codes}


@pytest.mark.parametrize("name", sorted(CASES))
def test_single_mutation_gives_exactly_its_errors(name):
    article, entities = canonical()
    expected = CASES[name][1](article, entities)
    report = run(article, entities)
    assert sorted(report.codes()) == sorted(expected)
    assert {code for code, _ in expected} == set(CASES[name][0])


def test_canonical_dataset_is_valid_in_memory():
    article, entities = canonical()
    assert run(article, entities).codes() == []


def test_lone_article_warns_that_entity_references_were_not_checked():
    article, _ = canonical()
    assert run(article, entities=False).codes() == [("no-entity-registry", "")]


def test_article_file_named_otherwise_warns():
    article, _ = canonical()
    assert run(article, article_name="other-name.json").codes() == [
        ("file-name-mismatch", "/document/doc_id")
    ]


def test_unmentioned_entity_warns_when_the_whole_dataset_is_checked(tmp_path: Path):
    from kuril_data.validation import validate

    article, entities = canonical()
    extra = json.loads(json.dumps(entities["entities"][0]))
    extra["entity_id"] = "zz-never-mentioned"
    for x in extra["aliases"]:
        x["romanization_of"] = x["romanization_of"]
    entities["entities"].append(extra)
    (tmp_path / "articles").mkdir()
    (tmp_path / "entities.json").write_bytes(dump(entities))
    name = article["document"]["doc_id"] + ".json"
    (tmp_path / "articles" / name).write_bytes(dump(article))
    mentioned = {m["entity_id"] for m in article["mentions"]}
    expected = [
        ("unmentioned-entity", f"/entities/{i}/entity_id")
        for i, x in enumerate(entities["entities"])
        if x["entity_id"] not in mentioned
    ]
    assert (
        "unmentioned-entity",
        f"/entities/{len(entities['entities']) - 1}/entity_id",
    ) in expected
    assert validate([tmp_path]).codes() == expected


def test_an_alias_in_no_article_and_without_a_source_warns(tmp_path: Path):
    from kuril_data.validation import validate

    article, entities = canonical()
    i, ent = next((i, x) for i, x in enumerate(entities["entities"]) if x["aliases"])
    alias = json.loads(json.dumps(ent["aliases"][0]))
    alias["name"] = "Kurilen"
    ent["aliases"].append(alias)
    (tmp_path / "articles").mkdir()
    (tmp_path / "entities.json").write_bytes(dump(entities))
    name = article["document"]["doc_id"] + ".json"
    (tmp_path / "articles" / name).write_bytes(dump(article))
    assert validate([tmp_path]).codes() == [
        ("alias-without-source", f"/entities/{i}/aliases/{len(ent['aliases']) - 1}/name")
    ]


def test_an_alias_with_an_enrichment_entry_needs_no_article(tmp_path: Path):
    from kuril_data.validation import validate

    article, entities = canonical()
    ent = next(x for x in entities["entities"] if x["aliases"])
    alias = json.loads(json.dumps(ent["aliases"][0]))
    alias["name"] = "Kurilen"
    ent["aliases"].append(alias)
    ent["enrichment"].append(
        {
            "field": f"/aliases/{len(ent['aliases']) - 1}",
            "value": "Kurilen",
            "source": "a checked source",
            "note": None,
        }
    )
    (tmp_path / "articles").mkdir()
    (tmp_path / "entities.json").write_bytes(dump(entities))
    name = article["document"]["doc_id"] + ".json"
    (tmp_path / "articles" / name).write_bytes(dump(article))
    assert validate([tmp_path]).codes() == []


def test_findings_past_the_limit_are_counted_in_one_summary():
    _, entities = canonical()
    entities["entities"][0]["part_of"] = list(range(3000))
    report = validate_sources([Source("entities.json", dump(entities), "entities", max_errors=5)])
    assert report.codes() == [
        *[("wrong-type", f"/entities/0/part_of/{i}") for i in range(5)],
        ("too-many-errors", ""),
    ]
    assert report.findings[-1].message == (
        "at least 2995 more finding(s) in this file were not reported (limit 5; raise it "
        "with --max-errors)"
    )


def test_an_unusable_registry_is_one_warning_not_a_dangling_reference_each():
    article, _ = canonical()
    report = validate_sources(
        [
            Source("ds/entities.json", b"", "entities", reported=False),
            Source("ds/articles/a.json", dump(article), "article"),
        ]
    )
    assert report.codes() == [("entity-registry-unusable", "")]
    assert report.findings[0].message == (
        "entity references were not checked: ds/entities.json is unusable"
    )


def test_a_broken_registry_given_with_its_articles_reports_only_its_own_error():
    article, _ = canonical()
    report = validate_sources(
        [
            Source("ds/entities.json", b"{", "entities"),
            Source("ds/articles/a.json", dump(article), "article"),
        ]
    )
    assert report.codes() == [("invalid-json", "")]


def test_models_rejecting_what_the_schema_accepts_is_reported_not_hidden(monkeypatch):
    from kuril_data.validation import _parsing

    article, _ = canonical()
    article["mentions"][0]["mention_id"] = "Bad Id"
    monkeypatch.setattr(_parsing, "schema_errors", lambda *args, **kw: [])
    assert run(article).codes() == [("model-schema-disagreement", "/mentions/0/mention_id")]


def test_structurally_invalid_record_is_not_checked_for_meaning():
    article, _ = canonical()
    article["mentions"][0]["mention_type"] = "epithet"
    article["mentions"][0]["text"] = "not the slice"
    assert run(article).codes() == [("not-in-vocabulary", "/mentions/0/mention_type")]


def test_references_to_a_structurally_invalid_record_still_resolve():
    article, _ = canonical()
    _i, q = first(article["quotes"], lambda q: q["speaker_mention_id"] is not None, "quote")
    j = next(
        k for k, m in enumerate(article["mentions"]) if m["mention_id"] == q["speaker_mention_id"]
    )
    article["mentions"][j]["metonymy"] = "no"
    assert run(article).codes() == [("wrong-type", f"/mentions/{j}/metonymy")]


JSON_CASES = {
    "byte-order-mark": (lambda raw: b"\xef\xbb\xbf" + raw, [("byte-order-mark", "")]),
    "invalid-utf8": (lambda raw: raw.replace(b"NAGOYA", b"NAG\xffYA", 1), [("invalid-utf8", "")]),
    "invalid-json": (lambda raw: raw[: len(raw) // 2], [("invalid-json", "")]),
    "duplicate-key": (
        lambda raw: raw.replace(b'"mention_id":', b'"text": "x",\n"mention_id":', 1),
        [("duplicate-key", "/mentions/0/text")],
    ),
    "non-finite-number": (
        lambda raw: _replace_value(raw, b'"span_end": ', b"NaN"),
        [("non-finite-number", "/document/dateline/span_end")],
    ),
    "nesting-too-deep": (
        lambda raw: raw.replace(
            b'"mentions": [', b'"mentions": [' + b"[" * 70 + b"]" * 70 + b",", 1
        ),
        [("nesting-too-deep", "")],
    ),
}


def _replace_value(raw: bytes, key: bytes, new: bytes) -> bytes:
    start = raw.index(key) + len(key)
    end = start
    while raw[end : end + 1].isdigit():
        end += 1
    return raw[:start] + new + raw[end:]


@pytest.mark.parametrize("code", sorted(JSON_CASES))
def test_byte_level_mutation_gives_exactly_its_error(code):
    mutate, expected = JSON_CASES[code]
    raw = mutate(canonical_bytes()[0])
    assert run(raw).codes() == expected


IO_CODES = {
    "path-not-found",
    "not-a-file",
    "unreadable-file",
    "file-too-large",
    "no-dataset-files",
}  # shown by tests/test_validate_hostile.py
SPECIAL = {
    "too-many-errors",
    "entity-registry-unusable",
    "no-entity-registry",
    "file-name-mismatch",
    "unmentioned-entity",
    "alias-without-source",
    "model-schema-disagreement",
}  # shown by the tests above


def test_every_catalogue_code_is_reported_by_a_stage_or_a_registered_rule():
    from kuril_data.validation import _corpus, _parsing, _positions, _reading, _schema_errors
    from kuril_data.validation.rules import registered_codes

    producers = (
        set(_reading.CODES)
        | set(_parsing.CODES)
        | set(_schema_errors.CODES)
        | set(_corpus.CODES)
        | set(_positions.CODES)
        | registered_codes()
    )
    assert sorted(set(CATALOGUE) ^ producers) == []


def test_every_reported_code_has_an_example():
    from kuril_data.validation.rules import registered_codes

    shown = CODES_SHOWN_HERE | set(JSON_CASES) | IO_CODES | SPECIAL
    assert sorted(registered_codes() - shown) == []
    assert sorted(set(CATALOGUE) - shown) == []
    assert sorted(shown - set(CATALOGUE)) == []


@pytest.mark.parametrize(
    "params",
    [{}, {"value": "x"}, {"value": "x", "allowed": ["a"], "extra": 1}],
    ids=["missing", "one-missing", "extra"],
)
def test_an_error_is_refused_when_its_params_do_not_fit_the_template(params):
    from kuril_data.validation.report import make

    with pytest.raises(ValueError, match="not-in-vocabulary: parameters"):
        make("not-in-vocabulary", "f.json", "/x", **params)


def test_params_keep_raw_values_and_the_message_shows_them_quoted_and_cut():
    from kuril_data.validation.report import make

    long = "x" * 100
    err = make("not-in-vocabulary", "f.json", "/x", value=long, allowed=[str(i) for i in range(13)])
    assert dict(err.params)["value"] == long
    assert err.message == (
        '"' + "x" * 58 + '\u2026 is not one of: "0", "1", "2", "3", "4", "5", "6", "7", "8", '
        '"9", "10", "11", \u2026'
    )
    assert err.to_dict()["params"]["allowed"] == [str(i) for i in range(13)]


def test_messages_render_from_their_templates():
    from kuril_data.validation.report import make

    for kind in CATALOGUE.values():
        names = [f[1] for f in __import__("string").Formatter().parse(kind.template) if f[1]]
        err = make(kind.code, "f.json", "/x", **{n: "v" for n in names})
        assert err.render().startswith(f"f.json: {kind.severity} {kind.code}: ")

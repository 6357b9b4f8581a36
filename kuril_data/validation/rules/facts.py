"""Rules on facts: the source chain, and consistency with the quote a fact comes from."""

from __future__ import annotations

from kuril_data._spans import contains
from kuril_data.validation.report import pointer, show_value
from kuril_data.validation.rules._registry import Check, is_span, rule


@rule("source-chain-mismatch")
def source_chain_ends(c: Check) -> None:
    outlet = c.document["outlet_id"]
    for i, fa in c.records("facts"):
        chain = fa["source_chain"]
        if chain and chain[0] != outlet:
            c.err(
                "source-chain-mismatch",
                f"/facts/{i}/source_chain/0",
                position="start",
                found=chain[0],
                expected=outlet,
                expected_field="document.outlet_id",
            )
        if chain and chain[-1] != fa["asserted_by"]:
            c.err(
                "source-chain-mismatch",
                pointer("facts", i, "source_chain", len(chain) - 1),
                position="end",
                found=chain[-1],
                expected=fa["asserted_by"],
                expected_field="asserted_by",
            )


@rule("fact-quote-mismatch")
def fact_matches_quote(c: Check) -> None:
    for i, fa in c.records("facts"):
        source = c.lookup("quote", fa["quote_id"])
        if source is None:
            continue
        if source.get("speaker_id") != fa["asserted_by"]:
            c.err(
                "fact-quote-mismatch",
                f"/facts/{i}/asserted_by",
                detail=f"asserted_by {show_value(fa['asserted_by'])} is not the speaker "
                f"{show_value(source.get('speaker_id'))} of {show_value(fa['quote_id'])}",
            )
        elif is_span(source) and not contains(
            (source["span_start"], source["span_end"]), (fa["span_start"], fa["span_end"])
        ):
            c.err(
                "fact-quote-mismatch",
                f"/facts/{i}/span_start",
                detail=f"evidence [{fa['span_start']}, {fa['span_end']}) is not "
                f"inside the content of {show_value(fa['quote_id'])}",
            )


def _speakers(c: Check, quote_id: str | None) -> list[str] | None:
    """The speakers of the quote and of every quote enclosing it, outermost first; None
    when a link does not resolve or loops (reported by other rules)."""
    chain: list[str] = []
    seen: set[str] = set()
    while quote_id is not None:
        quote = c.lookup("quote", quote_id)
        if quote is None or quote_id in seen or not isinstance(quote.get("speaker_id"), str):
            return None
        seen.add(quote_id)
        chain.insert(0, quote["speaker_id"])
        quote_id = quote.get("nested_in")
    return chain


@rule("source-chain-nesting")
def source_chain_follows_quotes(c: Check) -> None:
    outlet = c.document["outlet_id"]
    for i, fa in c.records("facts"):
        speakers = _speakers(c, fa["quote_id"])
        if speakers is None:
            continue
        expected = [outlet, *speakers]
        if fa["source_chain"] != expected:
            c.err(
                "source-chain-nesting",
                f"/facts/{i}/source_chain",
                found=fa["source_chain"],
                expected=expected,
            )


@rule("fact-quote-not-innermost")
def fact_quote_is_innermost(c: Check) -> None:
    quotes = [q for _, q in c.records("quotes")]
    if len(quotes) != len(c.file.data.get("quotes") or []):
        return  # a quote that failed its structure check could be the one around a fact
    for i, fa in c.records("facts"):
        if fa["quote_id"] is not None and c.lookup("quote", fa["quote_id"]) is None:
            continue  # dangling-reference says it
        around = [
            q
            for q in quotes
            if q["span_start"] <= fa["span_start"] and fa["span_end"] <= q["span_end"]
        ]
        inner = min(around, key=lambda q: q["span_end"] - q["span_start"], default=None)
        expected = inner["quote_id"] if inner is not None else None
        if fa["quote_id"] != expected:
            c.err(
                "fact-quote-not-innermost",
                f"/facts/{i}/quote_id",
                found=fa["quote_id"],
                expected=expected,
            )


@rule("fact-event-mismatch")
def fact_events_match(c: Check) -> None:
    for i, fa in c.records("facts"):
        for j, event_id in enumerate(fa["event_ids"]):
            ev = c.lookup("event", event_id)
            if ev is not None and ev.get("asserted_by") != fa["asserted_by"]:
                c.err(
                    "fact-event-mismatch",
                    f"/facts/{i}/event_ids/{j}",
                    event=event_id,
                    found=ev.get("asserted_by"),
                    expected=fa["asserted_by"],
                )


@rule("unused-record")
def records_used(c: Check) -> None:
    used_quotes = {fa["quote_id"] for _, fa in c.records("facts")}
    used_events = {q["speech_event_id"] for _, q in c.records("quotes")}
    used_events |= {e for _, fa in c.records("facts") for e in fa["event_ids"]}
    for i, q in c.records("quotes"):
        if q["quote_id"] not in used_quotes:
            c.err(
                "unused-record",
                f"/quotes/{i}/quote_id",
                what="quote",
                value=q["quote_id"],
                by="fact",
            )
    for i, ev in c.records("events"):
        if ev["event_id"] not in used_events:
            c.err(
                "unused-record",
                f"/events/{i}/event_id",
                what="event",
                value=ev["event_id"],
                by="fact or quote",
            )

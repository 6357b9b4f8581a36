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

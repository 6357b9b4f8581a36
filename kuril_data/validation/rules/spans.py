"""Rules on spans: every anchored text equals the document text at its offsets."""

from __future__ import annotations

from kuril_data.validation.rules._registry import Check, rule


@rule("span-out-of-range", "span-mismatch")
def spans_match_text(c: Check) -> None:
    c.span("/document/dateline", c.document["dateline"])
    for i, p in enumerate(c.document["paragraphs"]):
        c.span(f"/document/paragraphs/{i}", p)
    for list_name in ("mentions", "quotes", "events", "facts"):
        for i, rec in c.records(list_name):
            c.span(f"/{list_name}/{i}", rec)
            if list_name == "quotes":
                c.span(f"/quotes/{i}", rec, "cue_span_start", "cue_span_end", "cue")

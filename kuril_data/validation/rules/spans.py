"""Rules on spans: every anchored text equals the document text at its offsets."""

from __future__ import annotations

from kuril_data._spans import tiling_gaps
from kuril_data.validation.rules._registry import Check, rule


def _spans_hold(c: Check) -> bool:
    """True when every span of a clean article is in range and its text is the document
    text at its offsets (decided in bulk; the located check runs only when this says
    no)."""
    data, text = c.file.data, c.text
    n = len(text)
    doc = data["document"]
    groups = [
        ([doc["dateline"]], "span_start", "span_end", "text"),
        (doc["paragraphs"], "span_start", "span_end", "text"),
        *(
            (data[name], "span_start", "span_end", "text")
            for name in ("mentions", "quotes", "events", "facts")
        ),
        (data["quotes"], "cue_span_start", "cue_span_end", "cue"),
    ]
    return all(
        0 <= r[s] <= r[e] <= n and r[t] == text[r[s] : r[e]]
        for records, s, e, t in groups
        for r in records
    )


@rule("span-out-of-range", "span-mismatch")
def spans_match_text(c: Check) -> None:
    if c.file.clean and _spans_hold(c):
        return
    c.span("/document/dateline", c.document["dateline"])
    for i, p in enumerate(c.document["paragraphs"]):
        c.span(f"/document/paragraphs/{i}", p)
    for list_name in ("mentions", "quotes", "events", "facts"):
        for i, rec in c.records(list_name):
            c.span(f"/{list_name}/{i}", rec)
            if list_name == "quotes":
                c.span(f"/quotes/{i}", rec, "cue_span_start", "cue_span_end", "cue")


@rule("span-not-trimmed")
def spans_trimmed(c: Check) -> None:
    if c.file.clean:
        data = c.file.data
        values = [
            r["text"] for name in ("mentions", "quotes", "events", "facts") for r in data[name]
        ]
        values += [q["cue"] for q in data["quotes"]]
        if all(v == v.strip() for v in values):
            return
    for list_name in ("mentions", "quotes", "events", "facts"):
        for i, rec in c.records(list_name):
            keys = [("text", "text")] + ([("cue", "cue")] if list_name == "quotes" else [])
            for key, ptr in keys:
                value = rec[key]
                if isinstance(value, str) and value != value.strip():
                    c.err("span-not-trimmed", f"/{list_name}/{i}/{ptr}", found=value)


@rule("trigger-crosses-paragraphs")
def trigger_inside_a_paragraph(c: Check) -> None:
    paragraphs = [(p["span_start"], p["span_end"]) for p in c.document["paragraphs"]]
    if tiling_gaps(paragraphs, len(c.text)):
        return  # paragraphs-not-tiling says what is wrong; no finding per event
    for i, ev in c.records("events"):
        start, end = ev["span_start"], ev["span_end"]
        if not any(p0 <= start and end <= p1 for p0, p1 in paragraphs):
            c.err("trigger-crosses-paragraphs", f"/events/{i}/span_start", start=start, end=end)

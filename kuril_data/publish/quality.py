"""Agreement between the dataset and a blind re-annotation made from GUIDELINES.md and the
article text alone (``dataset/quality/blind-annotation.json``): how reproducible the
guidelines are. The card's "Data quality" section is computed from it at build time,
with every disagreement and how it was resolved (``dataset/quality/resolutions.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BLIND = "quality/blind-annotation.json"
NOTES = "quality/blind-annotation-notes.md"
READ = "quality/independent-read.md"
RESOLUTIONS = "quality/resolutions.json"
UNRESOLVED = "**not yet resolved**"


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["span_start"] < b["span_end"] and b["span_start"] < a["span_end"])


def _span(r: dict[str, Any]) -> str:
    return f"{r['span_start']}-{r['span_end']}"


def agreement(blind: dict[str, Any], article: dict[str, Any]) -> dict[str, Any]:
    """Quote content span F1 (exact offsets), speaker and type agreement on matched quotes;
    status and date agreement on events matched by overlapping triggers."""
    gold = {(q["span_start"], q["span_end"]): q for q in article["quotes"]}
    pred = {(q["span_start"], q["span_end"]): q for q in blind["quotes"]}
    matched = [(gold[k], pred[k]) for k in pred if k in gold]
    precision = len(matched) / len(pred) if pred else 0.0
    recall = len(matched) / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if matched else 0.0
    events = [
        (next(g for g in article["events"] if _overlap(g, p)), p)
        for p in blind["events"]
        if any(_overlap(g, p) for g in article["events"])
    ]
    return {
        "quotes": (len(pred), len(gold), len(matched)),
        "quote_span_f1": f1,
        "speaker": (sum(g["speaker_id"] == p["speaker"] for g, p in matched), len(matched)),
        "quote_type": (sum(g["quote_type"] == p["quote_type"] for g, p in matched), len(matched)),
        "events": (len(blind["events"]), len(article["events"]), len(events)),
        "status": (sum(g["status"] == p["status"] for g, p in events), len(events)),
        "date": (sum(g["date"] == p["date"] for g, p in events), len(events)),
    }


def disagreements(blind: dict[str, Any], article: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, what differs) for every disagreement the figures of :func:`agreement` count:
    quotes found by one side only, speaker and type on matched quotes, events found by one
    side only, status and date on matched events. Keys are stable for a given text."""
    text = article["document"]["text"]
    out: list[tuple[str, str]] = []
    gold = {(q["span_start"], q["span_end"]): q for q in article["quotes"]}
    pred = {(q["span_start"], q["span_end"]): q for q in blind["quotes"]}
    for k, q in pred.items():
        if k not in gold:
            out.append((f"quote-blind-only:{_span(q)}", f"quote {text[k[0] : k[1]]!r}"))
            continue
        g = gold[k]
        for mine, theirs in (("speaker_id", "speaker"), ("quote_type", "quote_type")):
            if g[mine] != q[theirs]:
                out.append(
                    (
                        f"quote-{theirs}:{g['quote_id']}",
                        f"{mine} of `{g['quote_id']}`: `{g[mine]}` vs `{q[theirs]}`",
                    )
                )
    for k, g in gold.items():
        if k not in pred:
            out.append((f"quote-dataset-only:{g['quote_id']}", f"quote `{g['quote_id']}`"))
    for p in blind["events"]:
        matches = [g for g in article["events"] if _overlap(g, p)]
        if not matches:
            out.append(
                (
                    f"event-blind-only:{_span(p)}",
                    f"event triggered at {p['text']!r} ({_span(p)}) only in the blind annotation",
                )
            )
            continue
        g = matches[0]
        for f in ("status", "date"):
            if g[f] != p[f]:
                out.append(
                    (
                        f"event-{f}:{g['event_id']}",
                        f"{f} of `{g['event_id']}`: `{g[f]}` vs `{p[f]}`",
                    )
                )
    for g in article["events"]:
        if not any(_overlap(g, p) for p in blind["events"]):
            out.append(
                (
                    f"event-dataset-only:{g['event_id']}",
                    f"event `{g['event_id']}` ({g['text']!r}) only in the dataset",
                )
            )
    return out


def section(dataset: Path, articles: list[Path]) -> str:
    """The card's data-quality section ('' when the dataset has no blind annotation)."""
    path = dataset / BLIND
    if not path.is_file() or not articles:
        return ""
    blind = json.loads(path.read_text(encoding="utf-8"))
    article = json.loads(articles[0].read_text(encoding="utf-8"))
    if blind.get("document_text_sha256") != article["document"]["text_sha256"]:
        return ""
    resolutions_path = dataset / RESOLUTIONS
    resolutions: dict[str, Any] = (
        json.loads(resolutions_path.read_text(encoding="utf-8"))
        if resolutions_path.is_file()
        else {"first_measurement": None, "resolved": []}
    )
    a = agreement(blind, article)

    def share(pair: tuple[int, int]) -> str:
        return f"{pair[0]}/{pair[1]} ({pair[0] / pair[1]:.2f})" if pair[1] else "n/a"

    by_key = {r["key"]: r for r in resolutions["resolved"]}
    current = disagreements(blind, article)
    current_keys = {k for k, _ in current}
    rows = [
        f"| {what} | {by_key[k]['resolution'] if k in by_key else UNRESOLVED} | "
        f"{by_key[k]['how'] if k in by_key else ''} |"
        for k, what in current
    ] + [
        f"| {r['what']} | {r['resolution']} | {r['how']} |"
        for r in resolutions["resolved"]
        if r["key"] not in current_keys
    ]
    notes = dataset / NOTES
    unclear = (
        sum(line.startswith("- ") for line in notes.read_text(encoding="utf-8").splitlines())
        if notes.is_file()
        else 0
    )
    read = ""
    if (dataset / READ).is_file():
        # the first read is under the file's title, each later one under a "## " heading
        lines = (dataset / READ).read_text(encoding="utf-8").splitlines()
        reads = 1 + sum(line.startswith("## ") for line in lines)
        times = {1: "once", 2: "twice"}.get(reads, f"{reads} times in turn")
        read = (
            f"\nReviewers who had not annotated the data read every event and fact against "
            f"the text, {times}; `{READ}` lists each finding and what was done with it.\n"
        )
    first = resolutions.get("first_measurement")
    before = f"\n{first}\n" if first else ""
    table = "\n".join(rows) if rows else "| none | | |"
    return f"""## Data quality

A second annotator who saw only [GUIDELINES.md](GUIDELINES.md) and the article text
annotated the quotes and events blind (`{BLIND}`, with the annotator's notes on every
unclear rule beside it). Agreement with this dataset as published, computed at build time:

| measure | value |
|---|---|
| quotes (blind / dataset / same content span) | {a["quotes"][0]} / {a["quotes"][1]} / {a["quotes"][2]} |
| quote content span F1 (exact offsets) | {a["quote_span_f1"]:.2f} |
| speaker id on matched quotes | {share(a["speaker"])} |
| quote type on matched quotes | {share(a["quote_type"])} |
| events (blind / dataset / matched by overlapping trigger) | {a["events"][0]} / {a["events"][1]} / {a["events"][2]} |
| event status on matched events | {share(a["status"])} |
| event date (EDTF string) on matched events | {share(a["date"])} |
{before}
Every disagreement, and how it was resolved (`{RESOLUTIONS}`). A disagreement resolved by
fixing the data no longer counts above; one resolved by sharpening the guidelines still
does, since the blind annotation was made from the earlier wording.

| disagreement | resolution | how |
|---|---|---|
{table}

The annotator's notes (`{NOTES}`) name {unclear} places where a rule left room for a
choice. Each was read against edition 2; where the choice differed from the data or the
annotator hesitated, the rule was sharpened (GUIDELINES.md, Appendix B, last entry).
{read}
"""

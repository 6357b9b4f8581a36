"""Agreement between the dataset and a blind re-annotation made from GUIDELINES.md and the
article text alone (``dataset/quality/blind-annotation.json``): how reproducible the
guidelines are. The card's "Data quality" section is computed from it at build time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BLIND = "quality/blind-annotation.json"


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["span_start"] < b["span_end"] and b["span_start"] < a["span_end"])


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
        "speaker_mismatches": [
            (g["speaker_id"], p["speaker"]) for g, p in matched if g["speaker_id"] != p["speaker"]
        ],
        "quote_type": (sum(g["quote_type"] == p["quote_type"] for g, p in matched), len(matched)),
        "events": (len(blind["events"]), len(article["events"]), len(events)),
        "status": (sum(g["status"] == p["status"] for g, p in events), len(events)),
        "date": (sum(g["date"] == p["date"] for g, p in events), len(events)),
    }


def section(dataset: Path, articles: list[Path]) -> str:
    """The card's data-quality section ('' when the dataset has no blind annotation)."""
    path = dataset / BLIND
    if not path.is_file() or not articles:
        return ""
    blind = json.loads(path.read_text(encoding="utf-8"))
    article = json.loads(articles[0].read_text(encoding="utf-8"))
    if blind.get("document_text_sha256") != article["document"]["text_sha256"]:
        return ""
    a = agreement(blind, article)

    def share(pair: tuple[int, int]) -> str:
        return f"{pair[0]}/{pair[1]} ({pair[0] / pair[1]:.2f})" if pair[1] else "n/a"

    mismatches = "; ".join(f"`{g}` vs `{p}`" for g, p in a["speaker_mismatches"]) or "none"
    return f"""## Data quality

A second annotator who saw only [GUIDELINES.md](GUIDELINES.md) and the article text
annotated the quotes and events blind (`{BLIND}`, with the annotator's notes on every
unclear rule beside it). Agreement with this dataset, computed at build time:

| measure | value |
|---|---|
| quotes (blind / dataset / same content span) | {a["quotes"][0]} / {a["quotes"][1]} / {a["quotes"][2]} |
| quote content span F1 (exact offsets) | {a["quote_span_f1"]:.2f} |
| speaker id on matched quotes | {share(a["speaker"])} |
| quote type on matched quotes | {share(a["quote_type"])} |
| events (blind / dataset / matched by overlapping trigger) | {a["events"][0]} / {a["events"][1]} / {a["events"][2]} |
| event status on matched events | {share(a["status"])} |
| event date (EDTF string) on matched events | {share(a["date"])} |

Speaker ids that differ: {mismatches}.

"""

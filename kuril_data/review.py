"""A plain-text read-through of an annotated article: every paragraph followed by every
record anchored in it, in text order, so a reviewer can check the annotation by eye.

``kuril-data show [DOC_ID] [--dataset DIR]``; reads the canonical JSON directly.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path


def _rows(article: dict) -> list[tuple[int, int, str]]:
    """(start, order, line) for every anchored record."""
    rows = []
    for m in article["mentions"]:
        meto = ", metonymy" if m["metonymy"] else ""
        rows.append((m["span_start"], 0, f"M {m['span_start']}-{m['span_end']} "
                     f"\u201c{m['text']}\u201d \u2192 {m['entity_id']} ({m['mention_type']}{meto})"))
    for q in article["quotes"]:
        to = f" to {q['addressee_id']}" if q["addressee_id"] else ""
        nest = f" inside {q['nested_in']}" if q["nested_in"] else ""
        rows.append((q["span_start"], 1, f"Q {q['quote_id']} [{q['quote_type']}] "
                     f"{q['speaker_id']}{to}, cue \u201c{q['cue']}\u201d{nest}; "
                     f"event {q['speech_event_id']}\n    \u00ab{q['text']}\u00bb"))
    for e in article["events"]:
        when = e["date"] or "date unknown"
        parts = ", ".join(f"{p['entity_id']}:{p['role']}" for p in e["participants"])
        codes = "/".join(c for c in (e["cameo_code"], e["plover_type"]) if c)
        rows.append((e["span_start"], 2, f"E {e['event_id']} \u201c{e['text']}\u201d "
                     f"{e['event_type']} {e['status']} ({e['factuality']} per {e['asserted_by']}) "
                     f"{when} [{e['date_resolution']}] {codes}\n    {parts}"))
    for f in article["facts"]:
        via = " > ".join(f["source_chain"])
        rows.append((f["span_start"], 3, f"F {f['fact_id']} {f['factuality']} per {via}: "
                     f"{f['statement']}"))
    return sorted(rows)


def render_text(article: dict) -> str:
    """The article, paragraph by paragraph, each followed by its annotations."""
    doc = article["document"]
    out = [f"{doc['doc_id']}: {doc['title']}", f"published {doc['published']} by "
           f"{doc['outlet_id']}; {len(article['mentions'])} mentions, {len(article['quotes'])} "
           f"quotes, {len(article['events'])} events, {len(article['facts'])} facts", ""]
    rows = _rows(article)
    for para in doc["paragraphs"]:
        out.append(f"\u00b6{para['paragraph_index']} {para['kind']} "
                   f"[{para['span_start']}-{para['span_end']}]")
        out.extend(textwrap.wrap(para["text"].rstrip("\n"), 100, initial_indent="  ",
                                 subsequent_indent="  "))
        for start, _, line in rows:
            if para["span_start"] <= start < para["span_end"]:
                out.append("  " + line)
        out.append("")
    return "\n".join(out)


def show_command(doc_id: str | None, dataset: str | None) -> int:
    """Print the read-through of one article (default: the only or first one)."""
    from kuril_data.resources import packaged_dataset

    root = Path(dataset) if dataset else None
    folder = (root / "articles") if root else packaged_dataset() / "articles"
    try:
        names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
    except OSError as exc:
        print(f"kuril-data show: cannot list {folder}: {exc}", file=sys.stderr)
        return 2
    wanted = f"{doc_id}.json" if doc_id else (names[0] if names else None)
    if wanted not in names:
        print(f"kuril-data show: no article {doc_id!r}; known: {', '.join(n[:-5] for n in names)}",
              file=sys.stderr)
        return 2
    try:
        article = json.loads((folder / wanted).read_text(encoding="utf-8"))
        print(render_text(article))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"kuril-data show: {folder / wanted}: not a readable article ({exc}); "
              "run `kuril-data validate` on it", file=sys.stderr)
        return 1
    return 0

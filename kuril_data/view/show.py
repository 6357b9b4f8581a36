"""A plain-text read-through of an annotated article: every paragraph followed by every
record anchored in it, in text order, so a reviewer can check the annotation by eye.

Used by ``kuril-data show [DOC_ID] [--dataset DIR]``; works on the canonical JSON.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from kuril_data._layout import dataset_files
from kuril_data.exceptions import InputError, InvalidDataError
from kuril_data.validation import validate


def _rows(article: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(start, order, line) for every anchored record."""
    rows = []
    for m in article["mentions"]:
        meto = ", metonymy" if m["metonymy"] else ""
        rows.append(
            (
                m["span_start"],
                0,
                f"M {m['span_start']}-{m['span_end']} "
                f"\u201c{m['text']}\u201d \u2192 {m['entity_id']} ({m['mention_type']}{meto})",
            )
        )
    for q in article["quotes"]:
        to = f" to {q['addressee_id']}" if q["addressee_id"] else ""
        nest = f" inside {q['nested_in']}" if q["nested_in"] else ""
        rows.append(
            (
                q["span_start"],
                1,
                f"Q {q['quote_id']} [{q['quote_type']}] "
                f"{q['speaker_id']}{to}, cue \u201c{q['cue']}\u201d{nest}; "
                f"event {q['speech_event_id']}\n    \u00ab{q['text']}\u00bb",
            )
        )
    for e in article["events"]:
        when = e["date"] or "date unknown"
        parts = ", ".join(f"{p['entity_id']}:{p['role']}" for p in e["participants"])
        codes = "/".join(c for c in (e["cameo_code"], e["plover_type"]) if c)
        rows.append(
            (
                e["span_start"],
                2,
                f"E {e['event_id']} \u201c{e['text']}\u201d "
                f"{e['event_type']} {e['status']} ({e['factuality']} per {e['asserted_by']}) "
                f"{when} [{e['date_resolution']}] {codes}\n    {parts}",
            )
        )
    for f in article["facts"]:
        via = " > ".join(f["source_chain"])
        rows.append(
            (f["span_start"], 3, f"F {f['fact_id']} {f['factuality']} per {via}: {f['statement']}")
        )
    return sorted(rows)


def render_text(article: dict[str, Any]) -> str:
    """The article, paragraph by paragraph, each followed by its annotations."""
    doc = article["document"]
    out = [
        f"{doc['doc_id']}: {doc['title']}",
        f"published {doc['published']} by "
        f"{doc['outlet_id']}; {len(article['mentions'])} mentions, {len(article['quotes'])} "
        f"quotes, {len(article['events'])} events, {len(article['facts'])} facts",
        "",
    ]
    rows = _rows(article)
    for para in doc["paragraphs"]:
        out.append(
            f"\u00b6{para['paragraph_index']} {para['kind']} "
            f"[{para['span_start']}-{para['span_end']}]"
        )
        out.extend(
            textwrap.wrap(
                para["text"].rstrip("\n"), 100, initial_indent="  ", subsequent_indent="  "
            )
        )
        for start, _, line in rows:
            if para["span_start"] <= start < para["span_end"]:
                out.append("  " + line)
        out.append("")
    return "\n".join(line.rstrip() for line in "\n".join(out).split("\n"))


def read_article(folder: Path, doc_id: str | None = None) -> dict[str, Any]:
    """The article ``doc_id`` (default: the first by file name) of the dataset folder
    ``folder``, read through the models (as JSON data): InputError when it is missing
    or unreadable, InvalidDataError when it is not a valid article."""
    from kuril_data.models.reading import read_article as read  # pydantic: only when run

    try:
        _, files = dataset_files(folder)
    except OSError as exc:
        raise InputError(f"cannot list {folder / 'articles'}: {exc.strerror or exc}") from None
    names = {p.name[:-5]: p for p in files}
    wanted = doc_id if doc_id is not None else next(iter(names), None)
    if wanted is None or wanted not in names:
        known = ", ".join(names) or "none"
        raise InputError(f"no article {doc_id!r} in {folder}; known: {known}")
    report = validate([names[wanted]])  # bounded memory, however broken the file is
    if report.io_failed:
        raise InputError(report.errors[0].render())
    if report.errors:
        raise InvalidDataError(
            f"{names[wanted]}: not a valid article ({len(report.errors)} errors); run "
            f"`kuril-data validate {names[wanted]}` for details"
        )
    return read(names[wanted]).model_dump(mode="json")

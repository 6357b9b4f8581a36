"""Tokens and BIO tags for entity mentions: the flat token-classification view.

Tokens are runs of word characters or single other non-space characters (``\\w+|[^\\w\\s]``),
so "Russia’s" is "Russia", "’", "s" and "US-Japanses" is "US", "-", "Japanses"; every
mention of the dataset starts and ends on token boundaries (checked when tagging).

Mentions nest and share spans, so a flat tagging cannot hold them all. The rule: **the outermost mention wins**. Mentions are taken longest first
(earliest first on equal length, then by entity id); a mention that overlaps one already
taken is left out. Its tokens are tagged ``B-<entity_type>`` (first) and
``I-<entity_type>``; other tokens ``O``. A mention that does not start and end on token
boundaries (part of a word; none in the shipped data) cannot be tagged and is left out
before the rule is applied. The nested mentions are kept in the ``annotated_documents``
view and in the spaCy span groups."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kuril_data.models.vocabularies import ENTITY_TYPES

TOKEN = re.compile(r"\w+|[^\w\s]")
NER_LABELS = ["O"] + [f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I")]
"""Every BIO tag, in the order of the Hugging Face ``ClassLabel`` (``O`` is 0)."""


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) code point offsets of the tokens of ``text[start:end]``."""
    return [
        (m.start(), m.end()) for m in TOKEN.finditer(text, start, len(text) if end is None else end)
    ]


def flat_mentions(mentions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mentions a flat tagging keeps (the outermost-wins rule), in text order."""
    taken: list[dict[str, Any]] = []
    for m in sorted(
        mentions, key=lambda m: (m["span_start"] - m["span_end"], m["span_start"], m["entity_id"])
    ):
        if all(m["span_end"] <= t["span_start"] or t["span_end"] <= m["span_start"] for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m["span_start"])


def bio_tags(
    tokens: list[tuple[int, int]], mentions: Iterable[dict[str, Any]], entity_types: dict[str, str]
) -> list[str]:
    """One BIO tag per token (mentions off token boundaries are left out)."""
    index = {start: i for i, (start, _) in enumerate(tokens)}
    ends = {end: i for i, (_, end) in enumerate(tokens)}
    tags = ["O"] * len(tokens)
    aligned = [m for m in mentions if m["span_start"] in index and m["span_end"] in ends]
    for m in flat_mentions(aligned):
        first, last = index[m["span_start"]], ends[m["span_end"]]
        label = entity_types[m["entity_id"]]
        tags[first] = f"B-{label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{label}"
    return tags

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
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from kuril_data.models.vocabularies import ENTITY_TYPES

TOKEN = re.compile(r"\w+|[^\w\s]")
NER_LABELS = ["O"] + [f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I")]
"""Every BIO tag, in the order of the Hugging Face ``ClassLabel`` (``O`` is 0)."""


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) code point offsets of the tokens of ``text[start:end]``."""
    return [m.span() for m in TOKEN.finditer(text, start, len(text) if end is None else end)]


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
    """One BIO tag per token (``tokens`` in text order; mentions off token boundaries are
    left out)."""
    tags = ["O"] * len(tokens)
    aligned: list[tuple[int, int, dict[str, Any]]] = []
    for m in mentions:
        first = bisect_left(tokens, (m["span_start"],))  # the token starting there, if any
        last = bisect_left(tokens, (m["span_end"],)) - 1  # the last token before its end
        if (
            first < len(tokens)
            and tokens[first][0] == m["span_start"]
            and last >= 0
            and tokens[last][1] == m["span_end"]
        ):
            aligned.append((first, last, m))
    where = {id(m): (first, last) for first, last, m in aligned}
    for m in flat_mentions(m for _, _, m in aligned):
        first, last = where[id(m)]
        label = entity_types[m["entity_id"]]
        tags[first] = f"B-{label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{label}"
    return tags

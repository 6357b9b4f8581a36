"""Tokens and BIO tags for entity mentions: the flat token-classification view.

Tokens are runs of word characters or single other non-space characters (``\\w+|[^\\w\\s]``),
so "Russia’s" is "Russia", "’", "s" and "US-Japanses" is "US", "-", "Japanses"; every
mention of the dataset starts and ends on token boundaries (checked when tagging).

Mentions nest and share spans, so a flat tagging cannot hold them all. The rule: **the
outermost mention wins**. Mentions are taken longest first (earliest first on equal
length, then by entity id); a mention that overlaps one already taken is left out. Its
tokens are tagged ``B-<entity_type>`` (first) and ``I-<entity_type>``; other tokens
``O``. A mention that does not start and end on token boundaries (part of a word; none
in the shipped data) cannot be tagged and is left out before the rule is applied. The nested mentions are kept in the ``annotated_documents``
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
    return [m.span() for m in TOKEN.finditer(text, start, len(text) if end is None else end)]


def flat_mentions(mentions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mentions a flat tagging keeps (the outermost-wins rule), in text order."""
    ranked = sorted(
        ((m["span_start"] - m["span_end"], m["span_start"], m["entity_id"], i), m)
        for i, m in enumerate(mentions)
    )
    kept = _outermost([(start, start - neg) for (neg, start, _, _), _ in ranked])
    return sorted((ranked[k][1] for k in kept), key=lambda m: m["span_start"])


def _outermost(spans: list[tuple[int, int]]) -> list[int]:
    """The indexes of the (start, end) spans kept, in order: each overlaps no earlier kept
    span."""
    kept: list[int] = []
    taken: list[tuple[int, int]] = []
    for k, (start, end) in enumerate(spans):
        if all(end <= s or e <= start for s, e in taken):
            taken.append((start, end))
            kept.append(k)
    return kept


def bio_tags(
    tokens: list[tuple[int, int]], mentions: Iterable[dict[str, Any]], entity_types: dict[str, str]
) -> list[str]:
    """One BIO tag per token (``tokens`` in text order; mentions off token boundaries are
    left out)."""
    return tags_of([s for s, _ in tokens], [e for _, e in tokens], mentions, entity_types)


def tags_of(
    starts: list[int],
    ends: list[int],
    mentions: Iterable[dict[str, Any]],
    entity_types: dict[str, str],
) -> list[str]:
    """:func:`bio_tags` of the tokens given as their start and end offsets."""
    tags = ["O"] * len(starts)
    first_at = {s: i for i, s in enumerate(starts)}  # token index by start offset
    last_at = {e: i for i, e in enumerate(ends)}
    aligned: list[tuple[int, int, str, int, int]] = []  # the flat_mentions order, then tokens
    for m in mentions:
        start, end = m["span_start"], m["span_end"]
        first, last = first_at.get(start), last_at.get(end)
        if first is not None and last is not None:
            aligned.append((start - end, start, m["entity_id"], first, last))
    aligned.sort()
    for k in _outermost([(start, start - neg) for neg, start, _, _, _ in aligned]):
        _, _, entity, first, last = aligned[k]
        label = entity_types[entity]
        tags[first] = f"B-{label}"
        tags[first + 1 : last + 1] = [f"I-{label}"] * (last - first)
    return tags

"""A spaCy ``DocBin`` of the articles (optional extra ``kuril-data[spacy]``).

Each ``Doc`` has the article's text exactly (``doc.text == document.text``), tokenised
as in :mod:`kuril_data.exchange.tokens` (line breaks are tokens of their own), and:

- ``doc.spans["mentions"]``: every mention, nested ones included; label = entity type,
  ``kb_id_`` = entity id, ``id_`` = mention id;
- ``doc.spans["quotes"]``: quote contents; label = quote type, ``kb_id_`` = speaker id,
  ``id_`` = quote id;
- ``doc.spans["events"]``: event triggers; label = event type, ``kb_id_`` = asserted_by,
  ``id_`` = event id;
- ``doc.ents``: the flat mentions of the outermost-wins rule;
- ``doc.user_data``: ``doc_id``, ``title``, ``published``, and ``unaligned``: the ids of
  records whose span does not start and end on token boundaries (part of a word), which
  no spaCy span can hold (none in the shipped data).

Load with ``DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kuril_data.exchange.tokens import flat_mentions, tokenize


def _words(text: str) -> tuple[list[str], list[bool]]:
    """spaCy words and trailing-space flags that rebuild ``text`` exactly."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for start, end in tokenize(text):
        gap = text[pos:start]
        if gap:
            if gap == " " and words:
                spaces[-1] = True
            else:
                if words and gap.startswith(" "):
                    spaces[-1] = True
                    gap = gap[1:]
                words.append(gap)
                spaces.append(False)
        words.append(text[start:end])
        spaces.append(False)
        pos = end
    if text[pos:]:
        words.append(text[pos:])
        spaces.append(False)
    return words, spaces


def to_doc(vocab: Any, article: dict[str, Any], entity_types: dict[str, str]) -> Any:
    """One article (canonical JSON data) as a spaCy ``Doc``."""
    from spacy.tokens import Doc

    doc_data = article["document"]
    words, spaces = _words(doc_data["text"])
    doc = Doc(vocab, words=words, spaces=spaces)
    if doc.text != doc_data["text"]:
        raise ValueError(f"{doc_data['doc_id']}: the tokens do not rebuild the text")

    unaligned: list[str] = []

    def spans(records: list[tuple[dict[str, Any], str, str, str]]) -> list[Any]:
        out = []
        for rec, label, kb_id, rid in records:
            s = doc.char_span(
                rec["span_start"],
                rec["span_end"],
                label=label,
                kb_id=kb_id,
                span_id=rid,
                alignment_mode="strict",
            )
            if s is None:
                unaligned.append(rid)
            else:
                out.append(s)
        return out

    def mention(m: dict[str, Any]) -> tuple[dict[str, Any], str, str, str]:
        return m, entity_types[m["entity_id"]], m["entity_id"], m["mention_id"]

    doc.spans["mentions"] = spans([mention(m) for m in article["mentions"]])
    doc.spans["quotes"] = spans(
        [(q, q["quote_type"], q["speaker_id"], q["quote_id"]) for q in article["quotes"]]
    )
    doc.spans["events"] = spans(
        [(e, e["event_type"], e["asserted_by"], e["event_id"]) for e in article["events"]]
    )
    aligned = {s.id_ for s in doc.spans["mentions"]}
    doc.ents = spans(
        [
            mention(m)
            for m in flat_mentions(m for m in article["mentions"] if m["mention_id"] in aligned)
        ]
    )
    unaligned = sorted(set(unaligned))
    doc.user_data.update(
        doc_id=doc_data["doc_id"],
        title=doc_data["title"],
        published=doc_data["published"],
        unaligned=unaligned,
    )
    return doc


def docbin(articles: Iterable[dict[str, Any]], entity_types: dict[str, str]) -> bytes:
    """The articles as the bytes of a ``DocBin`` (user data stored)."""
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        from kuril_data.exceptions import InputError

        raise InputError("the spacy export needs spaCy: pip install 'kuril-data[spacy]'") from None
    vocab = spacy.blank("en").vocab
    out = DocBin(store_user_data=True)
    for article in articles:
        out.add(to_doc(vocab, article, entity_types))
    data: bytes = out.to_bytes()
    return data

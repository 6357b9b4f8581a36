"""Views derived from the tables, written by the build next to them (``derived/``):

- ``annotated_documents``: one row per document, the ``documents`` columns plus every
  record of the document nested as a list per table (``paragraphs``, ``mentions``,
  ``quotes``, ``events``, ``event_participants``, ``facts``; each item is the table's
  row without ``doc_id``);
- ``ner_tokens``: one row per paragraph with its tokens, their offsets and BIO tags for
  entity mentions (:mod:`kuril_data.exchange.tokens` states the tokenisation and the rule
  for nested mentions).

Both are built batch by batch from the same table batches the build writes, so memory
stays bounded by a batch."""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from operator import itemgetter
from typing import Any

import pyarrow as pa

from kuril_data.exchange.tokens import TOKEN, tags_of

NESTED = ("paragraphs", "mentions", "quotes", "events", "event_participants", "facts")

TOKENS_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), False, {"description": "The document (documents.doc_id)."}),
        pa.field(
            "paragraph_index",
            pa.int32(),
            False,
            {"description": "The paragraph (paragraphs.paragraph_index)."},
        ),
        pa.field(
            "tokens",
            pa.list_(pa.string()),
            False,
            {
                "description": "The paragraph's tokens: runs of word characters or single other non-space characters."
            },
        ),
        pa.field(
            "token_starts",
            pa.list_(pa.int32()),
            False,
            {"description": "Start of each token: code point offset into documents.text."},
        ),
        pa.field(
            "token_ends",
            pa.list_(pa.int32()),
            False,
            {"description": "End of each token (exclusive)."},
        ),
        pa.field(
            "ner_tags",
            pa.list_(pa.string()),
            False,
            {
                "description": "BIO tag of each token for entity mentions (B-<entity_type>, "
                "I-<entity_type>, O); nested mentions: the outermost wins."
            },
        ),
    ]
)


def _nested(table: pa.Table, counts: list[int]) -> pa.ListArray:
    """The rows of ``table`` grouped into one list per document (rows are in document
    order, so each document's rows are contiguous; ``counts``: each document's rows)."""
    offsets = list(accumulate(counts, initial=0))
    rest = table.drop_columns(["doc_id"])
    struct = pa.StructArray.from_arrays(
        [c.combine_chunks() for c in rest.columns], fields=list(rest.schema)
    )
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), struct)


def annotated_documents(batch: dict[str, pa.Table], counts: dict[str, list[int]]) -> pa.Table:
    """One row per document of a batch, with its records nested (``counts``: for each
    nested table, each document's number of rows, in document order)."""
    docs = batch["documents"]
    columns = list(docs.columns)
    fields = list(docs.schema)
    for name in NESTED:
        nested = _nested(batch[name], counts[name])
        columns.append(nested)
        fields.append(
            pa.field(
                name,
                nested.type,
                False,
                {"description": f"The document's rows of the {name} table (without doc_id)."},
            )
        )
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def token_rows(article: dict[str, Any], entity_types: dict[str, str]) -> dict[str, list[Any]]:
    """The ``ner_tokens`` cells of one article (parsed JSON), column by column: one row per
    paragraph with its tokens and tags (``entity_types``: entity id -> type, for at least
    the entities the article mentions)."""
    rows: dict[str, list[Any]] = {f.name: [] for f in TOKENS_SCHEMA}
    doc = article["document"]
    text = doc["text"]
    mentions = sorted(article["mentions"], key=itemgetter("span_start"))
    starts = [m["span_start"] for m in mentions]
    for p in doc["paragraphs"]:
        start, end = p["span_start"], p["span_end"]
        found = list(TOKEN.finditer(text, start, end))
        token_starts = [m.start() for m in found]
        token_ends = [m.end() for m in found]
        inside = mentions[bisect_left(starts, start) : bisect_left(starts, end)]
        rows["doc_id"].append(doc["doc_id"])
        rows["paragraph_index"].append(p["paragraph_index"])
        rows["tokens"].append([m.group() for m in found])
        rows["token_starts"].append(token_starts)
        rows["token_ends"].append(token_ends)
        rows["ner_tags"].append(
            tags_of(token_starts, token_ends, inside, entity_types)
            if inside
            else ["O"] * len(found)
        )
    return rows


def tokens_table(rows: dict[str, list[Any]]) -> pa.Table:
    """The ``ner_tokens`` view from its cells (:func:`token_rows`, or several joined)."""
    return pa.Table.from_pydict(rows, schema=TOKENS_SCHEMA)

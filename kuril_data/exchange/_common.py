"""What every exchange format shares: the record kinds, their ids and spans, the typed
refusal, and the final check of an imported article."""

from __future__ import annotations

import json
from typing import Any

from kuril_data.exceptions import InvalidDataError

KINDS = ("mentions", "quotes", "events", "facts")
"""The span-anchored record lists of an article, in file order."""
ID_FIELD = {
    "mentions": "mention_id",
    "quotes": "quote_id",
    "events": "event_id",
    "facts": "fact_id",
}
SPAN_FIELDS = ("span_start", "span_end", "text")


class ImportRefused(InvalidDataError):
    """An exchange file that cannot be mapped to the dataset's records without guessing;
    the message names the file and the place (line, annotation id)."""


def fields(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its span (the span is carried by the format's own anchors)."""
    return {k: v for k, v in record.items() if k not in SPAN_FIELDS}


def anchored(record: dict[str, Any], text: str, start: int, end: int) -> dict[str, Any]:
    """A record with its span put back from the format's anchor."""
    return {**record, "span_start": start, "span_end": end, "text": text[start:end]}


def canonical_article(data: dict[str, Any], where: str) -> str:
    """An imported article as canonical JSON text (the models' field order), or
    :class:`ImportRefused` when the records do not have the dataset's shape."""
    from pydantic import ValidationError

    from kuril_data.models.canonical import format_record
    from kuril_data.models.records import ArticleFile

    try:
        return format_record(ArticleFile.model_validate_json(json.dumps(data)))
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first["loc"]
        at = "/".join(str(p) for p in loc)
        record = ""
        if len(loc) > 1 and loc[0] in ID_FIELD and isinstance(loc[1], int):
            rec = data.get(str(loc[0]), [])[loc[1]]
            rid = rec.get(ID_FIELD[str(loc[0])]) if isinstance(rec, dict) else None
            record = f" (record {rid!r})" if rid is not None else ""
        raise ImportRefused(
            f"{where}: the imported records do not fit the dataset's model "
            f"({exc.error_count()} problem(s)); first at /{at}{record}: {first['msg']}"
        ) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        twice = next(k for k in keys if keys.count(k) > 1)
        raise ValueError(f"the key {twice!r} appears twice in one object")
    return dict(pairs)


def load_json(raw: str, where: str) -> Any:
    """JSON from an exchange file, or :class:`ImportRefused` naming the place (malformed,
    a key twice in one object, nested too deeply, a number too long)."""
    try:
        return json.loads(raw, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"{where}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    except RecursionError:
        raise ImportRefused(f"{where}: JSON nested too deeply to read") from None
    except ValueError as exc:  # a duplicate key, or an integer longer than Python reads
        raise ImportRefused(f"{where}: not usable JSON: {exc}") from None

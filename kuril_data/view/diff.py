"""A record-level comparison of two dataset versions (``kuril-data diff OLD NEW``).

Records are matched by id within their kind (documents, entities, mentions, quotes,
events, facts); a record is added, removed, or changed field by field. Both folders are
read through the models (``models/reading.py``), so only valid datasets are compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kuril_data._layout import dataset_files
from kuril_data.exceptions import InputError
from kuril_data.models.reading import read_article, read_entities

KINDS = ("documents", "entities", "mentions", "quotes", "events", "facts")
ID_FIELDS = {
    "documents": "doc_id",
    "entities": "entity_id",
    "mentions": "mention_id",
    "quotes": "quote_id",
    "events": "event_id",
    "facts": "fact_id",
}


@dataclass
class Change:
    """One field of one record that differs: its old and new values."""

    field: str
    old: Any
    new: Any


@dataclass
class Diff:
    """Records added, removed and changed, by kind (ids in the order of each file)."""

    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, dict[str, list[Change]]] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        """kind -> {'added', 'removed', 'changed'} counts."""
        return {
            kind: {
                "added": len(self.added.get(kind, [])),
                "removed": len(self.removed.get(kind, [])),
                "changed": len(self.changed.get(kind, {})),
            }
            for kind in KINDS
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "added": self.added,
            "removed": self.removed,
            "changed": {
                kind: {rid: [vars(c) for c in changes] for rid, changes in records.items()}
                for kind, records in self.changed.items()
            },
        }


def _records(folder: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """kind -> id -> record (as JSON data) of a dataset folder."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a dataset folder")
    try:
        registry, articles = dataset_files(folder)
    except OSError as exc:
        raise InputError(f"{folder / 'articles'}: cannot list the folder: {exc.strerror}") from None
    if registry is None:
        raise InputError(f"{folder}: no entities.json; not a dataset folder")
    out: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS}
    for ent in read_entities(registry).model_dump(mode="json")["entities"]:
        out["entities"][ent["entity_id"]] = ent
    for path in articles:
        data = read_article(path).model_dump(mode="json")
        doc = data["document"]
        out["documents"][doc["doc_id"]] = doc
        for kind in ("mentions", "quotes", "events", "facts"):
            for rec in data[kind]:
                out[kind][rec[ID_FIELDS[kind]]] = rec
    return out


def diff(old: Path, new: Path) -> Diff:
    """The record-level differences from the dataset folder ``old`` to ``new``."""
    before, after = _records(old), _records(new)
    result = Diff()
    for kind in KINDS:
        a, b = before[kind], after[kind]
        result.added[kind] = [rid for rid in b if rid not in a]
        result.removed[kind] = [rid for rid in a if rid not in b]
        changed = {}
        for rid in b:
            if rid in a and a[rid] != b[rid]:
                changed[rid] = [
                    Change(name, a[rid].get(name), b[rid].get(name))
                    for name in b[rid]
                    if a[rid].get(name) != b[rid].get(name)
                ]
        result.changed[kind] = changed
    return result


def _short(value: Any, limit: int = 80, at: int = 0) -> str:
    """The JSON of a value, cut to ``limit`` characters around position ``at``."""
    text = json.dumps(value, ensure_ascii=False)
    if len(text) <= limit:
        return text
    start = max(0, min(at - limit // 4, len(text) - (limit - 1)))
    head = "\u2026" if start else ""
    body = text[start : start + limit - 1 - (0 if start else 1)]
    return head + body + ("\u2026" if start + len(body) < len(text) else "")


def _pair(old: Any, new: Any) -> str:
    """``old -> new``, each cut around the first character where they differ."""
    a, b = json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False)
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"{_short(old, at=at)} -> {_short(new, at=at)}"


def render_text(d: Diff) -> str:
    """One line per added or removed record and per changed field."""
    lines = []
    for kind in KINDS:
        lines += [f"+ {kind} {rid}" for rid in d.added[kind]]
        lines += [f"- {kind} {rid}" for rid in d.removed[kind]]
        for rid, changes in d.changed[kind].items():
            lines += [f"~ {kind} {rid} {c.field}: {_pair(c.old, c.new)}" for c in changes]
    counts = d.counts()
    summary = ", ".join(
        f"{k}: +{c['added']} -{c['removed']} ~{c['changed']}"
        for k, c in counts.items()
        if any(c.values())
    )
    return "\n".join([*lines, f"{summary or 'no differences'}"])


def render_markdown(d: Diff) -> str:
    """A CHANGELOG-ready summary: counts per kind, then the records by id."""
    rows = ["| records | added | removed | changed |", "|---|---|---|---|"]
    for kind, c in d.counts().items():
        rows.append(f"| {kind} | {c['added']} | {c['removed']} | {c['changed']} |")
    out = ["\n".join(rows)]
    for kind in KINDS:
        items = (
            [f"- added `{rid}`" for rid in d.added[kind]]
            + [f"- removed `{rid}`" for rid in d.removed[kind]]
            + [
                f"- changed `{rid}`: {', '.join(f'`{c.field}`' for c in changes)}"
                for rid, changes in d.changed[kind].items()
            ]
        )
        if items:
            out.append(f"**{kind}**\n\n" + "\n".join(items))
    return "\n\n".join(out)

"""W3C Web Annotation (JSON-LD): one ``AnnotationCollection`` per article, one
``Annotation`` per mention, quote, event trigger and fact.

Each annotation's target is the article (``urn:kuril-data:<doc_id>``) with a
``TextPositionSelector`` (code point offsets, as in the dataset) and a
``TextQuoteSelector`` (exact text with up to 32 characters of prefix and suffix) that
describe the same segment. Its bodies are the record itself (``kd:Record``: the id, the
kind and every field but the span, as a JSON literal) and a ``TextualBody`` label for
people (the entity of a mention, the speaker of a quote, the type of an event, the
asserter of a fact). The collection carries the document (text and metadata) as a JSON
literal. The JSON-LD context is the Web Annotation context plus the ``kd:`` terms;
:func:`document_loader` serves both offline."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from kuril_data.exchange._common import (
    ID_FIELD,
    KINDS,
    ImportRefused,
    anchored,
    canonical_article,
    fields,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
KD = "urn:kuril-data:ns#"
KD_CONTEXT: dict[str, Any] = {
    "kd": KD,
    "kd:Record": {"@id": KD + "Record"},
    "kd:kind": {"@id": KD + "kind"},
    "kd:fields": {"@id": KD + "fields", "@type": "@json"},
    "kd:document": {"@id": KD + "document", "@type": "@json"},
    "kd:schemaVersion": {"@id": KD + "schemaVersion"},
}
CONTEXT = [ANNO_CONTEXT, KD_CONTEXT]
KIND_NAMES = {"mentions": "mention", "quotes": "quote", "events": "event", "facts": "fact"}
MOTIVATION = {
    "mentions": "identifying",
    "quotes": "describing",
    "events": "classifying",
    "facts": "describing",
}
AFFIX = 32
MAX_COVERED = 50_000_000
"""Most characters all annotations of one import may cover together (each record holds
its span's text, so this bounds the memory an import can take)."""


def doc_iri(doc_id: str) -> str:
    return f"urn:kuril-data:{doc_id}"


def anno_context() -> dict[str, Any]:
    """The Web Annotation JSON-LD context as shipped (the terms kuril-data writes, as
    defined by the W3C Web Annotation Vocabulary)."""
    raw = (files("kuril_data.exchange") / "anno.jsonld").read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(raw)
    return context


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A pyld document loader that resolves the Web Annotation context without the network
    and refuses every other remote context."""
    if url.rstrip("/") in (ANNO_CONTEXT, ANNO_CONTEXT.replace("http:", "https:")):
        return {"contextUrl": None, "documentUrl": url, "document": anno_context()}
    raise ValueError(f"remote JSON-LD context not available offline: {url}")


def _label(kind: str, rec: dict[str, Any]) -> str:
    if kind == "mentions":
        return f"mention of {rec['entity_id']} ({rec['mention_type']})"
    if kind == "quotes":
        return f"{rec['quote_type']} quote of {rec['speaker_id']}"
    if kind == "events":
        return f"{rec['event_type']} event ({rec['status']}), asserted by {rec['asserted_by']}"
    return f"fact asserted by {rec['asserted_by']} ({rec['factuality']})"


def _annotation(doc_id: str, text: str, kind: str, rec: dict[str, Any]) -> dict[str, Any]:
    rid = rec[ID_FIELD[kind]]
    start, end = rec["span_start"], rec["span_end"]
    return {
        "id": f"{doc_iri(doc_id)}:annotation:{rid}",
        "type": "Annotation",
        "motivation": MOTIVATION[kind],
        "body": [
            {
                "id": f"{doc_iri(doc_id)}:{rid}",
                "type": "kd:Record",
                "kd:kind": KIND_NAMES[kind],
                "kd:fields": fields(rec),
            },
            {
                "type": "TextualBody",
                "purpose": "tagging",
                "value": _label(kind, rec),
                "format": "text/plain",
            },
        ],
        "target": {
            "source": doc_iri(doc_id),
            "selector": [
                {"type": "TextPositionSelector", "start": start, "end": end},
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end],
                    "prefix": text[max(0, start - AFFIX) : start],
                    "suffix": text[end : end + AFFIX],
                },
            ],
        },
    }


def export_article(article: dict[str, Any]) -> dict[str, Any]:
    """An article (canonical JSON data) as a Web Annotation collection."""
    doc = article["document"]
    text = doc["text"]
    items = [_annotation(doc["doc_id"], text, kind, rec) for kind in KINDS for rec in article[kind]]
    return {
        "@context": CONTEXT,
        "id": f"{doc_iri(doc['doc_id'])}:annotations",
        "type": "AnnotationCollection",
        "label": doc["title"],
        "total": len(items),
        "kd:schemaVersion": article["schema_version"],
        "kd:document": doc,
        "first": {"type": "AnnotationPage", "items": items},
    }


def _get(obj: Any, key: str, kind: type, where: str) -> Any:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ImportRefused(f"{where}: expected {key!r} to be a {kind.__name__}")
    return value


def _selectors(target: Any, source: str, text: str, where: str) -> tuple[int, int]:
    if _get(target, "source", str, where + " target") != source:
        raise ImportRefused(f"{where}: the target is not this collection's document ({source})")
    selectors = _get(target, "selector", list, where + " target")
    by_type: dict[str, dict[str, Any]] = {}
    for sel in selectors:
        kind = sel.get("type") if isinstance(sel, dict) else None
        if kind not in ("TextPositionSelector", "TextQuoteSelector") or kind in by_type:
            raise ImportRefused(
                f"{where}: only one TextPositionSelector and one TextQuoteSelector can be mapped"
            )
        by_type[kind] = sel
    pos = by_type.get("TextPositionSelector")
    if pos is None:
        raise ImportRefused(f"{where}: no TextPositionSelector (offsets are required)")
    start = _get(pos, "start", int, where + " TextPositionSelector")
    end = _get(pos, "end", int, where + " TextPositionSelector")
    if not 0 <= start <= end <= len(text):
        raise ImportRefused(f"{where}: offsets {start}-{end} lie outside the text")
    quote = by_type.get("TextQuoteSelector")
    if quote is not None and quote.get("exact") != text[start:end]:
        raise ImportRefused(
            f"{where}: the TextQuoteSelector's exact text {quote.get('exact')!r} differs "
            f"from the text at {start}-{end} {text[start:end]!r}"
        )
    return start, end


def _record(item: Any, source: str, text: str, where: str) -> tuple[str, dict[str, Any]]:
    if _get(item, "type", str, where) != "Annotation":
        raise ImportRefused(f"{where}: not an Annotation")
    bodies = item.get("body")
    bodies = bodies if isinstance(bodies, list) else [bodies]
    records = [b for b in bodies if isinstance(b, dict) and b.get("type") == "kd:Record"]
    if len(records) != 1:
        raise ImportRefused(
            f"{where}: needs exactly one kd:Record body (found {len(records)}); an annotation "
            "made in another tool has no record to map to"
        )
    body = records[0]
    name = body.get("kd:kind")
    kind = {v: k for k, v in KIND_NAMES.items()}.get(name) if isinstance(name, str) else None
    if kind is None:
        raise ImportRefused(f"{where}: unknown kd:kind {body.get('kd:kind')!r}")
    rec = _get(body, "kd:fields", dict, where + " body")
    start, end = _selectors(item.get("target"), source, text, where)
    return kind, anchored(rec, text, start, end)


def import_collection(data: Any, name: str) -> dict[str, Any]:
    """The article data of a Web Annotation collection written by :func:`export_article`
    (possibly edited: offsets and record fields are taken from it)."""
    if _get(data, "type", str, name) != "AnnotationCollection":
        raise ImportRefused(f"{name}: not an AnnotationCollection")
    doc = _get(data, "kd:document", dict, name)
    text = _get(doc, "text", str, f"{name} kd:document")
    doc_id = _get(doc, "doc_id", str, f"{name} kd:document")
    page = _get(data, "first", dict, name)
    items = _get(page, "items", list, f"{name} first")
    if "next" in page or "last" in data:
        raise ImportRefused(
            f"{name}: a paged collection; put every annotation in the first page's items"
        )
    covered = 0
    for item in items:
        target = item.get("target") if isinstance(item, dict) else None
        selectors = target.get("selector") if isinstance(target, dict) else None
        for sel in selectors if isinstance(selectors, list) else []:
            bounds = (sel.get("start"), sel.get("end")) if isinstance(sel, dict) else ()
            if len(bounds) == 2 and all(isinstance(b, int) for b in bounds):
                covered += max(0, sel["end"] - sel["start"])
    if covered > MAX_COVERED:
        raise ImportRefused(
            f"{name}: the annotations cover {covered:,} characters in total, more than the "
            f"{MAX_COVERED:,} an import accepts"
        )
    article: dict[str, Any] = {
        "schema_version": _get(data, "kd:schemaVersion", str, name),
        "document": doc,
        **{kind: [] for kind in KINDS},
    }
    for i, item in enumerate(items):
        label = item.get("id") if isinstance(item, dict) else None
        kind, rec = _record(item, doc_iri(doc_id), text, f"{name}: item {i} ({label})")
        article[kind].append(rec)
    for kind in KINDS:
        article[kind].sort(key=lambda r: r["span_start"])  # stable: ties keep file order
    canonical_article(article, name)  # the records have the dataset's shape
    _same_as_written(data, article, name)
    return article


def _difference(a: Any, b: Any, path: str = "") -> str | None:
    """The JSON pointer of the first place where ``a`` and ``b`` differ, or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}/{key}"
            found = _difference(a[key], b[key], f"{path}/{key}")
            if found is not None:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            found = _difference(x, y, f"{path}/{i}")
            if found is not None:
                return found
        return None if len(a) == len(b) else f"{path}/{min(len(a), len(b))}"
    return None if a == b and type(a) is type(b) else path


def _same_as_written(data: Any, article: dict[str, Any], name: str) -> None:
    """Refuse a collection in which anything but the record fields and the selectors
    differs from what export writes for the same records: ids, motivations, affixes,
    extra keys and bodies would otherwise be dropped without a word. The one exception is
    the TextualBody label, written for people from the record's fields and not read."""
    expected = export_article(article)
    by_id = {item["id"]: item for item in expected["first"]["items"]}
    items = data["first"]["items"]
    if len(items) != len(by_id) or data.get("total") != len(items):
        raise ImportRefused(
            f"{name}: 'total' ({data.get('total')!r}) and the items ({len(items)}) must agree, "
            "with one annotation per record"
        )
    for i, item in enumerate(items):
        item_id = item.get("id")
        want = by_id.get(item_id) if isinstance(item_id, str) else None
        if want is not None and isinstance(item.get("body"), list) and len(item["body"]) == 2:
            want = {**want, "body": [want["body"][0], item["body"][1]]}  # the label: see above
        where = _difference(item, want) if want is not None else "/id"
        if where is not None:
            raise ImportRefused(
                f"{name}: item {i} ({item.get('id')}): {where} is not what kuril-data writes "
                "for this record; only kd:fields and the selectors (offsets, with the exact "
                "text, prefix and suffix they select) can be edited"
            )
    rest = {k: v for k, v in data.items() if k != "first"}
    where = _difference(rest, {k: v for k, v in expected.items() if k != "first"})
    if where is not None:
        raise ImportRefused(f"{name}: {where} is not what kuril-data writes for this article")

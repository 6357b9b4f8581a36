"""Exchange files on disk: export a dataset folder to a format, import one article back
into a dataset folder (validated with the rest of the dataset before it is written)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from kuril_data._files import write_atomic
from kuril_data._layout import ARTICLES, ENTITIES, dataset_files
from kuril_data.exceptions import InputError, InvalidDataError
from kuril_data.exchange import brat, webanno
from kuril_data.exchange._common import ImportRefused, canonical_article, load_json

EXPORT_FORMATS = ("webanno", "brat", "spacy")
IMPORT_FORMATS = ("webanno", "brat")
MAX_BYTES = 50 * 1024 * 1024
SHOWN_FINDINGS = 20


def _sources(dataset: Path) -> tuple[Path, list[Path]]:
    try:
        entities, articles = dataset_files(dataset)
    except OSError as exc:
        raise InputError(f"{dataset}: cannot list the articles: {exc.strerror or exc}") from None
    if entities is None:
        raise InputError(f"{dataset}: no {ENTITIES} (is it a dataset folder?)")
    return entities, articles


def entity_types(entities: Path) -> dict[str, str]:
    """Entity id -> entity type of a registry file (InputError if it cannot be read,
    InvalidDataError if it is not a valid registry)."""
    from kuril_data.models.reading import read_entities

    return {e.entity_id: str(e.entity_type) for e in read_entities(entities).entities}


def export(dataset: Path, fmt: str, out: Path) -> list[Path]:
    """Write the dataset's articles in ``fmt`` under ``out``; return the files written:
    ``<doc_id>.jsonld`` (webanno); ``<doc_id>.txt``, ``<doc_id>.ann`` and
    ``annotation.conf`` (brat); ``kuril-data.spacy`` (spacy)."""
    from kuril_data.models.reading import read_article

    entities, paths = _sources(dataset)
    types = entity_types(entities)
    articles = [read_article(p).model_dump(mode="json") for p in paths]
    written: list[Path] = []

    def put(name: str, data: str | bytes) -> None:
        write_atomic(out / name, data)
        written.append(out / name)

    if fmt == "webanno":
        for a in articles:
            text = json.dumps(webanno.export_article(a), ensure_ascii=False, indent=2) + "\n"
            put(f"{a['document']['doc_id']}.jsonld", text)
    elif fmt == "brat":
        for a in articles:
            txt, ann = brat.export_article(a, types)
            put(f"{a['document']['doc_id']}.txt", txt)
            put(f"{a['document']['doc_id']}.ann", ann)
        event_types = {e["event_type"] for a in articles for e in a["events"]}
        roles = {p["role"] for a in articles for e in a["events"] for p in e["participants"]}
        put("annotation.conf", brat.annotation_conf(set(types.values()), event_types, roles))
    elif fmt == "spacy":
        from kuril_data.exchange.spacy_docbin import docbin

        put("kuril-data.spacy", docbin(articles, types))
    else:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return written


def _read_text(path: Path) -> str:
    try:
        if not path.is_file():
            raise InputError(f"{path}: not found or not a regular file")
        if path.stat().st_size > MAX_BYTES:
            raise InputError(
                f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB; refused unread"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{path}: not UTF-8 (byte {exc.start})") from None


def read_article(path: Path, fmt: str, types: dict[str, str]) -> dict[str, Any]:
    """The article data of an exchange file (brat: the ``.ann`` file or the ``.txt`` next
    to it; both must exist)."""
    if fmt == "webanno":
        data = load_json(_read_text(path), str(path))
        return webanno.import_collection(data, str(path))
    if fmt == "brat":
        ann, txt = path.with_suffix(".ann"), path.with_suffix(".txt")
        return brat.import_article(_read_text(txt), _read_text(ann), str(ann), types)
    raise InputError(f"unknown import format {fmt!r}; use one of {', '.join(IMPORT_FORMATS)}")


def import_file(path: Path, fmt: str, dataset: Path, *, replace: bool = False) -> Path:
    """Import one article into ``dataset``/articles/<doc_id>.json, after validating it
    together with the dataset's registry and other articles. Nothing is written when the
    file cannot be mapped (:class:`ImportRefused`) or the article is invalid
    (:class:`InvalidDataError`, with the findings); an existing article is replaced only
    with ``replace``."""
    from kuril_data.validation import Source, validate_sources

    entities, existing = _sources(dataset)
    for other in existing:
        if not stat.S_ISREG(os.stat(other).st_mode):
            raise InputError(f"{other}: not a regular file; the dataset cannot be checked")
    article = read_article(path, fmt, entity_types(entities))
    text = canonical_article(article, str(path))
    doc_id = article["document"].get("doc_id")
    if not isinstance(doc_id, str) or "/" in doc_id or doc_id.startswith("."):
        raise ImportRefused(f"{path}: the document has no usable doc_id")
    target = dataset / ARTICLES / f"{doc_id}.json"
    if target.exists() and not replace:
        raise InputError(f"{target} exists; pass --replace to replace it")
    sources = [Source(str(entities), None, "entities", reported=False, path=entities)]
    sources += [
        Source(str(p), None, "article", reported=False, path=p) for p in existing if p != target
    ]
    sources.append(Source(f"{target} (not written)", text.encode("utf-8"), "article"))
    report = validate_sources(sources)
    if report.errors:
        shown = "\n".join(f"  {e.render()}" for e in report.errors[:SHOWN_FINDINGS])
        more = len(report.errors) - SHOWN_FINDINGS
        raise InvalidDataError(
            f"{path}: the imported article is not valid ({len(report.errors)} error(s)); "
            f"nothing was written:\n{shown}" + (f"\n  ... and {more} more" if more > 0 else "")
        )
    write_atomic(target, text)
    return target

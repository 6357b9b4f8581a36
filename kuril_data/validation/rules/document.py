"""Rules on an article's document: file name, text integrity, dateline, paragraphs."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kuril_data._spans import tiling_gaps
from kuril_data.validation.report import pointer
from kuril_data.validation.rules._registry import Check, rule


@rule("no-entity-registry")
def no_entity_registry(c: Check) -> None:
    if c.registry_state == "missing":
        c.err("no-entity-registry", "")


@rule("entity-registry-unusable")
def entity_registry_unusable(c: Check) -> None:
    """Said on the article only when the registry's own errors are not reported (a lone
    article checked with the registry of its folder)."""
    if c.registry_state == "unusable" and c.registry_name:
        c.err("entity-registry-unusable", "", registry=c.registry_name)


@rule("file-name-mismatch")
def file_name_mismatch(c: Check) -> None:
    expected = f"{c.document['doc_id']}.json"
    path = c.file.src.path
    if path is not None and path.name != expected:
        c.err("file-name-mismatch", "/document/doc_id", found=path.name, expected=expected)


@rule("text-not-nfc")
def text_not_nfc(c: Check) -> None:
    if not unicodedata.is_normalized("NFC", c.text):
        c.err("text-not-nfc", "/document/text")


@rule("text-hash-mismatch")
def text_hash_mismatch(c: Check) -> None:
    digest = hashlib.sha256(c.text.encode("utf-8", "surrogatepass")).hexdigest()
    if digest != c.document["text_sha256"]:
        c.err(
            "text-hash-mismatch",
            "/document/text_sha256",
            found=c.document["text_sha256"],
            expected=digest,
        )


@rule("dateline-date-mismatch")
def dateline_date_mismatch(c: Check) -> None:
    doc = c.document
    if doc["dateline"]["date"] != doc["published"]:
        c.err(
            "dateline-date-mismatch",
            "/document/dateline/date",
            found=doc["dateline"]["date"],
            expected=doc["published"],
        )


@rule("paragraph-index-mismatch")
def paragraph_index_mismatch(c: Check) -> None:
    for i, p in enumerate(c.document["paragraphs"]):
        if p["paragraph_index"] != i:
            c.err(
                "paragraph-index-mismatch",
                f"/document/paragraphs/{i}/paragraph_index",
                found=p["paragraph_index"],
                expected=i,
            )


@rule("paragraphs-not-tiling")
def paragraphs_not_tiling(c: Check) -> None:
    paras = c.document["paragraphs"]
    for i, detail in tiling_gaps([(p["span_start"], p["span_end"]) for p in paras], len(c.text)):
        ptr = (
            pointer("document", "paragraphs", i, "span_start")
            if i < len(paras)
            else pointer("document", "paragraphs", len(paras) - 1, "span_end")
        )
        c.err("paragraphs-not-tiling", ptr, detail=detail)


_HTTP = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)


@rule("url-not-http")
def urls_are_http(c: Check) -> None:
    for key in ("source_url", "republication_url"):
        value = c.document[key]
        if value is not None and not _HTTP.fullmatch(value):
            c.err("url-not-http", f"/document/{key}", value=value)

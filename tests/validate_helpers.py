"""Helpers for the validation tests: the canonical records, robust targets, running."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kuril_data.validation import Source, validate_sources

REPO = Path(__file__).resolve().parent.parent
DATASET = REPO / "dataset"
ARTICLE_PATH = sorted((DATASET / "articles").glob("*.json"))[0]
ENTITIES_PATH = DATASET / "entities.json"


def canonical_bytes() -> tuple[bytes, bytes]:
    """(article, entities) as they are on disk right now."""
    return ARTICLE_PATH.read_bytes(), ENTITIES_PATH.read_bytes()


def canonical() -> tuple[dict, dict]:
    a, e = canonical_bytes()
    return json.loads(a), json.loads(e)


def dump(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def run(article, entities=None, *, article_name: str | None = None):
    """Validate an article (dict or bytes) with an entity registry (dict or bytes; the
    canonical one when None, none at all when False) in memory; the Report."""
    if entities is None:
        entities = canonical_bytes()[1]
    sources = []
    if entities is not False:
        raw = entities if isinstance(entities, bytes) else dump(entities)
        sources.append(Source("entities.json", raw, "entities"))
    raw = article if isinstance(article, bytes) else dump(article)
    path = Path(article_name) if article_name else None
    sources.append(Source(article_name or "article.json", raw, "article", path=path))
    return validate_sources(sources)


def first(records: list[dict], where=lambda r: True, what: str = "record") -> tuple[int, dict]:
    """(index, record) of the first record matching ``where``; skip when there is none."""
    for i, rec in enumerate(records):
        if where(rec):
            return i, rec
    pytest.skip(f"the canonical data has no {what} yet")


def set_char(article: dict, pos: int, char: str) -> None:
    """Replace document.text[pos] by ``char`` (same length) and keep every span text and the
    hash in step, so that only what the replacement itself breaks is reported."""
    doc = article["document"]
    text = doc["text"]
    doc["text"] = text[:pos] + char + text[pos + 1:]
    doc["text_sha256"] = hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()
    new = doc["text"]
    spans = [doc["dateline"], *doc["paragraphs"]]
    for name in ("mentions", "quotes", "events", "facts"):
        spans.extend(article[name])
    for rec in spans:
        rec["text"] = new[rec["span_start"]:rec["span_end"]]
    for q in article["quotes"]:
        q["cue"] = new[q["cue_span_start"]:q["cue_span_end"]]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real ``kuril-data`` command in a subprocess."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "kuril_data.cli", *args], capture_output=True,
                          cwd=cwd, env=env, timeout=120)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: content and modification time (to prove nothing changed)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[str(p.relative_to(folder))] = (p.read_bytes(), p.stat().st_mtime_ns)
    return out


def deepcopy(x):
    return copy.deepcopy(x)

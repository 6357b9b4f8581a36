"""The one test-helpers module: the repository's dataset files, mutation helpers, and
running the command line (in-process with ``run_cli``, or as a real subprocess with ``cli``)."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kuril_data.cli import main
from kuril_data.validation import Source, validate_sources

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO
DATASET = REPO / "dataset"
ARTICLES = sorted((DATASET / "articles").glob("*.json"))
ARTICLE_PATH = ARTICLES[0]
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
    doc["text"] = text[:pos] + char + text[pos + 1 :]
    doc["text_sha256"] = hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()
    new = doc["text"]
    spans = [doc["dateline"], *doc["paragraphs"]]
    for name in ("mentions", "quotes", "events", "facts"):
        spans.extend(article[name])
    for rec in spans:
        rec["text"] = new[rec["span_start"] : rec["span_end"]]
    for q in article["quotes"]:
        q["cue"] = new[q["cue_span_start"] : q["cue_span_end"]]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real ``kuril-data`` command in a subprocess."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "kuril_data.cli", *args],
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def snapshot_with_mtime(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: content and modification time (to prove nothing changed)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[str(p.relative_to(folder))] = (p.read_bytes(), p.stat().st_mtime_ns)
    return out


def deepcopy(x):
    return copy.deepcopy(x)


def canonical_corpus() -> tuple[list[dict], dict]:
    """(article files, entities file) as plain JSON, article files in file-name order."""
    articles = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((DATASET / "articles").glob("*.json"))
    ]
    entities = json.loads((DATASET / "entities.json").read_text(encoding="utf-8"))
    return articles, entities


def expected_counts() -> dict[str, int]:
    """Rows each table must have, counted in the canonical JSON."""
    articles, entities = canonical_corpus()
    return {
        "documents": len(articles),
        "paragraphs": sum(len(a["document"]["paragraphs"]) for a in articles),
        "entities": len(entities["entities"]),
        "mentions": sum(len(a["mentions"]) for a in articles),
        "quotes": sum(len(a["quotes"]) for a in articles),
        "events": sum(len(a["events"]) for a in articles),
        "event_participants": sum(len(e["participants"]) for a in articles for e in a["events"]),
        "facts": sum(len(a["facts"]) for a in articles),
    }


def copy_dataset(target: Path) -> Path:
    """A copy of the dataset folder (sources and built outputs) under ``target``."""
    dest = target / "dataset"
    shutil.copytree(DATASET, dest, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    return dest


def snapshot(folder: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file under ``folder`` (hidden files included)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass
class CliResult:
    """What an in-process run of the command line left: exit status, stdout, stderr."""

    code: int
    out: str
    err: str


def run_cli(*args: object) -> CliResult:
    """Run ``kuril-data ARGS`` in this process with captured output."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err)
    return CliResult(code, out.getvalue(), err.getvalue())

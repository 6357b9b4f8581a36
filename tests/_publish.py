"""Shared helpers for the publishing tests: expected values derived from the canonical JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "dataset"


def canonical() -> tuple[list[dict], dict]:
    """(article files, entities file) as plain JSON, article files in file-name order."""
    articles = [json.loads(p.read_text(encoding="utf-8"))
                for p in sorted((DATASET / "articles").glob("*.json"))]
    entities = json.loads((DATASET / "entities.json").read_text(encoding="utf-8"))
    return articles, entities


def expected_counts() -> dict[str, int]:
    """Rows each table must have, counted in the canonical JSON."""
    articles, entities = canonical()
    return {
        "documents": len(articles),
        "paragraphs": sum(len(a["document"]["paragraphs"]) for a in articles),
        "entities": len(entities["entities"]),
        "mentions": sum(len(a["mentions"]) for a in articles),
        "quotes": sum(len(a["quotes"]) for a in articles),
        "events": sum(len(a["events"]) for a in articles),
        "event_participants": sum(len(e["participants"]) for a in articles
                                  for e in a["events"]),
        "facts": sum(len(a["facts"]) for a in articles),
    }


def copy_dataset(target: Path) -> Path:
    """A copy of the dataset folder (sources and built outputs) under ``target``."""
    dest = target / "dataset"
    shutil.copytree(DATASET, dest, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    return dest


def snapshot(folder: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file under ``folder`` (hidden files included)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}

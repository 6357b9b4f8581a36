"""The one layout rule of a dataset folder and of the package: where every file lives.

Packaged files are reached only through :mod:`importlib.resources`, never ``__file__``.
"""

from __future__ import annotations

import os
import re
from importlib.abc import Traversable
from importlib.resources import files
from pathlib import Path

ENTITIES = "entities.json"
ARTICLES = "articles"
PARQUET = "parquet"
CSV = "csv"
SUMS = "SHA256SUMS"
VIEWS = "views.sql"
SCHEMA_FILES = {"article": "article.schema.json", "entities": "entities.schema.json"}
TABLE_CONTRACT = "tables.arrow.json"
"""The published Arrow schema of every table (schema/), checked by the loader."""
TABLE_NAMES = (
    "documents",
    "paragraphs",
    "entities",
    "mentions",
    "quotes",
    "events",
    "event_participants",
    "facts",
)
"""The published tables, in the order every listing uses."""
DERIVED = "derived"
DERIVED_NAMES = ("annotated_documents", "ner_tokens")
"""Views derived from the tables for one-row-per-document and token-classification use
(Hugging Face configs); not part of the table contract, covered by SHA256SUMS."""


def packaged_dataset() -> Traversable:
    """The dataset folder shipped inside the package (kuril_data/dataset)."""
    return files("kuril_data") / "dataset"


def packaged_schemas() -> Traversable:
    """The published JSON Schemas shipped inside the package (kuril_data/schema)."""
    return files("kuril_data") / "schema"


def table_path(name: str) -> str:
    """The path of a table's Parquet file relative to the dataset folder."""
    return f"{PARQUET}/{name}.parquet"


def derived_path(name: str) -> str:
    """The path of a derived view's Parquet file relative to the dataset folder."""
    return f"{DERIVED}/{name}.parquet"


def csv_path(name: str) -> str:
    """The path of a table's published CSV copy relative to the dataset folder (the files
    datapackage.json describes, so that Frictionless can check every value)."""
    return f"{CSV}/{name}.csv"


def dataset_files(folder: Path) -> tuple[Path | None, list[Path]]:
    """The canonical JSON files of a dataset folder: ``entities.json`` (None when absent)
    and ``articles/*.json`` in name order. ``folder`` may also be the ``articles/``
    folder itself. Raises OSError when the articles folder cannot be listed."""
    entities = folder / ENTITIES
    articles = folder / ARTICLES
    if not articles.is_dir() and folder.name == ARTICLES:
        articles = folder
    found = []
    if articles.is_dir():
        with os.scandir(articles) as entries:
            found = sorted(articles / e.name for e in entries if e.name.endswith(".json"))
    return (entities if entities.exists() else None, found)


_LIST_ITEM = re.compile(r"(?:large_)?list<[^:<>]+: ")


def type_text(arrow_type: object) -> str:
    """An Arrow type as the contract writes it: list items always named ``item`` (Parquet
    writers name them ``element`` or ``item``; the name carries no meaning)."""
    return _LIST_ITEM.sub(
        lambda m: m.group()[: m.group().index("<") + 1] + "item: ", str(arrow_type)
    )

"""Where the packaged files are: only through importlib.resources, never __file__."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable


def packaged_dataset() -> Traversable:
    """The dataset folder shipped inside the package (kuril_data/dataset)."""
    return files("kuril_data") / "dataset"


def dataset_files(folder: Path) -> tuple[Path | None, list[Path]]:
    """The canonical JSON files of a dataset folder (the one layout rule, used by every
    command): ``entities.json`` (None when absent) and ``articles/*.json`` in name order.
    ``folder`` may also be the ``articles/`` folder itself."""
    entities = folder / "entities.json"
    articles = folder / "articles"
    if not articles.is_dir() and folder.name == "articles":
        articles = folder
    return (entities if entities.exists() else None,
            sorted(articles.glob("*.json")) if articles.is_dir() else [])


def packaged_schemas() -> Traversable:
    """The published JSON Schemas shipped inside the package (kuril_data/schema)."""
    return files("kuril_data") / "schema"

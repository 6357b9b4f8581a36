"""Where the packaged files are: only through importlib.resources, never __file__."""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable


def packaged_dataset() -> Traversable:
    """The dataset folder shipped inside the package (kuril_data/dataset)."""
    return files("kuril_data") / "dataset"


def packaged_schemas() -> Traversable:
    """The published JSON Schemas shipped inside the package (kuril_data/schema)."""
    return files("kuril_data") / "schema"

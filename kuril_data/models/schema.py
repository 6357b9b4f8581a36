"""Generate the published JSON Schemas (Draft 2020-12) from the models."""

from __future__ import annotations

from typing import Any

from kuril_data._layout import SCHEMA_FILES
from kuril_data._version import SCHEMA_VERSION
from kuril_data.models.canonical import dumps
from kuril_data.models.records import FILE_MODELS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "urn:kuril-data:schema"


def schema_id(kind: str) -> str:
    """The ``$id`` of a published schema, versioned with SCHEMA_VERSION. A URN, because the
    project has no web host of its own; the schemas ship in the package (kuril_data/schema)."""
    return f"{BASE_ID}:{SCHEMA_VERSION}:{SCHEMA_FILES[kind]}"


def generate(kind: str) -> dict[str, Any]:
    """The JSON Schema for 'article' (an article file) or 'entities' (entities.json)."""
    body = FILE_MODELS[kind].model_json_schema(mode="validation")
    return {"$schema": DRAFT, "$id": schema_id(kind), **body}


def generated_files() -> dict[str, str]:
    """File name -> canonical text of every published schema."""
    return {name: dumps(generate(kind)) for kind, name in SCHEMA_FILES.items()}

"""The one canonical JSON formatting of dataset files.

Canonical means: keys in model field order, every field present (null where empty),
UTF-8 with non-ASCII text unescaped, 2-space indent, one trailing newline. Parsing a
canonical file through the models and formatting it again gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from kuril_data.models.records import FILE_MODELS


def dumps(data: Any) -> str:
    """Format plain JSON data (already in the model's field order) canonically."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def format_record(record: Any) -> str:
    """Format a pydantic model (ArticleFile or EntitiesFile) canonically."""
    return dumps(record.model_dump(mode="json"))


def format_text(raw: str, kind: str) -> str:
    """Parse a file's text with the model for ``kind`` ('article' or 'entities') and
    return its canonical text. Raises pydantic.ValidationError when it is invalid."""
    return format_record(FILE_MODELS[kind].model_validate_json(raw))

"""Reading canonical dataset files into the typed records: the one way consumers (render,
show, the build) get records from JSON. Typed exceptions say which file and why."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pydantic import ValidationError

from kuril_data.exceptions import InputError, InvalidDataError
from kuril_data.models.records import ArticleFile, EntitiesFile, Record


def _read(path: Path, model: type[Record]) -> Record:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or a device would hang or never end
            raise InputError(f"{path}: not a regular file")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    try:
        return model.model_validate_json(raw)
    except ValidationError:
        raise InvalidDataError(
            f"{path}: not a valid {'article' if model is ArticleFile else 'entities'} file; "
            f"run `kuril-data validate {path}` for details"
        ) from None


def read_article(path: Path) -> ArticleFile:
    """An article file as :class:`ArticleFile`."""
    record = _read(path, ArticleFile)
    assert isinstance(record, ArticleFile)
    return record


def read_entities(path: Path) -> EntitiesFile:
    """An entity registry as :class:`EntitiesFile`."""
    record = _read(path, EntitiesFile)
    assert isinstance(record, EntitiesFile)
    return record

"""Validation: structure (models / published JSON Schema), then meaning.

``validate(paths)`` reads article files, ``entities.json`` files or dataset folders and
returns a :class:`Report`; it never raises for bad input and never writes. Per file, in
order (a stage that fails stops the file, except a BOM):

1. io (``_reading``): the path exists, is a regular file within ``max_bytes``, readable;
2. json (``_parsing``): no BOM, UTF-8, well-formed, no duplicate keys, no NaN/Infinity,
   nesting at most ``MAX_DEPTH`` deep;
3. structure (``_parsing``, ``_schema_errors``): the pydantic models decide; only when
   they reject the file, the published JSON Schema names every error by pointer;
4. semantic (``rules/``): one registered function per check, on every record that passed
   stage 3; then the checks across files (``_corpus``: duplicate ids, unmentioned
   entities).

Positions (``_positions``) turn pointers into line and column. ``catalogue`` holds every
error code and its message template; ``report`` the ``Error`` and ``Report`` values.

A lone article file is checked together with the ``entities.json`` of its dataset folder
(``<article>/../../entities.json``) when there is one; that file then only resolves
references and its own errors are not reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import ExitStack
from importlib.resources import as_file

from kuril_data._layout import packaged_dataset
from kuril_data.validation._parsing import MAX_DEPTH
from kuril_data.validation._reading import DEFAULT_MAX_BYTES, DEFAULT_MAX_ERRORS, Source, plan
from kuril_data.validation._runner import Keeper, Prepare, run
from kuril_data.validation.catalogue import CATALOGUE, ErrorKind
from kuril_data.validation.report import Error, Report

__all__ = [
    "CATALOGUE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ERRORS",
    "MAX_DEPTH",
    "Error",
    "ErrorKind",
    "Keeper",
    "Prepare",
    "Report",
    "Source",
    "validate",
    "validate_keeping",
    "validate_sources",
]


def validate(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_errors: int = DEFAULT_MAX_ERRORS,
    jobs: int = 1,
    progress: bool = False,
) -> Report:
    """Validate files or dataset folders (default: the packaged dataset).

    Files are read one at a time as they are checked; with ``jobs`` > 1 articles are
    checked in that many processes (same report). At most ``max_errors`` findings are
    kept per file; the rest are counted in one ``too-many-errors`` finding, so memory
    stays flat. ``progress`` shows a progress bar on stderr for long runs."""
    with ExitStack() as stack:
        if paths is None:
            paths = [stack.enter_context(as_file(packaged_dataset()))]
        targets, io_errors = plan(list(paths), max_bytes=max_bytes, max_errors=max_errors)
        return run(targets, io_errors, jobs=jobs, progress=progress)


def validate_keeping(
    paths: Iterable[str | os.PathLike[str]],
    keeper: Keeper,
    *,
    jobs: int = 1,
    progress: bool = False,
) -> Report:
    """``validate(paths)``, handing every article that has no error finding to ``keeper``
    as it is checked (in file order): parsed, or as the keeper's ``prepare`` made it in the
    process that checked it, so a caller needs no second parse."""
    targets, io_errors = plan(
        list(paths), max_bytes=DEFAULT_MAX_BYTES, max_errors=DEFAULT_MAX_ERRORS
    )
    return run(targets, io_errors, jobs=jobs, progress=progress, keeper=keeper)


def validate_sources(sources: list[Source], *, jobs: int = 1) -> Report:
    """Validate in-memory sources (the files ``validate`` would read)."""
    return run(list(sources), [], jobs=jobs)

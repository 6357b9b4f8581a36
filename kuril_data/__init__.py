"""kuril-data: a validated, structured dataset of one TASS report on the Kuril Islands dispute.

Importing this package is cheap: it imports no heavy library (pyarrow, pandas, pydantic)
and reads no file. ``load_dataset``, ``validate`` and the result types are imported on
first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kuril_data._version import SCHEMA_VERSION, __version__
from kuril_data.exceptions import BuildError, DatasetError, KurilDataError

if TYPE_CHECKING:
    from kuril_data.load import Dataset, load_dataset
    from kuril_data.validation import Error, Report, validate

__all__ = [
    "SCHEMA_VERSION",
    "BuildError",
    "Dataset",
    "DatasetError",
    "Error",
    "KurilDataError",
    "Report",
    "__version__",
    "load_dataset",
    "validate",
]

_LAZY = {
    "load_dataset": "kuril_data.load",
    "Dataset": "kuril_data.load",
    "validate": "kuril_data.validation",
    "Report": "kuril_data.validation",
    "Error": "kuril_data.validation",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kuril_data' has no attribute {name!r}")

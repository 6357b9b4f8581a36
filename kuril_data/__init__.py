"""kuril-data: a validated, structured dataset of one TASS report on the Kuril Islands dispute.

Importing this package is cheap: it imports no heavy library (pyarrow, pandas, pydantic)
and reads no file. The public functions load what they need when called.
"""

from kuril_data._version import SCHEMA_VERSION, __version__

__all__ = ["SCHEMA_VERSION", "__version__", "load_dataset", "validate"]


def __getattr__(name: str):
    if name == "load_dataset":
        from kuril_data.load import load_dataset

        return load_dataset
    if name == "validate":
        from kuril_data.validation import validate

        return validate
    raise AttributeError(f"module 'kuril_data' has no attribute {name!r}")

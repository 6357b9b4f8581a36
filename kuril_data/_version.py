"""Versions, kept in one place: the package and dataset release, and the record schema."""

__version__ = "1.0.0"
"""Release of the package and of the dataset it carries (semantic versioning)."""

SCHEMA_VERSION = "1.0.0"
"""Version of the record schema (schema/*.json); bumped only with a CHANGELOG entry."""

"""Versions, kept in one place: the package and dataset release, and the record schema."""

__version__ = "1.1.0"
"""Release of the package and of the dataset it carries (semantic versioning)."""

RELEASE_DATE = "2026-11-28"
"""Date of the release named by __version__ (ISO 8601); the dataset's publication date."""

SCHEMA_VERSION = "1.0.0"
"""Version of the record schema (schema/*.json); bumped only with a CHANGELOG entry."""

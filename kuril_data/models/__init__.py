"""The data model: the single source of truth for every published shape.

- :mod:`~kuril_data.models.records`: the pydantic models of every record and file;
- :mod:`~kuril_data.models.vocabularies`: closed vocabularies (value -> meaning) and their
  static ``Literal`` types;
- :mod:`~kuril_data.models.schema`: the published JSON Schemas, generated from the models;
- :mod:`~kuril_data.models.canonical`: the one canonical JSON formatting of dataset files;
- :mod:`~kuril_data.models.reading`: canonical JSON files -> typed records (for consumers).

``from kuril_data.models import Quote`` works for every record class.
"""

from kuril_data.models.records import (
    EDTF_PATTERN,
    FILE_MODELS,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    SEMVER_PATTERN,
    SHA256_PATTERN,
    WIKIDATA_PATTERN,
    Alias,
    ArticleFile,
    Dateline,
    Document,
    Enrichment,
    EntitiesFile,
    Entity,
    Event,
    ExternalId,
    Fact,
    Mention,
    Paragraph,
    Participant,
    Quote,
    Record,
    Role,
)
from kuril_data.models.vocabularies import (
    ALIAS_SCRIPTS,
    CAMEO_CODES,
    DATE_RESOLUTIONS,
    ENTITY_TYPES,
    EVENT_STATUSES,
    EVENT_TYPES,
    FACTUALITY,
    MENTION_TYPES,
    PARAGRAPH_KINDS,
    PARTICIPANT_ROLES,
    PLOVER_MODES,
    PLOVER_TYPES,
    QUOTE_TYPES,
)

__all__ = [
    "ALIAS_SCRIPTS",
    "CAMEO_CODES",
    "DATE_RESOLUTIONS",
    "EDTF_PATTERN",
    "ENTITY_TYPES",
    "EVENT_STATUSES",
    "EVENT_TYPES",
    "FACTUALITY",
    "FILE_MODELS",
    "ID_PATTERN",
    "LANGUAGE_PATTERN",
    "MENTION_TYPES",
    "PARAGRAPH_KINDS",
    "PARTICIPANT_ROLES",
    "PLOVER_MODES",
    "PLOVER_TYPES",
    "QUOTE_TYPES",
    "SEMVER_PATTERN",
    "SHA256_PATTERN",
    "WIKIDATA_PATTERN",
    "Alias",
    "ArticleFile",
    "Dateline",
    "Document",
    "Enrichment",
    "EntitiesFile",
    "Entity",
    "Event",
    "ExternalId",
    "Fact",
    "Mention",
    "Paragraph",
    "Participant",
    "Quote",
    "Record",
    "Role",
]

"""The record shapes of kuril-data: the single source of truth.

Every published JSON Schema, Arrow table schema and metadata file is generated from
these pydantic (v2) models. Field names equal the column names of the published tables
(docs/ARCHITECTURE.md). Standards followed:

- spans: W3C Web Annotation Data Model, TextPositionSelector - Unicode code point
  offsets into ``document.text``, 0-based, end exclusive (Python ``str`` indices);
- dates: Library of Congress Extended Date/Time Format (EDTF, 2019), levels 0-2;
- quotes: PARC 3.0 (source, cue, content; direct, indirect, mixed; nesting);
- events: CAMEO 1.1b3 codes and PLOVER 2.0 types; ACE 2005-style argument roles;
- factuality: FactBank (Saurí & Pustejovsky 2009), always relative to a source.

Closed vocabularies live in :mod:`kuril_data.models.vocabularies` (value -> meaning, plus
a static ``Literal`` type each); the schema descriptions are built from them, so the
meaning of every value is documented once.
"""

from __future__ import annotations

import datetime as _dt
from html import escape
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# --------------------------------------------------------------------------- scalars
from kuril_data._patterns import (
    EDTF_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    SEMVER_PATTERN,
    SHA256_PATTERN,
    WIKIDATA_PATTERN,
)
from kuril_data._version import SCHEMA_VERSION
from kuril_data.models.vocabularies import (  # noqa: F401 - re-exported
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
    AliasScript,
    CameoCode,
    DateResolution,
    EntityType,
    EventStatus,
    EventType,
    Factuality,
    MentionType,
    ParagraphKind,
    ParticipantRole,
    PloverMode,
    PloverType,
    QuoteType,
)
from kuril_data.models.vocabularies import (
    describe as _vocab,
)

Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=120)]
Offset = Annotated[int, Field(ge=0, le=2**31 - 1)]
Edtf = Annotated[str, Field(pattern=EDTF_PATTERN, min_length=4, max_length=64)]


class Record(BaseModel):
    """Base of every record: unknown fields are rejected."""

    model_config = ConfigDict(extra="forbid", strict=True)

    def _repr_html_(self) -> str:
        """A compact notebook view: one row per field; lists and records summarised."""
        rows = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, list):
                shown = ", ".join(
                    str(getattr(v, "entity_id", v))
                    for v in value[:4]
                    if not isinstance(v, BaseModel) or hasattr(v, "entity_id")
                )
                shown = f"{len(value)} item(s)" + (f": {shown}" if shown else "")
                shown += " \u2026" if len(value) > 4 and shown else ""
            elif isinstance(value, BaseModel):
                shown = type(value).__name__
            else:
                shown = str(value)
            if len(shown) > 160:
                shown = shown[:159] + "\u2026"
            rows.append(
                f"<tr><th style='text-align:left'>{escape(name)}</th>"
                f"<td style='text-align:left'>{escape(shown)}</td></tr>"
            )
        return (
            f"<table><caption style='text-align:left'><b>{type(self).__name__}</b>"
            f"</caption>{''.join(rows)}</table>"
        )


def _span_fields(what: str) -> tuple[Any, Any, Any]:
    return (
        Field(
            description=f"Start of the {what}: code point offset into document.text, "
            "0-based, inclusive (W3C TextPositionSelector)."
        ),
        Field(description=f"End of the {what}: code point offset, exclusive."),
        Field(description=f"The {what} itself; must equal document.text[span_start:span_end]."),
    )


_S, _E, _T = _span_fields("span")


class Enrichment(Record):
    """A value that comes from outside the article, with its source (docs/ARCHITECTURE.md, 'Enrichment').

    ``field`` is an RFC 6901 JSON pointer relative to the record that carries this entry.
    When the article gives nothing for that field, the field holds ``value``; when the
    article gives a less precise value (a year where the source has a day), the field keeps
    the article's value and ``value`` records the more precise one.
    """

    field: str = Field(
        pattern=r"^(/[^/]*)+$",
        description="JSON pointer, relative to the record, of the enriched field.",
    )
    value: str = Field(description="The value from the outside source, as a string.")
    source: str = Field(min_length=1, description="The checked source: publication and page.")
    note: str | None = Field(default=None, description="What the value adds, where it differs.")


class ExternalId(Record):
    """An identifier of the entity in an outside knowledge base (always enrichment)."""

    scheme: Literal["wikidata"] = Field(description="The knowledge base: 'wikidata'.")
    id: str = Field(pattern=WIKIDATA_PATTERN, description="The identifier, e.g. 'Q11751'.")
    source: str = Field(min_length=1, description="Where the identifier was checked.")
    enrichment: Literal[True] = Field(
        default=True, description="Always true: the article gives no identifiers."
    )


class Alias(Record):
    """A name of an entity in one language and script."""

    name: str = Field(min_length=1, description="The name as written.")
    language: str = Field(
        pattern=LANGUAGE_PATTERN, description="BCP 47 language tag of the name: 'en', 'ru', 'ja'."
    )
    script: AliasScript = Field(description="ISO 15924 script code. " + _vocab(ALIAS_SCRIPTS))
    romanization_of: str | None = Field(
        default=None,
        description="For a romanised (Latn) form of a name in another script, "
        "the native-script name it transcribes (Hepburn for Japanese).",
    )
    convention: str | None = Field(
        default=None,
        description="Whose usage the name reflects, where the sides differ "
        "('Russian usage', 'Japanese usage'); no convention is marked as the right one.",
    )


class Role(Record):
    """An office a person held, as attested by the article or an enrichment source."""

    office: str = Field(min_length=1, description="The office, in English.")
    organization_id: Id = Field(
        description="Entity id of the organisation, government or "
        "state in which the office is held."
    )
    time: Edtf = Field(
        description="EDTF date or interval when the role is attested as held; the "
        "publication date of the article that attests the role means 'held at that "
        "article's publication' (2019-11-24 for the first article)."
    )


class Entity(Record):
    """Something the article names or refers to: a person, organisation, state, place,
    agreement, meeting or historical event. One registry (entities.json) for the corpus."""

    entity_id: Id = Field(description="Stable kebab-case id, unique across the dataset.")
    entity_type: EntityType = Field(description="Entity type. " + _vocab(ENTITY_TYPES))
    name: str = Field(
        min_length=1,
        description="Display name in English: the article's form where the article names "
        "the entity; for a disputed place whose name differs between the sides, both "
        "names joined by ' / ' (the added one with a /name enrichment entry); for a "
        "person the article names only by office and a checked source identifies, the "
        "person's name (with a /name entry); otherwise neutral common words.",
    )
    description: str = Field(
        min_length=1, description="One neutral sentence saying what the entity is."
    )
    aliases: list[Alias] = Field(
        description="Other names: forms the article uses, and names a checked source "
        "gives (each with an enrichment entry); may be empty."
    )
    roles: list[Role] = Field(description="Offices held (people only).")
    part_of: list[Id] = Field(
        description="Entity ids of undisputed wholes this is part of "
        "(an island of an island group; a ministry of a government)."
    )
    external_ids: list[ExternalId] = Field(
        description="Checked identifiers in outside knowledge bases; empty where none was checked."
    )
    enrichment: list[Enrichment] = Field(
        description="Fields whose value comes from outside the article, with sources."
    )


class Dateline(Record):
    """The dateline of a news report ('NAGOYA, Nov 24, 2019. TASS.')."""

    place_id: Id = Field(description="Entity id of the place named in the dateline.")
    date: _dt.date = Field(description="The dateline date (ISO 8601).")
    span_start: Offset = _S
    span_end: Offset = _E
    text: str = _T


class Paragraph(Record):
    """A paragraph of the document. Paragraph spans tile the text: each covers its line
    terminator, so concatenating paragraph texts gives document.text exactly."""

    paragraph_index: int = Field(ge=0, description="0-based position in the document.")
    kind: ParagraphKind = Field(description="Paragraph kind. " + _vocab(PARAGRAPH_KINDS))
    span_start: Offset = _S
    span_end: Offset = _E
    text: str = _T


class Document(Record):
    """The source news report: its verbatim text and publication metadata."""

    doc_id: Id = Field(description="Stable id of the document, unique across the dataset.")
    title: str = Field(min_length=1, description="The headline as published.")
    outlet_id: Id = Field(
        description="Entity id of the outlet that published the report; "
        "also the source of the outlet's own narration."
    )
    published: _dt.date = Field(description="Publication date (ISO 8601), from the dateline.")
    language: str = Field(pattern=LANGUAGE_PATTERN, description="BCP 47 language of the text.")
    dateline: Dateline = Field(description="The dateline.")
    source_url: str | None = Field(
        description="Address of the original publication; null where it was not found."
    )
    republication_url: str | None = Field(
        description="Address of a republication of the same text, where the original was not found."
    )
    rights: str = Field(min_length=1, description="Copyright and reuse terms of the text.")
    text: str = Field(
        min_length=1,
        description="The text byte-for-byte as published, typos "
        "included, NFC; all offsets index into it.",
    )
    text_sha256: str = Field(
        pattern=SHA256_PATTERN, description="SHA-256 of text encoded as UTF-8, lower-case hex."
    )
    paragraphs: list[Paragraph] = Field(
        min_length=1, description="Paragraphs, in order, tiling the text."
    )
    enrichment: list[Enrichment] = Field(description="Fields from outside sources.")


class Mention(Record):
    """A stretch of text that refers to an entity (name, description, pronoun, adjective).

    A mention referring to several entities at once ('They' for two leaders) is one row
    per entity, with the same span and distinct mention ids.
    """

    mention_id: Id = Field(description="Stable id, unique across the dataset.")
    entity_id: Id = Field(
        description="The entity referred to (what a metonym denotes: 'Tokyo' as the one "
        "who speaks or negotiates is the government, not the city)."
    )
    mention_type: MentionType = Field(description="Form of the mention. " + _vocab(MENTION_TYPES))
    metonymy: bool = Field(
        description="True when a name stands for something associated "
        "with its literal referent ('Moscow' for the Russian government)."
    )
    span_start: Offset = _S
    span_end: Offset = _E
    text: str = _T


class Quote(Record):
    """A reported statement (PARC 3.0 attribution): source, cue and content.

    The span is the content: for direct and mixed quotes the words between the quotation
    marks, without one comma or full stop immediately before the closing mark.
    """

    quote_id: Id = Field(description="Stable id, unique across the dataset.")
    speaker_id: Id = Field(description="Entity id of the source (PARC source) of the content.")
    speaker_mention_id: Id | None = Field(
        description="The mention of the speaker that the attribution uses, where the text has one."
    )
    addressee_id: Id | None = Field(
        description="Entity id of whom the statement is made to, where the text says."
    )
    quote_type: QuoteType = Field(description="Quote type. " + _vocab(QUOTE_TYPES))
    cue: str = Field(
        min_length=1,
        description="The attribution cue: the reporting verb phrase "
        "('told', 'pointed out', 'has stated'), a noun ('statement') or, in a "
        "headline, the colon; must equal the cue slice.",
    )
    cue_span_start: Offset = Field(description="Start of the cue (code points).")
    cue_span_end: Offset = Field(description="End of the cue (code points, exclusive).")
    nested_in: Id | None = Field(
        description="quote_id of the quote whose content contains "
        "this one (a statement reported inside another); null at top "
        "level, where the outlet reports it."
    )
    speech_event_id: Id = Field(
        description="event_id of the speech event this content belongs to (a statement "
        "event, or a promise event for a promise)."
    )
    span_start: Offset = _S
    span_end: Offset = _E
    text: str = _T


class Participant(Record):
    """An entity taking part in an event, in a role."""

    entity_id: Id = Field(description="The participating entity.")
    role: ParticipantRole = Field(description="Role. " + _vocab(PARTICIPANT_ROLES))


class Event(Record):
    """Something that happened, happens, is planned or is only envisaged (ACE 2005 event
    with TimeML-style date normalisation), anchored to its trigger word in the text."""

    event_id: Id = Field(description="Stable id, unique across the dataset.")
    event_type: EventType = Field(description="Project event type. " + _vocab(EVENT_TYPES))
    cameo_code: CameoCode | None = Field(
        description="CAMEO 1.1b3 event code where one fits, else null. " + _vocab(CAMEO_CODES)
    )
    plover_type: PloverType | None = Field(
        description="PLOVER 2.0 event type where one fits, else null."
    )
    plover_mode: PloverMode | None = Field(
        description="PLOVER mode, where one applies. " + _vocab(PLOVER_MODES)
    )
    status: EventStatus = Field(
        description="Factual status relative to publication. " + _vocab(EVENT_STATUSES)
    )
    factuality: Factuality = Field(
        description="FactBank factuality of the event according "
        "to asserted_by. " + _vocab(FACTUALITY)
    )
    asserted_by: Id = Field(
        description="Entity id of the source whose view status and "
        "factuality describe (the outlet for narration)."
    )
    date: Edtf | None = Field(
        description="EDTF date, interval (X/Y: for what lasts) or set ([..X], [X..], "
        "[X,Y]: one day of those, for a single act at an unknown time before, after or "
        "among anchors); null when unknown."
    )
    date_earliest: _dt.date | None = Field(
        description="Earliest day the date allows (EDTF lower strict bound); null when the "
        "date is null or its start is open ('..') or unknown."
    )
    date_latest: _dt.date | None = Field(
        description="Latest day the date allows (EDTF upper strict bound); null when the "
        "date is null or its end is open ('..') or unknown."
    )
    date_resolution: DateResolution = Field(
        description="How the date was obtained. " + _vocab(DATE_RESOLUTIONS)
    )
    date_text: str | None = Field(
        description="The temporal expression the text gives for this event, as written "
        "('on Saturday'), even when it yields no date (an undated anchor); null when the "
        "text gives none."
    )
    location_id: Id | None = Field(description="Entity id of where it takes place, if known.")
    participants: list[Participant] = Field(
        min_length=1, description="Entities taking part, with roles."
    )
    span_start: Offset = Field(
        description="Start of the trigger: the word or phrase that "
        "most clearly expresses the event."
    )
    span_end: Offset = Field(description="End of the trigger (exclusive).")
    text: str = Field(description="The trigger; must equal document.text[span_start:span_end].")
    enrichment: list[Enrichment] = Field(
        description="Fields whose value comes from outside the article, with sources."
    )


class Fact(Record):
    """One proposition the article asserts, attributed to its source with FactBank
    factuality relative to that source. A fact is what a source says, never truth."""

    fact_id: Id = Field(description="Stable id, unique across the dataset.")
    statement: str = Field(
        min_length=1,
        description="The proposition as a plain English "
        "sentence, without attribution, its main clause in positive form and without the "
        "source's 'may'/'will': that polarity and modality are in factuality "
        "(FactBank), so read the two together ('X is aimed against Y' + CT- "
        "= the source says it certainly is not); embedded clauses keep their own.",
    )
    asserted_by: Id = Field(
        description="Entity id of the source committed to the statement "
        "(the outlet for its own narration)."
    )
    source_chain: list[Id] = Field(
        min_length=1,
        description="Nested sources from the outlet "
        "to asserted_by (FactBank source chain), e.g. "
        "['tass', 'sergey-lavrov', 'government-of-the-ussr'].",
    )
    quote_id: Id | None = Field(
        description="The innermost quote whose content contains the evidence (the quote "
        "the statement comes from); null for the outlet's own narration."
    )
    factuality: Factuality = Field(
        description="FactBank value relative to asserted_by. " + _vocab(FACTUALITY)
    )
    entity_ids: list[Id] = Field(description="Entities the statement is about.")
    event_ids: list[Id] = Field(
        description="Events the statement is about, asserted by the same source (an event "
        "another source asserts is never linked, even when the statement is about it)."
    )
    span_start: Offset = Field(
        description="Start of the evidence: the shortest stretch of "
        "text that expresses the proposition."
    )
    span_end: Offset = Field(description="End of the evidence (exclusive).")
    text: str = Field(description="The evidence; must equal document.text[span_start:span_end].")


class ArticleFile(Record):
    """One canonical article file (dataset/articles/<doc_id>.json): a document and all of
    its annotations. Entities are shared across articles, in entities.json."""

    schema_version: str = Field(
        pattern=SEMVER_PATTERN, description=f"Version of this schema ({SCHEMA_VERSION})."
    )
    document: Document = Field(description="The source document.")
    mentions: list[Mention] = Field(description="Entity mentions, ordered by span.")
    quotes: list[Quote] = Field(description="Quotations, ordered by span.")
    events: list[Event] = Field(description="Events, ordered by trigger span.")
    facts: list[Fact] = Field(description="Attributed propositions, ordered by span.")


class EntitiesFile(Record):
    """The entity registry (dataset/entities.json), shared by every article."""

    schema_version: str = Field(
        pattern=SEMVER_PATTERN, description=f"Version of this schema ({SCHEMA_VERSION})."
    )
    entities: list[Entity] = Field(description="All entities, ordered by entity_id.")


FILE_MODELS: dict[str, type[Record]] = {"article": ArticleFile, "entities": EntitiesFile}
"""The model of each kind of dataset file: an article file or entities.json."""

"""The published tables (docs/ARCHITECTURE.md): explicit Arrow schemas, records <-> tables.

Every column is declared here once: its name, its Arrow type and the model field it comes
from. Column descriptions are read from that model field (never typed twice) and stored in
the Arrow field metadata under ``description``. Tables are built column by column from the
articles as parsed JSON (the dicts validation already parsed and checked: the build parses
each article once, with no model pass; no ``Table.from_pylist``); ``to_records`` turns a
table back into models.

Row order is fixed: documents and their annotations in article file order (sorted by file
name), each list in the order of its canonical file; entities in entities.json order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from pydantic import BaseModel

from kuril_data import models as m
from kuril_data._layout import TABLE_NAMES, type_text

Getter = Callable[[Any, Any], Any]
"""(document, record) -> cell value; both are JSON dicts of a valid article file."""


STRING = pa.string()
OFFSET = pa.int32()
DATE = pa.date32()
IDS = pa.list_(pa.string())


def _description(model: type[BaseModel], name: str) -> str:
    desc = model.model_fields[name].description
    if not desc:
        raise ValueError(f"{model.__name__}.{name} has no description")
    return desc


def _struct(model: type[BaseModel], types: dict[str, pa.DataType]) -> pa.StructType:
    """A struct of the model's fields (all of them, in model order), described."""
    if list(types) != list(model.model_fields):
        raise ValueError(f"struct for {model.__name__} must list every field in order")
    return pa.struct(
        [
            pa.field(
                name,
                typ,
                nullable=_nullable(model, name),
                metadata={"description": _description(model, name)},
            )
            for name, typ in types.items()
        ]
    )


def _nullable(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields[name]
    return not info.is_required() or type(None) in getattr(info.annotation, "__args__", ())


ENRICHMENT = pa.list_(
    _struct(m.Enrichment, {"field": STRING, "value": STRING, "source": STRING, "note": STRING})
)
ALIASES = pa.list_(
    _struct(
        m.Alias,
        {
            "name": STRING,
            "language": STRING,
            "script": STRING,
            "romanization_of": STRING,
            "convention": STRING,
        },
    )
)
ROLES = pa.list_(_struct(m.Role, {"office": STRING, "organization_id": STRING, "time": STRING}))
EXTERNAL_IDS = pa.list_(
    _struct(
        m.ExternalId, {"scheme": STRING, "id": STRING, "source": STRING, "enrichment": pa.bool_()}
    )
)


@dataclass(frozen=True)
class Column:
    """One column: name, Arrow type, the model field it describes, how to get a cell."""

    name: str
    type: pa.DataType
    model: type[BaseModel]
    source: str = ""  # model field name; defaults to ``name``
    get: Getter | None = None
    description: str = ""  # only for derived columns that no model field describes
    prefix: str = ""  # prepended to the model description
    required: bool = False  # a derived column that is never null

    @property
    def field_name(self) -> str:
        return self.source or self.name

    @property
    def nullable(self) -> bool:
        if self.description:
            return not self.required
        return _nullable(self.model, self.field_name)

    def arrow_field(self) -> pa.Field:
        desc = self.description or self.prefix + _description(self.model, self.field_name)
        return pa.field(
            self.name, self.type, nullable=self.nullable, metadata={"description": desc}
        )

    def cell(self, doc: Any, rec: Any) -> Any:
        """The cell of one row (a date column's cell is its ISO text)."""
        return self.get(doc, rec) if self.get is not None else rec[self.field_name]


@dataclass(frozen=True)
class ForeignKey:
    """``column`` of this table references ``table.ref_column`` (null allowed)."""

    column: str
    table: str
    ref_column: str


@dataclass(frozen=True)
class TableSpec:
    """A published table: its columns, primary key, foreign keys and record model."""

    name: str
    model: type[BaseModel]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    list_references: tuple[ForeignKey, ...] = ()  # list<string> columns of ids
    spans: tuple[tuple[str, str, str], ...] = ()  # (start, end, text) column triples
    per_document: bool = True
    description: str = ""

    def schema(self, metadata: Mapping[str, str] | None = None) -> pa.Schema:
        return pa.schema([c.arrow_field() for c in self.columns], metadata=metadata)


def _doc_id(doc: Any, rec: Any) -> str:
    doc_id: str = doc["doc_id"]
    return doc_id


DOC_ID_DESC = "The document the record annotates (documents.doc_id)."


def _doc_col() -> Column:
    return Column("doc_id", STRING, m.Document, get=_doc_id, description=DOC_ID_DESC, required=True)


def _span_cols(model: type[BaseModel]) -> tuple[Column, ...]:
    return (
        Column("span_start", OFFSET, model),
        Column("span_end", OFFSET, model),
        Column("text", STRING, model),
    )


def _fk(column: str, table: str, ref: str = "") -> ForeignKey:
    ref = (
        ref
        or {
            "entities": "entity_id",
            "documents": "doc_id",
            "mentions": "mention_id",
            "quotes": "quote_id",
            "events": "event_id",
        }[table]
    )
    return ForeignKey(column, table, ref)


def _dateline(name: str) -> Getter:
    return lambda doc, rec: rec["dateline"][name]


def _wikidata_id(doc: Any, rec: Any) -> str | None:
    return next((x["id"] for x in rec["external_ids"] if x["scheme"] == "wikidata"), None)


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "documents",
            m.Document,
            (
                Column("doc_id", STRING, m.Document),
                Column("title", STRING, m.Document),
                Column("outlet_id", STRING, m.Document),
                Column("published", DATE, m.Document),
                Column("language", STRING, m.Document),
                Column(
                    "dateline_place_id",
                    STRING,
                    m.Dateline,
                    "place_id",
                    _dateline("place_id"),
                    prefix="Dateline: ",
                ),
                Column(
                    "dateline_date",
                    DATE,
                    m.Dateline,
                    "date",
                    _dateline("date"),
                    prefix="Dateline: ",
                ),
                Column(
                    "dateline_span_start",
                    OFFSET,
                    m.Dateline,
                    "span_start",
                    _dateline("span_start"),
                    prefix="Dateline: ",
                ),
                Column(
                    "dateline_span_end",
                    OFFSET,
                    m.Dateline,
                    "span_end",
                    _dateline("span_end"),
                    prefix="Dateline: ",
                ),
                Column(
                    "dateline_text",
                    STRING,
                    m.Dateline,
                    "text",
                    _dateline("text"),
                    prefix="Dateline: ",
                ),
                Column("source_url", STRING, m.Document),
                Column("republication_url", STRING, m.Document),
                Column("rights", STRING, m.Document),
                Column("text", STRING, m.Document),
                Column("text_sha256", STRING, m.Document),
                Column("enrichment", ENRICHMENT, m.Document),
            ),
            primary_key=("doc_id",),
            foreign_keys=(_fk("outlet_id", "entities"), _fk("dateline_place_id", "entities")),
            spans=(("dateline_span_start", "dateline_span_end", "dateline_text"),),
            per_document=False,
            description="One row per source document: verbatim text and publication metadata.",
        ),
        TableSpec(
            "paragraphs",
            m.Paragraph,
            (
                _doc_col(),
                Column("paragraph_index", OFFSET, m.Paragraph),
                Column("kind", STRING, m.Paragraph),
                *_span_cols(m.Paragraph),
            ),
            primary_key=("doc_id", "paragraph_index"),
            foreign_keys=(_fk("doc_id", "documents"),),
            spans=(("span_start", "span_end", "text"),),
            description="Paragraphs of each document, in order; their spans tile the text.",
        ),
        TableSpec(
            "entities",
            m.Entity,
            (
                Column("entity_id", STRING, m.Entity),
                Column("entity_type", STRING, m.Entity),
                Column("name", STRING, m.Entity),
                Column("description", STRING, m.Entity),
                Column(
                    "wikidata_id",
                    STRING,
                    m.Entity,
                    get=_wikidata_id,
                    description="The Wikidata id among external_ids (enrichment, not article "
                    "content); null where none was checked.",
                ),
                Column("aliases", ALIASES, m.Entity),
                Column("roles", ROLES, m.Entity),
                Column("part_of", IDS, m.Entity),
                Column("external_ids", EXTERNAL_IDS, m.Entity),
                Column("enrichment", ENRICHMENT, m.Entity),
            ),
            primary_key=("entity_id",),
            list_references=(_fk("part_of", "entities"),),
            per_document=False,
            description="The entity registry shared by all documents, with aliases and roles.",
        ),
        TableSpec(
            "mentions",
            m.Mention,
            (
                Column("mention_id", STRING, m.Mention),
                _doc_col(),
                Column("entity_id", STRING, m.Mention),
                Column("mention_type", STRING, m.Mention),
                Column("metonymy", pa.bool_(), m.Mention),
                *_span_cols(m.Mention),
            ),
            primary_key=("mention_id",),
            foreign_keys=(_fk("doc_id", "documents"), _fk("entity_id", "entities")),
            spans=(("span_start", "span_end", "text"),),
            description="Every stretch of text that refers to an entity.",
        ),
        TableSpec(
            "quotes",
            m.Quote,
            (
                Column("quote_id", STRING, m.Quote),
                _doc_col(),
                Column("speaker_id", STRING, m.Quote),
                Column("speaker_mention_id", STRING, m.Quote),
                Column("addressee_id", STRING, m.Quote),
                Column("quote_type", STRING, m.Quote),
                Column("cue", STRING, m.Quote),
                Column("cue_span_start", OFFSET, m.Quote),
                Column("cue_span_end", OFFSET, m.Quote),
                Column("nested_in", STRING, m.Quote),
                Column("speech_event_id", STRING, m.Quote),
                *_span_cols(m.Quote),
            ),
            primary_key=("quote_id",),
            foreign_keys=(
                _fk("doc_id", "documents"),
                _fk("speaker_id", "entities"),
                _fk("speaker_mention_id", "mentions"),
                _fk("addressee_id", "entities"),
                _fk("nested_in", "quotes"),
                _fk("speech_event_id", "events"),
            ),
            spans=(("span_start", "span_end", "text"), ("cue_span_start", "cue_span_end", "cue")),
            description="Direct, indirect and mixed quotes with speaker, cue and addressee.",
        ),
        TableSpec(
            "events",
            m.Event,
            (
                Column("event_id", STRING, m.Event),
                _doc_col(),
                Column("event_type", STRING, m.Event),
                Column("cameo_code", STRING, m.Event),
                Column("plover_type", STRING, m.Event),
                Column("plover_mode", STRING, m.Event),
                Column("status", STRING, m.Event),
                Column("factuality", STRING, m.Event),
                Column("asserted_by", STRING, m.Event),
                Column("date", STRING, m.Event),
                Column("date_earliest", DATE, m.Event),
                Column("date_latest", DATE, m.Event),
                Column("date_resolution", STRING, m.Event),
                Column("date_text", STRING, m.Event),
                Column("location_id", STRING, m.Event),
                *_span_cols(m.Event),
                Column("enrichment", ENRICHMENT, m.Event),
            ),
            primary_key=("event_id",),
            foreign_keys=(
                _fk("doc_id", "documents"),
                _fk("asserted_by", "entities"),
                _fk("location_id", "entities"),
            ),
            spans=(("span_start", "span_end", "text"),),
            description="Events with type, CAMEO/PLOVER codes, status, normalised date and "
            "trigger span; participants are in event_participants.",
        ),
        TableSpec(
            "event_participants",
            m.Participant,
            (
                Column(
                    "event_id",
                    STRING,
                    m.Event,
                    get=lambda doc, rec: rec[0]["event_id"],
                    prefix="The event (events.event_id): ",
                ),
                _doc_col(),
                Column(
                    "entity_id", STRING, m.Participant, get=lambda doc, rec: rec[1]["entity_id"]
                ),
                Column("role", STRING, m.Participant, get=lambda doc, rec: rec[1]["role"]),
            ),
            primary_key=("event_id", "entity_id", "role"),
            foreign_keys=(
                _fk("event_id", "events"),
                _fk("doc_id", "documents"),
                _fk("entity_id", "entities"),
            ),
            description="Who takes part in which event, in which role (one row per participant).",
        ),
        TableSpec(
            "facts",
            m.Fact,
            (
                Column("fact_id", STRING, m.Fact),
                _doc_col(),
                Column("statement", STRING, m.Fact),
                Column("asserted_by", STRING, m.Fact),
                Column("source_chain", IDS, m.Fact),
                Column("quote_id", STRING, m.Fact),
                Column("factuality", STRING, m.Fact),
                Column("entity_ids", IDS, m.Fact),
                Column("event_ids", IDS, m.Fact),
                *_span_cols(m.Fact),
            ),
            primary_key=("fact_id",),
            foreign_keys=(
                _fk("doc_id", "documents"),
                _fk("asserted_by", "entities"),
                _fk("quote_id", "quotes"),
            ),
            list_references=(
                _fk("source_chain", "entities"),
                _fk("entity_ids", "entities"),
                _fk("event_ids", "events"),
            ),
            spans=(("span_start", "span_end", "text"),),
            description="Propositions the article asserts, each attributed to its source with "
            "FactBank factuality.",
        ),
    )
}


@dataclass
class Corpus:
    """Parsed canonical input, as JSON values: article files (dicts, in file-name order)
    and the registry's entities (dicts with every field, defaults filled in:
    :func:`entity_rows`)."""

    articles: list[dict[str, Any]]
    entities: list[dict[str, Any]]


def entity_rows(entities: Any) -> list[dict[str, Any]]:
    """The entities of a parsed registry (models.EntitiesFile) as JSON dicts."""
    return [e.model_dump(mode="json") for e in entities.entities]


def _rows(name: str, corpus: Corpus) -> list[tuple[Any, Any]]:
    """(document, record) pairs of a table, in the fixed row order."""
    if name == "documents":
        return [(a["document"], a["document"]) for a in corpus.articles]
    if name == "entities":
        return [(None, e) for e in corpus.entities]
    if name == "paragraphs":
        return [(a["document"], p) for a in corpus.articles for p in a["document"]["paragraphs"]]
    if name == "event_participants":
        return [
            (a["document"], (e, p))
            for a in corpus.articles
            for e in a["events"]
            for p in e["participants"]
        ]
    return [(a["document"], r) for a in corpus.articles for r in a[name]]


def build_table(name: str, corpus: Corpus, metadata: Mapping[str, str] | None = None) -> pa.Table:
    """The table ``name`` for ``corpus``, built column by column against its schema."""
    return table_from_cells(name, table_cells(name, corpus), metadata)


def table_cells(name: str, corpus: Corpus) -> list[list[Any]]:
    """The cells of table ``name`` for ``corpus``, one list per column (in schema order):
    plain Python values, cheap to send between processes."""
    rows = _rows(name, corpus)
    return [_column_values(col, rows) for col in TABLES[name].columns]


def table_from_cells(
    name: str, cells: list[list[Any]], metadata: Mapping[str, str] | None = None
) -> pa.Table:
    """The table ``name`` from its cells (:func:`table_cells`, or several of them joined
    column by column)."""
    spec = TABLES[name]
    arrays = [_array(col, values) for col, values in zip(spec.columns, cells, strict=True)]
    return pa.Table.from_arrays(arrays, schema=spec.schema(metadata))


def _array(col: Column, values: list[Any]) -> pa.Array:
    """The Arrow array of a column's cells (dates arrive as ISO text: cast by Arrow)."""
    if col.type == DATE:
        return pa.array(values, type=STRING).cast(DATE)
    return pa.array(values, type=col.type)


def _column_values(col: Column, rows: list[tuple[Any, Any]]) -> list[Any]:
    """The cells of one column (what ``Column.cell`` gives, row by row), with the per-cell
    dispatch hoisted out of the loop: this is the hot path of a large build."""
    if col.get is not None:
        return [col.get(doc, rec) for doc, rec in rows]
    name = col.field_name
    return [rec[name] for _, rec in rows]


# --------------------------------------------------------------------------- tables -> records


def to_records(name: str, tables: Callable[[str], pa.Table]) -> list[Any]:
    """The rows of table ``name`` as pydantic models (``tables(name)`` gives a table).

    Documents come back with their paragraphs and events with their participants (joined
    from paragraphs and event_participants); the doc_id column of per-document tables has
    no model field and is left out (it is in the table).
    """
    spec = TABLES[name]
    rows = tables(name).to_pylist()
    if name == "documents":
        paragraphs: dict[str, list[dict]] = {}
        for p in tables("paragraphs").to_pylist():
            paragraphs.setdefault(p.pop("doc_id"), []).append(p)
        for r in rows:
            r["dateline"] = {k: r.pop(f"dateline_{k}") for k in m.Dateline.model_fields}
            r["paragraphs"] = paragraphs.get(r["doc_id"], [])
    elif name == "events":
        participants: dict[str, list[dict]] = {}
        for p in tables("event_participants").to_pylist():
            participants.setdefault(p["event_id"], []).append(
                {"entity_id": p["entity_id"], "role": p["role"]}
            )
        for r in rows:
            r["participants"] = participants.get(r["event_id"], [])
    fields = spec.model.model_fields
    return [spec.model.model_validate({k: v for k, v in r.items() if k in fields}) for r in rows]


def _check_columns() -> None:
    """Every model field is published and the tables are the published ones, in order
    (fail at import if a table forgets one)."""
    if tuple(TABLES) != TABLE_NAMES:
        raise ValueError(f"TABLES {tuple(TABLES)} differ from TABLE_NAMES {TABLE_NAMES}")
    covered = {
        "documents": set(m.Document.model_fields) - {"dateline", "paragraphs"},
        "events": set(m.Event.model_fields) - {"participants"},
        "event_participants": set(m.Participant.model_fields),
    }
    for name, spec in TABLES.items():
        want = covered.get(name, set(spec.model.model_fields))
        have = {c.name for c in spec.columns}
        missing = want - have
        if missing:
            raise ValueError(f"table {name} misses model fields {sorted(missing)}")


_check_columns()


def contract() -> dict[str, list[dict[str, Any]]]:
    """The published table contract: each table's columns with Arrow type and nullability,
    in order (written to schema/tables.arrow.json; the loader checks tables against it)."""
    return {
        name: [
            {"name": f.name, "type": type_text(f.type), "nullable": f.nullable}
            for f in TABLES[name].schema()
        ]
        for name in TABLE_NAMES
    }


def contract_text() -> str:
    """The contract as canonical JSON text."""
    return json.dumps(contract(), ensure_ascii=False, indent=2) + "\n"

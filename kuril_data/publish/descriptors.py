"""Generated metadata: the dataset card, Croissant and Frictionless descriptors.

Everything here is derived from the table specs (kuril_data.publish.tables), the models' field
descriptions and the built tables; nothing about the data is typed by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from kuril_data._layout import DERIVED_NAMES, TABLE_NAMES, csv_path, derived_path, table_path
from kuril_data._version import RELEASE_DATE, SCHEMA_VERSION, __version__
from kuril_data.publish.tables import TABLES

NAME = "kuril-data"
PRETTY_NAME = "kuril-data: a TASS report on the Kuril Islands dispute, annotated"
LICENSE = "cc-by-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
TEXT_RIGHTS = (
    "The document text (the text column) is © TASS Russian News Agency, all rights "
    "reserved by the publisher; only the annotations are CC BY 4.0 (LICENSE.md)"
)
DEFAULT_CONFIG = "annotated_documents"
"""The Hugging Face config `datasets.load_dataset(path)` loads when given no name."""
SUMMARY = (
    "A validated, structured dataset of news reports on the Kuril Islands dispute "
    "(so far one TASS report, of 24 November 2019): "
    "every entity, mention, quote, event and attributed fact, each anchored to exact "
    "character spans of the verbatim source text."
)
KEYWORDS = [
    "news",
    "annotation",
    "quotation attribution",
    "events",
    "factuality",
    "entities",
    "Kuril Islands",
    "EDTF",
    "CAMEO",
    "PLOVER",
]


@dataclass
class Context:
    """What the generators need: the parsed corpus, built tables and output hashes."""

    corpus: Any  # build.Summary: documents (without text) and the registry
    tables: dict[str, Any]  # name -> pyarrow.Table
    hashes: dict[str, str]  # relative path -> sha256
    sizes: dict[str, int]  # relative path -> bytes
    quality: str = ""  # the card's data-quality section (publish/quality.py)
    derived: dict[str, Any] = field(default_factory=dict)  # view name -> TableInfo

    def counts(self) -> dict[str, int]:
        return {n: self.tables[n].num_rows for n in TABLE_NAMES}


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _field_desc(field: pa.Field) -> str:
    return (field.metadata or {}).get(b"description", b"").decode()


# --------------------------------------------------------------------------- YAML


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _yaml(value: Any, indent: int = 0) -> list[str]:
    """A tiny block-style YAML emitter for dicts, lists and scalars."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{k}:")
                lines += _yaml(v, indent + (0 if isinstance(v, list) else 2))
            else:
                lines.append(
                    f"{pad}{k}: {_yaml_scalar(v) if not isinstance(v, (dict, list)) else '[]'}"
                )
    elif isinstance(value, list):
        for item in value:
            sub = _yaml(item, indent + 2)
            first = sub[0].lstrip() if sub else "[]"
            lines.append(f"{pad}- {first}")
            lines += sub[1:]
    else:
        lines.append(pad + _yaml_scalar(value))
    return lines


def hf_feature(typ: pa.DataType) -> Any:
    """The Hugging Face `datasets` YAML feature for an Arrow type."""
    if pa.types.is_list(typ):
        return {"list": hf_feature(typ.value_type)}
    if pa.types.is_struct(typ):
        return [{"name": f.name, **_hf_entry(f.type)} for f in typ]
    return {pa.string(): "string", pa.int32(): "int32", pa.bool_(): "bool", pa.date32(): "date32"}[
        typ
    ]


def _hf_entry(typ: pa.DataType) -> dict[str, Any]:
    feature = hf_feature(typ)
    return feature if isinstance(feature, dict) else {"dtype": feature}


def _hf_feature_of(config: str, f: pa.Field) -> dict[str, Any]:
    """The card's feature of a column: BIO tags are a ClassLabel sequence (the Parquet
    cells hold the tag strings, which `datasets` maps to their class indexes)."""
    if (config, f.name) == ("ner_tokens", "ner_tags"):
        from kuril_data.exchange.tokens import NER_LABELS

        names = {str(i): name for i, name in enumerate(NER_LABELS)}
        return {"list": {"class_label": {"names": names}}}
    return _hf_entry(f.type)


def hf_configs(ctx: Context) -> list[tuple[str, str, Any]]:
    """(config name, data file, TableInfo) of every Hugging Face config: the derived views
    first (the default, one row per document), then every table."""
    return [(n, derived_path(n), ctx.derived[n]) for n in DERIVED_NAMES if n in ctx.derived] + [
        (n, table_path(n), ctx.tables[n]) for n in TABLE_NAMES
    ]


def hf_front_matter(ctx: Context) -> str:
    configs = hf_configs(ctx)
    data = {
        "pretty_name": PRETTY_NAME,
        # mixed rights: CC BY 4.0 annotations, a TASS text with all rights reserved
        "license": "other",
        "license_name": "cc-by-4.0-annotations-tass-text",
        "license_link": "LICENSE.md",
        "language": sorted({a.document.language for a in ctx.corpus.articles}),
        "annotations_creators": ["other"],
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "source_datasets": ["original"],
        # ner_tokens: tokens with BIO tags for entity mentions; the span annotations
        # (quotes, events, facts) fit no Hub task category
        "task_categories": ["token-classification", "other"],
        "task_ids": ["named-entity-recognition"],
        "tags": KEYWORDS,
        "size_categories": ["n<1K"],
        "configs": [
            {
                "config_name": n,
                **({"default": True} if n == DEFAULT_CONFIG else {}),
                "data_files": [{"split": "train", "path": path}],
            }
            for n, path, _ in configs
        ],
        "dataset_info": [
            {
                "config_name": n,
                "features": [{"name": f.name, **_hf_feature_of(n, f)} for f in info.schema],
                "splits": [
                    {"name": "train", "num_bytes": info.nbytes, "num_examples": info.num_rows}
                ],
            }
            for n, _, info in configs
        ],
    }
    return "---\n" + "\n".join(_yaml(data)) + "\n---\n"


# --------------------------------------------------------------------------- dataset card


def dataset_card(ctx: Context) -> str:
    """dataset/README.md: Hugging Face front matter and a datasheet (Gebru et al. 2021)."""
    counts = ctx.counts()
    docs = [a.document for a in ctx.corpus.articles]
    outlets = {e.entity_id: e.name for e in ctx.corpus.entities.entities}
    doc_lines = "\n".join(
        f'- `{d.doc_id}`: "{d.title}" ({outlets.get(d.outlet_id, d.outlet_id)}, '
        f"{d.published.isoformat()}, {d.language})"
        for d in docs
    )
    count_rows = "\n".join(
        f"| `{n}` | {counts[n]} | {TABLES[n].description} |" for n in TABLE_NAMES
    )
    rights = "\n".join(
        f"- `{d.doc_id}`: {d.rights} Source: {d.source_url or d.republication_url or 'unknown'}"
        for d in docs
    )
    column_sections = []
    for n in TABLE_NAMES:
        spec = TABLES[n]
        rows = "\n".join(
            f"| `{f.name}` | `{f.type}` | {_field_desc(f).replace('|', '/')} |"
            for f in ctx.tables[n].schema
        )
        keys = ", ".join(spec.primary_key)
        refs = (
            "; ".join(
                f"`{fk.column}` -> `{fk.table}.{fk.ref_column}`"
                for fk in spec.foreign_keys + spec.list_references
            )
            or "none"
        )
        column_sections.append(
            f"### `{n}`\n\n{spec.description} Primary key: ({keys}). "
            f"References: {refs}.\n\n| column | type | description |\n|---|---|---|\n{rows}\n"
        )
    columns = "\n".join(column_sections)
    body = f"""
# {PRETTY_NAME}

{SUMMARY}

Dataset version {__version__}, schema version {SCHEMA_VERSION}. This card is generated by
`kuril-data build` from the data and the models; do not edit it by hand.

## Motivation

Reports on territorial disputes quote officials, cite old agreements and assert facts that
the other side contests. This dataset records what one report says, who says it, about what
and when, without flattening attributed claims into truth. It is meant as a small,
exhaustively checked resource for attribution, event and factuality research, and as a
template for a larger corpus of reports on the dispute.

## Composition

Documents:

{doc_lines}

| table | rows | what a row is |
|---|---|---|
{count_rows}

Every span (`span_start`, `span_end`, `text`) indexes the document text in Unicode code
points, 0-based, end exclusive; `text` equals the slice. In SQL,
`substring(d.text, x.span_start + 1, x.span_end - x.span_start) = x.text` holds for every
row. Dates are EDTF strings with derived `date_earliest`/`date_latest`. Facts and events are
attributed (`asserted_by`, `source_chain`) with FactBank factuality; the dataset takes no
side in the dispute. Values from outside the article are flagged in `enrichment` columns.

## Collection and annotation

The source text is the report as published, byte for byte (typos included). Annotation was
done by hand following [GUIDELINES.md](GUIDELINES.md) and checked mechanically by
`kuril-data validate` (spans, references, dates, identifiers). Event codes follow CAMEO
1.1b3 and PLOVER 2.0; quotes follow PARC 3.0; factuality follows FactBank.

## Uses and limits

Suitable for: evaluating quote attribution, entity linking, event extraction, temporal
normalisation and source-relative factuality on a carefully checked example; teaching.
Not suitable for: training large models (it is tiny), measuring the truth of any claim
about the dispute, or statistics about news coverage. The annotation reflects one
annotation team's reading; names of disputed places are given in both sides' usage.

## Distribution

Files: `parquet/<table>.parquet` (one per table), the same tables as CSV in
`csv/<table>.csv`, canonical JSON in `articles/` and `entities.json`, `croissant.json`
(Croissant, over the Parquet tables), `datapackage.json` (Frictionless Data Package v2,
over the CSV tables), `derived/annotated_documents.parquet` (one row per document with
every record nested) and `derived/ner_tokens.parquet` (tokens and BIO tags, below),
`views.sql` (joined views for DuckDB) and `SHA256SUMS`. Install the kuril-data package (`pip install .` in a checkout
of its repository, or its wheel) and call `kuril_data.load_dataset()`, or read the Parquet
files with any tool. The annotations are
licensed {LICENSE.upper()} ({LICENSE_URL}). The source text is not: its rights are

{rights}

## How to load

With Hugging Face `datasets` (the default config is `{DEFAULT_CONFIG}`, one row per
document with its mentions, quotes, events and facts nested; `ner_tokens` is the
token-classification view; every table is a config of its own):

```python
import datasets
docs = datasets.load_dataset("path/to/dataset")  # this folder
quotes = datasets.load_dataset("path/to/dataset", "quotes")
tokens = datasets.load_dataset("path/to/dataset", "ner_tokens")
```

With DuckDB, from this folder:

```sql
SELECT speaker_id, quote_type, text FROM 'parquet/quotes.parquet' ORDER BY span_start;
```

With the kuril-data package (checksums verified, typed records, joined views):

```python
from kuril_data import load_dataset
ds = load_dataset()
ds.duckdb().sql("SELECT speaker_name, quote_type, text FROM quote_view")
```

## Token classification (`ner_tokens`)

One row per paragraph: `tokens` (runs of word characters or single other non-space
characters), their code point offsets, and `ner_tags`, BIO tags for entity mentions
labelled with the entity's type (`B-state`, `I-state`, ..., `O`). Mentions nest and share
spans; a flat tagging keeps the outermost: mentions are taken longest first (earliest
first on equal length), and a mention overlapping one already taken is left out. The
nested mentions are in `annotated_documents`, the `mentions` table and the spaCy export
(`kuril-data export --format spacy`).

{ctx.quality}## Tables

{columns}
## Maintenance

Maintained by the kuril-data developers. Corrections are released as new dataset
versions (semantic versioning, listed in the kuril-data package's changelog); identifiers
are stable and never reused.

## Citation

```bibtex
@misc{{kuril_data_{__version__.replace(".", "_")},
  title = {{{PRETTY_NAME}}},
  author = {{{{kuril-data developers}}}},
  year = {{{RELEASE_DATE[:4]}}},
  version = {{{__version__}}},
  note = {{Annotations of the TASS report of {", ".join(sorted({d.published.isoformat() for d in docs}))}}}
}}
```
"""
    return hf_front_matter(ctx) + body


# --------------------------------------------------------------------------- Croissant

CROISSANT_CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def _cr_type(typ: pa.DataType) -> str:
    if pa.types.is_list(typ):
        typ = typ.value_type
    return {
        pa.string(): "sc:Text",
        pa.int32(): "sc:Integer",
        pa.bool_(): "sc:Boolean",
        pa.date32(): "sc:Date",
    }.get(typ, "sc:Text")


def _cr_field(table: str, f: pa.Field) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table}/{f.name}",
        "name": f.name,
        "description": _field_desc(f),
        "dataType": _cr_type(f.type),
        "source": {
            "fileObject": {"@id": f"parquet/{table}.parquet"},
            "extract": {"column": f.name},
        },
    }
    if pa.types.is_list(f.type) and pa.types.is_struct(f.type.value_type):
        out["repeated"] = True
        out["subField"] = [
            {
                "@type": "cr:Field",
                "@id": f"{table}/{f.name}/{sub.name}",
                "name": sub.name,
                "description": _field_desc(sub),
                "dataType": _cr_type(sub.type),
                "source": {
                    "fileObject": {"@id": f"parquet/{table}.parquet"},
                    "extract": {"column": f.name},
                    "transform": {"jsonPath": sub.name},
                },
            }
            for sub in f.type.value_type
        ]
    elif pa.types.is_list(f.type):
        out["repeated"] = True
    return out


def croissant(ctx: Context) -> str:
    """dataset/croissant.json: Croissant 1.0 with RAI fields."""
    docs = [a.document for a in ctx.corpus.articles]
    files = [
        {
            "@type": "cr:FileObject",
            "@id": f"parquet/{n}.parquet",
            "name": f"parquet/{n}.parquet",
            "description": TABLES[n].description,
            "contentUrl": f"parquet/{n}.parquet",
            "contentSize": f"{ctx.sizes[f'parquet/{n}.parquet']} B",
            "encodingFormat": "application/x-parquet",
            "sha256": ctx.hashes[f"parquet/{n}.parquet"],
        }
        for n in TABLE_NAMES
    ]
    record_sets = []
    for n in TABLE_NAMES:
        spec = TABLES[n]
        # No `references`: mlcroissant (1.1.1) turns each into a left join that rewrites the
        # shared source frame in place, so a Dataset read twice, or after another record
        # set, returns wrong rows (0 quotes, 8 of 158 mentions). The foreign keys are in
        # datapackage.json and in each field's description.
        fields = [_cr_field(n, f) for f in ctx.tables[n].schema]
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": n,
                "name": n,
                "description": spec.description,
                "key": [{"@id": f"{n}/{k}"} for k in spec.primary_key],
                "field": fields,
            }
        )
    data = {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": [
            "http://mlcommons.org/croissant/1.0",
            "http://mlcommons.org/croissant/RAI/1.0",
        ],
        "name": NAME,
        "description": SUMMARY,
        "version": __version__,
        # mixed rights: the annotations are CC BY 4.0, the document text is not
        "license": [LICENSE_URL, TEXT_RIGHTS],
        "citeAs": f"kuril-data developers ({RELEASE_DATE[:4]}). {PRETTY_NAME}. "
        f"Version {__version__}.",
        "datePublished": RELEASE_DATE,
        "creator": {"@type": "sc:Organization", "name": "kuril-data developers"},
        "keywords": KEYWORDS,
        "inLanguage": sorted({d.language for d in docs}),
        "isAccessibleForFree": True,
        "rai:dataCollection": "Verbatim text of published news reports; annotated by hand "
        "following GUIDELINES.md and checked mechanically (spans, references, dates).",
        "rai:dataCollectionType": "Manual Human Curation",
        "rai:dataAnnotationProtocol": "See GUIDELINES.md: PARC 3.0 quotes, CAMEO/PLOVER "
        "events, EDTF dates, FactBank source-relative factuality.",
        "rai:dataUseCases": "Evaluation and teaching for quote attribution, entity linking, "
        "event extraction, temporal normalisation and factuality.",
        "rai:dataLimitations": "Very small; one outlet's report on a territorial dispute; "
        "annotations reflect one team's reading. Not a source of truth about the dispute.",
        "rai:dataBiases": "One state news agency's framing; claims are attributed to their "
        "sources and both sides' place names are recorded, but coverage is one-sided by "
        "construction.",
        "rai:personalSensitiveInformation": "Names and public statements of public officials "
        "acting in office; no private individuals.",
        "rai:dataSocialImpact": "Supports transparent analysis of attributed claims in "
        "contested political news.",
        "rai:dataReleaseMaintenancePlan": "Versioned releases with a changelog; identifiers "
        "are stable and never reused.",
        "distribution": files,
        "recordSet": record_sets,
    }
    return _dumps(data)


# --------------------------------------------------------------------------- Frictionless


def _fl_type(typ: pa.DataType) -> str:
    if pa.types.is_list(typ):
        return "array"
    return {
        pa.string(): "string",
        pa.int32(): "integer",
        pa.bool_(): "boolean",
        pa.date32(): "date",
    }[typ]


def datapackage(ctx: Context) -> str:
    """dataset/datapackage.json: a Frictionless Data Package (v2) over the CSV copies of
    the tables (Frictionless cannot check Parquet list columns), with keys and hashes."""
    resources = []
    for n in TABLE_NAMES:
        spec = TABLES[n]
        fields = []
        for f in ctx.tables[n].schema:
            fld: dict[str, Any] = {
                "name": f.name,
                "type": _fl_type(f.type),
                "description": _field_desc(f),
            }
            if not f.nullable:
                fld["constraints"] = {"required": True}
            fields.append(fld)
        schema: dict[str, Any] = {"fields": fields, "primaryKey": list(spec.primary_key)}
        if spec.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": [fk.column],
                    "reference": {"resource": fk.table, "fields": [fk.ref_column]},
                }
                for fk in spec.foreign_keys
            ]
        path = csv_path(n)
        resources.append(
            {
                "name": n,
                "type": "table",
                "path": path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"header": True, "delimiter": ",", "lineTerminator": "\n"},
                "bytes": ctx.sizes[path],
                "hash": f"sha256:{ctx.hashes[path]}",
                "description": spec.description,
                "schema": schema,
            }
        )
    data = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": NAME,
        "title": PRETTY_NAME,
        "description": SUMMARY,
        "version": __version__,
        "keywords": KEYWORDS,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": LICENSE_URL,
                "title": "Creative Commons Attribution 4.0 (annotations only; the "
                "source text keeps its publisher's rights, see README.md)",
            },
            {
                "name": "LicenseRef-TASS-text",
                "path": "LICENSE.md",
                "title": TEXT_RIGHTS,
            },
        ],
        "resources": resources,
    }
    return _dumps(data)

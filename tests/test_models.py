"""The models and the published JSON Schemas: round trips, staleness, agreement."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import get_args

import jsonschema
import pytest
from helpers import ARTICLES, DATASET, REPO
from pydantic import ValidationError

from kuril_data.models import ArticleFile, EntitiesFile
from kuril_data.models.canonical import format_text
from kuril_data.models.schema import SCHEMA_FILES, generated_files
from kuril_data.models.vocabularies import LITERALS

DATA_FILES = [(p, "article") for p in ARTICLES] + [(DATASET / "entities.json", "entities")]
MODELS = {"article": ArticleFile, "entities": EntitiesFile}

ALIASED = next(
    i
    for i, e in enumerate(json.loads((DATASET / "entities.json").read_text("utf-8"))["entities"])
    if e["aliases"]
)  # the first entity with an alias


def published_schema(kind: str) -> dict:
    return json.loads((REPO / "schema" / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("path", "kind"), DATA_FILES, ids=lambda v: getattr(v, "name", v))
def test_canonical_file_round_trips_through_the_models_unchanged(path: Path, kind: str):
    raw = path.read_text(encoding="utf-8")
    assert format_text(raw, kind) == raw


@pytest.mark.parametrize(("path", "kind"), DATA_FILES, ids=lambda v: getattr(v, "name", v))
def test_canonical_file_passes_the_published_schema(path: Path, kind: str):
    validator = jsonschema.Draft202012Validator(published_schema(kind))
    errors = [e.message for e in validator.iter_errors(json.loads(path.read_text("utf-8")))]
    assert errors == []


def test_committed_schemas_equal_the_generated_ones():
    for name, text in generated_files().items():
        assert (REPO / "schema" / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is stale: run `kuril-data schema`"
        )


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_published_schema_passes_the_2020_12_metaschema(kind: str):
    schema = published_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(SCHEMA_FILES[kind])
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("path", "kind"), DATA_FILES, ids=lambda v: getattr(v, "name", v))
def test_check_jsonschema_cli_accepts_the_canonical_files(path: Path, kind: str):
    schema = REPO / "schema" / SCHEMA_FILES[kind]
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(("path", "kind"), DATA_FILES, ids=lambda v: getattr(v, "name", v))
def test_jsonschema_rs_accepts_the_canonical_files(path: Path, kind: str):
    import jsonschema_rs

    validator = jsonschema_rs.Draft202012Validator(published_schema(kind))
    assert [e.message for e in validator.iter_errors(json.loads(path.read_text("utf-8")))] == []


def test_every_field_of_every_model_has_a_description():
    def walk(node, where):
        if isinstance(node, dict):
            props = node.get("properties", {})
            for name, sub in props.items():
                assert sub.get("description"), f"{where}.{name} has no description"
            for key, sub in node.items():
                walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}[{i}]")

    for kind in SCHEMA_FILES:
        walk(published_schema(kind), kind)


# --------------------------------------------------------------------------- agreement
# Each invalid example is one mutation of a canonical record. Both the models and the
# published schema must reject it; the valid controls must be accepted by both.


def _first(data, key):
    return data[key][0]


def _set(path: list, value):
    def mutate(data):
        node = data
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return mutate


def _delete(path: list):
    def mutate(data):
        node = data
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]

    return mutate


INVALID = [
    ("article", "missing document", _delete(["document"])),
    ("article", "missing mention_id", _delete(["mentions", 0, "mention_id"])),
    ("article", "missing quote speaker", _delete(["quotes", 0, "speaker_id"])),
    ("article", "missing event participants", _delete(["events", 0, "participants"])),
    ("article", "empty event participants", _set(["events", 0, "participants"], [])),
    ("article", "missing fact asserted_by", _delete(["facts", 0, "asserted_by"])),
    ("article", "unknown top-level field", _set(["comment"], "hi")),
    ("article", "unknown mention field", _set(["mentions", 0, "start"], 3)),
    ("article", "unknown participant field", _set(["events", 0, "participants", 0, "weight"], 1)),
    ("article", "offset as string", _set(["mentions", 0, "span_start"], "0")),
    ("article", "offset with a fraction", _set(["mentions", 0, "span_end"], 5.5)),
    ("article", "negative offset", _set(["mentions", 0, "span_start"], -1)),
    ("article", "offset beyond int32", _set(["quotes", 0, "span_end"], 2**31)),
    ("article", "boolean as string", _set(["mentions", 0, "metonymy"], "true")),
    ("article", "bad mention type", _set(["mentions", 0, "mention_type"], "proper")),
    ("article", "bad quote type", _set(["quotes", 0, "quote_type"], "partial")),
    ("article", "bad event status", _set(["events", 0, "status"], "happened")),
    ("article", "bad event type", _set(["events", 0, "event_type"], "party")),
    ("article", "bad participant role", _set(["events", 0, "participants", 0, "role"], "guest")),
    ("article", "bad factuality", _set(["facts", 0, "factuality"], "CT")),
    ("article", "bad CAMEO code", _set(["events", 0, "cameo_code"], "999")),
    ("article", "bad PLOVER type", _set(["events", 0, "plover_type"], "consult")),
    ("article", "bad date resolution", _set(["events", 0, "date_resolution"], "guess")),
    ("article", "bad paragraph kind", _set(["document", "paragraphs", 0, "kind"], "title")),
    ("article", "id with upper case", _set(["mentions", 0, "mention_id"], "M-1")),
    ("article", "id with underscore", _set(["quotes", 0, "quote_id"], "q_lavrov")),
    ("article", "id with trailing hyphen", _set(["events", 0, "event_id"], "ev-")),
    ("article", "empty entity reference", _set(["mentions", 0, "entity_id"], "")),
    ("article", "null required reference", _set(["quotes", 0, "speech_event_id"], None)),
    ("article", "bad sha256", _set(["document", "text_sha256"], "ABC")),
    ("article", "published not a date", _set(["document", "published"], "24 Nov 2019")),
    ("article", "published impossible date", _set(["document", "published"], "2019-02-30")),
    ("article", "date_earliest not a date", _set(["events", 0, "date_earliest"], "2019")),
    ("article", "EDTF with letters", _set(["events", 0, "date"], "last year")),
    ("article", "bad language tag", _set(["document", "language"], "English")),
    ("article", "bad schema_version", _set(["schema_version"], "1")),
    ("article", "mentions not a list", _set(["mentions"], {})),
    ("article", "source_chain empty", _set(["facts", 0, "source_chain"], [])),
    ("article", "entity_ids not a list", _set(["facts", 0, "entity_ids"], "russia")),
    (
        "article",
        "enrichment pointer not a pointer",
        _set(["document", "enrichment", 0, "field"], "date"),
    ),
    ("entities", "missing entity name", _delete(["entities", 0, "name"])),
    ("entities", "bad entity type", _set(["entities", 0, "entity_type"], "country")),
    ("entities", "bad alias script", _set(["entities", ALIASED, "aliases", 0, "script"], "Cyr")),
    ("entities", "unknown alias field", _set(["entities", ALIASED, "aliases", 0, "x"], True)),
    (
        "entities",
        "bad wikidata id",
        _set(
            ["entities", 0, "external_ids"],
            [{"scheme": "wikidata", "id": "11751", "source": "x", "enrichment": True}],
        ),
    ),
    (
        "entities",
        "external id not marked enrichment",
        _set(
            ["entities", 0, "external_ids"],
            [{"scheme": "wikidata", "id": "Q11751", "source": "x", "enrichment": False}],
        ),
    ),
    ("entities", "entities not a list", _set(["entities"], None)),
]


def _canonical(kind: str) -> dict:
    path = ARTICLES[0] if kind == "article" else DATASET / "entities.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("kind", "name", "mutate"), INVALID, ids=[n for _, n, _ in INVALID])
def test_models_and_published_schema_both_reject(kind, name, mutate):
    data = copy.deepcopy(_canonical(kind))
    mutate(data)
    with pytest.raises(ValidationError):
        MODELS[kind].model_validate_json(json.dumps(data))
    validator = jsonschema.Draft202012Validator(
        published_schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(data)), f"the schema accepts: {name}"


VALID = [
    ("article", "canonical", lambda d: None),
    ("article", "nullable cameo_code", _set(["events", 0, "cameo_code"], None)),
    ("article", "no mentions", _set(["mentions"], [])),
    ("entities", "canonical", lambda d: None),
]


@pytest.mark.parametrize(("kind", "name", "mutate"), VALID, ids=[n for _, n, _ in VALID])
def test_models_and_published_schema_both_accept(kind, name, mutate):
    data = copy.deepcopy(_canonical(kind))
    mutate(data)
    MODELS[kind].model_validate_json(json.dumps(data))
    validator = jsonschema.Draft202012Validator(
        published_schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(data)] == []


def test_known_difference_integral_float_offset():
    """JSON Schema counts 5.0 as an integer; the models (strict) do not. Documented in README:
    schema-only validation accepts `"span_end": 5.0`, `kuril-data validate` rejects it."""
    data = copy.deepcopy(_canonical("article"))
    data["mentions"][0]["span_end"] = float(data["mentions"][0]["span_end"])
    with pytest.raises(ValidationError):
        ArticleFile.model_validate_json(json.dumps(data))
    validator = jsonschema.Draft202012Validator(published_schema("article"))
    assert list(validator.iter_errors(data)) == []


def test_kuril_data_validate_stays_a_function_after_use(tmp_path):
    """`kuril_data.validate` is the function, also after the module that holds it is
    imported (a submodule named `validate` would shadow it)."""
    import kuril_data

    first = kuril_data.validate([str(DATASET)])
    second = kuril_data.validate([str(DATASET)])
    from kuril_data import validate

    assert callable(validate) and first.valid and second.valid


@pytest.mark.parametrize("name", sorted(LITERALS))
def test_static_literal_types_equal_their_vocabularies(name):
    literal, vocabulary = LITERALS[name]
    assert get_args(literal) == tuple(vocabulary)

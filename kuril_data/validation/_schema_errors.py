"""Stage 3 (structure): JSON Schema errors translated into catalogue errors, one each.

Runs only on files the pydantic models reject: the models decide, the published schema
names every problem by pointer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from itertools import islice
from typing import Any

from kuril_data._layout import SCHEMA_FILES, packaged_schemas
from kuril_data._patterns import ID_PATTERN
from kuril_data.validation.report import Error, make, pointer

CODES = (
    "missing-field",
    "unknown-field",
    "wrong-type",
    "not-in-vocabulary",
    "malformed-id",
    "pattern-mismatch",
    "length-out-of-range",
    "value-out-of-range",
    "invalid-date",
    "model-schema-disagreement",
)
"""The catalogue codes this stage reports."""

_BOUNDS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive minimum",
    "exclusiveMaximum": "exclusive maximum",
}


@cache
def published_schema(kind: str) -> dict[str, Any]:
    """The published JSON Schema of ``kind`` ('article' or 'entities'), as shipped."""
    text = (packaged_schemas() / SCHEMA_FILES[kind]).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def schema_validator(kind: str, items_of: str | None = None) -> Any:
    """A jsonschema validator (with the date format checked) for the published schema of
    ``kind``, or for one item of its top-level list ``items_of``."""
    from jsonschema import Draft202012Validator  # heavy: imported when first needed

    schema = published_schema(kind)
    if items_of is not None:
        schema = {**schema["properties"][items_of]["items"], "$defs": schema.get("$defs", {})}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def json_type(value: Any) -> str:
    """The JSON type name of a parsed value."""
    if value is None:
        return "null"
    for python, name in (
        (bool, "boolean"),
        (int, "integer"),
        (float, "number"),
        (str, "string"),
        (list, "array"),
        (dict, "object"),
    ):
        if isinstance(value, python):
            return name
    return type(value).__name__


def schema_errors(
    kind: str,
    data: Any,
    name: str | None = None,
    focus: set[tuple[str, int]] | None = None,
    limit: int | None = None,
) -> list[Error]:
    """Errors of ``data`` against the published JSON Schema, one per problem.

    With ``focus`` (a set of (list name, index)), items of the top-level lists are checked
    only at those indices: the verdict on the rest is taken from the models. With
    ``limit``, the schema's errors are read lazily and only about that many are kept."""
    errors = list(islice(_raw_errors(kind, data, focus), None if limit is None else 2 * limit + 1))
    typed = {pointer(*e.absolute_path) for e in errors if e.validator == "type"}
    out = _Collector(name)
    for e in errors:
        if e.validator != "type" and pointer(*e.absolute_path) in typed:
            continue  # a wrong type explains everything else wrong with that value
        _translate(e, out)
    return out.errors


def _raw_errors(kind: str, data: Any, focus: set[tuple[str, int]] | None) -> Iterator[Any]:
    if focus is None:
        yield from schema_validator(kind).iter_errors(data)
        return
    lists = [
        k
        for k, v in published_schema(kind)["properties"].items()
        if v.get("type") == "array" and isinstance(data.get(k), list)
    ]
    yield from schema_validator(kind).iter_errors({**data, **{k: [] for k in lists}})
    for list_name, i in sorted(focus):
        if list_name in lists and i < len(data[list_name]):
            for e in schema_validator(kind, list_name).iter_errors(data[list_name][i]):
                e.path.extendleft([i, list_name])  # absolute_path now from the file root
                yield e


class _Collector:
    """Catalogue errors, each (code, pointer) once."""

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.errors: list[Error] = []
        self._seen: set[tuple[str, str]] = set()

    def add(self, code: str, ptr: str, **params: Any) -> None:
        if (code, ptr) not in self._seen:
            self._seen.add((code, ptr))
            self.errors.append(make(code, self.name, ptr, **params))


def _translate(e: Any, out: _Collector, nullable: bool = False) -> None:
    """Add the catalogue error(s) for one jsonschema error."""
    ptr = pointer(*e.absolute_path)
    v, inst = e.validator, e.instance
    if v == "anyOf":
        _translate_nullable(e, out)
    elif v == "type":
        expected = _expected(e.validator_value) + (" or null" if nullable else "")
        out.add("wrong-type", ptr, expected=expected, found=json_type(inst))
    elif v == "required":
        for fld in e.validator_value:
            if isinstance(inst, dict) and fld not in inst:
                out.add("missing-field", ptr + pointer(fld), field=fld)
    elif v == "additionalProperties":
        known = e.schema.get("properties", {})
        for key in inst:
            if key not in known:
                out.add("unknown-field", ptr + pointer(key), field=key)
    elif v in ("enum", "const"):
        allowed = e.validator_value if v == "enum" else [e.validator_value]
        out.add("not-in-vocabulary", ptr, value=inst, allowed=list(allowed))
    elif v == "pattern" and e.validator_value == ID_PATTERN:
        out.add("malformed-id", ptr, value=inst)
    elif v == "pattern":
        out.add("pattern-mismatch", ptr, value=inst, pattern=e.validator_value)
    elif v in ("minLength", "maxLength", "minItems", "maxItems"):
        out.add(
            "length-out-of-range",
            ptr,
            found="string" if isinstance(inst, str) else "list",
            length=len(inst),
            bound="minimum" if v.startswith("min") else "maximum",
            limit=e.validator_value,
        )
    elif v in _BOUNDS:
        out.add("value-out-of-range", ptr, value=inst, bound=_BOUNDS[v], limit=e.validator_value)
    elif v == "format":
        out.add("invalid-date", ptr, value=inst)
    else:
        out.add("wrong-type", ptr, expected=f"a value valid under '{v}'", found=json_type(inst))


def _translate_nullable(e: Any, out: _Collector) -> None:
    """anyOf [X, null] (an optional field): report what is wrong against X."""
    branches = [s for s in e.validator_value if s != {"type": "null"}]
    if len(branches) == 1 and len(e.validator_value) == 2:
        sub = [
            c
            for c in e.context
            if c.schema_path and e.validator_value[c.schema_path[0]] != {"type": "null"}
        ]
        if any(c.validator == "type" for c in sub):
            sub = [c for c in sub if c.validator == "type"]
        for c in sub:
            _translate(c, out, nullable=True)
        return
    out.add(
        "wrong-type",
        pointer(*e.absolute_path),
        expected="one of the allowed forms",
        found=json_type(e.instance),
    )


def _expected(types: Any) -> str:
    if isinstance(types, list):
        return " or ".join(types)
    return str(types)


def model_error(e: Any, data: Any, name: str | None) -> Error:
    """Translate a pydantic error the JSON Schema did not see (e.g. 5.0 for an integer)."""
    parts: list[str | int] = []
    value = data
    for part in e["loc"]:
        if (isinstance(value, dict) and part in value) or (
            isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        ):
            value = value[part]
        else:
            break
        parts.append(part)
    ptr = pointer(*parts)
    if e["type"].endswith("_type"):
        return make("wrong-type", name, ptr, expected=e["type"][:-5], found=json_type(value))
    return make("model-schema-disagreement", name, ptr, detail=e["msg"])

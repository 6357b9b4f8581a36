"""The published article schema as msgspec types, for measuring a typed decoder that
checks structure while it parses (``bench_floor.py``).

The types accept what the schema accepts, with two differences: duplicate keys are
accepted (msgspec keeps the last, as orjson does), and ``format`` is checked only for
``date``."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

import msgspec


def _string(node: dict[str, Any]) -> Any:
    if node.get("format") == "date":
        return datetime.date
    meta = {
        arg: node[key]
        for key, arg in (("minLength", "min_length"), ("maxLength", "max_length"))
        if key in node
    }
    if "pattern" in node:
        meta["pattern"] = node["pattern"]
    return Annotated[str, msgspec.Meta(**meta)] if meta else str


def _integer(node: dict[str, Any]) -> Any:
    meta = {arg: node[key] for key, arg in (("minimum", "ge"), ("maximum", "le")) if key in node}
    return Annotated[int, msgspec.Meta(**meta)] if meta else int


def article_type(schema: dict[str, Any]) -> Any:
    """The msgspec type of an article under ``schema`` (the published JSON Schema)."""
    defs = schema.get("$defs", {})
    made: dict[str, Any] = {}

    def convert(node: dict[str, Any], name: str) -> Any:
        if "$ref" in node:
            ref = node["$ref"].rsplit("/", 1)[-1]
            if ref not in made:
                made[ref] = convert(defs[ref], ref)
            return made[ref]
        if "anyOf" in node:
            options = [convert(option, name) for option in node["anyOf"]]
            union = options[0]
            for option in options[1:]:
                union = union | option
            return union
        if "enum" in node:
            return Literal[tuple(node["enum"])]
        kind = node.get("type")
        if kind == "null":
            return type(None)
        if kind == "string":
            return _string(node)
        if kind == "integer":
            return _integer(node)
        if kind == "boolean":
            return bool
        if kind == "array":
            item = convert(node["items"], name)
            if "minItems" in node:
                return Annotated[list[item], msgspec.Meta(min_length=node["minItems"])]
            return list[item]
        if kind == "object" and node.get("additionalProperties") is False:
            required = set(node.get("required", ()))
            fields: list[Any] = []
            for key, sub in node["properties"].items():
                if key in required:
                    fields.append((key, convert(sub, key)))
                else:
                    fields.append((key, convert(sub, key), sub.get("default")))
            fields.sort(key=len)  # msgspec wants the fields with defaults last
            return msgspec.defstruct(name, fields, forbid_unknown_fields=True)
        raise ValueError(f"no msgspec type for the schema node {name!r}: {node}")

    return convert(schema, "Article")

"""Fuzzing: any mutation of the canonical article gives a report, never an exception,
and the structural verdict always agrees with the models."""

from __future__ import annotations

import json

from helpers import canonical_bytes, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuril_data.validation.catalogue import CATALOGUE
from kuril_data.validation.report import Report

RAW_ARTICLE = canonical_bytes()[0]
CANONICAL = json.loads(RAW_ARTICLE)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))


PATHS = list(_paths(CANONICAL))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "sergey-lavrov",
            "2019-11-24",
            "1956?",
            "/..",
            "X",
            "tass",
            "Bad Id",
            "\u212b",
            "\ud800",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _mutate(data, path, op, value):
    if not path:
        return value if op == "replace" else data
    parent = data
    for p in path[:-1]:
        parent = parent[p]
    key = path[-1]
    current = parent[key]
    if op == "delete":
        del parent[key]
    elif op == "replace":
        parent[key] = value
    elif op == "nudge" and isinstance(current, int) and not isinstance(current, bool):
        parent[key] = current + (
            value if isinstance(value, int) and not isinstance(value, bool) else 1
        )
    elif op == "edit" and isinstance(current, str):
        parent[key] = current[: len(current) // 2] + (value if isinstance(value, str) else "x")
    elif op == "add" and isinstance(current, dict):
        current[value if isinstance(value, str) else "extra"] = value
    elif op == "add" and isinstance(current, list):
        current.append(value)
    else:
        parent[key] = value
    return data


def _check(report) -> None:
    assert isinstance(report, Report)
    for e in report.findings:
        assert e.code in CATALOGUE
        assert e.render()
    assert report.exit_code() in (0, 1)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(PATHS), st.sampled_from(["delete", "replace", "nudge", "edit", "add"]), VALUES
)
def test_record_mutation_never_raises_and_structure_agrees_with_models(path, op, value):
    from pydantic import ValidationError

    from kuril_data.models import ArticleFile

    data = _mutate(json.loads(RAW_ARTICLE), path, op, value)
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
    report = run(raw)
    _check(report)
    try:
        ArticleFile.model_validate_json(raw)
        models_accept = True
    except ValidationError:
        models_accept = False
    structural = [
        e
        for e in report.findings
        if e.kind.stage in ("json", "structure") and e.code != "unsupported-schema-version"
    ]
    assert models_accept == (not structural)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, len(RAW_ARTICLE)), st.binary(max_size=4), st.integers(0, 8))
def test_byte_mutation_never_raises(position, insert, drop):
    raw = RAW_ARTICLE[:position] + insert + RAW_ARTICLE[position + drop :]
    _check(run(raw))

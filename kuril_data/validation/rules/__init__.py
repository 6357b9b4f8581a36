"""The semantic rules: one small function per check, registered by the catalogue codes it
reports (``@rule("code", ...)``), grouped by topic in this folder.

To add a check: add its code to :mod:`kuril_data.validation.catalogue`, write a function
``def my_check(c: Check) -> None`` that calls ``c.err(code, pointer, **params)``, decorate
it with ``@rule("my-code")`` (``scope="entities"`` for entities.json) in the module of its
topic, and add a mutation example to ``tests/test_validate_catalogue.py``. The test suite
enumerates this registry: a code without an example fails it.
"""

from __future__ import annotations

from typing import Any

from kuril_data.validation._parsing import FileState
from kuril_data.validation.rules import (  # noqa: F401 - importing registers the rules
    document,
    events,
    facts,
    quotes,
    references,
    spans,
)
from kuril_data.validation.rules._registry import RULES, Check, RegistryState, Rule, Scope, rule

__all__ = [
    "RULES",
    "Check",
    "RegistryState",
    "Rule",
    "Scope",
    "registered_codes",
    "rule",
    "run_rules",
]


def run_rules(
    f: FileState,
    registry: dict[str, dict[str, Any]],
    registry_state: RegistryState,
    registry_name: str = "",
) -> None:
    """Run every rule of the file's kind on a usable file; findings go to ``f.errors``.
    ``registry_name`` names an unusable registry whose own errors are not reported."""
    check = Check(f, registry, registry_state, registry_name)
    scope = "entities" if f.kind == "entities" else "article"
    for r in RULES:
        if r.scope == scope:
            r.check(check)


def registered_codes() -> set[str]:
    """Every catalogue code some registered rule reports."""
    return {code for r in RULES for code in r.codes}

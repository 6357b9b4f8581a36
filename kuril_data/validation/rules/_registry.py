"""The rule registry and what a rule sees: one file's records and the entity registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from kuril_data._spans import in_range
from kuril_data.validation._parsing import FileState
from kuril_data.validation.report import make, pointer

Scope = Literal["article", "entities"]
RegistryState = Literal["ok", "missing", "unusable"]
"""Whether the run has an entity registry: usable, none at all, or one that failed to
parse (its own errors say why; references are then not checked, not reported dangling)."""

# Entity types that can fill a reference field (fields not listed take any entity).
REFERENCE_TYPES = {
    "outlet_id": ("organization",),
    "place_id": ("place", "territory", "state"),
    "location_id": ("place", "territory", "state"),
    "organization_id": ("organization", "government", "state", "alliance"),
}
ID_FIELDS = {
    "mentions": "mention_id",
    "quotes": "quote_id",
    "events": "event_id",
    "facts": "fact_id",
}


@dataclass
class Check:
    """What a rule works on: one usable file, plus the entity registry (entity id ->
    ``{"entity_type", "part_of"}``) and its state."""

    file: FileState
    registry: dict[str, dict[str, Any]]
    registry_state: RegistryState
    registry_name: str = ""

    @property
    def have_registry(self) -> bool:
        """True when entity references can be checked."""
        return self.registry_state == "ok"

    _local: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def err(self, code: str, ptr: str, **params: Any) -> None:
        """Report a finding (only for files whose findings count)."""
        if self.file.src.reported:
            self.file.add(make(code, self.file.src.name, ptr, **params))

    def records(self, list_name: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """(index, record) of the structurally valid records of a top-level list."""
        return self.file.records(list_name)

    @property
    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = self.file.data["document"]
        return doc

    @property
    def text(self) -> str:
        text: str = self.document["text"]
        return text

    @property
    def published(self) -> dt.date:
        return dt.date.fromisoformat(self.document["published"])

    def lookup(self, kind: str, value: Any) -> dict[str, Any] | None:
        """The article's record of ``kind`` ('mention', 'quote', 'event') with id ``value``."""
        if kind not in self._local:
            table: dict[str, dict[str, Any]] = {}
            for _, rec in self.file.records(kind + "s", all_records=True):
                rid = rec.get(ID_FIELDS[kind + "s"])
                if isinstance(rid, str):
                    table.setdefault(rid, rec)
            self._local[kind] = table
        return self._local[kind].get(value) if isinstance(value, str) else None

    def entity(self, value: Any) -> dict[str, Any] | None:
        """The registry entry of an entity id (None when unknown or not checked)."""
        return self.registry.get(value) if isinstance(value, str) else None

    def span(
        self,
        base: str,
        rec: dict[str, Any],
        start_key: str = "span_start",
        end_key: str = "span_end",
        text_key: str = "text",
    ) -> None:
        """Check that ``rec[text_key]`` is the text at its offsets."""
        text = self.text
        start, end = rec.get(start_key), rec.get(end_key)
        if not (isinstance(start, int) and isinstance(end, int)):
            return
        if not in_range(start, end, len(text)):
            bad = end_key if end > len(text) or end < start else start_key
            self.err(
                "span-out-of-range", base + pointer(bad), start=start, end=end, length=len(text)
            )
        elif rec.get(text_key) != text[start:end]:
            self.err(
                "span-mismatch",
                base + pointer(text_key),
                found=rec.get(text_key),
                start=start,
                end=end,
                expected=text[start:end],
            )


RuleFunction = Callable[[Check], None]


@dataclass(frozen=True)
class Rule:
    """A semantic check: the catalogue codes it reports, where it runs, the function."""

    codes: tuple[str, ...]
    scope: Scope
    check: RuleFunction


RULES: list[Rule] = []
"""Every registered rule, in registration order (the order they run in)."""


def rule(*codes: str, scope: Scope = "article") -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule under the catalogue codes it reports."""

    def register(fn: RuleFunction) -> RuleFunction:
        RULES.append(Rule(codes, scope, fn))
        return fn

    return register


def is_span(rec: Any) -> bool:
    return (
        isinstance(rec, dict)
        and isinstance(rec.get("span_start"), int)
        and isinstance(rec.get("span_end"), int)
    )

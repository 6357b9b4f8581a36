"""Rules on references: ids resolve, to the right kind of entity; lists are ordered;
enrichment pointers name a field; nesting and part_of links form no cycle."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from kuril_data.validation.report import pointer, split_pointer
from kuril_data.validation.rules._registry import ID_FIELDS, REFERENCE_TYPES, Check, rule


def _entity_refs(c: Check) -> Iterator[tuple[str, Any, str | None]]:
    """(pointer, value, field) of every entity reference of an article."""
    doc = c.document
    yield "/document/outlet_id", doc["outlet_id"], "outlet_id"
    yield "/document/dateline/place_id", doc["dateline"]["place_id"], "place_id"
    for i, m in c.records("mentions"):
        yield f"/mentions/{i}/entity_id", m["entity_id"], None
    for i, q in c.records("quotes"):
        yield f"/quotes/{i}/speaker_id", q["speaker_id"], None
        yield f"/quotes/{i}/addressee_id", q["addressee_id"], None
    for i, ev in c.records("events"):
        yield f"/events/{i}/asserted_by", ev["asserted_by"], None
        yield f"/events/{i}/location_id", ev["location_id"], "location_id"
        for j, part in enumerate(ev["participants"]):
            yield f"/events/{i}/participants/{j}/entity_id", part["entity_id"], None
    for i, fa in c.records("facts"):
        yield f"/facts/{i}/asserted_by", fa["asserted_by"], None
        for j, eid in enumerate(fa["source_chain"]):
            yield f"/facts/{i}/source_chain/{j}", eid, None
        for j, eid in enumerate(fa["entity_ids"]):
            yield f"/facts/{i}/entity_ids/{j}", eid, None


def _registry_refs(c: Check) -> Iterator[tuple[str, Any, str | None]]:
    """(pointer, value, field) of every entity reference inside the registry."""
    for i, ent in c.records("entities"):
        for j, role in enumerate(ent["roles"]):
            yield (
                pointer("entities", i, "roles", j, "organization_id"),
                role["organization_id"],
                "organization_id",
            )
        for j, whole in enumerate(ent["part_of"]):
            yield pointer("entities", i, "part_of", j), whole, None


def _local_refs(c: Check) -> Iterator[tuple[str, str, Any]]:
    """(pointer, kind, value) of every reference to a record of the same article."""
    for i, q in c.records("quotes"):
        yield f"/quotes/{i}/speaker_mention_id", "mention", q["speaker_mention_id"]
        yield f"/quotes/{i}/speech_event_id", "event", q["speech_event_id"]
        yield f"/quotes/{i}/nested_in", "quote", q["nested_in"]
    for i, fa in c.records("facts"):
        yield f"/facts/{i}/quote_id", "quote", fa["quote_id"]
        for j, evid in enumerate(fa["event_ids"]):
            yield f"/facts/{i}/event_ids/{j}", "event", evid


def _check_entity_refs(c: Check, refs: Iterator[tuple[str, Any, str | None]]) -> None:
    if not c.have_registry:
        return
    for ptr, value, field_name in refs:
        if not isinstance(value, str):
            continue
        rec = c.entity(value)
        if rec is None:
            c.err(
                "dangling-reference",
                ptr,
                target="entity",
                value=value,
                scope=" in the entity registry",
            )
            continue
        allowed = REFERENCE_TYPES.get(field_name or "")
        if allowed and rec.get("entity_type") not in allowed:
            c.err(
                "reference-type-mismatch",
                ptr,
                value=value,
                found=rec.get("entity_type"),
                allowed=", ".join(allowed),
            )


def _entity_refs_resolve(c: Check) -> bool:
    """True when every entity reference of a clean article resolves to an entity of an
    allowed type: what ``_check_entity_refs`` would find nothing in, decided in bulk (the
    located check runs only when this says no)."""
    data, registry = c.file.data, c.registry
    doc = data["document"]
    values = {m["entity_id"] for m in data["mentions"]}
    values.update(q["speaker_id"] for q in data["quotes"])
    values.update(q["addressee_id"] for q in data["quotes"])
    for ev in data["events"]:
        values.add(ev["asserted_by"])
        values.update(p["entity_id"] for p in ev["participants"])
    for fa in data["facts"]:
        values.add(fa["asserted_by"])
        values.update(fa["source_chain"])
        values.update(fa["entity_ids"])
    values.discard(None)
    if not values <= registry.keys():
        return False
    typed = [(doc["outlet_id"], "outlet_id"), (doc["dateline"]["place_id"], "place_id")]
    typed += [(ev["location_id"], "location_id") for ev in data["events"]]
    for value, field_name in typed:
        if value is not None and (
            value not in registry
            or registry[value].get("entity_type") not in REFERENCE_TYPES[field_name]
        ):
            return False
    return True


def _local_refs_resolve(c: Check) -> bool:
    """True when every reference to a record of a clean article resolves (in bulk)."""
    data = c.file.data
    ids = {
        kind: {r[ID_FIELDS[kind + "s"]] for r in data[kind + "s"]}
        for kind in ("mention", "quote", "event")
    }
    quotes = data["quotes"]
    wanted = {
        "mention": {q["speaker_mention_id"] for q in quotes},
        "quote": {q["nested_in"] for q in quotes} | {f["quote_id"] for f in data["facts"]},
        "event": {q["speech_event_id"] for q in quotes},
    }
    for fa in data["facts"]:
        wanted["event"].update(fa["event_ids"])
    return all((wanted[k] - {None}) <= ids[k] for k in wanted)


@rule("dangling-reference", "reference-type-mismatch")
def references_resolve(c: Check) -> None:
    if not (c.file.clean and c.have_registry and _entity_refs_resolve(c)):
        _check_entity_refs(c, _entity_refs(c))
    if c.file.clean and _local_refs_resolve(c):
        return
    for ptr, kind, value in _local_refs(c):
        if isinstance(value, str) and c.lookup(kind, value) is None:
            c.err("dangling-reference", ptr, target=kind, value=value, scope=" in this article")


@rule("dangling-reference", "reference-type-mismatch", scope="entities")
def registry_references_resolve(c: Check) -> None:
    _check_entity_refs(c, _registry_refs(c))


def _resolves(record: Any, ptr: str) -> bool:
    value = record
    for part in split_pointer(ptr):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif (
            isinstance(value, list)
            and part.isdigit()
            and int(part) < len(value)
            and (part == "0" or not part.startswith("0"))
        ):
            value = value[int(part)]
        else:
            return False
    return True


def _enrichment(c: Check, base: str, rec: dict[str, Any]) -> None:
    for j, item in enumerate(rec.get("enrichment") or []):
        target = item.get("field") if isinstance(item, dict) else None
        if isinstance(target, str) and not _resolves(rec, target):
            c.err(
                "enrichment-field-unresolved",
                base + pointer("enrichment", j, "field"),
                value=target,
            )


@rule("enrichment-field-unresolved")
def enrichment_fields_resolve(c: Check) -> None:
    _enrichment(c, "/document", c.document)
    for i, ev in c.records("events"):
        _enrichment(c, f"/events/{i}", ev)


@rule("enrichment-field-unresolved", scope="entities")
def registry_enrichment_fields_resolve(c: Check) -> None:
    for i, ent in c.records("entities"):
        _enrichment(c, pointer("entities", i), ent)


@rule("not-ordered")
def records_ordered(c: Check) -> None:
    for list_name in ("mentions", "quotes", "events", "facts"):
        prev = None
        for i, rec in c.records(list_name):
            key = rec.get("span_start")
            if not isinstance(key, int):
                continue
            if prev is not None and key < prev:
                c.err("not-ordered", pointer(list_name, i), what=f"{list_name[:-1]} {i}")
            prev = key


@rule("not-ordered", scope="entities")
def entities_ordered(c: Check) -> None:
    prev = None
    for i, ent in c.records("entities"):
        if prev is not None and ent["entity_id"] < prev:
            c.err("not-ordered", pointer("entities", i), what=f"entity {i}")
        prev = ent["entity_id"]


@rule("reference-cycle")
def quote_nesting_acyclic(c: Check) -> None:
    index = {rec.get("quote_id"): i for i, rec in c.records("quotes")}
    done: set[str] = set()
    for _, rec in c.records("quotes"):
        path: list[str] = []
        cur = rec.get("quote_id")
        while isinstance(cur, str) and cur not in path and cur not in done:
            target = c.lookup("quote", cur)
            if target is None:
                break
            path.append(cur)
            cur = target.get("nested_in")
        if isinstance(cur, str) and cur in path:
            loop = path[path.index(cur) :]
            first = min(loop, key=lambda x: index.get(x, 1 << 30))
            if first in index:
                at = loop.index(first)
                c.err(
                    "reference-cycle",
                    pointer("quotes", index[first], "nested_in"),
                    field="nested_in",
                    cycle=" -> ".join(loop[at:] + loop[:at] + [first]),
                )
        done.update(path)


@rule("reference-cycle", scope="entities")
def part_of_acyclic(c: Check) -> None:
    table = {rec["entity_id"]: rec for _, rec in c.records("entities")}
    index = {rec.get("entity_id"): i for i, rec in c.records("entities")}
    reported: set[frozenset[str]] = set()
    for start in table:
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            cur, path = stack.pop()
            for nxt in table.get(cur, {}).get("part_of", []):
                if nxt == start:
                    loop = frozenset(path)
                    if loop not in reported and start == min(path, key=lambda x: index[x]):
                        reported.add(loop)
                        # reported on the link leaving the loop's first entity
                        j = table[start]["part_of"].index(path[1] if len(path) > 1 else start)
                        c.err(
                            "reference-cycle",
                            pointer("entities", index[start], "part_of", j),
                            field="part_of",
                            cycle=" -> ".join((*path, start)),
                        )
                elif nxt in table and nxt not in path and len(path) < 64:
                    stack.append((nxt, (*path, nxt)))


def _source_refs(c: Check) -> Iterator[tuple[str, Any]]:
    """(pointer, value) of every field that names who speaks, is addressed or asserts."""
    for i, q in c.records("quotes"):
        yield f"/quotes/{i}/speaker_id", q["speaker_id"]
        yield f"/quotes/{i}/addressee_id", q["addressee_id"]
    for i, ev in c.records("events"):
        yield f"/events/{i}/asserted_by", ev["asserted_by"]
        for j, part in enumerate(ev["participants"]):
            if part["role"] in ("speaker", "addressee"):
                yield f"/events/{i}/participants/{j}/entity_id", part["entity_id"]
    for i, fa in c.records("facts"):
        yield f"/facts/{i}/asserted_by", fa["asserted_by"]
        for j, eid in enumerate(fa["source_chain"]):
            yield f"/facts/{i}/source_chain/{j}", eid


def _states_in_sources(c: Check) -> bool:
    """True when a field of a clean article that ``_source_refs`` reads names a state:
    decided in bulk (the located check runs only when this says yes)."""
    data, registry = c.file.data, c.registry
    values = {q["speaker_id"] for q in data["quotes"]}
    values.update(q["addressee_id"] for q in data["quotes"])
    for ev in data["events"]:
        values.add(ev["asserted_by"])
        values.update(
            p["entity_id"] for p in ev["participants"] if p["role"] in ("speaker", "addressee")
        )
    for fa in data["facts"]:
        values.add(fa["asserted_by"])
        values.update(fa["source_chain"])
    return any(
        isinstance(v, str) and v in registry and registry[v].get("entity_type") == "state"
        for v in values
    )


@rule("state-as-source")
def states_do_not_speak(c: Check) -> None:
    if not c.have_registry or (c.file.clean and not _states_in_sources(c)):
        return
    for ptr, value in _source_refs(c):
        rec = c.entity(value) if isinstance(value, str) else None
        if rec is not None and rec.get("entity_type") == "state":
            c.err("state-as-source", ptr, value=value)


_MENTION_ID = re.compile(r"m-([a-z0-9]+)-[0-9]{4,}-")


@rule("mention-id-format")
def mention_ids_follow_the_format(c: Check) -> None:
    """m-<short id>-<span_start>-<entity_id>; the article's short id is the one most of its
    mention ids carry (the first of them on a tie)."""
    if c.file.clean and _mention_ids_follow_the_format(c.file.data["mentions"]):
        return
    mentions = list(c.records("mentions"))
    shorts = [m.group(1) for _, rec in mentions if (m := _MENTION_ID.match(rec["mention_id"]))]
    short = Counter(shorts).most_common(1)[0][0] if shorts else "<short id>"
    for i, rec in mentions:
        expected = f"m-{short}-{rec['span_start']:04d}-{rec['entity_id']}"
        if rec["mention_id"] != expected:
            c.err(
                "mention-id-format",
                f"/mentions/{i}/mention_id",
                value=rec["mention_id"],
                expected=expected,
            )


def _mention_ids_follow_the_format(mentions: list[dict[str, Any]]) -> bool:
    """True when every mention id of a clean article has the format with the short id of
    the first: then that short id is also the most common one, and the located check
    would find nothing (decided in bulk)."""
    first = _MENTION_ID.match(mentions[0]["mention_id"]) if mentions else None
    if first is None:
        return not mentions
    short = first.group(1)
    expected = [f"m-{short}-{m['span_start']:04d}-{m['entity_id']}" for m in mentions]
    return expected == [m["mention_id"] for m in mentions]

"""brat standoff: ``<doc_id>.txt`` (the text) and ``<doc_id>.ann`` (the annotations), the
format of the brat annotation tool, plus the ``annotation.conf`` that declares the
types for brat.

What each record becomes (offsets are code points, as in brat):

- mention: a text-bound annotation typed by its entity's type (``state``, ``person``, ...),
  attributes ``MentionType`` and ``Metonymy``;
- quote: a ``Quote`` text-bound annotation over the content and a ``Cue`` one over the
  cue, relations ``Cue`` (quote -> cue), ``Speaker`` (quote -> the speaker's mention) and
  ``NestedIn`` (quote -> enclosing quote), attribute ``QuoteType``;
- event: a trigger typed ``event_<event_type>`` and an event line whose arguments are the
  participants that have a mention in the trigger's paragraph (the nearest one), attributes
  ``Status`` and ``Factuality``;
- fact: a ``Fact`` text-bound annotation over the evidence, attribute ``Factuality``;
- the dateline: a ``Dateline`` annotation whose note carries the document's metadata.

Every annotation has an ``AnnotatorNotes`` note with the record's other fields (ids,
speaker, participants, dates, statement, ...) as one line of JSON. On import the spans,
types, attributes and relations are read from the annotations and everything else from
the notes; an annotation without a note, an unknown line or type, a discontinuous span,
or an event argument that is not among the event's participants is refused, never
guessed."""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kuril_data.exchange._common import KINDS, ImportRefused, load_json
from kuril_data.models.vocabularies import (
    EVENT_STATUSES,
    FACTUALITY,
    MENTION_TYPES,
    QUOTE_TYPES,
)

EVENT_PREFIX = "event_"
NATIVE = {
    "mentions": ("mention_type", "metonymy"),
    "quotes": (
        "quote_type",
        "cue",
        "cue_span_start",
        "cue_span_end",
        "nested_in",
        "speaker_mention_id",
    ),
    "events": ("event_type", "status", "factuality"),
    "facts": ("factuality",),
}
"""The fields each record carries as brat annotations, not in its note."""
DOCUMENT_NATIVE = ("text", "dateline")


def _note(rec: dict[str, Any], native: Iterable[str]) -> str:
    skip = {"span_start", "span_end", "text", *native}
    return json.dumps({k: v for k, v in rec.items() if k not in skip}, ensure_ascii=False)


@dataclass
class _Writer:
    text: str
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def new(self, prefix: str) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{prefix}{self.counts[prefix]}"

    def span(self, type_: str, start: int, end: int, note: str | None = None) -> str:
        tid = self.new("T")
        pieces = _fragments(self.text, start, end)
        where = ";".join(f"{a} {b}" for a, b in pieces)
        shown = " ".join(self.text[a:b] for a, b in pieces)
        self.lines.append(f"{tid}\t{type_} {where}\t{shown}")
        if note is not None:
            self.note(tid, note)
        return tid

    def note(self, target: str, note: str) -> None:
        self.lines.append(f"{self.new('#')}\tAnnotatorNotes {target}\t{note}")

    def attribute(self, name: str, target: str, value: str | None = None) -> None:
        tail = f" {value}" if value is not None else ""
        self.lines.append(f"{self.new('A')}\t{name} {target}{tail}")

    def relation(self, name: str, arg1: str, arg2: str) -> None:
        self.lines.append(f"{self.new('R')}\t{name} Arg1:{arg1} Arg2:{arg2}")


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at its line breaks (brat's text field holds no line break, so a span
    across paragraphs is written as fragments, joined back on import)."""
    pieces: list[tuple[int, int]] = []
    at = start
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        if stop > at:
            pieces.append((at, stop))
        at = stop + 1
    return pieces or [(start, end)]


def _paragraph_of(doc: dict[str, Any], offset: int) -> tuple[int, int]:
    for p in doc["paragraphs"]:
        if p["span_start"] <= offset < p["span_end"]:
            return p["span_start"], p["span_end"]
    return 0, len(doc["text"])


def export_article(article: dict[str, Any], entity_types: dict[str, str]) -> tuple[str, str]:
    """The ``.txt`` and ``.ann`` text of an article (canonical JSON data); ``entity_types``
    maps entity ids to their types (the mention annotations' types)."""
    doc = article["document"]
    w = _Writer(doc["text"])
    dl = doc["dateline"]
    document_note = {k: v for k, v in doc.items() if k not in DOCUMENT_NATIVE}
    document_note["dateline"] = {k: dl[k] for k in ("place_id", "date")}
    document_note["schema_version"] = article["schema_version"]
    document_note["paragraphs"] = [
        {k: v for k, v in par.items() if k != "text"} for par in doc["paragraphs"]
    ]
    w.span(
        "Dateline", dl["span_start"], dl["span_end"], json.dumps(document_note, ensure_ascii=False)
    )
    mention_t: dict[str, str] = {}
    for m in article["mentions"]:
        tid = w.span(entity_types[m["entity_id"]], m["span_start"], m["span_end"])
        mention_t[m["mention_id"]] = tid
        w.attribute("MentionType", tid, m["mention_type"])
        if m["metonymy"]:
            w.attribute("Metonymy", tid)
        w.note(tid, _note(m, NATIVE["mentions"]))
    quote_t: dict[str, str] = {}
    for q in article["quotes"]:
        tid = w.span("Quote", q["span_start"], q["span_end"])
        quote_t[q["quote_id"]] = tid
        w.attribute("QuoteType", tid, q["quote_type"])
        w.note(tid, _note(q, NATIVE["quotes"]))
        w.relation("Cue", tid, w.span("Cue", q["cue_span_start"], q["cue_span_end"]))
        if q["speaker_mention_id"] is not None:
            w.relation("Speaker", tid, mention_t[q["speaker_mention_id"]])
    for q in article["quotes"]:
        if q["nested_in"] is not None:
            w.relation("NestedIn", quote_t[q["quote_id"]], quote_t[q["nested_in"]])
    for ev in article["events"]:
        tid = w.span(EVENT_PREFIX + ev["event_type"], ev["span_start"], ev["span_end"])
        eid = w.new("E")
        args = _event_args(article, ev, mention_t)
        w.lines.append(f"{eid}\t{EVENT_PREFIX}{ev['event_type']}:{tid}{args}")
        w.attribute("Status", eid, ev["status"])
        w.attribute("Factuality", eid, ev["factuality"])
        w.note(eid, _note(ev, NATIVE["events"]))
    for fa in article["facts"]:
        tid = w.span("Fact", fa["span_start"], fa["span_end"])
        w.attribute("Factuality", tid, fa["factuality"])
        w.note(tid, _note(fa, NATIVE["facts"]))
    return doc["text"], "\n".join(w.lines) + "\n"


def _event_args(article: dict[str, Any], ev: dict[str, Any], mention_t: dict[str, str]) -> str:
    """`` role:T..`` for each participant with a mention in the trigger's paragraph."""
    start, end = _paragraph_of(article["document"], ev["span_start"])
    used: dict[str, int] = {}
    out = ""
    for p in ev["participants"]:
        near = [
            m
            for m in article["mentions"]
            if m["entity_id"] == p["entity_id"] and start <= m["span_start"] < end
        ]
        if not near:
            continue
        m = min(near, key=lambda m: (abs(m["span_start"] - ev["span_start"]), m["span_start"]))
        used[p["role"]] = used.get(p["role"], 0) + 1
        n = used[p["role"]]
        out += f" {p['role']}{n if n > 1 else ''}:{mention_t[m['mention_id']]}"
    return out


def annotation_conf(
    entity_types: Iterable[str], event_types: Iterable[str], roles: Iterable[str]
) -> str:
    """brat's ``annotation.conf`` for the exported types."""
    role_args = ", ".join(f"{r}*:<ENTITY>" for r in sorted(roles))
    events = "\n".join(f"{EVENT_PREFIX}{t}\t{role_args}" for t in sorted(event_types))
    entities = "\n".join(sorted({*entity_types, "Quote", "Cue", "Fact", "Dateline"}))
    return f"""[entities]
{entities}

[relations]
Cue\tArg1:Quote, Arg2:Cue
Speaker\tArg1:Quote, Arg2:<ENTITY>
NestedIn\tArg1:Quote, Arg2:Quote
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]
{events}

[attributes]
MentionType\tArg:<ENTITY>, Value:name|nominal|pronoun|adjectival
Metonymy\tArg:<ENTITY>
QuoteType\tArg:Quote, Value:direct|indirect|mixed
Status\tArg:<EVENT>, Value:occurred|ongoing|planned|hypothetical|negated
Factuality\tArg:<ANY>, Value:CT+|CT-|PR+|PR-|PS+|PS-|Uu
"""


# ------------------------------------------------------------------------------ import


@dataclass
class _Ann:
    """One parsed ``.ann`` line."""

    line: int
    kind: str  # T, E, R, A, #
    type_: str
    args: list[str]
    start: int = 0
    end: int = 0
    text: str = ""


DIGITS = re.compile(r"[0-9]{1,12}")
MAX_COVERED = 50_000_000
"""Most characters all spans of one import may cover together (each record holds its
span's text, so this bounds the memory an import can take)."""
ATTRIBUTES: dict[str, tuple[tuple[str, ...], dict[str, str] | None]] = {
    "MentionType": (("mention",), MENTION_TYPES),
    "Metonymy": (("mention",), None),
    "QuoteType": (("quote",), QUOTE_TYPES),
    "Status": (("event",), EVENT_STATUSES),
    "Factuality": (("event", "fact"), FACTUALITY),
}
"""Attribute name -> (the kinds of annotation it can sit on, its values; None: binary)."""
RELATIONS = {
    "Cue": ("quote", "cue"),
    "Speaker": ("quote", "mention"),
    "NestedIn": ("quote", "quote"),
}
"""Relation name -> (kind of Arg1, kind of Arg2)."""
NOTED = ("dateline", "mention", "quote", "fact", "event")
"""The kinds of annotation that carry a note (cues and triggers do not)."""


def _parse_line(raw: str, n: int, where: str, text: str) -> _Ann | None:
    if not raw.strip():
        return None
    parts = raw.split("\t")
    aid = parts[0]
    kind = aid[:1]
    at = f"{where}:{n}"
    if kind not in "TERA#" or len(parts) < 2 or not DIGITS.fullmatch(aid[1:]):
        raise ImportRefused(f"{at}: cannot map this line (only T, E, R, A and # lines are read)")
    head = parts[1].split(" ")
    if kind == "T":
        type_, _, where_ = parts[1].partition(" ")
        if len(parts) != 3 or not type_:
            raise ImportRefused(f"{at}: a text-bound annotation is ID, TYPE START END, TEXT")
        pieces = []
        for piece in where_.split(";"):
            bounds = piece.split(" ")
            if len(bounds) != 2 or not all(DIGITS.fullmatch(b) for b in bounds):
                raise ImportRefused(f"{at}: offsets must be integers")
            pieces.append((int(bounds[0]), int(bounds[1])))
        start, end = pieces[0][0], pieces[-1][1]
        if not 0 <= start <= end <= len(text) or any(a > b for a, b in pieces):
            raise ImportRefused(f"{at}: offsets {start}-{end} lie outside the text")
        if pieces != _fragments(text, start, end):
            raise ImportRefused(f"{at}: fragments are read only as one span cut at its line breaks")
        shown = " ".join(text[a:b] for a, b in pieces)
        if parts[2] != shown:
            raise ImportRefused(
                f"{at}: the annotation's text {parts[2]!r} differs from the text at "
                f"{start}-{end} {shown!r}"
            )
        return _Ann(n, kind, type_, [aid], start, end, text[start:end])
    if kind != "T":
        if len(parts) != (3 if kind == "#" else 2):
            raise ImportRefused(f"{at}: a {kind} line has {len(parts) - 1} tab-separated fields")
        head = parts[1].split()  # brat writers differ in trailing spaces
    if not head:
        raise ImportRefused(f"{at}: an empty annotation")
    if kind == "#":
        if len(parts) != 3 or head[0] != "AnnotatorNotes" or len(head) != 2:
            raise ImportRefused(f"{at}: only AnnotatorNotes notes can be mapped")
        return _Ann(n, kind, head[0], [aid, head[1], parts[2]])
    if kind == "E":
        type_, _, trigger = head[0].partition(":")
        return _Ann(n, kind, type_, [aid, trigger, *head[1:]])
    return _Ann(n, kind, head[0], [aid, *head[1:]])


@dataclass
class _Parsed:
    where: str
    text: str
    spans: dict[str, _Ann] = field(default_factory=dict)
    events: dict[str, _Ann] = field(default_factory=dict)
    relations: list[_Ann] = field(default_factory=list)
    attributes: dict[str, dict[str, str | None]] = field(default_factory=dict)
    notes: dict[str, _Ann] = field(default_factory=dict)
    attribute_lines: dict[tuple[str, str], int] = field(default_factory=dict)

    def note(self, aid: str, line: int, native: Iterable[str] = ()) -> dict[str, Any]:
        """The record fields in an annotation's note; a note may not hold a field the
        annotations carry (``native``, spans and texts), which would be overwritten."""
        note = self.notes.get(aid)
        if note is None:
            raise ImportRefused(
                f"{self.where}:{line}: {aid} has no AnnotatorNotes with the record's ids and "
                "fields; an annotation made in brat without one cannot be mapped"
            )
        data = load_json(note.args[2], f"{self.where}:{note.line}")
        if not isinstance(data, dict):
            raise ImportRefused(f"{self.where}:{note.line}: the note of {aid} is not an object")
        carried = sorted(set(data) & {"span_start", "span_end", "text", *native})
        if carried:
            raise ImportRefused(
                f"{self.where}:{note.line}: the note of {aid} holds {', '.join(carried)}, "
                "which the annotations carry (spans, attributes, relations); remove them "
                "from the note and edit the annotations instead"
            )
        return data

    def attr(self, aid: str, name: str, line: int) -> str:
        value = self.attributes.get(aid, {}).get(name)
        if value is None:
            raise ImportRefused(f"{self.where}:{line}: {aid} has no {name} attribute")
        return value

    def kind(self, aid: str) -> str | None:
        """What an annotation id names: dateline, cue, quote, fact, trigger, mention,
        event; None when there is no such annotation."""
        if aid in self.events:
            return "event"
        t = self.spans.get(aid)
        if t is None:
            return None
        fixed = {"Dateline": "dateline", "Cue": "cue", "Quote": "quote", "Fact": "fact"}
        if t.type_ in fixed:
            return fixed[t.type_]
        return "trigger" if t.type_.startswith(EVENT_PREFIX) else "mention"


def _parse(ann: str, text: str, where: str) -> _Parsed:
    p = _Parsed(where, text)
    seen: set[str] = set()
    for n, raw in enumerate(ann.split("\n"), 1):
        a = _parse_line(raw, n, where, text)
        if a is None:
            continue
        aid = a.args[0]
        if aid in seen:
            raise ImportRefused(f"{where}:{n}: {aid} is defined twice")
        seen.add(aid)
        if a.kind == "T":
            p.spans[aid] = a
        elif a.kind == "E":
            p.events[aid] = a
        elif a.kind == "R":
            p.relations.append(a)
        elif a.kind == "A":
            _attribute(p, a)
        else:
            if a.args[1] in p.notes:
                raise ImportRefused(f"{where}:{n}: {a.args[1]} has two notes")
            p.notes[a.args[1]] = a
    return p


def _attribute(p: _Parsed, a: _Ann) -> None:
    at = f"{p.where}:{a.line}"
    known = ATTRIBUTES.get(a.type_)
    if known is None:
        raise ImportRefused(f"{at}: unknown attribute {a.type_!r} (known: {', '.join(ATTRIBUTES)})")
    values = known[1]
    if len(a.args) != (2 if values is None else 3):
        raise ImportRefused(
            f"{at}: {a.type_} takes "
            + (
                "no value (it is set or absent)"
                if values is None
                else "one annotation and one value"
            )
        )
    if values is not None and a.args[2] not in values:
        raise ImportRefused(f"{at}: {a.type_} {a.args[2]!r} is not one of {', '.join(values)}")
    target = p.attributes.setdefault(a.args[1], {})
    if a.type_ in target:
        raise ImportRefused(f"{at}: {a.args[1]} has a second {a.type_} attribute")
    target[a.type_] = a.args[2] if values is not None else ""
    p.attribute_lines[(a.args[1], a.type_)] = a.line


def _what(kind: str | None) -> str:
    if kind is None:
        return "not an annotation"
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _check_links(p: _Parsed) -> None:
    """Every attribute, note and relation sits on an annotation of a kind that can carry it."""
    for (target, name), line in p.attribute_lines.items():
        if p.kind(target) not in ATTRIBUTES[name][0]:
            raise ImportRefused(
                f"{p.where}:{line}: {name} on {target}, which is "
                f"{_what(p.kind(target))} (it goes on: {', '.join(ATTRIBUTES[name][0])})"
            )
    for target, note in p.notes.items():
        if p.kind(target) not in NOTED:
            raise ImportRefused(
                f"{p.where}:{note.line}: a note on {target}, which is "
                f"{_what(p.kind(target))}; notes go on {', '.join(NOTED)}"
            )
    for r in p.relations:
        kinds = RELATIONS.get(r.type_)
        if kinds is None:
            raise ImportRefused(f"{p.where}:{r.line}: unknown relation type {r.type_!r}")
        args = dict(x.split(":", 1) for x in r.args[1:] if ":" in x)
        if set(args) != {"Arg1", "Arg2"} or len(r.args) != 3:
            raise ImportRefused(f"{p.where}:{r.line}: a {r.type_} relation needs Arg1 and Arg2")
        for arg, kind in zip(("Arg1", "Arg2"), kinds):
            if p.kind(args[arg]) != kind:
                raise ImportRefused(
                    f"{p.where}:{r.line}: {r.type_}'s {arg} must be a {kind}; {args[arg]} is "
                    f"{_what(p.kind(args[arg]))}"
                )


def _relation_map(p: _Parsed, name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in p.relations:
        if r.type_ != name:
            continue
        args = dict(x.split(":", 1) for x in r.args[1:] if ":" in x)
        if set(args) != {"Arg1", "Arg2"} or args["Arg1"] in out:
            raise ImportRefused(f"{p.where}:{r.line}: a {name} relation needs Arg1 and Arg2, once")
        out[args["Arg1"]] = args["Arg2"]
    return out


def import_article(
    txt: str, ann: str, where: str, entity_types: dict[str, str] | None = None
) -> dict[str, Any]:
    """The article data of a ``.txt`` + ``.ann`` pair written by :func:`export_article`,
    possibly edited in brat. ``entity_types`` (entity id -> type), when given, checks the
    type of every mention annotation against its entity."""
    if ann.startswith("\ufeff") or txt.startswith("\ufeff"):
        raise ImportRefused(f"{where}: starts with a byte-order mark; save it as UTF-8 without one")
    if "\r" in ann:
        raise ImportRefused(f"{where}: CRLF line endings; brat files use LF")
    p = _parse(ann, txt, where)
    _check_links(p)
    covered = sum(t.end - t.start for t in p.spans.values())
    if covered > MAX_COVERED:
        raise ImportRefused(
            f"{where}: the annotations cover {covered:,} characters in total, more than the "
            f"{MAX_COVERED:,} an import accepts"
        )
    cues, speakers, parents = (_relation_map(p, n) for n in ("Cue", "Speaker", "NestedIn"))
    article: dict[str, Any] = {kind: [] for kind in KINDS}
    ids: dict[str, str] = {}  # brat id -> record id (mentions and quotes)
    document: dict[str, Any] | None = None
    pending_quotes: list[tuple[_Ann, dict[str, Any]]] = []
    mention_ids: list[str] = []  # brat ids of the mentions, in article["mentions"] order
    cue_targets = set(cues.values())
    event_triggers = {e.args[1]: e for e in p.events.values()}
    for aid, t in p.spans.items():
        if t.type_ == "Dateline":
            if document is not None:
                raise ImportRefused(f"{where}:{t.line}: a second Dateline")
            document = p.note(aid, t.line, ("text",))
            dl = document.get("dateline")
            if not isinstance(dl, dict):
                raise ImportRefused(f"{where}:{t.line}: the Dateline note has no dateline object")
            document["dateline"] = {**dl, "span_start": t.start, "span_end": t.end, "text": t.text}
            document["text"] = txt
            pars = document.get("paragraphs")
            if not isinstance(pars, list) or not all(isinstance(x, dict) for x in pars):
                raise ImportRefused(f"{where}:{t.line}: the Dateline note has no paragraphs list")
            for par in pars:
                s, e = par.get("span_start"), par.get("span_end")
                if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(txt)):
                    raise ImportRefused(
                        f"{where}:{t.line}: a paragraph's offsets lie outside the text"
                    )
                par["text"] = txt[s:e]
        elif t.type_ == "Cue":
            if aid not in cue_targets:
                raise ImportRefused(f"{where}:{t.line}: a Cue that no Quote's Cue relation names")
        elif t.type_ == "Quote":
            pending_quotes.append((t, p.note(aid, t.line, NATIVE["quotes"])))
        elif t.type_ == "Fact":
            rec = p.note(aid, t.line, NATIVE["facts"])
            rec["factuality"] = p.attr(aid, "Factuality", t.line)
            article["facts"].append(_spanned(rec, t))
        elif t.type_.startswith(EVENT_PREFIX):
            if aid not in event_triggers:
                raise ImportRefused(f"{where}:{t.line}: a trigger that no event line uses")
        else:
            rec = p.note(aid, t.line, NATIVE["mentions"])
            _check_type(rec, t, entity_types, where)
            rec["mention_type"] = p.attr(aid, "MentionType", t.line)
            rec["metonymy"] = "Metonymy" in p.attributes.get(aid, {})
            article["mentions"].append(_spanned(rec, t))
            mention_ids.append(aid)
            ids[aid] = rec.get("mention_id", "")
    for t, rec in pending_quotes:
        ids[t.args[0]] = rec.get("quote_id", "")
    for t, rec in pending_quotes:
        aid = t.args[0]
        cue = p.spans.get(cues.get(aid, ""))
        if cue is None:
            raise ImportRefused(f"{where}:{t.line}: the Quote {aid} has no Cue relation")
        rec["quote_type"] = p.attr(aid, "QuoteType", t.line)
        rec.update(cue=cue.text, cue_span_start=cue.start, cue_span_end=cue.end)
        rec["speaker_mention_id"] = _target_id(speakers, aid, ids, where, t.line)
        rec["nested_in"] = _target_id(parents, aid, ids, where, t.line)
        article["quotes"].append(_spanned(rec, t))
    if document is None:
        raise ImportRefused(f"{where}: no Dateline annotation (it carries the document)")
    mention_entity = {aid: m.get("entity_id") for aid, m in zip(mention_ids, article["mentions"])}
    by_start = sorted((p.spans[k].start, str(v)) for k, v in mention_entity.items())
    starts = [x for x, _ in by_start]
    cache: dict[tuple[int, int], set[str]] = {}

    def in_paragraph(start: int, end: int) -> set[str]:
        """The entities mentioned between ``start`` and ``end`` (bisected, cached)."""
        if (start, end) not in cache:
            lo, hi = bisect_left(starts, start), bisect_left(starts, end)
            cache[start, end] = {entity for _, entity in by_start[lo:hi]}
        return cache[start, end]

    bounds = sorted((int(x["span_start"]), int(x["span_end"])) for x in document["paragraphs"])
    firsts = [a for a, _ in bounds]

    def paragraph_of(offset: int) -> tuple[int, int]:
        """The paragraph around ``offset`` (bisected; the whole text if none)."""
        k = bisect_right(firsts, offset) - 1
        if k >= 0 and bounds[k][0] <= offset < bounds[k][1]:
            return bounds[k]
        return 0, len(p.text)

    for eid, e in p.events.items():
        article["events"].append(_event(p, eid, e, mention_entity, paragraph_of, in_paragraph))
    schema_version = document.pop("schema_version", None)
    if not isinstance(schema_version, str):
        raise ImportRefused(f"{where}: the Dateline note has no schema_version")
    for kind in KINDS:
        article[kind].sort(key=lambda r: r["span_start"])  # stable: ties keep file order
    return {"schema_version": schema_version, "document": document, **article}


def _spanned(rec: dict[str, Any], t: _Ann) -> dict[str, Any]:
    return {**rec, "span_start": t.start, "span_end": t.end, "text": t.text}


def _check_type(
    rec: dict[str, Any], t: _Ann, entity_types: dict[str, str] | None, where: str
) -> None:
    entity = rec.get("entity_id")
    if not isinstance(entity, str):
        raise ImportRefused(f"{where}:{t.line}: the note of {t.args[0]} has no entity_id")
    expected = (entity_types or {}).get(entity, t.type_)
    if entity_types is not None and entity not in entity_types:
        raise ImportRefused(
            f"{where}:{t.line}: {t.args[0]} names entity {rec.get('entity_id')!r}, "
            "which the entity registry does not have"
        )
    if expected != t.type_:
        raise ImportRefused(
            f"{where}:{t.line}: {t.args[0]} is typed {t.type_!r} but its entity "
            f"{rec.get('entity_id')!r} is a {expected!r}"
        )


def _target_id(
    links: dict[str, str], aid: str, ids: dict[str, str], where: str, line: int
) -> str | None:
    target = links.get(aid)
    if target is None:
        return None
    if target not in ids:
        raise ImportRefused(
            f"{where}:{line}: {aid} links {target}, which is not a mention or quote"
        )
    return ids[target]


def _event(
    p: _Parsed,
    eid: str,
    e: _Ann,
    mention_entity: dict[str, Any],
    paragraph_of: Callable[[int], tuple[int, int]],
    in_paragraph: Callable[[int, int], set[str]],
) -> dict[str, Any]:
    type_, trigger_id = e.type_, e.args[1]
    trigger = p.spans.get(trigger_id)
    at = f"{p.where}:{e.line}"
    if trigger is None or trigger.type_ != type_ or not type_.startswith(EVENT_PREFIX):
        raise ImportRefused(f"{at}: the event's trigger {trigger_id} is not a {type_} annotation")
    rec = p.note(eid, e.line, NATIVE["events"])
    rec["event_type"] = type_[len(EVENT_PREFIX) :]
    rec["status"] = p.attr(eid, "Status", e.line)
    rec["factuality"] = p.attr(eid, "Factuality", e.line)
    start, end = paragraph_of(trigger.start)
    given: set[tuple[str, str]] = set()
    for arg in e.args[2:]:
        role, _, target = arg.partition(":")
        if target not in mention_entity:
            raise ImportRefused(f"{at}: argument {arg}: {target} is not a mention")
        if not start <= p.spans[target].start < end:
            raise ImportRefused(
                f"{at}: argument {arg}: {target} lies outside the trigger's paragraph "
                "(arguments are mentions in the paragraph of the trigger)"
            )
        given.add((role.rstrip("0123456789"), str(mention_entity[target])))
    mentioned = in_paragraph(start, end)
    listed = rec.get("participants")
    expected = {
        (str(x.get("role")), str(x.get("entity_id")))
        for x in (listed if isinstance(listed, list) else [])
        if isinstance(x, dict) and str(x.get("entity_id")) in mentioned
    }
    if given != expected:
        extra = ", ".join(f"{r} {e!r}" for r, e in sorted(given - expected)) or "none"
        missing = ", ".join(f"{r} {e!r}" for r, e in sorted(expected - given)) or "none"
        raise ImportRefused(
            f"{at}: the event's arguments do not match the participants in {eid}'s note "
            f"(arguments not in the note: {extra}; participants mentioned in the paragraph "
            f"but not arguments: {missing}); change both together"
        )
    return _spanned(rec, trigger)

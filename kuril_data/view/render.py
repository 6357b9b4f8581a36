"""The annotated article as a static, self-contained web page.

:func:`render_dataset` (``kuril-data render``) writes one page per article and an
index. A page has no external resources (CSS and JS are inline, no fonts, no network):
the article text with mentions, quotes (one colour per speaker; direct solid, indirect
dashed, mixed dotted) and event triggers highlighted; a details panel showing the record
behind the selected highlight; an SVG timeline of the dated events linked to their
triggers; the facts grouped by who asserts them; and the entities with their aliases.

Highlights nest as elements; a span that would cross its enclosing element is cut into
parts that share one ``data-id`` (none does in the current data).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

from kuril_data._dates import InvalidEdtf, bounds
from kuril_data._files import write_atomic
from kuril_data._layout import ARTICLES, ENTITIES, dataset_files
from kuril_data.exceptions import InputError, InvalidDataError
from kuril_data.validation import validate

KIND_ORDER = {"quote": 0, "event": 2, "mention": 1}
SPEAKER_COLOURS = [
    "#1f5fa8",
    "#a3391f",
    "#2e7d32",
    "#7b3fa0",
    "#8a6d00",
    "#00707a",
    "#b0306b",
    "#5d4037",
    "#455a64",
    "#6a1b9a",
]
FACTUALITY_LABELS = {
    "CT+": "certainly so",
    "PR+": "probably so",
    "PS+": "possibly so",
    "CT-": "certainly not so",
    "PR-": "probably not so",
    "PS-": "possibly not so",
    "CTu": "certain, polarity unknown",
    "Uu": "uncommitted",
}
STATUS_MARKS = {
    "occurred": "occurred",
    "ongoing": "ongoing (continues)",
    "planned": "planned",
    "hypothetical": "hypothetical",
    "negated": "negated",
}


def tint(colour: str, share: float = 0.13) -> str:
    """``colour`` (#rrggbb) mixed with white: a light background of the same hue."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


def esc(value: Any) -> str:
    """Text for HTML content or a quoted attribute: ``& < > " '`` escaped."""
    return html.escape("" if value is None else str(value), quote=True)


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` are
    written as \\u escapes, so no text (``</script>``, ``<!--<script>``) can end or
    confuse the element; JSON.parse reads it back unchanged."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# --------------------------------------------------------------------------- highlights


def _spans(article: dict, names: dict) -> list[dict]:
    """Every highlight: kind, id, start, end, and the attributes the page needs."""
    out = []
    for q in article["quotes"]:
        out.append(
            {
                "kind": "quote",
                "id": q["quote_id"],
                "start": q["span_start"],
                "end": q["span_end"],
                "speaker": q["speaker_id"],
                "type": q["quote_type"],
                "speaker_name": names.get(q["speaker_id"], q["speaker_id"]),
            }
        )
    for m in article["mentions"]:
        out.append(
            {
                "kind": "mention",
                "id": m["mention_id"],
                "start": m["span_start"],
                "end": m["span_end"],
                "entity_name": names.get(m["entity_id"], m["entity_id"]),
            }
        )
    for e in article["events"]:
        out.append(
            {
                "kind": "event",
                "id": e["event_id"],
                "start": e["span_start"],
                "end": e["span_end"],
                "status": e["status"],
            }
        )
    return out


def _nest(spans: list[dict], start: int, end: int) -> list[dict]:
    """Arrange spans inside [start, end) as a forest; crossing spans are cut into parts."""
    pending = sorted(spans, key=lambda s: (s["start"], -s["end"], KIND_ORDER[s["kind"]], s["id"]))
    roots: list[dict] = []
    stack: list[dict] = []
    for span in pending:
        node = {**span, "children": []}
        while stack and stack[-1]["end"] <= node["start"]:
            stack.pop()
        if stack and node["end"] > stack[-1]["end"]:
            # crosses its parent: keep the part inside, queue the rest as another part
            rest = {**span, "start": stack[-1]["end"], "part": True}
            node["end"] = stack[-1]["end"]
            pending.append(rest)
            pending.sort(key=lambda s: (s["start"], -s["end"], KIND_ORDER[s["kind"]], s["id"]))
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    return roots


def _render_nodes(text: str, nodes: list[dict], start: int, end: int, colours: dict) -> str:
    parts, pos = [], start
    for node in nodes:
        parts.append(esc(text[pos : node["start"]]))
        inner = _render_nodes(text, node["children"], node["start"], node["end"], colours)
        parts.append(_open(node, colours) + inner + "</span>")
        pos = node["end"]
    parts.append(esc(text[pos:end]))
    return "".join(parts)


def _open(node: dict, colours: dict) -> str:
    kind, rid = node["kind"], node["id"]
    # Focusable but not a button: the highlighted text stays the accessible name and
    # highlights can nest; what it is goes into the title (a description, not the name).
    attrs = {"class": f"hl {kind}", "data-kind": kind, "data-id": rid, "tabindex": "0"}
    if not node.get("part"):
        attrs["id"] = f"at-{rid}"
    if kind == "quote":
        attrs["class"] += f" q-{node['type']}"
        attrs["style"] = f"--c:{colours[node['speaker']]};--tint:{tint(colours[node['speaker']])}"
        attrs["title"] = f"{node['type']} quote by {node['speaker_name']}"
    elif kind == "event":
        attrs["class"] += f" st-{node['status']}"
        attrs["title"] = f"event trigger ({node['status']})"
    else:
        attrs["title"] = f"mention of {node['entity_name']}"
    return "<span " + " ".join(f'{k}="{esc(v)}"' for k, v in attrs.items()) + ">"


def render_text(article: dict, colours: dict, names: dict) -> str:
    """The article's paragraphs as HTML with nested highlights."""
    text = article["document"]["text"]
    spans = _spans(article, names)
    blocks = []
    for p in article["document"]["paragraphs"]:
        s, e = p["span_start"], p["span_end"]
        e_body = e - 1 if text[s:e].endswith("\n") else e
        inside = [x for x in spans if s <= x["start"] and x["end"] <= e_body]
        body = _render_nodes(text, _nest(inside, s, e_body), s, e_body, colours)
        tag = {"headline": "h1", "subheading": "h2"}.get(p["kind"], "p")
        blocks.append(
            f'<{tag} class="para {p["kind"]}" data-paragraph="{p["paragraph_index"]}">'
            f"{body}</{tag}>"
        )
    return "\n".join(blocks)


# --------------------------------------------------------------------------- timeline


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _best_bounds(event: dict) -> tuple[dt.date | None, dt.date | None]:
    """The tightest known bounds: a more precise enrichment value for /date (the signing's
    1956-10-19 where the article says 1956) refines the order, never the label."""
    for entry in event["enrichment"]:
        if entry["field"] == "/date" and entry["value"] != event["date"]:
            try:
                return bounds(entry["value"])
            except InvalidEdtf:
                break
    return _day(event["date_earliest"]), _day(event["date_latest"])


def _time_key(event: dict) -> tuple:
    earliest, latest = _best_bounds(event)
    # an event known only to end by a day ("before 19 October 1956") comes before one that
    # starts on it; then shorter before open-ended
    return (earliest or latest, earliest is not None, latest or dt.date.max, event["span_start"])


def dated_events(article: dict) -> list[dict]:
    """Events whose date has at least one bound, in time order (an EDTF date with no
    bound at all, such as '../..', cannot be placed on a time line)."""
    return sorted(
        (e for e in article["events"] if e["date_earliest"] or e["date_latest"]), key=_time_key
    )


def render_timeline(article: dict, names: dict) -> str:
    """An SVG timeline: one mark per dated event, evenly spaced in time order, with a
    break mark where years pass between neighbours; planned and ongoing marks differ."""
    events = dated_events(article)
    if not events:
        return "<p>No dated events.</p>"
    step, left, top = 130, 80, 80
    width = left * 2 + step * (len(events) - 1)
    rows = [
        f'<svg class="timeline" aria-labelledby="tl-title" '
        f'viewBox="0 0 {width} 280" width="{width}" height="280" '
        f'xmlns="http://www.w3.org/2000/svg">',
        '<title id="tl-title">Timeline of the dated events</title>',
        f'<line x1="{left - 30}" y1="{top}" x2="{width - left + 30}" y2="{top}" class="axis"/>',
    ]
    previous = None
    for i, e in enumerate(events):
        x = left + i * step
        when = _time_key(e)[0]
        if previous and (when - previous).days > 730:
            bx = x - step / 2
            rows.append(
                f'<text x="{bx}" y="{top + 5}" class="break" aria-hidden="true">\u2248</text>'
            )
        previous = when
        label = names.get(e["event_id"], e["event_id"])
        shape = f'<circle cx="{x}" cy="{top}" r="9" class="mark st-{e["status"]}"/>'
        if e["status"] == "ongoing":
            shape += (
                f'<line x1="{x + 9}" y1="{top}" x2="{x + 45}" y2="{top}" class="ongoing-tail"/>'
            )
        rows.append(
            f'<a href="#at-{esc(e["event_id"])}" class="tl-event" data-id="{esc(e["event_id"])}" '
            f'data-status="{esc(e["status"])}">'
            f'aria-label="{esc(label)}, {esc(e["status"])}, {esc(e["date"])}">'
            f"<title>{esc(label)} ({esc(e['status'])}, {esc(e['date'])})</title>{shape}"
            f'<text x="{x}" y="{top - 18 - 18 * (i % 2)}" class="tl-date">{esc(e["date"])}</text>'
            f'<text x="{x}" y="{top + 30}" class="tl-label" '
            f'transform="rotate(35 {x} {top + 30})">{esc(_short(label))}</text></a>'
        )
    rows.append("</svg>")
    return "\n".join(rows)


def _short(label: str, n: int = 34) -> str:
    return label if len(label) <= n else label[: n - 1] + "\u2026"


# --------------------------------------------------------------------------- tables


def render_facts(article: dict, names: dict) -> str:
    groups: dict[str, list[dict]] = {}
    for f in article["facts"]:
        groups.setdefault(f["asserted_by"], []).append(f)
    out = []
    for source in sorted(
        groups, key=lambda s: (s != article["document"]["outlet_id"], names.get(s, s))
    ):
        label = names.get(source, source)
        if source == article["document"]["outlet_id"]:
            label += " (the outlet's own narration)"
        out.append(
            f'<section class="fact-group" data-source="{esc(source)}">'
            f"<h3>{esc(label)} <small>{len(groups[source])} facts</small></h3>"
            '<table><thead><tr><th scope="col">Statement</th><th scope="col">'
            'Factuality</th><th scope="col">Reported via</th><th scope="col">'
            "Evidence</th></tr></thead><tbody>"
        )
        for f in groups[source]:
            via = " \u203a ".join(names.get(s, s) for s in f["source_chain"])
            out.append(
                f'<tr id="fact-{esc(f["fact_id"])}"><td>{esc(f["statement"])}</td>'
                f'<td><abbr title="{esc(FACTUALITY_LABELS[f["factuality"]])}">'
                f"{esc(f['factuality'])}</abbr> {esc(FACTUALITY_LABELS[f['factuality']])}</td>"
                f"<td>{esc(via)}</td>"
                f'<td><a href="#details" class="evidence" data-id="{esc(f["fact_id"])}">'
                f"\u201c{esc(_short(f['text'], 60))}\u201d</a></td></tr>"
            )
        out.append("</tbody></table></section>")
    return "\n".join(out)


def render_entities(entities: list[dict], used: set[str]) -> str:
    out = [
        '<table class="entities"><thead><tr><th scope="col">Entity</th><th scope="col">'
        'Type</th><th scope="col">English</th><th scope="col">Russian</th><th scope="col">'
        'Japanese</th><th scope="col">Roles and identifiers</th></tr></thead><tbody>'
    ]
    for e in entities:
        if e["entity_id"] not in used:
            continue
        by_lang: dict[str, list[str]] = {"en": [esc(e["name"])], "ru": [], "ja": []}
        for a in e["aliases"]:
            lang = a["language"] + (
                "-Latn" if a["script"] == "Latn" and a["language"] != "en" else ""
            )
            name = f'<span lang="{esc(lang)}">{esc(a["name"])}</span>'
            name += f" ({esc(a['convention'])})" if a["convention"] else ""
            by_lang.setdefault(a["language"], []).append(name)
        roles = [f"{r['office']}, {r['organization_id']} ({r['time']})" for r in e["roles"]]
        roles += [f"{x['scheme']} {x['id']} (enrichment: {x['source']})" for x in e["external_ids"]]
        roles += [
            f"{x['field'][1:]} from outside the article: {x['source']}" for x in e["enrichment"]
        ]
        out.append(
            f'<tr id="entity-{esc(e["entity_id"])}"><th scope="row">{esc(e["name"])}'
            f"<br><code>{esc(e['entity_id'])}</code></th><td>{esc(e['entity_type'])}</td>"
            + "".join(
                f"<td>{'<br>'.join(by_lang.get(lang, []))}</td>" for lang in ("en", "ru", "ja")
            )
            + f"<td>{'<br>'.join(esc(r) for r in roles)}</td></tr>"
        )
    out.append("</tbody></table>")
    return "\n".join(out)


# --------------------------------------------------------------------------- page


def _event_label(e: dict, names: dict) -> str:
    who = ", ".join(names.get(p["entity_id"], p["entity_id"]) for p in e["participants"][:3])
    return f"{e['event_type'].replace('_', ' ')}: {e['text']} ({who})"


def page_data(article: dict, names: dict) -> dict:
    """The records the page's script shows on selection, keyed by id."""
    records: dict[str, dict] = {}
    for m in article["mentions"]:
        records[m["mention_id"]] = {"kind": "mention", "entity": names.get(m["entity_id"]), **m}
    for q in article["quotes"]:
        records[q["quote_id"]] = {
            "kind": "quote",
            "speaker": names.get(q["speaker_id"]),
            "addressee": names.get(q["addressee_id"]),
            **q,
        }
    for f in article["facts"]:
        records[f["fact_id"]] = {
            "kind": "fact",
            **f,
            "asserted_by": names.get(f["asserted_by"]),
            "source_chain": [names.get(x, x) for x in f["source_chain"]],
            "factuality": f"{f['factuality']} ({FACTUALITY_LABELS[f['factuality']]})",
        }
    for e in article["events"]:
        records[e["event_id"]] = {
            "kind": "event",
            **e,
            "participants": [
                f"{names.get(p['entity_id'], p['entity_id'])} ({p['role']})"
                for p in e["participants"]
            ],
            "location": names.get(e["location_id"]),
            "asserted_by": names.get(e["asserted_by"]),
        }
    return records


def render_article(article: dict, entities: list[dict]) -> str:
    """The whole page for one article."""
    names = {e["entity_id"]: e["name"] for e in entities}
    doc = article["document"]
    speakers = sorted(
        {q["speaker_id"] for q in article["quotes"]},
        key=lambda s: min(q["span_start"] for q in article["quotes"] if q["speaker_id"] == s),
    )
    colours = {s: SPEAKER_COLOURS[i % len(SPEAKER_COLOURS)] for i, s in enumerate(speakers)}
    legend = "".join(
        f'<li><span class="swatch" style="--c:{colours[s]};--tint:{tint(colours[s])}">'
        f"</span>{esc(names.get(s, s))}</li>"
        for s in speakers
    )
    used = {m["entity_id"] for m in article["mentions"]}
    event_names = {e["event_id"]: _event_label(e, names) for e in article["events"]}
    data = script_json(page_data(article, names))
    counts = (
        f"{len(article['mentions'])} mentions \u00b7 {len(article['quotes'])} quotes \u00b7 "
        f"{len(article['events'])} events \u00b7 {len(article['facts'])} facts"
    )
    source = (
        f"Source: {doc['source_url']}"
        if doc["source_url"]
        else f"Original address not found; republished at {doc['republication_url']}"
        if doc["republication_url"]
        else "Source address unknown"
    )
    return f"""<!DOCTYPE html>
<html lang="{esc(doc["language"])}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{esc(doc["title"])} \u2014 kuril-data</title>
<style>{CSS}</style>
</head>
<body>
<nav class="skip" aria-label="Skip links"><a href="#details">Skip to the details panel</a> <a href="#timeline-section">Skip to the timeline</a> <a href="#facts">Skip to the facts</a></nav>
<header>
<p class="crumbs"><a href="index.html">kuril-data</a> \u203a {esc(doc["doc_id"])}</p>
<p class="meta">{esc(names.get(doc["outlet_id"], doc["outlet_id"]))} \u00b7 {esc(doc["dateline"]["text"])} \u00b7 published {esc(doc["published"])} \u00b7 {counts}</p>
<p class="meta">{esc(source)}</p>
</header>
<main>
<section id="controls" aria-label="What to highlight">
<fieldset><legend>Highlight</legend>
<label><input type="checkbox" data-layer="mention" checked> entity mentions</label>
<label><input type="checkbox" data-layer="quote" checked> quotes</label>
<label><input type="checkbox" data-layer="event" checked> event triggers</label>
</fieldset>
<div class="legend"><p>Quotes by speaker (solid: direct; dashed: indirect; dotted: mixed):</p><ul>{legend}</ul>
<p>Events: <span class="hl event st-occurred">occurred</span> <span class="hl event st-ongoing">ongoing</span> <span class="hl event st-planned">planned</span> <span class="hl event st-hypothetical">hypothetical</span> <span class="hl event st-negated">negated</span></p></div>
</section>
<div class="layout">
<article id="text" aria-label="Article text">
{render_text(article, colours, names)}
</article>
<aside id="details" aria-live="polite" tabindex="-1"><h2>Details</h2><p>Select a highlight (click, or Tab to it and press Enter) to see the record behind it.</p></aside>
</div>
<section id="timeline-section"><h2>Timeline</h2>
<p>Events with a date, in time order, evenly spaced (\u2248 marks a gap of years). Filled: occurred; hollow dashed: planned; tail: ongoing. Select a mark to see its evidence.</p>
<div class="scroll">{render_timeline(article, event_names)}</div></section>
<section id="facts"><h2>Facts, grouped by who asserts them</h2>
<p>Each statement is in positive form; read it with its factuality (FactBank), which is relative to the source.</p>
{render_facts(article, names)}</section>
<section id="entities"><h2>Entities</h2>
{render_entities(entities, used)}</section>
</main>
<footer><p>Generated by kuril-data from the canonical JSON. Text \u00a9 its publisher; annotations CC BY 4.0.</p></footer>
<script id="records" type="application/json">{data}</script>
<script>{JS}</script>
</body>
</html>
"""


def render_index(articles: list[dict]) -> str:
    items = "".join(
        f'<li><a href="{esc(a["document"]["doc_id"])}.html">{esc(a["document"]["title"])}</a> '
        f"<small>{esc(a['document']['published'])}</small></li>"
        for a in articles
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kuril-data \u2014 articles</title>
<style>{CSS}</style>
</head>
<body>
<main><h1>kuril-data: annotated articles</h1><ul class="index">{items}</ul></main>
</body>
</html>
"""


def render_dataset(dataset: Path, out: Path) -> list[Path]:
    """Validate ``dataset``, then write index.html and one page per article into ``out``.
    Raises InputError (not a dataset folder) or InvalidDataError (invalid dataset)."""
    if not (dataset / ENTITIES).is_file() or not (dataset / ARTICLES).is_dir():
        raise InputError(
            f"{dataset} is not a dataset folder (it needs entities.json and "
            "articles/); pass --dataset DIR"
        )
    report = validate([str(dataset)])
    if report.io_failed:
        raise InputError(f"{dataset}: cannot be read ({report.errors[0].render()})")
    if not report.valid:
        raise InvalidDataError(
            f"{dataset} is invalid ({len(report.errors)} errors, the first: "
            f"{report.errors[0].render()}); run `kuril-data validate {dataset}` for all"
        )
    from kuril_data.models.reading import read_article, read_entities  # pydantic

    registry, article_files = dataset_files(dataset)
    assert registry is not None
    entities = read_entities(registry).model_dump(mode="json")["entities"]
    articles = [read_article(p).model_dump(mode="json") for p in article_files]
    written = []
    for article in articles:
        path = out / f"{article['document']['doc_id']}.html"
        write_atomic(path, render_article(article, entities))
        written.append(path)
    write_atomic(out / "index.html", render_index(articles))
    return [out / "index.html", *written]


CSS = """
:root{--ink:#1b1b1b;--muted:#4a4a4a;--bg:#fff;--line:#c8c8c8;--focus:#0b57d0}
*{box-sizing:border-box}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg);margin:0 auto;padding:0 1.2rem 2rem;max-width:84rem}
a{color:#0b57d0}
.skip a{position:absolute;left:-999px}.skip a:focus{position:static;display:inline-block;margin:.3rem}
header .meta,.crumbs{color:var(--muted);margin:.3rem 0}
h1.para{font-size:1.6rem;line-height:1.3}
h2.para{font-size:1.15rem;margin-top:1.4rem}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(16rem,1.3fr);gap:1.5rem;align-items:start}
#details{position:sticky;top:.5rem;border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;max-height:92vh;overflow:auto;background:#fafafa}
#details dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:0}
#details dt{font-weight:600;color:var(--muted)}
#details dd{margin:0;overflow-wrap:anywhere}
#details button{font:inherit;margin:.15rem .3rem .15rem 0;padding:.1rem .4rem}
fieldset{border:1px solid var(--line);border-radius:6px;display:inline-block;margin-right:1rem}
.legend ul{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;list-style:none;padding:0;margin:.2rem 0}
.swatch{display:inline-block;width:1.6em;height:.9em;border-bottom:3px solid var(--c);background:var(--tint);margin-right:.35em;vertical-align:middle}
.hl{cursor:pointer;border-radius:2px}
.hl:focus{outline:3px solid var(--focus);outline-offset:1px}
.hl.selected{outline:3px solid #e8a400;outline-offset:1px}
.mention{background:#eef1f5;box-shadow:inset 0 -1px 0 #6b7a8f}
.quote{background:var(--tint);border-bottom:3px solid var(--c)}
.quote.q-indirect{border-bottom-style:dashed}
.quote.q-mixed{border-bottom-style:dotted}
.event{font-weight:bold;text-decoration:underline}
.st-occurred{text-decoration-color:#1b5e20}
.st-ongoing{text-decoration-color:#0d47a1;text-decoration-style:double}
.st-planned{text-decoration-color:#6a1b9a;text-decoration-style:dashed}
.st-hypothetical{text-decoration-color:#8d6e00;text-decoration-style:dotted}
.st-negated{text-decoration-color:#b71c1c;text-decoration-line:underline line-through}
body.hide-mention .mention,body.hide-quote .quote,body.hide-event .event{background:none;border:0;box-shadow:none;font-weight:inherit;text-decoration:none}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:6px}
svg.timeline .axis{stroke:#555;stroke-width:2}
svg.timeline .mark{stroke-width:2.5}
svg.timeline .st-occurred{fill:#1b5e20;stroke:#1b5e20}
svg.timeline .st-ongoing{fill:#0d47a1;stroke:#0d47a1}
svg.timeline .st-planned{fill:#fff;stroke:#6a1b9a;stroke-dasharray:4 3}
svg.timeline .st-hypothetical{fill:#fff;stroke:#8d6e00;stroke-dasharray:2 2}
svg.timeline .st-negated{fill:#fff;stroke:#b71c1c}
svg.timeline .ongoing-tail{stroke:#0d47a1;stroke-width:3;stroke-dasharray:6 4}
svg.timeline text{font-size:12px;fill:#1b1b1b;text-anchor:middle}
svg.timeline .tl-label{text-anchor:start}
svg.timeline .break{font-size:20px;fill:#555}
svg.timeline a:focus .mark,svg.timeline a:hover .mark{stroke:#e8a400;stroke-width:4}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1.2rem}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f0f0f0}
small{color:var(--muted);font-weight:normal}
@media (max-width:900px){.layout{grid-template-columns:1fr}#details{position:static}}
@media print{#controls,#details,.crumbs{display:none}.layout{display:block}.scroll{overflow:visible;border:0}a{color:inherit;text-decoration:none}}
"""

JS = r"""
(function(){
  var records = JSON.parse(document.getElementById('records').textContent);
  var panel = document.getElementById('details');
  var FIELDS = {
    mention: [['entity','entity'],['entity_id','entity id'],['mention_type','form'],['metonymy','metonymy'],['text','text']],
    quote: [['speaker','speaker'],['addressee','addressee'],['quote_type','type'],['cue','cue'],['nested_in','inside quote'],['speech_event_id','speech event'],['text','content']],
    fact: [['statement','statement'],['factuality','factuality'],['asserted_by','asserted by'],['source_chain','reported via'],['quote_id','from quote'],['text','evidence']],
    event: [['event_type','type'],['status','status'],['factuality','factuality'],['asserted_by','according to'],['date','date (EDTF)'],['date_earliest','earliest'],['date_latest','latest'],['date_resolution','date resolved by'],['date_text','date expression'],['location','location'],['participants','participants'],['cameo_code','CAMEO'],['plover_type','PLOVER'],['text','trigger']]
  };
  function el(tag, text){var e=document.createElement(tag); if(text!==undefined) e.textContent=text; return e;}
  function show(id, target){
    var r = records[id]; if(!r) return;
    document.querySelectorAll('.hl.selected').forEach(function(n){n.classList.remove('selected');});
    document.querySelectorAll('[data-id="'+id+'"].hl').forEach(function(n){n.classList.add('selected');});
    panel.innerHTML='';
    panel.appendChild(el('h2', r.kind.charAt(0).toUpperCase()+r.kind.slice(1)));
    var code=el('p'); code.appendChild(el('code', id)); panel.appendChild(code);
    var dl=el('dl'); dl.className='record';
    FIELDS[r.kind].forEach(function(f){
      var v=r[f[0]]; if(v===null||v===undefined||v==='') return;
      if(Array.isArray(v)) v=v.join('; ');
      var dt=el('dt', f[1]); dt.setAttribute('data-field', f[0]); dl.appendChild(dt);
      var dd=el('dd', String(v)); dd.setAttribute('data-field', f[0]); dl.appendChild(dd);
    });
    panel.appendChild(dl);
    if(target){
      var outer=[]; var n=target.parentElement;
      while(n && n.id!=='text'){ if(n.classList && n.classList.contains('hl')) outer.push(n.getAttribute('data-id')); n=n.parentElement; }
      if(outer.length){
        panel.appendChild(el('h3','Also here'));
        outer.forEach(function(o){var b=el('button', records[o].kind+': '+o); b.type='button'; b.addEventListener('click', function(){show(o, document.getElementById('at-'+o));}); panel.appendChild(b);});
      }
    }
  }
  document.getElementById('text').addEventListener('click', function(ev){
    var t=ev.target.closest('.hl'); if(!t) return; show(t.getAttribute('data-id'), t);
  });
  document.getElementById('text').addEventListener('keydown', function(ev){
    if(ev.key!=='Enter' && ev.key!==' ') return;
    var t=ev.target.closest('.hl'); if(!t) return; ev.preventDefault(); show(t.getAttribute('data-id'), t);
  });
  document.querySelectorAll('a.tl-event').forEach(function(a){
    a.addEventListener('click', function(ev){ev.preventDefault(); var id=a.getAttribute('data-id'); var t=document.getElementById('at-'+id); if(t){t.scrollIntoView({block:'center'}); t.focus();} show(id, t);});
  });
  document.querySelectorAll('a.evidence').forEach(function(a){
    a.addEventListener('click', function(ev){ev.preventDefault(); show(a.getAttribute('data-id'), null); panel.focus();});
  });
  document.querySelectorAll('#controls input[data-layer]').forEach(function(box){
    box.addEventListener('change', function(){
      var layer=box.getAttribute('data-layer');
      document.body.classList.toggle('hide-'+layer, !box.checked);
      document.querySelectorAll('#text .hl.'+layer).forEach(function(n){n.tabIndex = box.checked ? 0 : -1;});
    });
  });
})();
"""

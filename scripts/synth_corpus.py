"""Synthesise a corpus of valid article files shaped like the real one (for benchmarks).

    python scripts/synth_corpus.py OUT [-n 2000] [--invalid K] [--seed 0] [--source dataset]
                                      [--replicas]

Each synthetic article keeps the real article's headline and lede, and a random subset of
its body paragraphs in a random order; every year "2019" in the text becomes the article's
year, and every date (publication, dateline, event dates and bounds) moves by the same
number of years, so event statuses stay consistent with publication. Spans are remapped
paragraph by paragraph, record texts re-sliced, the text hash recomputed; records whose
paragraph was dropped go, and so do records that referred to them. Ids get a per-article
suffix (``-s00042``) so they are unique across the dataset; outlets vary over a few
synthetic news agencies added to the entity registry (the first article keeps the
real outlet, so no registry entity goes unmentioned). ``--invalid K`` adds K articles with
one known defect each (a span mismatch, a dangling entity, an id used in another file,
truncated JSON, a wrong type). ``--replicas`` keeps every paragraph in its order instead:
full-size copies of the real article (the real shape), differing in ids, year and outlet.
Output is deterministic from ``--seed``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from pathlib import Path

OUTLETS = {  # id -> (name, description); synthetic agencies for partitioning by outlet
    "tass": None,  # the real one, already in the registry
    "synthetic-agency-east": (
        "Synthetic Agency East",
        "A fictional news agency used in synthetic benchmark corpora.",
    ),
    "synthetic-agency-north": (
        "Synthetic Agency North",
        "A fictional news agency used in synthetic benchmark corpora.",
    ),
    "synthetic-agency-west": (
        "Synthetic Agency West",
        "A fictional news agency used in synthetic benchmark corpora.",
    ),
}
YEAR_SHIFTS = (-4, -3, -2, -1, 0, 1, 2)
LOCAL_IDS = {
    "mentions": "mention_id",
    "quotes": "quote_id",
    "events": "event_id",
    "facts": "fact_id",
}
DEFECTS = ("span-mismatch", "dangling-reference", "duplicate-id", "invalid-json", "wrong-type")


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _shift_edtf(value: str | None, years: int) -> str | None:
    if value is None or years == 0:
        return value
    return re.sub(
        r"(?<![0-9X])([0-9]{4})(?![0-9X])", lambda m: f"{int(m.group(1)) + years:04d}", value
    )


def _shift_date(value: str | None, years: int) -> str | None:
    if value is None:
        return None
    return f"{int(value[:4]) + years:04d}{value[4:]}"


def registry(source: dict, used: set[str]) -> dict:
    """The real entity registry plus the synthetic outlets used, ordered by entity_id."""
    entities = list(source["entities"])
    known = {e["entity_id"] for e in entities}
    for eid, info in OUTLETS.items():
        if info is None or eid in known or eid not in used:
            continue
        entities.append(
            {
                "entity_id": eid,
                "entity_type": "organization",
                "name": info[0],
                "description": info[1],
                "aliases": [],
                "roles": [],
                "part_of": [],
                "external_ids": [],
                "enrichment": [],
            }
        )
    entities.sort(key=lambda e: e["entity_id"])
    return {**source, "entities": entities}


def synthesise(real: dict, n: int, rng: random.Random, replica: bool = False) -> dict:
    """Article ``n`` of the corpus: a valid recombination of the real article (with
    ``replica``, every paragraph in its order: a full-size copy with its own ids)."""
    from kuril_data import _dates as dates

    doc = real["document"]
    paras = doc["paragraphs"]
    fixed = [i for i, p in enumerate(paras) if p["kind"] in ("headline", "lede")]
    rest = [i for i in range(len(paras)) if i not in fixed]
    keep = rest if replica else rng.sample(rest, rng.randint(max(1, len(rest) // 3), len(rest)))
    order = fixed + keep  # body paragraphs shuffled: a different article each time
    years = rng.choice(YEAR_SHIFTS)
    year = str(2019 + years)
    outlet = rng.choice(list(OUTLETS)) if n else doc["outlet_id"]  # the real one first
    suffix = f"-s{n:05d}"

    new_start, pieces, pos = {}, [], 0
    for i in order:
        new_start[i] = pos
        piece = paras[i]["text"].replace("2019", year)
        pieces.append(piece)
        pos += len(piece)
    text = "".join(pieces)

    def where(start: int, end: int) -> int | None:
        for i, p in enumerate(paras):
            if (
                p["span_start"] <= start
                and end <= p["span_end"]
                and (start < p["span_end"] or start == end == p["span_end"])
            ):
                return i if i in new_start else None
        return None

    def move(rec: dict, s: str = "span_start", e: str = "span_end", t: str = "text") -> bool:
        i = where(rec[s], rec[e])
        if i is None:
            return False
        delta = new_start[i] - paras[i]["span_start"]
        rec[s] += delta
        rec[e] += delta
        rec[t] = text[rec[s] : rec[e]]
        return True

    def rank(rec: dict) -> tuple:
        return (rec["span_start"], rec["_n"])

    lists: dict[str, list[dict]] = {}
    for name in LOCAL_IDS:
        out = []
        for k, rec in enumerate(real[name]):
            rec = json.loads(json.dumps(rec))
            rec["_n"] = k
            if not move(rec):
                continue
            if name == "quotes" and not move(rec, "cue_span_start", "cue_span_end", "cue"):
                continue
            out.append(rec)
        lists[name] = out
    # drop records whose local references were dropped, until nothing changes
    while True:
        have = {name: {r[key] for r in lists[name]} for name, key in LOCAL_IDS.items()}
        before = sum(len(v) for v in lists.values())
        lists["quotes"] = [
            q
            for q in lists["quotes"]
            if q["speech_event_id"] in have["events"]
            and q["speaker_mention_id"] in have["mentions"] | {None}
            and q["nested_in"] in have["quotes"] | {None}
        ]
        lists["facts"] = [
            f
            for f in lists["facts"]
            if f["quote_id"] in have["quotes"] | {None}
            and all(e in have["events"] for e in f["event_ids"])
        ]
        # and records no fact or quote uses any more (the real article uses all of them)
        used_quotes = {f["quote_id"] for f in lists["facts"]}
        used_events = {q["speech_event_id"] for q in lists["quotes"]}
        used_events |= {e for f in lists["facts"] for e in f["event_ids"]}
        lists["quotes"] = [q for q in lists["quotes"] if q["quote_id"] in used_quotes]
        lists["events"] = [e for e in lists["events"] if e["event_id"] in used_events]
        if sum(len(v) for v in lists.values()) == before:
            break

    def local(value: str | None) -> str | None:
        return None if value is None else value + suffix

    for name, key in LOCAL_IDS.items():
        lists[name].sort(key=rank)
        for rec in lists[name]:
            del rec["_n"]
            rec[key] = local(rec[key])
    for q in lists["quotes"]:
        for key in ("speaker_mention_id", "nested_in", "speech_event_id"):
            q[key] = local(q[key])
    for m in lists["mentions"]:  # the outlet's own name in the dateline is now this outlet
        if m["entity_id"] == doc["outlet_id"]:
            m["entity_id"] = outlet
    renamed = {}  # mention ids in the id format: m-<short id>-<offset>-<entity>
    for m in lists["mentions"]:
        short = m["mention_id"].split("-")[1] + suffix.replace("-", "")
        renamed[m["mention_id"]] = f"m-{short}-{m['span_start']:04d}-{m['entity_id']}"
        m["mention_id"] = renamed[m["mention_id"]]
    for q in lists["quotes"]:
        if q["speaker_mention_id"] is not None:
            q["speaker_mention_id"] = renamed[q["speaker_mention_id"]]
    for ev in lists["events"]:
        if ev["asserted_by"] == doc["outlet_id"]:
            ev["asserted_by"] = outlet
        old_date, ev["date"] = ev["date"], _shift_edtf(ev["date"], years)
        for x in ev["enrichment"]:  # an outside date the event takes moves with it
            if x["field"] == "/date" and x["value"] == old_date:
                x["value"] = ev["date"]
        if ev["date"] is not None:
            low, high = dates.bounds(ev["date"])
            ev["date_earliest"] = low.isoformat() if low else None
            ev["date_latest"] = high.isoformat() if high else None
    for fa in lists["facts"]:
        fa["quote_id"] = local(fa["quote_id"])
        fa["event_ids"] = [local(e) for e in fa["event_ids"]]
        if fa["asserted_by"] == doc["outlet_id"]:
            fa["asserted_by"] = outlet
        fa["source_chain"] = [outlet if k == 0 else e for k, e in enumerate(fa["source_chain"])]
        if len(fa["source_chain"]) == 1:
            fa["source_chain"] = [outlet]

    new_paras = []
    for k, i in enumerate(order):
        p = dict(paras[i], paragraph_index=k, span_start=new_start[i])
        p["span_end"] = p["span_start"] + len(pieces[k])
        p["text"] = pieces[k]
        new_paras.append(p)
    dateline = dict(doc["dateline"], date=_shift_date(doc["dateline"]["date"], years))
    move(dateline)
    published = _shift_date(doc["published"], years)
    doc_id = f"{doc['doc_id']}{suffix}"
    document = {
        **doc,
        "doc_id": doc_id,
        "outlet_id": outlet,
        "published": published,
        "dateline": dateline,
        "text": text,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "paragraphs": new_paras,
    }
    return {
        "schema_version": real["schema_version"],
        "document": document,
        **{name: lists[name] for name in LOCAL_IDS},
    }


def break_article(article: dict, defect: str, other: dict) -> str:
    """The article's JSON text with one defect of kind ``defect``."""
    a = json.loads(json.dumps(article))
    if defect == "span-mismatch":
        a["mentions"][0]["text"] += "x"
    elif defect == "dangling-reference":
        a["facts"][0]["entity_ids"][0] = "no-such-entity"
    elif defect == "duplicate-id":
        a["facts"][0]["fact_id"] = other["facts"][0]["fact_id"]
    elif defect == "wrong-type":
        a["events"][0]["span_start"] = str(a["events"][0]["span_start"])
    elif defect == "invalid-json":
        text = _dump(a)
        return text[: len(text) // 2]
    return _dump(a)


def write_corpus(
    out: Path,
    n: int,
    invalid: int = 0,
    seed: int = 0,
    source: Path = Path("dataset"),
    replicas: bool = False,
) -> list[Path]:
    """Write entities.json and articles/*.json under ``out``; the article paths."""
    real = json.loads(next((source / "articles").glob("*.json")).read_text(encoding="utf-8"))
    entities = json.loads((source / "entities.json").read_text(encoding="utf-8"))
    if out.exists():
        shutil.rmtree(out)
    (out / "articles").mkdir(parents=True)
    rng = random.Random(seed)
    used = set()
    paths = []
    first = None
    for k in range(n + invalid):
        article = synthesise(real, k, rng, replicas)
        first = first or article
        used.add(article["document"]["outlet_id"])
        doc_id = article["document"]["doc_id"]
        if k < n:
            text = _dump(article)
        else:
            text = break_article(article, DEFECTS[(k - n) % len(DEFECTS)], first)
        path = out / "articles" / f"{doc_id}.json"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    (out / "entities.json").write_text(_dump(registry(entities, used)), encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="dataset folder to create (replaced if present)")
    parser.add_argument("-n", "--articles", type=int, default=2000, help="valid articles")
    parser.add_argument("--invalid", type=int, default=0, help="invalid articles to add")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--replicas",
        action="store_true",
        help="full-size replicas of the real article (every paragraph, in order)",
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "dataset",
        help="the real dataset folder",
    )
    args = parser.parse_args(argv)
    paths = write_corpus(
        args.out, args.articles, args.invalid, args.seed, args.source, args.replicas
    )
    size = sum(p.stat().st_size for p in paths)
    print(
        f"{args.out}: {len(paths)} articles ({args.invalid} invalid), {size / 1e6:.1f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

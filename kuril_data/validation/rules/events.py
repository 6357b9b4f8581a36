"""Rules on event dates: EDTF validity, bounds, resolution, and status against publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from kuril_data import _dates
from kuril_data.validation.report import pointer
from kuril_data.validation.rules._registry import Check, rule

Bounds = tuple[dt.date | None, dt.date | None]


def _dated(c: Check) -> Iterator[tuple[str, dict[str, Any], Bounds]]:
    """(pointer, event, EDTF bounds) of every event with a valid date."""
    for i, ev in c.records("events"):
        if ev["date"] is None:
            continue
        try:
            yield f"/events/{i}", ev, _dates.bounds(ev["date"])
        except _dates.InvalidEdtf:
            continue


@rule("date-resolution-mismatch")
def resolution_matches_date(c: Check) -> None:
    for i, ev in c.records("events"):
        unknown = ev["date_resolution"] == "unknown"
        if (ev["date"] is None) != unknown:
            c.err(
                "date-resolution-mismatch",
                f"/events/{i}/date_resolution",
                resolution=ev["date_resolution"],
                date=ev["date"],
            )


_NEEDS_TEXT = ("explicit", "vague")  # "dateline" may come from the tense alone


@rule("date-resolution-text")
def resolution_matches_date_text(c: Check) -> None:
    for i, ev in c.records("events"):
        resolution, date_text = ev["date_resolution"], ev["date_text"]
        if (resolution in _NEEDS_TEXT and date_text is None) or (
            resolution == "enrichment" and date_text is not None
        ):
            c.err(
                "date-resolution-text",
                f"/events/{i}/date_resolution",
                resolution=resolution,
                date_text=date_text,
            )


@rule("enrichment-value-mismatch")
def enrichment_holds_the_date(c: Check) -> None:
    for i, ev in c.records("events"):
        if ev["date_resolution"] != "enrichment" or ev["date"] is None:
            continue
        for j, x in enumerate(ev["enrichment"]):
            if isinstance(x, dict) and x.get("field") == "/date" and x.get("value") != ev["date"]:
                c.err(
                    "enrichment-value-mismatch",
                    f"/events/{i}/enrichment/{j}/value",
                    date=ev["date"],
                    value=x.get("value"),
                )


@rule("enrichment-missing")
def enrichment_names_date_source(c: Check) -> None:
    for i, ev in c.records("events"):
        if (
            ev["date"] is not None
            and ev["date_resolution"] == "enrichment"
            and not any(isinstance(x, dict) and x.get("field") == "/date" for x in ev["enrichment"])
        ):
            c.err("enrichment-missing", f"/events/{i}/enrichment")


@rule("invalid-edtf", "date-out-of-range", "date-bounds-mismatch")
def bounds_match_date(c: Check) -> None:
    for i, ev in c.records("events"):
        base, date = f"/events/{i}", ev["date"]
        if date is None:
            expected: Bounds = (None, None)
        else:
            try:
                expected = _dates.bounds(date)
            except _dates.DateOutOfRange:
                c.err("date-out-of-range", base + "/date", value=date)
                continue
            except _dates.InvalidEdtf:
                c.err("invalid-edtf", base + "/date", value=date)
                continue
        for key, want in (("date_earliest", expected[0]), ("date_latest", expected[1])):
            wanted = want.isoformat() if want else None
            if ev[key] != wanted and (date is not None or ev[key] is not None):
                c.err(
                    "date-bounds-mismatch",
                    base + "/" + key,
                    field=key,
                    found=ev[key],
                    date=date,
                    expected=wanted,
                )


@rule("date-bounds-order")
def bounds_in_order(c: Check) -> None:
    for base, ev, _ in _dated(c):
        earliest, latest = ev["date_earliest"], ev["date_latest"]
        if earliest is not None and latest is not None and earliest > latest:
            c.err("date-bounds-order", base + "/date_earliest", earliest=earliest, latest=latest)


@rule("status-date-conflict")
def status_fits_date(c: Check) -> None:
    published = c.published
    for base, ev, (low, high) in _dated(c):
        status, relation = ev["status"], None
        if status in ("occurred", "ongoing") and low is not None and low > published:
            relation = "starts after"
        elif status in ("planned", "ongoing") and high is not None and high < published:
            relation = "ends before"
        if relation:
            c.err(
                "status-date-conflict",
                base + "/status",
                status=status,
                date=ev["date"],
                relation=relation,
                published=published.isoformat(),
            )


@rule("invalid-edtf", scope="entities")
def role_times_valid(c: Check) -> None:
    for i, ent in c.records("entities"):
        for j, role in enumerate(ent["roles"]):
            if not _dates.is_valid(role["time"]):
                c.err(
                    "invalid-edtf", pointer("entities", i, "roles", j, "time"), value=role["time"]
                )

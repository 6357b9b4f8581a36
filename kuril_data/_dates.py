"""EDTF dates (Library of Congress Extended Date/Time Format, levels 0-2) -> day bounds.

``bounds('2019-12')`` is ``(date(2019, 12, 1), date(2019, 12, 31))``: the EDTF lower and
upper *strict* bounds (``lower_strict``/``upper_strict`` of the ``edtf`` package, which ignore
the fuzz of ``~`` and ``?``). An open or unknown end ('1945/..') gives None. Only
``parse_edtf`` is used, never ``text_to_edtf`` (natural language is not EDTF). ``edtf`` is
imported on first use: it costs ~160 ms.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
from functools import lru_cache
from typing import Any


class InvalidEdtf(ValueError):
    """The string is not a valid EDTF date."""


class DateOutOfRange(InvalidEdtf):
    """Valid EDTF, but a year outside 1-9999: the published date columns cannot hold it."""


# Every calendar date written in the text, with its sign: -YYYY-MM-DD, YYYY-MM-DD, YYYY-MM.
_CALENDAR = re.compile(r"(?<![0-9Y])(-?)([0-9]{4,})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?![0-9])")


def _days_in_month(year: int, month: int) -> int:
    """Proleptic Gregorian, astronomical year numbering (year 0 is a leap year)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _check_calendar(text: str) -> None:
    """Raise InvalidEdtf for a month or day the calendar does not have (2019-02-29,
    2019-04-31, month 13), DateOutOfRange for a year before 1 or after 9999."""
    for m in _CALENDAR.finditer(text):
        year = int(m.group(2)) * (-1 if m.group(1) else 1)
        month, day = m.group(3), m.group(4)
        if month is not None and not 1 <= int(month) <= 12:
            raise InvalidEdtf(text)
        if day is not None and not 1 <= int(day) <= _days_in_month(year, int(month)):
            raise InvalidEdtf(text)
        if not 1 <= year <= 9999:
            raise DateOutOfRange(text)


def _day(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, float) and math.isinf(value)):
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (AttributeError, ValueError, TypeError):
        return None


_SIMPLE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?[~?%]?")


def _simple(text: str, upper: bool) -> dt.date | None:
    """The strict bound of a plain EDTF date (YYYY, YYYY-MM, YYYY-MM-DD, optionally
    qualified with ~ ? %), or None when ``text`` is not one or is not a real day."""
    m = _SIMPLE.fullmatch(text)
    if m is None:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day is not None:
            return dt.date(year, int(month), int(day))
        if month is not None:
            if not 1 <= int(month) <= 12:
                return None
            if not upper:
                return dt.date(year, int(month), 1)
            nxt = dt.date(year + int(month) // 12, int(month) % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(year, 12, 31) if upper else dt.date(year, 1, 1)
    except ValueError:
        return None


def _fast_bounds(text: str) -> tuple | None:
    """Bounds of the common forms (a plain date, or an interval of plain dates with open
    '..' or unknown '' ends) without the slow EDTF grammar; None for anything else."""
    if text.startswith("[") and text.endswith("]"):
        return _fast_set(text[1:-1])
    if "/" not in text:
        low, high = _simple(text, False), _simple(text, True)
        return (low, high) if low is not None and high is not None else None
    first, _sep, second = text.partition("/")
    if "/" in second or (first in ("", "..") and second in ("", "..")):
        return None
    low = None if first in ("", "..") else _simple(first, False)
    high = None if second in ("", "..") else _simple(second, True)
    if (low is None and first not in ("", "..")) or (high is None and second not in ("", "..")):
        return None
    if low is not None and high is not None and low > high:
        return None  # let the full parser decide
    return low, high


_PLAIN = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def _fast_set(body: str) -> tuple | None:
    """Bounds of a one-of set of unqualified plain dates and ranges ('[..1956-10-19]',
    '[1945..]', '[2019-11-22,2019-11-23]', '[1945..1956]'), or None for anything else."""
    items = body.split(",")
    lows, highs, open_low, open_high = [], [], False, False
    for k, item in enumerate(items):
        first, sep, second = item.partition("..")
        if sep and ((first == "" and k != 0) or (second == "" and k != len(items) - 1)):
            return None
        for part in (first, second) if sep else (item,):
            if part and not _PLAIN.fullmatch(part):
                return None
        if sep and first == "" and second == "":
            return None
        open_low |= bool(sep) and first == ""
        open_high |= bool(sep) and second == ""
        for part in (first, second) if sep else (item,):
            if part:
                low, high = _simple(part, False), _simple(part, True)
                if low is None or high is None:
                    return None
                lows.append(low)
                highs.append(high)
    if not lows:
        return None
    return (None if open_low else min(lows)), (None if open_high else max(highs))


@lru_cache(maxsize=4096)
def bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    """(earliest, latest) day an EDTF string allows; raises InvalidEdtf."""
    if not isinstance(text, str) or not text or len(text) > 64:
        raise InvalidEdtf(text)
    fast = _fast_bounds(text)
    if fast is None:
        _check_calendar(text)
    if fast is not None:
        return fast
    from edtf import parse_edtf  # ~160 ms: imported for the first date off the fast path

    # the edtf package prints debugging lines for some inputs ('/...'); they must not
    # reach stdout, where `kuril-data validate --format json` writes its report
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            parsed = parse_edtf(text)
            low, high = _day(parsed.lower_strict()), _day(parsed.upper_strict())
        except Exception as exc:  # the parser raises several types, ValueError among them
            raise InvalidEdtf(text) from exc
    # An open ('..') or unknown ('') end of an interval has no bound; the edtf package
    # would invent one (ten years from the other end) for an unknown end.
    if _unbounded(getattr(parsed, "lower", None)):
        low = None
    if _unbounded(getattr(parsed, "upper", None)):
        high = None
    return low, high


def _unbounded(section: Any) -> bool:
    return bool(getattr(section, "is_open", False) or getattr(section, "is_unknown", False))


def is_valid(text: str) -> bool:
    """True when ``text`` parses as EDTF."""
    try:
        bounds(text)
    except InvalidEdtf:
        return False
    return True

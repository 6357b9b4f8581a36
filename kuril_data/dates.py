"""EDTF dates (Library of Congress Extended Date/Time Format, levels 0-2) -> day bounds.

``bounds('2019-12')`` is ``(date(2019, 12, 1), date(2019, 12, 31))``: the EDTF lower and
upper *strict* bounds (``lower_strict``/``upper_strict`` of the ``edtf`` package, which ignore
the fuzz of ``~`` and ``?``). An open or unknown end ('1945/..') gives None. Only
``parse_edtf`` is used, never ``text_to_edtf`` (natural language is not EDTF). ``edtf`` is
imported on first use: it costs ~160 ms.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache


class InvalidEdtf(ValueError):
    """The string is not a valid EDTF date."""


def _day(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and math.isinf(value)):
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (AttributeError, ValueError, TypeError):
        return None


@lru_cache(maxsize=4096)
def bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    """(earliest, latest) day an EDTF string allows; raises InvalidEdtf."""
    if not isinstance(text, str) or not text or len(text) > 64:
        raise InvalidEdtf(text)
    from edtf import parse_edtf

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


def _unbounded(section) -> bool:
    return bool(getattr(section, "is_open", False) or getattr(section, "is_unknown", False))


def is_valid(text: str) -> bool:
    """True when ``text`` parses as EDTF."""
    try:
        bounds(text)
    except InvalidEdtf:
        return False
    return True

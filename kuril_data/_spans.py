"""Span checks: W3C TextPositionSelector offsets (code points, 0-based, end exclusive)."""

from __future__ import annotations


def in_range(start: int, end: int, length: int) -> bool:
    """True when ``[start, end)`` is a (possibly empty) span of a text of ``length``."""
    return 0 <= start <= end <= length


def contains(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    """True when span ``inner`` lies inside span ``outer``."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def tiling_gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, str]]:
    """Where consecutive spans fail to tile ``[0, length)``: (index, what is wrong).

    Index ``len(spans)`` reports a missing tail; an empty list means an exact tiling.
    """
    problems: list[tuple[int, str]] = []
    expected = 0
    for i, (start, end) in enumerate(spans):
        if start > expected:
            problems.append((i, f"gap: text [{expected}, {start}) is in no paragraph"))
        elif start < expected:
            problems.append(
                (
                    i,
                    f"overlap: span starts at {start}, before the previous "
                    f"paragraph ends at {expected}",
                )
            )
        expected = max(expected, end)
    if expected < length:
        problems.append(
            (
                len(spans),
                f"the paragraphs end at {expected}, before the end of the text at {length}",
            )
        )
    elif expected > length:
        problems.append(
            (len(spans), f"the paragraphs end at {expected}, past the end of the text at {length}")
        )
    return problems

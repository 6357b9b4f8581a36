"""Map RFC 6901 JSON pointers to line and column in the raw JSON text.

One iterative pass over the tokens (no recursion, so any nesting depth is safe), run only
when a file has findings to place. The same pass finds what ``json.loads`` silently
accepts: duplicate keys and the NaN/Infinity barewords.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kuril_data.validation.report import Error, make, pointer

if TYPE_CHECKING:
    from kuril_data.validation._parsing import FileState

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.S)
CODES = ("too-many-errors",)
"""The catalogue code this module reports (the summary of findings cut)."""
_NON_FINITE = {"NaN", "Infinity", "-Infinity"}


@dataclass
class Positions:
    """Where each value of a JSON text starts, and the oddities met on the way."""

    text: str
    offsets: dict[str, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, str]] = field(default_factory=list)  # (pointer, key)
    non_finite: list[tuple[str, str]] = field(default_factory=list)  # (pointer, word)
    _newlines: list[int] | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def find(self, pointer: str) -> tuple[int, int] | None:
        """Line and column of the value at ``pointer``, or of its nearest existing ancestor."""
        while True:
            if pointer in self.offsets:
                return self.line_col(self.offsets[pointer])
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]


def _key(top: list[Any], tok: str, pos: Positions) -> None:
    """An object key: note it (and a repeat of it) in its frame."""
    key = json.loads(tok) if "\\" in tok else tok[1:-1]
    if key in top[3]:
        pos.duplicate_keys.append((top[1] + pointer(key), key))
    top[3].add(key)
    top[2], top[4] = key, False


def _value_pointer(top: list[Any] | None) -> str:
    """The pointer of the value that starts in frame ``top`` (None: the root)."""
    if top is None:
        return ""
    return top[1] + (pointer(top[2]) if top[0] else "/" + str(top[2]))


def scan(text: str, wanted: set[str] | None = None) -> Positions:
    """Index every value of ``text`` (well-formed JSON, as accepted by ``json.loads``).

    With ``wanted`` (pointers), stop once all of them are settled: found, or (a missing
    field) their parent closed, which makes the parent their nearest existing ancestor.
    Never raises: on text it cannot follow it returns what it found so far.
    """
    pos = Positions(text)
    missing = set(wanted) if wanted is not None else None
    parents = {p.rsplit("/", 1)[0] for p in missing if p} if missing is not None else set()
    stack: list[list[Any]] = []  # frames: [is_object, pointer, index_or_key, keys, expecting_key]
    try:
        for m in _TOKEN.finditer(text):
            tok, top = m.group(), (stack[-1] if stack else None)
            c = tok[0]
            if top is not None and top[0] and top[4] and c == '"':
                _key(top, tok, pos)
            elif c == "," and top is not None:
                top[4] = top[0] or top[4]
                top[2] = top[2] if top[0] else top[2] + 1
            elif c in "}]":
                closed = stack.pop()[1]
                if missing is not None and closed in parents:
                    missing = {p for p in missing if p.rsplit("/", 1)[0] != closed}
                    if not missing:
                        break
            elif c not in ":,":  # a value starts here
                ptr = _value_pointer(top)
                pos.offsets.setdefault(ptr, m.start())
                if missing is not None:
                    missing.discard(ptr)
                    if not missing:
                        break
                if c in "{[":
                    stack.append([c == "{", ptr, None if c == "{" else 0, set(), c == "{"])
                elif tok in _NON_FINITE:
                    pos.non_finite.append((ptr, tok))
    except (ValueError, IndexError, TypeError, AttributeError):
        pass
    return pos


def locate(f: FileState) -> list[Error]:
    """The file's findings with line and column filled in, sorted into file order, and
    a ``too-many-errors`` finding last when some were cut."""
    errors = f.errors
    if not errors:
        return []
    if f.text is None and f.data is not None and f.src.raw is not None:
        f.text = f.src.raw.decode("utf-8")  # parsed on the fast path: valid UTF-8, no BOM
    needs = [e for e in errors if e.line is None and f.text is not None]
    if needs and f.text is not None:
        wanted: set[str] = set()
        for e in needs:  # a missing field is placed at its nearest existing ancestor
            wanted.update(_ancestors(e.pointer))
        pos = scan(f.text, wanted)
        placed = {}
        for e in needs:
            where = pos.find(e.pointer)
            placed[id(e)] = replace(e, line=where[0], column=where[1]) if where else e
        errors = [placed.get(id(e), e) for e in errors]
    located = sorted(errors, key=lambda e: (e.line or 0, e.column or 0))
    if f.cut:
        located.append(make("too-many-errors", f.src.name, count=f.cut, limit=f.src.max_errors))
    return located


def _ancestors(ptr: str) -> list[str]:
    out = [ptr]
    while ptr:
        ptr = ptr.rsplit("/", 1)[0]
        out.append(ptr)
    return out

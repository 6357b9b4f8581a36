"""Where commands print: two text streams, written as UTF-8 whatever the locale, with
control, bidi and terminal-escape characters of untrusted text made visible."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import TextIO

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def safe(text: str) -> str:
    """``text`` with control, bidi-override and line-separator characters escaped
    (``\\x1b``, ``\\u202e``), so file content cannot drive or disguise the terminal.
    Newlines and tabs are kept."""
    return _UNSAFE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def _write(stream: TextIO, text: str) -> None:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8", "backslashreplace"))
        buffer.flush()
    else:
        stream.write(text.encode("utf-8", "backslashreplace").decode("utf-8"))


@dataclass
class Console:
    """A command's two output streams (injectable: tests pass ``io.StringIO``)."""

    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)

    def out(self, line: str = "") -> None:
        """Print a line of results to stdout (escaped)."""
        _write(self.stdout, safe(line) + "\n")

    def err(self, line: str) -> None:
        """Print a line of diagnostics to stderr (escaped)."""
        _write(self.stderr, safe(line) + "\n")

    def is_terminal(self) -> bool:
        try:
            return bool(self.stderr.isatty())
        except (AttributeError, ValueError):
            return False

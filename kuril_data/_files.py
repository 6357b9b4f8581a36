"""File primitives every layer shares: hashing in bounded chunks and atomic writes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

CHUNK = 1 << 20


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The hex SHA-256 of a file, read in 1 MiB chunks (memory stays flat)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def temporary_file(path: Path) -> tuple[int, str]:
    """A temporary file next to ``path``; an OSError names ``path``, not the temporary."""
    try:
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` via a temporary file and rename: never
    half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_file(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:  # a full disk names the file being written, not None
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""Stage 1 (io): which files the paths name, and reading each within its size limit."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from kuril_data._layout import ARTICLES, ENTITIES, dataset_files
from kuril_data.validation.report import Error, make

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ERRORS = 1000
CODES = ("path-not-found", "not-a-file", "unreadable-file", "file-too-large", "no-dataset-files")
"""The catalogue codes this stage reports."""


@dataclass(frozen=True)
class Source:
    """One file to check: its display name, raw bytes and whether its findings count."""

    name: str
    raw: bytes | None  # None: not read yet (read from ``path`` when checked)
    kind: str | None = None  # 'article' | 'entities'; None: decided from name and content
    reported: bool = True
    path: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_errors: int = DEFAULT_MAX_ERRORS
    key: str | None = None  # file_key(path), when planned

    @property
    def is_registry(self) -> bool:
        """True when the file is an entity registry by its kind or its name."""
        return self.kind == "entities" or (
            self.kind is None and self.path is not None and self.path.name == ENTITIES
        )


def file_key(p: Path) -> str:
    """The identity of a file: its real path (two names of one file are one file)."""
    try:
        return os.path.realpath(p)
    except (OSError, ValueError):
        return os.fspath(p)


def file_keys(paths: list[Path]) -> list[str]:
    """``file_key`` of each path, resolving each folder once: a path that is not itself a
    symbolic link is its folder's real path joined with its name."""
    folders: dict[Path, str] = {}
    keys = []
    for p in paths:
        if p.name in ("", ".", "..") or os.path.islink(p):
            keys.append(file_key(p))
            continue
        if p.parent not in folders:
            folders[p.parent] = file_key(p.parent)
        keys.append(os.path.join(folders[p.parent], p.name))
    return keys


def plan(
    paths: list[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_errors: int = DEFAULT_MAX_ERRORS,
) -> tuple[list[Source], list[Error]]:
    """The files the paths name, unread (``raw`` is None), and path-level io errors.
    Adds the sibling entities.json (unreported) for article files given without one."""
    targets: list[tuple[Path, bool]] = []
    errors: list[Error] = []
    for raw in paths:
        found, error = _expand(Path(raw), os.fspath(raw))
        if error is not None:
            errors.append(error)
        targets.extend((f, True) for f in found)
    keys = file_keys([p for p, _ in targets])
    wanted = set(keys)
    if not any(p.name == ENTITIES for p, _ in targets):
        for p, _ in list(targets):
            sibling = p.parent.parent / ENTITIES
            if p.parent.name == ARTICLES and file_key(sibling) not in wanted and sibling.is_file():
                targets.insert(0, (sibling, False))
                keys.insert(0, file_key(sibling))
                break
    out: list[Source] = []
    seen: set[str] = set()
    for (p, reported), key in zip(targets, keys, strict=True):
        if key not in seen:
            seen.add(key)
            out.append(
                Source(
                    os.fspath(p),
                    None,
                    reported=reported,
                    path=p,
                    max_bytes=max_bytes,
                    max_errors=max_errors,
                    key=key,
                )
            )
    return out, errors


def _expand(p: Path, name: str) -> tuple[list[Path], Error | None]:
    """The files one path names: itself, or a dataset folder's files."""
    try:
        st = os.stat(p)
    except FileNotFoundError:
        return [], make("path-not-found", name)
    except OSError as exc:
        return [], make("unreadable-file", name, reason=exc.strerror or type(exc).__name__)
    if not stat.S_ISDIR(st.st_mode):
        return [p], None
    try:
        entities, articles = dataset_files(p)
    except OSError as exc:  # an articles/ folder that cannot be listed
        where = os.fspath(p / ARTICLES) if (p / ARTICLES).is_dir() else name
        return [], make("unreadable-file", where, reason=exc.strerror or type(exc).__name__)
    found = ([entities] if entities else []) + articles
    if not found and p.suffix.lower() == ".json":
        return [], make("not-a-file", name, found="a folder")
    if not found:
        return [], make("no-dataset-files", name)
    return found, None


def read_source(src: Source) -> tuple[Source | None, Error | None]:
    """``src`` with its bytes (read now when it was planned unread), or the io error."""
    if src.raw is not None:
        return src, None
    assert src.path is not None
    raw, error = _read(src.path, src.max_bytes)
    if error is not None:
        return None, error
    return replace(src, raw=raw), None


def _read(p: Path, max_bytes: int) -> tuple[bytes | None, Error | None]:
    name = os.fspath(p)
    try:
        st = os.stat(p)
        if stat.S_ISDIR(st.st_mode):
            return None, make("not-a-file", name, found="a folder")
        if not stat.S_ISREG(st.st_mode):
            return None, make("not-a-file", name, found=_file_type(st.st_mode))
        if st.st_size > max_bytes:
            return None, make("file-too-large", name, size=st.st_size, limit=max_bytes)
        with open(p, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return None, make("path-not-found", name)
    except (OSError, MemoryError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        return None, make("unreadable-file", name, reason=reason)
    if len(raw) > max_bytes:
        return None, make("file-too-large", name, size=f"more than {max_bytes}", limit=max_bytes)
    return raw, None


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"

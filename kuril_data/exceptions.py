"""The typed exceptions of the library. Library code raises these; only the command line
(:mod:`kuril_data.cli`) turns them into messages and exit codes."""

from __future__ import annotations


class KurilDataError(Exception):
    """Base class: something the user can fix; the message says what and where."""


class DatasetError(KurilDataError):
    """A built dataset cannot be read or failed verification (which file, what to do)."""


class UnknownTableError(DatasetError, KeyError):
    """A table name that the dataset does not have."""

    def __str__(self) -> str:
        return str(self.args[0])


class InputError(KurilDataError):
    """Input files or folders are missing or unreadable (the command exits 2)."""


class InvalidDataError(KurilDataError):
    """The input was read but is invalid, so nothing was written (the command exits 1)."""


class BuildError(InvalidDataError):
    """The build cannot run on this input: the message says why and what to do."""


class StaleError(KurilDataError):
    """A ``--check`` found generated files that differ from what would be generated."""

    def __init__(self, stale: list[str]) -> None:
        super().__init__(f"{len(stale)} stale file(s)")
        self.stale = stale

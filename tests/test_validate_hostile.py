"""Hostile and invalid inputs, from one table: each gets its exact errors and exit code,
never a traceback, and nothing in the input folder changes.

Each input is written as ``<tmp>/dataset/articles/<doc_id>.json`` next to a copy of the
canonical ``entities.json`` (so a lone article resolves its entity references), unless the
case builds its own layout. Every case runs through ``validate()``; the ones marked
``cli`` also run through the real ``kuril-data validate`` command in a subprocess.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import canonical, canonical_bytes, cli, dump, run_cli
from helpers import snapshot_with_mtime as snapshot

from kuril_data.validation import validate


def _article(mutate: Callable[[dict], object]) -> bytes:
    a, _ = canonical()
    mutate(a)
    return dump(a)


def _raw(mutate: Callable[[bytes], bytes]) -> Callable[[], bytes]:
    return lambda: mutate(canonical_bytes()[0])


def _set(path: list, value) -> Callable[[], bytes]:
    def build() -> bytes:
        def mutate(a):
            target = a
            for p in path[:-1]:
                target = target[p]
            target[path[-1]] = value

        return _article(mutate)

    return build


def _del(path: list) -> Callable[[], bytes]:
    def build() -> bytes:
        def mutate(a):
            target = a
            for p in path[:-1]:
                target = target[p]
            del target[path[-1]]

        return _article(mutate)

    return build


@dataclass
class Case:
    id: str
    content: Callable[[], bytes] | None  # None: the case lays out its own paths
    expected: list[tuple[str, str]]
    exit: int
    cli: bool = False
    args: tuple[str, ...] = ()


CORPUS = Path(__file__).resolve().parent / "hostile"
"""The hostile-input corpus: one file per attack; expected.json gives, per file, the
exact (code, pointer) findings of validate, the exit status and whether the CLI runs it.
Cases derived from the canonical article are built in code below."""
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def _corpus_file(name: str) -> Callable[[], bytes]:
    return lambda: (CORPUS / f"{name}.json").read_bytes()


def _shift_first_mention(a: dict) -> None:
    """The first mention one character later, its id following (only its text is wrong)."""
    m = a["mentions"][0]
    old = f"-{m['span_start']:04d}-"
    m["span_start"] += 1
    m["mention_id"] = m["mention_id"].replace(old, f"-{m['span_start']:04d}-", 1)


CASES = [
    *(
        Case(name, _corpus_file(name), [tuple(x) for x in e["validate"]], e["exit"], cli=e["cli"])
        for name, e in EXPECTED.items()
    ),
    # --- not JSON at all
    Case(
        "truncated-canonical", _raw(lambda r: r[: len(r) // 3]), [("invalid-json", "")], 1, cli=True
    ),
    Case("trailing-garbage", _raw(lambda r: r + b"}"), [("invalid-json", "")], 1),
    Case("two-documents", _raw(lambda r: r + r), [("invalid-json", "")], 1),
    # --- encodings
    Case(
        "latin1-canonical",
        _raw(lambda r: r.decode("utf-8").encode("latin-1", "replace")),
        [("invalid-utf8", "")],
        1,
    ),
    Case(
        "bom-canonical", _raw(lambda r: b"\xef\xbb\xbf" + r), [("byte-order-mark", "")], 1, cli=True
    ),
    # --- wrong top-level type
    Case("article-list", _raw(lambda r: b"[" + r + b"]"), [("wrong-type", "")], 1),
    # --- NaN / Infinity
    Case(
        "minus-infinity-offset",
        _raw(lambda r: r.replace(b'"span_start": 92', b'"span_start": -Infinity', 1)),
        [("non-finite-number", "/document/dateline/span_start")],
        1,
        cli=True,
    ),
    # --- duplicate keys
    Case(
        "duplicate-canonical-key",
        _raw(
            lambda r: r.replace(
                b'"schema_version": "1.0.0",',
                b'"schema_version": "1.0.0", "schema_version": "1.0.0",',
                1,
            )
        ),
        [("duplicate-key", "/schema_version")],
        1,
        cli=True,
    ),
    # --- nesting
    # --- shapes inside the canonical article
    Case(
        "offset-as-string",
        _set(["mentions", 0, "span_start"], "85"),
        [("wrong-type", "/mentions/0/span_start")],
        1,
        cli=True,
    ),
    Case(
        "offset-as-float",
        _set(["mentions", 0, "span_end"], 91.0),
        [("wrong-type", "/mentions/0/span_end")],
        1,
    ),
    Case(
        "offset-as-bool",
        _set(["mentions", 0, "span_end"], True),
        [("wrong-type", "/mentions/0/span_end")],
        1,
    ),
    Case(
        "offset-huge",
        _set(["mentions", 0, "span_end"], 2**40),
        [("value-out-of-range", "/mentions/0/span_end")],
        1,
    ),
    Case("string-null", _set(["document", "title"], None), [("wrong-type", "/document/title")], 1),
    Case("document-as-list", _set(["document"], []), [("wrong-type", "/document")], 1),
    Case("mentions-as-object", _set(["mentions"], {}), [("wrong-type", "/mentions")], 1),
    Case("unknown-top-field", _set(["comment"], "hi"), [("unknown-field", "/comment")], 1),
    Case("missing-document", _del(["document"]), [("missing-field", "/document")], 1),
    Case(
        "future-schema",
        _set(["schema_version"], "9.0.0"),
        [("unsupported-schema-version", "/schema_version")],
        1,
    ),
    Case(
        "broken-offset",
        lambda: _article(_shift_first_mention),
        [("span-mismatch", "/mentions/0/text")],
        1,
        cli=True,
    ),
    Case(
        "published-not-a-date",
        _set(["document", "published"], "24 Nov 2019"),
        [("invalid-date", "/document/published")],
        1,
    ),
    Case(
        "escape-sequences-in-key",
        _set(["\x1b[31mred"], 1),
        [("unknown-field", "/\x1b[31mred")],
        1,
        cli=True,
    ),
    # --- io (exit 2): laid out by the test itself
    Case("missing-path", None, [("path-not-found", "")], 2, cli=True),
    Case("folder-without-dataset", None, [("no-dataset-files", "")], 2, cli=True),
    Case("folder-where-file-expected", None, [("not-a-file", "")], 2, cli=True),
    Case("fifo", None, [("not-a-file", "")], 2, cli=True),
    Case(
        "over-size-limit",
        _raw(lambda r: r),
        [("file-too-large", "")],
        2,
        cli=True,
        args=("--max-bytes", "1000"),
    ),
]


def _layout(case: Case, root: Path) -> Path:
    """Create the input for ``case`` under ``root``; the path to validate."""
    dataset = root / "dataset"
    (dataset / "articles").mkdir(parents=True)
    (dataset / "entities.json").write_bytes(canonical_bytes()[1])
    doc_id = canonical()[0]["document"]["doc_id"]
    target = dataset / "articles" / f"{doc_id}.json"
    if case.id == "missing-path":
        return dataset / "articles" / "no-such-article.json"
    if case.id == "folder-without-dataset":
        (root / "empty").mkdir()
        return root / "empty"
    if case.id == "folder-where-file-expected":
        target.mkdir()
        return target
    if case.id == "fifo":
        os.mkfifo(target)
        return target
    target.write_bytes(case.content())
    return target


def _max_bytes(case: Case) -> dict:
    return {"max_bytes": int(case.args[1])} if "--max-bytes" in case.args else {}


def test_table_has_at_least_fifty_distinct_inputs():
    assert len({c.id for c in CASES}) == len(CASES) >= 50


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_input_gives_exact_errors(case: Case, tmp_path: Path):
    path = _layout(case, tmp_path)
    before = snapshot(tmp_path)
    report = validate([path], **_max_bytes(case))
    assert report.codes() == case.expected
    assert report.exit_code() == case.exit
    assert all(e.file == str(path) for e in report.findings)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("case", [c for c in CASES if c.cli], ids=lambda c: c.id)
def test_hostile_input_through_the_cli(case: Case, tmp_path: Path):
    path = _layout(case, tmp_path)
    before = snapshot(tmp_path)
    proc = cli("validate", "--format", "json", *case.args, str(path), cwd=tmp_path)
    assert proc.returncode == case.exit
    assert b"Traceback" not in proc.stderr
    out = json.loads(proc.stdout)
    assert [(e["code"], e["pointer"]) for e in out["errors"]] == case.expected
    assert snapshot(tmp_path) == before


def test_unreadable_file_is_an_io_error(tmp_path: Path, monkeypatch):
    # Tests run as root, which reads through chmod 000; simulate the refusal instead.
    path = _layout(CASES[0], tmp_path)
    real_open = open

    def refuse(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    report = validate([path])
    assert report.codes() == [("unreadable-file", "")]
    assert report.exit_code() == 2
    assert "Permission denied" in report.findings[0].message


LINKED_PATHS = {
    "plain file": "real/a.json",
    "file that is a link": "real/link.json",
    "file in a linked folder": "alias/a.json",
    "link in a linked folder": "alias/link.json",
    "missing file": "real/missing.json",
    "dot-dot": "real/..",
    "folder through dot-dot": "real/../real/a.json",
}


@pytest.mark.parametrize("name", sorted(LINKED_PATHS))
def test_file_keys_are_the_real_paths(name: str, tmp_path: Path):
    from kuril_data.validation._reading import file_key, file_keys

    (tmp_path / "real").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.json").write_text("{}")
    (tmp_path / "real" / "a.json").write_text("{}")
    (tmp_path / "real" / "link.json").symlink_to(tmp_path / "other" / "b.json")
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    path = tmp_path / LINKED_PATHS[name]
    assert file_keys([path, tmp_path / "real" / "a.json"]) == [
        file_key(path),
        os.path.realpath(tmp_path / "real" / "a.json"),
    ]


def test_an_article_named_twice_through_a_linked_folder_is_checked_once(tmp_path: Path):
    path = _layout(CASES[0], tmp_path)
    (tmp_path / "alias").symlink_to(path.parent)
    report = validate([path, tmp_path / "alias" / path.name])
    assert report.files == [str(path)]


def test_one_broken_offset_is_one_line_naming_file_line_and_pointer(tmp_path: Path):
    case = next(c for c in CASES if c.id == "broken-offset")
    path = _layout(case, tmp_path)
    proc = cli("validate", str(path), cwd=tmp_path)
    lines = proc.stdout.decode().splitlines()
    assert proc.returncode == 1
    assert len(lines) == 1
    text = json.loads(path.read_text())
    assert lines[0].startswith(f"{path}:")
    assert "error span-mismatch:" in lines[0] and lines[0].endswith("[/mentions/0/text]")
    line = int(lines[0].split(":")[1])
    assert '"text"' in path.read_text().splitlines()[line - 1]
    assert text["mentions"][0]["span_start"] == canonical()[0]["mentions"][0]["span_start"] + 1


def test_escape_sequences_from_the_file_are_not_printed_raw(tmp_path: Path):
    case = next(c for c in CASES if c.id == "escape-sequences-in-key")
    path = _layout(case, tmp_path)
    proc = cli("validate", str(path), cwd=tmp_path)
    assert b"\x1b" not in proc.stdout and b"\x1b" not in proc.stderr
    assert proc.returncode == 1


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_packaged_dataset_is_valid_in_every_format(fmt: str):
    proc = cli("validate", "--format", fmt)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert b"Traceback" not in proc.stderr


def test_github_format_is_workflow_commands(tmp_path: Path):
    path = _layout(next(c for c in CASES if c.id == "broken-offset"), tmp_path)
    proc = cli("validate", "--format", "github", str(path), cwd=tmp_path)
    (line,) = proc.stdout.decode().splitlines()
    assert line.startswith(f"::error file={path},line=")
    assert ",title=span-mismatch::" in line


def test_strict_fails_on_warnings(tmp_path: Path):
    a, _ = canonical()
    lone = tmp_path / "lone.json"
    lone.write_bytes(dump(a))
    assert cli("validate", str(lone)).returncode == 0
    assert cli("validate", "--strict", str(lone)).returncode == 1


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--max-bytes", "0"),
        ("validate", "--format", "xml"),
        ("validate", "--max-bytes", "lots"),
    ],
)
def test_usage_errors_exit_2(args):
    proc = cli(*args)
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr


def test_errors_command_lists_the_catalogue():
    from kuril_data.validation.catalogue import CATALOGUE

    proc = cli("errors", "--format", "json")
    assert proc.returncode == 0
    assert [k["code"] for k in json.loads(proc.stdout)] == list(CATALOGUE)


READERS = {
    "fmt": lambda d, a: ["fmt", "--check", str(a)],
    "build": lambda d, a: ["build", "--dataset", str(d)],
    "render": lambda d, a: ["render", "--dataset", str(d), "--out", str(d.parent / "site")],
    "show": lambda d, a: ["show", "--dataset", str(d)],
}


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_command_that_reads_user_files_refuses_the_corpus_cleanly(
    name: str, command: str, tmp_path: Path
):
    """Each corpus file as the article of a dataset: a one-line refusal with exit 1 (the
    input is invalid), no traceback, and nothing in the dataset changed."""
    case = next(c for c in CASES if c.id == name)
    article = _layout(case, tmp_path)
    dataset = article.parent.parent
    before = snapshot(dataset)
    result = run_cli(*READERS[command](dataset, article))
    assert result.code == 1, result.err
    assert result.out == ""
    assert len(result.err.splitlines()) == 1 or command == "build", result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert str(article) in result.err
    assert snapshot(dataset) == before

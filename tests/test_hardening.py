"""Attacks on the commands, each reproduced on a temporary copy first: no command loses
data, hangs, exhausts memory or prints a traceback; every failure is one located message
with the documented exit code."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import DATASET, REPO, copy_dataset, run_cli, snapshot

from kuril_data import DatasetError, load_dataset
from kuril_data._files import sha256_file
from kuril_data.publish.build import PARTITIONED_MARKER

# ------------------------------------------------------------------ 1. data loss


def test_partitioned_build_refuses_to_write_over_its_own_dataset(tmp_path):
    folder = copy_dataset(tmp_path)
    before = snapshot(folder)
    result = run_cli("build", "--dataset", folder, "--partition-by", "year", "--out", folder)
    assert result.code == 2
    assert f"--out {folder} overlaps the dataset folder {folder}" in result.err
    assert snapshot(folder) == before


@pytest.mark.parametrize("where", ["inside", "parent"])
def test_partitioned_build_refuses_an_out_overlapping_the_dataset(tmp_path, where):
    folder = copy_dataset(tmp_path)
    out = folder / "parts" if where == "inside" else tmp_path
    before = snapshot(tmp_path)
    result = run_cli("build", "--dataset", folder, "--partition-by", "year", "--out", out)
    assert result.code == 2
    assert "overlaps the dataset folder" in result.err
    assert snapshot(tmp_path) == before


def test_partitioned_build_leaves_an_unrelated_folder_alone(tmp_path):
    folder = copy_dataset(tmp_path / "src")
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work\n", encoding="utf-8")
    result = run_cli("build", "--dataset", folder, "--partition-by", "year", "--out", out)
    assert result.code == 2
    assert "was not written by `kuril-data build --partition-by`; it was left alone" in result.err
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "years of work\n"


def test_partitioned_build_replaces_its_own_earlier_output(tmp_path):
    folder = copy_dataset(tmp_path / "src")
    out = tmp_path / "parts"
    assert run_cli("build", "--dataset", folder, "--partition-by", "year", "--out", out).code == 0
    assert (out / PARTITIONED_MARKER).is_file()
    assert run_cli("build", "--dataset", folder, "--partition-by", "outlet", "--out", out).code == 0
    assert sorted(p.name for p in (out / "quotes").iterdir()) == ["outlet=tass"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_partitioned_build_names_a_missing_parent(tmp_path):
    folder = copy_dataset(tmp_path / "src")
    out = tmp_path / "no" / "such" / "parts"
    result = run_cli("build", "--dataset", folder, "--partition-by", "year", "--out", out)
    assert result.code == 2
    assert result.err == (
        f"kuril-data build: --out {out}: the parent folder {out.parent} does not exist\n"
    )


# ------------------------------------------------------------------ 2. load: no hang, no OOM


def _in_subprocess(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter: a regression that hangs fails on the timeout."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


@pytest.mark.parametrize("verify", [True, False, "tables"])
def test_a_table_linked_to_dev_zero_is_refused_unread(tmp_path, verify):
    folder = copy_dataset(tmp_path)
    table = folder / "parquet" / "facts.parquet"
    table.unlink()
    table.symlink_to("/dev/zero")
    done = _in_subprocess(
        f"""
        from kuril_data import DatasetError, load_dataset
        try:
            ds = load_dataset({str(folder)!r}, verify={verify!r})
            ds["facts"]
        except DatasetError as exc:
            print(exc)
        """
    )
    assert done.returncode == 0, done.stderr
    assert f"{table}: unreadable (not a regular file)" in done.stdout


@pytest.mark.parametrize("name", ["SHA256SUMS", "parquet/quotes.parquet"])
def test_a_fifo_is_refused_without_waiting_on_it(tmp_path, name):
    folder = copy_dataset(tmp_path)
    (folder / name).unlink()
    os.mkfifo(folder / name)
    done = _in_subprocess(
        f"""
        from kuril_data import DatasetError, load_dataset
        for verify in (True, False):
            try:
                load_dataset({str(folder)!r}, verify=verify)["quotes"]
                print("loaded")
            except DatasetError as exc:
                print("refused:", repr(str(exc)))
        """,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("refused: ") and "not a regular file" in lines[0]
    if name == "SHA256SUMS":
        assert lines[1] == "loaded"  # verify=False never reads the checksum list
    else:
        assert lines[1].startswith("refused: ") and "not a regular file" in lines[1]


def test_a_checksum_list_with_a_path_listed_twice_is_refused(tmp_path):
    folder = copy_dataset(tmp_path)
    sums = folder / "SHA256SUMS"
    first = sums.read_text(encoding="utf-8").splitlines()[0]
    sums.write_text(sums.read_text(encoding="utf-8") + first + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="is listed twice"):
        load_dataset(folder)


# ------------------------------------------------------------------ 7. the table contract


def _replace_table(folder: Path, name: str, table: pa.Table) -> None:
    path = folder / "parquet" / f"{name}.parquet"
    pq.write_table(table, path)
    sums = folder / "SHA256SUMS"
    lines = [
        f"{sha256_file(path)}  parquet/{name}.parquet"
        if line.endswith(f"/{name}.parquet")
        else line
        for line in sums.read_text(encoding="utf-8").splitlines()
    ]
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_foreign_table_matching_its_checksum_is_refused(tmp_path):
    folder = copy_dataset(tmp_path)
    _replace_table(folder, "quotes", pa.table({"x": [1, 2, 3]}))
    ds = load_dataset(folder)  # the checksums match
    with pytest.raises(DatasetError) as caught:
        ds["quotes"]
    assert str(caught.value) == (
        f"{folder / 'parquet' / 'quotes.parquet'}: the quotes table does not match the "
        "published contract (column 'quote_id' is missing); reinstall kuril-data or run "
        "`kuril-data build`"
    )


def test_a_column_of_another_type_is_refused(tmp_path):
    folder = copy_dataset(tmp_path)
    table = pq.read_table(folder / "parquet" / "mentions.parquet")
    i = table.schema.get_field_index("span_start")
    table = table.set_column(i, "span_start", table["span_start"].cast(pa.int64()))
    _replace_table(folder, "mentions", table)
    with pytest.raises(DatasetError, match="column 'span_start' is int64, not int32"):
        load_dataset(folder)["mentions"]


# ------------------------------------------------------------------ 4. unreadable input


def test_an_articles_folder_that_cannot_be_listed_is_an_io_error(tmp_path, monkeypatch):
    folder = copy_dataset(tmp_path)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == folder / "articles":
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run_cli("validate", "--strict", folder)
    assert result.code == 2
    assert result.out == (
        f"{folder / 'articles'}: error unreadable-file: cannot read the file: Permission denied\n"
    )


# ------------------------------------------------------------------ 8. messages, not crashes


def test_fmt_rewrites_an_entities_file_under_another_name(tmp_path):
    path = tmp_path / "registry.json"
    path.write_text(json.dumps(json.loads((DATASET / "entities.json").read_text("utf-8"))))
    result = run_cli("fmt", path)
    assert (result.code, result.out, result.err) == (0, f"{path}: rewritten\n", "")
    assert path.read_bytes() == (DATASET / "entities.json").read_bytes()


def test_fmt_refuses_links(tmp_path):
    folder = copy_dataset(tmp_path)
    link = tmp_path / "link.json"
    link.symlink_to(folder / "entities.json")
    result = run_cli("fmt", link)
    assert result.code == 2
    assert "is a symbolic or hard link" in result.err


def test_fmt_that_cannot_write_names_the_file(tmp_path, monkeypatch):
    import tempfile

    folder = copy_dataset(tmp_path)
    path = folder / "entities.json"
    path.write_text(json.dumps(json.loads(path.read_text("utf-8"))), encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/tmp/.entities.json.x.tmp")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run_cli("fmt", path)
    assert result.code == 2
    assert result.err == f"kuril-data fmt: cannot read or write {path}: Permission denied\n"


def test_export_on_a_full_disk_names_the_file_and_leaves_no_partial_file(tmp_path, monkeypatch):
    import csv as csv_module

    real_writer = csv_module.writer

    class Full:
        def __init__(self, fh, **kw):
            self.inner = real_writer(fh, **kw)
            self.rows = 0

        def writerow(self, row):
            self.rows += 1
            if self.rows > 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.inner.writerow(row)

    monkeypatch.setattr(csv_module, "writer", Full)
    out = tmp_path / "out"
    result = run_cli("export", "--format", "csv", "--out", out)
    assert result.code == 2
    assert result.err.startswith("kuril-data export: cannot read or write ")
    assert result.err.endswith(": No space left on device\n")
    assert sorted(p.name for p in out.iterdir()) == ["documents.csv"]  # one row: written whole


@pytest.mark.parametrize("command", [["info"], ["show"], ["validate"]])
def test_output_does_not_depend_on_the_locale(command):
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    env.pop("PYTHONIOENCODING", None)
    done = subprocess.run(
        [sys.executable, "-m", "kuril_data.cli", *command],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    done.stdout.decode("utf-8")  # UTF-8, whatever the locale


def test_an_interrupted_build_leaves_work_folders_the_next_build_removes(tmp_path):
    folder = copy_dataset(tmp_path)
    leftover = folder / ".build-killed"
    leftover.mkdir()
    (leftover / "facts.parquet").write_bytes(b"half")
    assert run_cli("build", "--dataset", folder).code == 0
    assert not leftover.exists()


# ------------------------------------------------------------------ resources


RESOURCE_LIMIT_MB = 768
TIME_LIMIT_S = 30


def _hostile_entities(path: Path, megabytes: int) -> None:
    """An entities.json of about ``megabytes`` MB whose part_of holds millions of zeros."""
    data = json.loads((DATASET / "entities.json").read_text(encoding="utf-8"))
    data["entities"][0]["part_of"] = [0] * (megabytes * 1024 * 1024 // 3)
    path.write_text(json.dumps(data), encoding="utf-8")


def _hostile_article(path: Path, megabytes: int) -> None:
    """An article of about ``megabytes`` MB whose mentions are millions of empty objects."""
    data = json.loads(next((DATASET / "articles").glob("*.json")).read_text(encoding="utf-8"))
    data["mentions"] = [{}] * (megabytes * 1024 * 1024 // 4)
    path.write_text(json.dumps(data), encoding="utf-8")


def _hostile_dataset(tmp_path: Path, which: str) -> Path:
    """A copy of the dataset with a 20 MB hostile entities.json or article."""
    folder = copy_dataset(tmp_path)
    if which == "entities":
        _hostile_entities(folder / "entities.json", 20)
    else:
        _hostile_article(next((folder / "articles").glob("*.json")), 20)
    return folder


COMMANDS = {
    "validate": lambda d: ["validate", str(d)],
    "fmt": lambda d: ["fmt", "--check", str(d)],
    "build": lambda d: ["build", "--dataset", str(d)],
    "render": lambda d: ["render", "--dataset", str(d), "--out", str(d.parent / "site")],
    "show": lambda d: ["show", "--dataset", str(d)],
}


@pytest.mark.slow
@pytest.mark.parametrize("which", ["entities", "article"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_on_a_20_mb_hostile_file_stays_within_memory_and_time(
    tmp_path, command, which
):
    folder = _hostile_dataset(tmp_path, which)
    before = snapshot(folder)
    done = _in_subprocess(
        f"""
        import io, resource, time
        from kuril_data.cli import main
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        code = main({COMMANDS[command](folder)!r}, stdout=out, stderr=err)
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(code, peak, round(took, 1))
        print(err.getvalue())
        """,
        timeout=TIME_LIMIT_S * 4,
    )
    assert done.returncode == 0, done.stderr
    code, peak, took = done.stdout.split("\n")[0].split()
    assert int(code) == (0 if (command, which) == ("show", "entities") else 1), done.stdout
    assert "Traceback" not in done.stdout and "internal error" not in done.stdout
    assert int(peak) < RESOURCE_LIMIT_MB, f"{command}: peak {peak} MB"
    assert float(took) < TIME_LIMIT_S, f"{command}: took {took} s"
    assert snapshot(folder) == before


# ------------------------------------------------------------------ SIGKILL at every step


KILLER = """
import os, signal, sys
from pathlib import Path

step, dataset = int(sys.argv[1]), Path(sys.argv[2])
count = 0

def maybe_kill():
    global count
    count += 1
    if count == step:
        os.kill(os.getpid(), signal.SIGKILL)

real_replace, real_link, real_close = os.replace, os.link, None

def replace(src, dst):
    maybe_kill()
    real_replace(src, dst)
    maybe_kill()

def link(src, dst):
    maybe_kill()
    real_link(src, dst)

os.replace, os.link = replace, link
import pyarrow.parquet as pq
real_writer_close = pq.ParquetWriter.close

def close(self):
    real_writer_close(self)
    maybe_kill()

pq.ParquetWriter.close = close
from kuril_data.cli import main
code = main(["build", "--dataset", str(dataset)])
print("steps", count)
sys.exit(code)
"""


def _kill_at(step: int, folder: Path, script: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), str(step), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _loads_old_or_new_or_refuses(folder: Path, old: dict, new: dict) -> str:
    try:
        ds = load_dataset(folder)
        counts = ds.counts()
    except DatasetError:
        return "refused"
    files = {rel: data for rel, data in snapshot(folder).items() if not rel.startswith(".")}
    assert files in (old, new), "a loadable dataset that is neither the old nor the new one"
    assert counts == load_dataset(DATASET).counts()
    return "old" if files == old else "new"


@pytest.mark.slow
def test_a_build_killed_at_any_step_leaves_old_new_or_refused_and_the_next_build_recovers(
    tmp_path,
):
    script = tmp_path / "killer.py"
    script.write_text(KILLER, encoding="utf-8")
    template = copy_dataset(tmp_path / "template")
    (template / "README.md").write_text("old card\n", encoding="utf-8")  # something to rebuild
    (template / "SHA256SUMS").write_text(
        "".join(
            f"{sha256_file(template / rel)}  {rel}\n"
            for rel in sorted(
                p.relative_to(template).as_posix()
                for p in template.rglob("*")
                if p.is_file() and p.name != "SHA256SUMS"
            )
        ),
        encoding="utf-8",
    )
    old = snapshot(template)
    full = copy_dataset(tmp_path / "full")
    for name, data in old.items():
        (full / name).write_bytes(data)
    done = _kill_at(0, full, script)
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout.split()[-1])
    new = snapshot(full)
    assert steps >= 10
    seen = set()
    for step in range(1, steps + 1):
        folder = copy_dataset(tmp_path / f"kill-{step}")
        for name, data in old.items():
            (folder / name).write_bytes(data)
        killed = _kill_at(step, folder, script)
        assert killed.returncode == -signal.SIGKILL, (step, killed.stderr)
        seen.add(_loads_old_or_new_or_refuses(folder, old, new))
        assert run_cli("build", "--dataset", folder).code == 0, step
        assert {k: v for k, v in snapshot(folder).items() if not k.startswith(".")} == new
        assert not any(p.name.startswith(".build-") for p in folder.iterdir()), step
    assert "old" in seen and "new" in seen


def test_fmt_keeps_a_files_permissions(tmp_path):
    folder = copy_dataset(tmp_path)
    path = folder / "entities.json"
    path.write_text(json.dumps(json.loads(path.read_text("utf-8"))), encoding="utf-8")
    path.chmod(0o600)
    assert run_cli("fmt", path).code == 0
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes() == (DATASET / "entities.json").read_bytes()

"""Shared helpers of the benchmark scripts: cold-process timing, peak memory, and the
BENCHMARKS.md section each script owns (between ``<!-- bench:NAME:start/end -->``)."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "BENCHMARKS.md"
PYTHON = sys.executable
HEADER = """# Benchmarks

Written by the scripts in `scripts/bench_*.py` (not part of the test run; each has an
untimed smoke run in `tests/test_benchmarks.py`); each section is replaced when its script
runs again, and its first lines give the command that wrote it. Corpora come from
`scripts/synth_corpus.py` (seed 0), in two shapes: **synthetic** (each article a random
subset of the real article's body paragraphs) and **replicas** (full-size copies of the
real article, every paragraph: the real shape). Each section says how its times were
taken (cold processes or one warm process, rounds, interleaving) and gives min / median /
max where it repeats.
"""


def machine() -> str:
    import importlib.metadata as md

    def v(name: str) -> str:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return "-"

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(
                (ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu
            )
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(
        f"{n} {v(n)}"
        for n in (
            "pyarrow",
            "pydantic",
            "orjson",
            "jsonschema-rs",
            "jsonschema",
            "msgspec",
            "datasets",
        )
    )
    return (
        f"{dt.date.today().isoformat()}; {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB; "
        f"Python {platform.python_version()}; {versions}"
    )


def run(cmd: list[str], **kw) -> float:
    """Wall seconds of one cold process (its output discarded; failure raises)."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def interleaved(cmds: dict[str, list[str]], repeat: int, **kw) -> dict[str, list[float]]:
    """Wall seconds of each command's ``repeat`` runs, interleaved (one warm-up each
    first)."""
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for cmd in cmds.values():
        run(cmd, **kw)
    for _ in range(repeat):
        for k, cmd in cmds.items():
            times[k].append(run(cmd, **kw))
    return times


TIMED_PEAK = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
print(done.returncode, wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed_peak(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB, its largest process) of one cold
    process, timed inside a fresh wrapper (failure raises)."""
    out = subprocess.run(
        [PYTHON, "-c", TIMED_PEAK, *cmd], check=True, capture_output=True, text=True
    ).stdout.split()
    if out[0] != "0":
        raise subprocess.CalledProcessError(int(out[0]), cmd)
    return float(out[1]), int(out[2]) / 1024


def self_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


CORPORA = ("synthetic", "replicas")
"""The two benchmark corpora: synthetic recombinations of the real article (a random
subset of its body paragraphs) and full-size replicas of it (every paragraph)."""


def corpus_inputs_digest() -> str:
    """SHA-256 over what a corpus is made from: the generator and the real dataset's
    registry and article files (a corpus made from other inputs is made again)."""
    digest = hashlib.sha256()
    source = ROOT / "dataset"
    for path in [
        ROOT / "scripts" / "synth_corpus.py",
        ROOT / "kuril_data" / "_dates.py",  # the generator's one import from the package
        source / "entities.json",
        *sorted((source / "articles").glob("*.json")),
    ]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def corpus(path: Path, n: int, invalid: int = 0, kind: str = "synthetic") -> Path:
    """A corpus of ``n`` articles of ``kind`` (CORPORA) at ``path`` (made once, reused
    while the generator and the real dataset are unchanged)."""
    done = path / ".complete"
    marker = f"{kind} {n} {invalid} {corpus_inputs_digest()}\n"
    if not done.exists() or done.read_text() != marker:
        subprocess.run(
            [
                PYTHON,
                str(ROOT / "scripts" / "synth_corpus.py"),
                str(path),
                "-n",
                str(n),
                "--invalid",
                str(invalid),
                *(["--replicas"] if kind == "replicas" else []),
            ],
            check=True,
        )
        done.write_text(marker)
    return path


def write_section(name: str, text: str, write: bool = True) -> None:
    """Replace (or append) this script's section of BENCHMARKS.md (``write=False``: only
    print it, as ``--dry-run`` does)."""
    if not write:
        print(text)
        return
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    body = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else HEADER
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in body and end in body:
        before, rest = body.split(start, 1)
        body = before + block + rest.split(end, 1)[1]
    else:
        body = body.rstrip() + "\n\n" + block + "\n"
    BENCHMARKS.write_text(body, encoding="utf-8")
    print(text)


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def arguments(articles: int, repeat: int, argv: list[str] | None = None, **extra: int) -> Any:
    """The options every corpus benchmark takes (and ``extra`` integer options)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=articles)
    parser.add_argument("--repeat", type=int, default=repeat)
    for name, default in extra.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--corpora", type=Path, default=Path("/tmp/kd-bench"), help="made once")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the section, leave BENCHMARKS.md alone"
    )
    return parser.parse_args(argv)


def corpus_table(kind: str, n: int, megabytes: float) -> list[str]:
    """The heading and table head of one corpus's timings."""
    return [
        "",
        f"### {kind} ({n} articles, {megabytes:.0f} MB)",
        "",
        "| run | min | median | max | per article | per MB |",
        "|---|---|---|---|---|---|",
    ]

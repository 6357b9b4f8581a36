"""``kuril-data build`` against the naive build of the same rows, on both corpora
(synthetic and full-size replicas); and peak memory of build and validate on the large
corpus against a 10x smaller one.

The naive pipeline parses every article (``orjson``), makes each table's rows as dicts
with the published columns, ``Table.from_pylist`` and ``write_table``: no validation, no
CSV, no derived views, no metadata. ``kuril-data build`` does all of those.

    python scripts/bench_build.py [--articles 10000] [--small 1000] [--repeat 3]
                                  [--corpora DIR] [--dry-run]

Cold processes, the four commands interleaved, ``--repeat`` rounds; min / median / max.
Targets: build no slower than naive (aim 2x); ``--jobs 2`` at least 1.7x faster than one
process; peak memory at most 2x for 10x the articles.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import (
    CORPORA,
    PYTHON,
    arguments,
    corpus,
    corpus_table,
    machine,
    timed_peak,
    verdict,
    write_section,
)

NAIVE = """
import datetime as dt, sys
from pathlib import Path
import orjson, pyarrow as pa, pyarrow.parquet as pq
from kuril_data.models import EntitiesFile
from kuril_data.publish.build import PARQUET_OPTIONS
from kuril_data.publish.tables import DATE, TABLE_NAMES, TABLES, Corpus, _rows, entity_rows
src, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
articles = [orjson.loads(f.read_bytes()) for f in sorted((src / 'articles').glob('*.json'))]
entities = entity_rows(EntitiesFile.model_validate_json((src / 'entities.json').read_bytes()))
corpus = Corpus(articles, entities)
for name in TABLE_NAMES:
    spec = TABLES[name]
    dates = {c.name for c in spec.columns if c.type == DATE}
    rows = []
    for doc, rec in _rows(name, corpus):
        row = {c.name: c.cell(doc, rec) for c in spec.columns}
        for k in dates:
            row[k] = row[k] and dt.date.fromisoformat(row[k])
        rows.append(row)
    table = pa.Table.from_pylist(rows, schema=spec.schema())
    pq.write_table(table, out / f'{name}.parquet', **PARQUET_OPTIONS)
"""

STAGES = """
import cProfile, json, pstats, sys
from pathlib import Path
from kuril_data.publish.build import build
profile = cProfile.Profile()
profile.runcall(build, Path(sys.argv[1]))
stats = pstats.Stats(profile).stats
wanted = {
    "build": ("publish/build.py", "build"),
    "checked": ("validation/_runner.py", "check_article"),
    "prepare": ("publish/build.py", "prepare"),
    "cells": ("publish/tables.py", "table_cells"),
    "tokens": ("publish/derived.py", "token_rows"),
    "summary": ("publish/build.py", "_summary"),
    "csv": ("publish/export.py", "csv_rows"),
    "arrow": ("publish/tables.py", "table_from_cells"),
    "nesting": ("publish/derived.py", "annotated_documents"),
    "tokens_table": ("publish/derived.py", "tokens_table"),
    "parquet": ("pyarrow/parquet/core.py", "write_table"),
    "hashing": ("kuril_data/_files.py", "sha256_file"),
    "sources": ("publish/build.py", "source_hashes"),
}
out = {}
for (path, _, func), (_, _, _, cum, _) in stats.items():
    for key, (suffix, name) in wanted.items():
        if path.endswith(suffix) and func == name:
            out[key] = out.get(key, 0) + cum
out["validate"] = out.get("checked", 0) - out.get("prepare", 0)
out["arrow"] = sum(out.get(k, 0) for k in ("arrow", "nesting", "tokens_table"))
print(json.dumps(out))
"""

CPU = """
import json, resource, sys, time
from pathlib import Path
from kuril_data.publish.build import build
def cpu(who):
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime
before = cpu(resource.RUSAGE_SELF)  # imports and start-up are not counted
start = time.perf_counter()
build(Path(sys.argv[1]), jobs=int(sys.argv[2]))
wall = time.perf_counter() - start
writer = cpu(resource.RUSAGE_SELF) - before
print(json.dumps({"wall": wall, "writer": writer, "workers": cpu(resource.RUSAGE_CHILDREN)}))
"""

OUTPUTS = ("parquet", "csv", "derived", "views.sql", "README.md", "croissant.json")
OUTPUTS += ("datapackage.json", "SHA256SUMS")


def fresh(folder: Path) -> None:
    """Remove a corpus's build outputs, so every build writes everything."""
    for name in OUTPUTS:
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def cpu_lines(cpu: dict[int, dict[str, float]], n: int) -> list[str]:
    """What bounds ``--jobs 2``: the CPU seconds of the writing process and of the workers
    in one build of each kind, and the best time two cores could give for that work."""
    one, two = cpu[1], cpu[2]
    total1 = one["writer"] + one["workers"]
    total2 = two["writer"] + two["workers"]
    best = max(two["writer"], total2 / 2)
    return [
        "",
        f"CPU seconds of one more `build()` of each kind on the {n}-article corpus (in a "
        "fresh process, start-up not counted; the writing process's own CPU, and its worker "
        "processes'):",
        "",
        "| build | wall | writing process CPU | workers CPU | total CPU |",
        "|---|---|---|---|---|",
        f"| one process | {one['wall']:.1f} s | {one['writer']:.1f} s | - | {total1:.1f} s |",
        f"| `--jobs 2` | {two['wall']:.1f} s | {two['writer']:.1f} s | "
        f"{two['workers']:.1f} s | {total2:.1f} s |",
        "",
        f"With `--jobs 2` the same build takes {total2 / total1:.2f}x the CPU of one process "
        f"(pickling what the workers make, the pipes, the pool); two cores can at best "
        f"finish {total2:.1f} CPU seconds in {best:.1f} s, a bound of "
        f"{one['wall'] / best:.2f}x on the speed-up (measured here: "
        f"{one['wall'] / two['wall']:.2f}x).",
    ]


def spread(times: list[float]) -> str:
    return (
        f"{min(times):.1f} s | {statistics.median(times):.1f} s | {max(times):.1f} s"
        if times
        else "- | - | -"
    )


def main(argv: list[str] | None = None) -> int:
    args = arguments(10000, 3, argv, small=1000)
    build = [PYTHON, "-m", "kuril_data.cli", "build", "--dataset"]
    validate = [PYTHON, "-m", "kuril_data.cli", "validate"]
    naive_out = args.corpora / "naive-out"
    lines = [
        f"## Build of {args.articles} articles per corpus; peak memory",
        "",
        f"Machine: {machine()}",
        "",
        f"Command: `python scripts/bench_build.py --articles {args.articles} --small "
        f"{args.small} --repeat {args.repeat}` (cold processes, the four commands "
        f"interleaved, {args.repeat} rounds; every build starts from a corpus without "
        "outputs)",
    ]
    for kind in CORPORA:
        big = corpus(args.corpora / f"{kind}-{args.articles}", args.articles, 0, kind)
        small = corpus(args.corpora / f"{kind}-{args.small}", args.small, 0, kind)
        megabytes = sum(f.stat().st_size for f in (big / "articles").glob("*.json")) / 1e6
        times: dict[str, list[float]] = {"build": [], "build2": [], "validate": [], "naive": []}
        cmds = {
            "build": [*build, str(big)],
            "build2": [*build, str(big), "--jobs", "2"],
            "validate": [*validate, str(big)],
            "naive": [PYTHON, "-c", NAIVE, str(big), str(naive_out)],
        }
        mem: dict[tuple[str, str], float] = {}
        for _ in range(args.repeat):
            for key, cmd in cmds.items():
                fresh(big)
                seconds, peak = timed_peak(cmd)
                times[key].append(seconds)
                mem[(key, "big")] = max(peak, mem.get((key, "big"), 0.0))
                shutil.rmtree(naive_out, ignore_errors=True)
        med = {k: statistics.median(v) for k, v in times.items()}
        speed, speed2 = med["naive"] / med["build"], med["naive"] / med["build2"]
        scaling = med["build"] / med["build2"]
        for key, cmd in cmds.items():
            fresh(small)
            cmd = [small if part == str(big) else part for part in cmd]
            mem[(key, "small")] = timed_peak([str(part) for part in cmd])[1]
            shutil.rmtree(naive_out, ignore_errors=True)
        cpu = {}
        for jobs in (1, 2):
            fresh(big)
            cpu[jobs] = json.loads(
                subprocess.run(
                    [PYTHON, "-c", CPU, str(big), str(jobs)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
        fresh(big)
        profiled = json.loads(
            subprocess.run(
                [PYTHON, "-c", STAGES, str(big)], check=True, capture_output=True, text=True
            ).stdout
        )
        n = args.articles
        lines += corpus_table(kind, n, megabytes)
        for key, label in (
            ("build", "`kuril-data build` (validate, 8 tables, CSV, 2 views, metadata)"),
            ("build2", "`kuril-data build --jobs 2`"),
            ("validate", "`kuril-data validate` alone"),
            ("naive", "naive: parse, `from_pylist` + `write_table` (no validation, no CSV)"),
        ):
            lines.append(
                f"| {label} | {spread(times[key])} | {med[key] / n * 1e3:.2f} ms | "
                f"{med[key] / megabytes * 1e3:.0f} ms |"
            )
        lines += [
            "",
            "| target | measured (medians) | verdict |",
            "|---|---|---|",
            f"| build no slower than naive (aim 2x) | naive / build = {speed:.2f}x "
            f"(`--jobs 2`: {speed2:.2f}x) | {verdict(speed >= 1)} |",
            f"| `build --jobs 2` >= 1.7x one process | {scaling:.2f}x | "
            f"{verdict(scaling >= 1.7)} |",
            "",
            f"Peak resident memory (MiB), {args.small} vs {n} articles ({n}: the largest "
            f"of the timed runs above; {args.small}: one more run):",
            "",
            f"| command | {args.small} | {n} | ratio (<= 2x) |",
            "|---|---|---|---|",
        ]
        for cmd in ("build", "build2", "validate", "naive"):
            ratio = mem[(cmd, "big")] / mem[(cmd, "small")]
            target = "" if cmd == "naive" else " " + verdict(ratio <= 2)
            label = {
                "naive": "naive build (for contrast)",
                "build2": "`kuril-data build --jobs 2` (its largest process)",
            }.get(cmd, f"`kuril-data {cmd}`")
            lines.append(
                f"| {label} | {mem[(cmd, 'small')]:.0f} | {mem[(cmd, 'big')]:.0f} | "
                f"{ratio:.2f}x{target} |"
            )
        lines += cpu_lines(cpu, n)
        total = profiled["build"]
        share = {k: v / total * 100 for k, v in profiled.items()}
        lines += [
            "",
            f"Where a one-process build's time goes (cProfile of `build()` on the {n}"
            f"-article corpus, {total:.0f} s profiled, share of the profiled run; the profiler "
            f"slows Python code more than C, so shares are approximate). Made per article where it was validated "
            f"(in the workers with `--jobs`): validation (parse, structure, rules) "
            f"{share.get('validate', 0):.0f}%, table cells {share.get('cells', 0):.0f}%, "
            f"tokens and tags {share.get('tokens', 0):.0f}%, CSV lines "
            f"{share.get('csv', 0):.0f}%, document summaries "
            f"{share.get('summary', 0):.0f}%. Made by the one writing process: Arrow tables "
            f"and views from the cells {share.get('arrow', 0):.0f}%, Parquet writes "
            f"{share.get('parquet', 0):.0f}%, SHA-256 of every source and output for "
            f"SHA256SUMS {share.get('hashing', 0):.0f}% (of the sources alone, which reads "
            f"each source file a second time: {share.get('sources', 0):.1f}%); the rest is "
            "CSV and metadata writes and start-up.",
        ]
    write_section("build", "\n".join(lines), write=not args.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Full validation of both corpora (synthetic and full-size replicas) in cold processes:
one process against two (``--jobs 2``), against ``orjson.loads`` of the same files in a
cold process, and against python ``jsonschema`` structural validation alone.

    python scripts/bench_validate.py [--articles 2000] [--repeat 5] [--sample 10]
                                     [--corpora DIR] [--dry-run]

The commands run interleaved, ``--repeat`` rounds after one warm-up each; min / median /
max. Targets: at least 100x faster than jsonschema; ``--jobs 2`` at least 1.7x faster
than ``--jobs 1``. The parse-floor target is judged by ``bench_floor.py`` (one warm
process, same files): here cold processes' start-up is part of every time.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import (
    CORPORA,
    PYTHON,
    arguments,
    corpus,
    corpus_table,
    machine,
    run,
    verdict,
    write_section,
)

JSONSCHEMA = """
import json, sys, time
from pathlib import Path
from jsonschema import Draft202012Validator
root = Path(sys.argv[1])
files = sorted((root / 'articles').glob('*.json'))[::int(sys.argv[2])]
schema = json.loads(Path(sys.argv[3]).read_text())
v = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
start = time.perf_counter()
bad = sum(1 for f in files if next(v.iter_errors(json.loads(f.read_bytes())), None))
print(len(files), time.perf_counter() - start)
"""

CPU = """
import json, resource, sys, time
from pathlib import Path
from kuril_data import validate
from kuril_data.validation import _runner
def cpu(who):
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime
checking = []
results = _runner._results
def timed_results(*args, **kw):  # the phase in which the articles are checked
    start = time.perf_counter()
    try:
        yield from results(*args, **kw)
    finally:
        checking.append(time.perf_counter() - start)
_runner._results = timed_results
before = cpu(resource.RUSAGE_SELF)  # interpreter start-up and imports are not counted
start = time.perf_counter()
validate([Path(sys.argv[1])], jobs=int(sys.argv[2]))
wall = time.perf_counter() - start
parent = cpu(resource.RUSAGE_SELF) - before
print(json.dumps({"wall": wall, "checking": sum(checking), "parent": parent,
                  "workers": cpu(resource.RUSAGE_CHILDREN)}))
"""

ORJSON = """
import sys, orjson
from pathlib import Path
orjson.loads((Path(sys.argv[1]) / 'entities.json').read_bytes())
for f in sorted((Path(sys.argv[1]) / 'articles').glob('*.json')):
    orjson.loads(f.read_bytes())  # one at a time, as validate reads them
"""


def cpu_runs(folder: Path, repeat: int) -> dict[int, dict[str, float]]:
    """Medians over ``repeat`` interleaved cold runs of ``validate()`` with one and two
    jobs: the whole process's wall time, ``validate()``'s own wall time, the parent's CPU
    and the workers' CPU."""
    runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
    for _ in range(repeat):
        for jobs in runs:
            start = time.perf_counter()
            out = subprocess.run(
                [PYTHON, "-c", CPU, str(folder), str(jobs)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs[jobs].append({**json.loads(out), "process": time.perf_counter() - start})
    return {
        jobs: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for jobs, rs in runs.items()
    }


def cpu_lines(cpu: dict[int, dict[str, float]], repeat: int) -> list[str]:
    """What bounds ``--jobs 2``: start-up, the serial part of ``validate()`` (before and
    after the phase in which the articles are checked), that phase, and the CPU of the
    parent and the workers; the best time two cores could give."""
    one, two = cpu[1], cpu[2]
    rows = []
    for label, c in (("one process", one), ("`--jobs 2`", two)):
        total = c["parent"] + c["workers"]
        workers = f"{c['workers']:.2f} s" if c["workers"] else "-"
        rows.append(
            f"| {label} | {c['process']:.2f} s | {c['process'] - c['wall']:.2f} s | "
            f"{c['wall'] - c['checking']:.2f} s | {c['checking']:.2f} s | "
            f"{c['parent']:.2f} s | {workers} | {total:.2f} s |"
        )
    serial = two["process"] - two["checking"]
    best = serial + one["checking"] / 2
    return [
        "",
        f"Where the time goes, with one job and two (medians of {repeat} more cold runs of "
        "each, interleaved): start-up and exit is the process's wall time outside "
        "`validate()` (interpreter, imports, exit); serial is `validate()`'s wall time "
        "outside the phase in which the articles are checked (planning, the registry, "
        "the checks across files, the report); CPU is counted inside `validate()`:",
        "",
        "| validate | process wall | start-up and exit | serial in `validate()` | "
        "checking the articles | parent CPU | workers CPU | total CPU |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"With two jobs, {serial:.2f} s of the process are outside the checking phase. "
        f"If two cores halved that phase of one process ({one['checking']:.2f} s), the "
        f"run would take {serial:.2f} s + {one['checking'] / 2:.2f} s = {best:.2f} s: a "
        f"bound of {one['process'] / best:.2f}x on the speed-up (these runs: "
        f"{one['process'] / two['process']:.2f}x). The checking phase itself ran "
        f"{one['checking'] / two['checking']:.2f}x faster with two jobs, with "
        f"{(two['parent'] + two['workers']) / (one['parent'] + one['workers']):.2f}x the "
        "CPU of one process.",
    ]


def main(argv: list[str] | None = None) -> int:
    args = arguments(2000, 5, argv, sample=10)
    schema = Path(__file__).resolve().parents[1] / "schema" / "article.schema.json"
    lines = [
        f"## Validation of {args.articles} articles per corpus",
        "",
        f"Machine: {machine()}",
        "",
        f"Command: `python scripts/bench_validate.py --articles {args.articles} --repeat "
        f"{args.repeat} --sample {args.sample}` (cold processes, interleaved, "
        f"{args.repeat} rounds after a warm-up; jsonschema measured in-process on every "
        f"{args.sample}th file and scaled: it is the slowest by far)",
    ]
    for kind in CORPORA:
        folder = corpus(args.corpora / f"{kind}-{args.articles}", args.articles, 0, kind)
        files = sorted((folder / "articles").glob("*.json"))
        n, megabytes = len(files), sum(f.stat().st_size for f in files) / 1e6
        validate = [PYTHON, "-m", "kuril_data.cli", "validate", str(folder)]
        cmds = {
            "validate": validate,
            "validate -j 2": [*validate, "--jobs", "2"],
            "orjson": [PYTHON, "-c", ORJSON, str(folder)],
        }
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for cmd in cmds.values():
            run(cmd)
        for _ in range(args.repeat):
            for k, cmd in cmds.items():
                times[k].append(run(cmd))
        med = {k: statistics.median(v) for k, v in times.items()}
        out = subprocess.run(
            [PYTHON, "-c", JSONSCHEMA, str(folder), str(args.sample), str(schema)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        checked, seconds = int(out[0]), float(out[1])
        cpu = cpu_runs(folder, args.repeat)
        jsonschema_total = seconds / checked * n
        vs_js = jsonschema_total / med["validate"]
        speedup = med["validate"] / med["validate -j 2"]
        lines += corpus_table(kind, n, megabytes)
        for key, label in (
            ("validate", "`kuril-data validate` (structural + semantic, all errors)"),
            ("validate -j 2", "`kuril-data validate --jobs 2`"),
            ("orjson", "`orjson.loads` of the same files, cold process"),
        ):
            t = times[key]
            lines.append(
                f"| {label} | {min(t):.2f} s | {med[key]:.2f} s | {max(t):.2f} s | "
                f"{med[key] / n * 1e3:.2f} ms | {med[key] / megabytes * 1e3:.0f} ms |"
            )
        lines += [
            f"| python `jsonschema`, structure only ({checked} files, scaled) | - | "
            f"{jsonschema_total:.1f} s | - | {seconds / checked * 1e3:.1f} ms | "
            f"{jsonschema_total / megabytes * 1e3:.0f} ms |",
            "",
            "| target | measured (medians) | verdict |",
            "|---|---|---|",
            f"| >= 100x faster than jsonschema | {vs_js:.0f}x | {verdict(vs_js >= 100)} |",
            f"| `--jobs 2` >= 1.7x faster than `--jobs 1` | {speedup:.2f}x | "
            f"{verdict(speedup >= 1.7)} |",
            *cpu_lines(cpu, args.repeat),
        ]
    write_section("validate", "\n".join(lines), write=not args.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())

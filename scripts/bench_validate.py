"""Full validation of a synthetic corpus against python ``jsonschema`` structural
validation alone and against ``orjson.loads`` of the same files; 2 processes against 1.

    python scripts/bench_validate.py [--articles 2000] [--repeat 5] [--sample 200]

Targets: at least 100x faster than jsonschema; ``--jobs 2`` at least 1.7x faster than
``--jobs 1``. The parse-floor target is judged by ``bench_floor.py`` (one warm process,
same files): here cold processes' start-up would dominate the floor's time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import PYTHON, corpus, machine, medians, verdict, write_section

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

ORJSON = (
    "import sys, orjson; from pathlib import Path; "
    "[orjson.loads(f.read_bytes()) for f in "
    "sorted((Path(sys.argv[1]) / 'articles').glob('*.json'))]; "
    "orjson.loads((Path(sys.argv[1]) / 'entities.json').read_bytes())"
)


def main() -> int:
    import subprocess

    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/kd-bench-2k"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--sample", type=int, default=10, help="jsonschema checks every SAMPLE-th file (it is slow)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the section, leave BENCHMARKS.md alone"
    )
    args = parser.parse_args()
    folder = corpus(args.corpus, args.articles)
    n = len(list((folder / "articles").glob("*.json")))
    validate = [PYTHON, "-m", "kuril_data.cli", "validate", str(folder)]
    times = medians(
        {
            "validate": validate,
            "validate -j 2": [*validate, "--jobs", "2"],
            "orjson": [PYTHON, "-c", ORJSON, str(folder)],
        },
        args.repeat,
    )
    schema = Path(__file__).resolve().parents[1] / "schema" / "article.schema.json"
    out = subprocess.run(
        [PYTHON, "-c", JSONSCHEMA, str(folder), str(args.sample), str(schema)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    checked, seconds = int(out[0]), float(out[1])
    jsonschema_total = seconds / checked * n
    per = {k: v / n * 1e3 for k, v in times.items()}
    vs_js = jsonschema_total / times["validate"]
    speedup = times["validate"] / times["validate -j 2"]
    lines = [
        f"## Validation of {n} synthetic articles",
        "",
        f"Machine: {machine()}",
        "",
        f"Command: `python scripts/bench_validate.py --articles {args.articles}` "
        f"(cold processes, median of {args.repeat}; jsonschema measured in-process on "
        f"every {args.sample}th file ({checked} files) and scaled to {n}: it is the "
        "slowest by far)",
        "",
        "| run | total | per article |",
        "|---|---|---|",
        f"| `kuril-data validate` (structural + semantic, all errors) | "
        f"{times['validate']:.2f} s | {per['validate']:.2f} ms |",
        f"| `kuril-data validate --jobs 2` | {times['validate -j 2']:.2f} s | "
        f"{per['validate -j 2']:.2f} ms |",
        f"| python `jsonschema` structural only (Draft 2020-12, formats) | "
        f"{jsonschema_total:.1f} s (est.) | {seconds / checked * 1e3:.1f} ms |",
        f"| `orjson.loads` of the same files, cold process (start-up included) | {times['orjson']:.2f} s | "
        f"{per['orjson']:.2f} ms |",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| >= 100x faster than jsonschema | {vs_js:.0f}x | {verdict(vs_js >= 100)} |",
        f"| `--jobs 2` >= 1.7x faster than `--jobs 1` | {speedup:.2f}x | "
        f"{verdict(speedup >= 1.7)} |",
    ]
    write_section("validate", "\n".join(lines), write=not args.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())

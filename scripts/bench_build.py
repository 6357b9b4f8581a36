"""``kuril-data build`` of a large synthetic corpus against the naive build of the same
rows (parse every article, ``Table.from_pylist`` per table, ``write_table``); and peak
memory of build and validate on the large corpus against a 10x smaller one.

    python scripts/bench_build.py [--articles 10000] [--small 1000]

Targets: build no slower than naive (aim 2x); peak memory at most 2x for 10x the articles.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import PYTHON, corpus, machine, peak_rss_mib, run, verdict, write_section

NAIVE = """
import sys, time
from pathlib import Path
import pyarrow as pa, pyarrow.parquet as pq
from kuril_data.publish.build import PARQUET_OPTIONS
from kuril_data.models import ArticleFile, EntitiesFile
from kuril_data.publish.tables import TABLE_NAMES, TABLES, Corpus, _rows
src, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
articles = [ArticleFile.model_validate_json(f.read_bytes())
            for f in sorted((src / 'articles').glob('*.json'))]
corpus = Corpus(articles, EntitiesFile.model_validate_json((src / 'entities.json').read_bytes()))
for name in TABLE_NAMES:
    spec = TABLES[name]
    rows = [{c.name: c.cell(doc, rec) for c in spec.columns} for doc, rec in _rows(name, corpus)]
    table = pa.Table.from_pylist(rows, schema=spec.schema())
    pq.write_table(table, out / f'{name}.parquet', **PARQUET_OPTIONS)
"""


def fresh(folder: Path) -> None:
    for name in ("parquet", "README.md", "croissant.json", "datapackage.json", "SHA256SUMS"):
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/kd-bench-10k"))
    parser.add_argument("--small-corpus", type=Path, default=Path("/tmp/kd-bench-1k"))
    parser.add_argument(
        "--dry-run", action="store_true", help="print the section, leave BENCHMARKS.md alone"
    )
    args = parser.parse_args()
    big = corpus(args.corpus, args.articles)
    small = corpus(args.small_corpus, args.small)
    build = [PYTHON, "-m", "kuril_data.cli", "build", "--dataset"]
    validate = [PYTHON, "-m", "kuril_data.cli", "validate"]
    naive_out = Path("/tmp/kd-bench-naive")

    fresh(big)
    t_build = run([*build, str(big)])
    fresh(big)
    t_build_2 = run([*build, str(big), "--jobs", "2"])
    t_validate = run([*validate, str(big)])
    t_naive = run([PYTHON, "-c", NAIVE, str(big), str(naive_out)])
    shutil.rmtree(naive_out, ignore_errors=True)
    tables_only = t_build - t_validate

    mem = {}
    for label, folder in (("small", small), ("big", big)):
        fresh(folder)
        mem[("build", label)] = peak_rss_mib([*build, str(folder)])
        mem[("validate", label)] = peak_rss_mib([*validate, str(folder)])
    mem[("naive", "small")] = peak_rss_mib([PYTHON, "-c", NAIVE, str(small), str(naive_out)])
    mem[("naive", "big")] = peak_rss_mib([PYTHON, "-c", NAIVE, str(big), str(naive_out)])
    shutil.rmtree(naive_out, ignore_errors=True)

    speed = t_naive / t_build
    lines = [
        f"## Build of {args.articles} synthetic articles; peak memory",
        "",
        f"Machine: {machine()}",
        "",
        f"Command: `python scripts/bench_build.py --articles {args.articles} --small "
        f"{args.small}` (one cold run each: these runs take minutes)",
        "",
        "| run | wall time |",
        "|---|---|",
        f"| `kuril-data build` (validate, then stream 8 tables, metadata, SHA256SUMS) | "
        f"{t_build:.1f} s |",
        f"| `kuril-data build --jobs 2` | {t_build_2:.1f} s |",
        f"| of which validation (`kuril-data validate` alone) | {t_validate:.1f} s |",
        f"| build minus validation (parse, columnar tables, write) | {tables_only:.1f} s |",
        f"| naive: parse every article, `Table.from_pylist` + `write_table` per table "
        f"(no validation) | {t_naive:.1f} s |",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| build no slower than naive (aim 2x) | naive / build = {speed:.2f}x "
        f"(tables stage alone: {t_naive / tables_only:.2f}x; `--jobs 2`: "
        f"{t_naive / t_build_2:.2f}x) | {verdict(speed >= 1)} |",
    ]
    lines += [
        "",
        f"Peak resident memory (MiB), {args.small} vs {args.articles} articles:",
        "",
        f"| command | {args.small} | {args.articles} | ratio (<= 2x) |",
        "|---|---|---|---|",
    ]
    for cmd in ("build", "validate", "naive"):
        ratio = mem[(cmd, "big")] / mem[(cmd, "small")]
        target = "" if cmd == "naive" else " " + verdict(ratio <= 2)
        label = {"naive": "naive from_pylist build (for contrast)"}.get(cmd, f"`kuril-data {cmd}`")
        lines.append(
            f"| {label} | {mem[(cmd, 'small')]:.0f} | {mem[(cmd, 'big')]:.0f} | "
            f"{ratio:.2f}x{target} |"
        )
    write_section("build", "\n".join(lines), write=not args.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())

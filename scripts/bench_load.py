"""Cold ``load_dataset()`` + every table, against ``pq.ParquetFile(f).read()`` of the same
files and ``datasets.load_dataset`` of the same tables.

    python scripts/bench_load.py [--repeat 9] [--dataset dataset] [--corpus /tmp/kd-2k]

Targets: at most 1.15x the pyarrow floor; at least 5x faster than ``datasets``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import PYTHON, ROOT, corpus, machine, medians, verdict, write_section  # noqa: E402

TABLES = ("documents", "paragraphs", "entities", "mentions", "quotes", "events",
          "event_participants", "facts")


def commands(folder: Path, cache: Path) -> dict[str, list[str]]:
    files = [str(folder / "parquet" / f"{t}.parquet") for t in TABLES]
    return {
        "load_dataset": [PYTHON, "-c", "import sys; from kuril_data import load_dataset; "
                         "ds = load_dataset(sys.argv[1]); [ds[n].num_rows for n in ds]",
                         str(folder)],
        "load_dataset(verify=False)": [
            PYTHON, "-c", "import sys; from kuril_data import load_dataset; "
            "ds = load_dataset(sys.argv[1], verify=False); [ds[n].num_rows for n in ds]",
            str(folder)],
        "ParquetFile.read": [PYTHON, "-c", "import sys, pyarrow.parquet as pq; "
                             "[pq.ParquetFile(f).read().num_rows for f in sys.argv[1:]]",
                             *files],
        "datasets.load_dataset": [PYTHON, "-c", "import sys, datasets; "
                                  "datasets.disable_progress_bars(); "
                                  "[datasets.load_dataset(sys.argv[1], n, split='train', "
                                  "cache_dir=sys.argv[2]).num_rows for n in sys.argv[3:]]",
                                  str(folder), str(cache), *TABLES],
    }


def measure(folder: Path, repeat: int) -> tuple[dict[str, float], list[str]]:
    with tempfile.TemporaryDirectory() as cache:
        cmds = commands(folder, Path(cache))
        times = medians(cmds, repeat, env=_env())
    return times, cmds["load_dataset"]


def _env() -> dict:
    import os

    return {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--dataset", type=Path, default=ROOT / "dataset")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/kd-bench-2k"))
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    folders = {"packaged dataset (1 article)": args.dataset}
    built = corpus(args.corpus, args.articles)
    if not (built / "SHA256SUMS").exists():
        subprocess.run([PYTHON, "-m", "kuril_data.cli", "build", "--dataset", str(built)],
                       check=True, stdout=subprocess.DEVNULL)
    folders[f"synthetic corpus ({args.articles} articles, built)"] = built
    lines = ["## Load: cold `load_dataset()` + every table", "",
             f"Machine: {machine()}", "",
             "Command: `python scripts/bench_load.py` (medians of "
             f"{args.repeat} cold processes each, interleaved, after one warm-up; "
             "`datasets` reads through a warm cache, its fastest case)", "",
             "| data | load_dataset | load_dataset(verify=False) | ParquetFile.read (floor) | "
             "datasets.load_dataset | vs floor (<= 1.15x) | datasets / ours (>= 5x) |",
             "|---|---|---|---|---|---|---|"]
    for label, folder in folders.items():
        t, _ = measure(folder, args.repeat)
        floor = t["load_dataset"] / t["ParquetFile.read"]
        speed = t["datasets.load_dataset"] / t["load_dataset"]
        lines.append(f"| {label} | {t['load_dataset'] * 1e3:.0f} ms | "
                     f"{t['load_dataset(verify=False)'] * 1e3:.0f} ms | "
                     f"{t['ParquetFile.read'] * 1e3:.0f} ms | "
                     f"{t['datasets.load_dataset'] * 1e3:.0f} ms | {floor:.2f}x "
                     f"{verdict(floor <= 1.15)} | {speed:.1f}x {verdict(speed >= 5)} |")
    lines += ["", "`load_dataset()` verifies checksums (every listed file except the "
              "article sources, which it never reads) and reads each table with "
              "`pq.ParquetFile(f).read()` from the bytes it hashed; `verify=False` shows what the "
              "SHA-256 pass costs."]
    write_section("load", "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``kuril-data build [--check] [--dataset DIR] [--jobs N] [--partition-by KEY --out DIR]``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from kuril_data.cli._console import Console
from kuril_data.exceptions import InputError, StaleError
from kuril_data.publish.build import PARTITION_KEYS, build, build_partitioned, stale_outputs


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], positive_int: Callable[[str], int]
) -> None:
    p = sub.add_parser(
        "build", help="build Parquet tables, metadata and SHA256SUMS from the canonical JSON"
    )
    p.add_argument(
        "--check", action="store_true", help="write nothing; fail naming the outputs that are stale"
    )
    p.add_argument("--dataset", metavar="DIR", help="dataset folder (default: ./dataset)")
    p.add_argument(
        "--jobs",
        "-j",
        type=positive_int,
        default=1,
        metavar="N",
        help="validate the input and prepare its rows in N processes (default: 1)",
    )
    p.add_argument(
        "--partition-by",
        choices=PARTITION_KEYS,
        default=None,
        help="write hive-partitioned tables under --out instead (large corpora)",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        help="output folder for --partition-by: new, empty, or an earlier output of --partition-by",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    dataset = Path(args.dataset) if args.dataset else Path.cwd() / "dataset"
    if args.partition_by is not None:
        if args.out is None:
            raise InputError(
                "--partition-by needs --out DIR (the packaged layout of "
                "dataset/parquet is not partitioned)"
            )
        out = Path(args.out)
        written = build_partitioned(dataset, args.partition_by, out, jobs=args.jobs)
        rows = ", ".join(f"{n}={t.num_rows}" for n, t in written.tables.items())
        console.out(f"{out}: tables partitioned by {args.partition_by} ({rows})")
        return 0
    if args.check:
        stale = stale_outputs(dataset, jobs=args.jobs)
        for rel in stale:
            console.err(f"{dataset / rel}: stale; run `kuril-data build` to regenerate it")
        if stale:
            raise StaleError(stale)
        console.err(f"{dataset}: up to date")
        return 0
    changed = build(dataset, jobs=args.jobs)
    for rel in changed:
        console.out(f"{dataset / rel}: written")
    if not changed:
        console.out(f"{dataset}: up to date")
    return 0

"""``kuril-data info``: what the dataset is, how big, which versions, whether it is intact."""

from __future__ import annotations

import sys


def info_command(path: str | None) -> int:
    """Print a summary of the dataset at ``path`` (default: the packaged copy)."""
    from kuril_data.load import DatasetError, load_dataset

    try:
        ds = load_dataset(path, verify=False)
        docs = ds["documents"].to_pylist()
        counts = ds.counts()
        meta = ds.metadata()
    except DatasetError as exc:
        print(f"kuril-data info: {exc}", file=sys.stderr)
        return 2
    problems = ds.verify()
    print(f"kuril-data dataset {meta.get('dataset_version', '?')} "
          f"(schema {meta.get('schema_version', '?')}) at {ds.path}")
    for d in docs:
        print(f"  {d['title']}")
        where = (f"source: {d['source_url']}" if d["source_url"] else
                 f"original not found; republished at {d['republication_url']}"
                 if d["republication_url"] else "source: unknown")
        print(f"    {d['doc_id']}, published {d['published'].isoformat()}, {where}")
    print("tables:")
    width = max(len(n) for n in counts)
    for name, n in counts.items():
        print(f"  {name:<{width}}  {n:>6} rows")
    if problems:
        print("checksums: FAILED")
        for p in problems:
            print(f"  {p}")
        return 1
    print("checksums: OK (every file matches SHA256SUMS)")
    return 0

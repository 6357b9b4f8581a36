"""``kuril-data export --format csv|jsonl``: every table for tools that do not read Parquet.

CSV: one file per table with a header; list and struct cells are JSON text, nulls are
empty. JSON Lines: one object per row, dates as ISO strings. Rows keep the table order.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_table(table, path: Path, fmt: str) -> None:
    rows = table.to_pylist()
    with path.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "jsonl":
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        else:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(table.column_names)
            for row in rows:
                writer.writerow([_csv_cell(v) for v in row.values()])


def export_command(fmt: str, out: str, path: str | None) -> int:
    """Write every table of the dataset at ``path`` to ``out/<table>.<fmt>``."""
    from kuril_data.load import DatasetError, load_dataset

    try:
        ds = load_dataset(path)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for name in ds:
            target = folder / f"{name}.{fmt}"
            write_table(ds[name], target, fmt)
            print(f"{target}: {ds[name].num_rows} rows")
    except DatasetError as exc:
        print(f"kuril-data export: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"kuril-data export: cannot write {exc.filename}: {exc.strerror}",
              file=sys.stderr)
        return 2
    return 0

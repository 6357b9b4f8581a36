"""Tables as CSV or JSON Lines, for tools that do not read Parquet.

CSV: one file per table with a header; list and struct cells are JSON text, booleans
``true``/``false``, dates ISO 8601, nulls empty. A text cell that a spreadsheet would run
as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading apostrophe, as OWASP recommends against CSV injection. JSON Lines: one object per
row, dates as ISO strings, every value as it is. Rows keep the table order.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from kuril_data._files import temporary_file

FORMATS = ("csv", "jsonl")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def csv_cell(value: Any, spreadsheet_safe: bool = True) -> Any:
    """The CSV text of one cell; with ``spreadsheet_safe`` a would-be formula gets a
    leading apostrophe (the published CSV tables keep the values exactly)."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if spreadsheet_safe and isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_table(table: Any, path: Path, fmt: str) -> int:
    """Write a pyarrow Table to ``path`` as ``fmt`` ('csv' or 'jsonl'), atomically (a
    failed write leaves no partial file); return the number of rows."""
    rows = table.to_pylist()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_file(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            if fmt == "jsonl":
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
            else:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(table.column_names)
                for row in rows:
                    writer.writerow([csv_cell(v) for v in row.values()])
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(rows)


def write_parquet_as_csv(source: Path, path: Path) -> None:
    """The published CSV copy of a Parquet table: values exactly as in the table (lists and
    structs as JSON, booleans ``true``/``false``, dates ISO 8601, nulls empty: what
    ``csv_cell(v, spreadsheet_safe=False)`` gives), streamed one row group at a time so
    memory does not grow with the corpus, converted a column at a time."""
    import pyarrow.parquet as pq  # heavy: only the build needs it

    parquet = pq.ParquetFile(source)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(parquet.schema_arrow.names)
        for batch in parquet.iter_batches():
            writer.writerows(zip(*(_csv_column(c) for c in batch.columns), strict=True))


def _csv_column(array: Any) -> list[Any]:
    """The CSV cells of one Arrow column (``csv_cell`` with the type test done once)."""
    import pyarrow as pa

    kind = array.type
    values = array.to_pylist()
    if pa.types.is_list(kind) or pa.types.is_struct(kind):
        dumps = json.dumps
        return [
            "" if v is None else dumps(v, ensure_ascii=False, default=_json_default) for v in values
        ]
    if pa.types.is_boolean(kind):
        return ["" if v is None else ("true" if v else "false") for v in values]
    if pa.types.is_date(kind):
        return ["" if v is None else v.isoformat() for v in values]
    return ["" if v is None else v for v in values]

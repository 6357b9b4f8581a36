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
import io
import json
import os
from pathlib import Path
from typing import Any

from kuril_data._files import temporary_file

FORMATS = ("csv", "jsonl")
_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps(v, ensure_ascii=False), made once
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


def csv_header(names: list[str]) -> str:
    """The header line of a CSV copy."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(names)
    return buffer.getvalue()


def csv_rows(types: list[Any], columns: list[list[Any]]) -> str:
    """The CSV lines of a published table's rows, given column by column as the JSON cells
    the table is built from (``types``: each column's Arrow type; a date column's cells
    are its ISO text). Each cell is ``csv_cell(v, spreadsheet_safe=False)`` of the value
    the Parquet table holds: values exactly (lists as JSON, each struct item with every
    field of its type in order, a missing one null; booleans ``true``/``false``;
    dates ISO 8601; nulls empty). Made from the cells, so a worker process can make them
    without building the table."""
    buffer = io.StringIO()
    cells = (_csv_column(kind, values) for kind, values in zip(types, columns, strict=True))
    csv.writer(buffer, lineterminator="\n").writerows(zip(*cells, strict=True))
    return buffer.getvalue()


def _csv_column(kind: Any, values: list[Any]) -> list[Any]:
    """The CSV cells of one column (``csv_cell`` with the type test done once). Lists of
    scalars or of flat structs are written as JSON; other nested types have no CSV form
    here (no published column has one)."""
    import pyarrow as pa  # heavy: only the build needs it

    if pa.types.is_list(kind):
        item = kind.value_type
        if pa.types.is_struct(item) and not any(pa.types.is_nested(f.type) for f in item):
            names = [f.name for f in item]
            values = [
                None if v is None else [{n: i.get(n) for n in names} for i in v] for v in values
            ]
        elif pa.types.is_nested(item):
            raise ValueError(f"no CSV form for a column of type {kind}")
        dumps = _JSON.encode
        return ["" if v is None else dumps(v) for v in values]
    if pa.types.is_nested(kind):
        raise ValueError(f"no CSV form for a column of type {kind}")
    if pa.types.is_boolean(kind):
        return ["" if v is None else ("true" if v else "false") for v in values]
    return ["" if v is None else v for v in values]

"""Corpus validation and the partitioned build as Spark jobs (extra ``spark``).

- :func:`validate_corpus` gives the same :class:`~kuril_data.validation.Report` as
  ``kuril-data validate``: each article file is checked by a Spark task (a map over the
  files; a task needs only its file and the entity registry, which travels with the task),
  and the checks across files are DataFrame aggregations: id hashes defined more than once
  (``groupBy``), the entities mentioned and the unsourced aliases used (``distinct``). The
  driver then words the findings exactly as the local run does.
- :func:`build_partitioned` writes the same hive-partitioned tables as
  ``kuril-data build --partition-by KEY --out DIR``, row for row, with the same code as
  the local build, after validating the corpus on Spark. Each article is then parsed
  once for every table: a first ``mapInArrow`` over the files makes every table's rows
  and stages them as Arrow IPC files in a folder inside the output; one ``mapInArrow``
  per table then reads its files back, and Spark writes them with ``partitionBy``
  (``entities`` is unpartitioned). The staging folder is removed before the output is
  put in place; its files are uncompressed, so the output's file system needs room for
  the tables as they are in memory. Files are named by Spark
  (``part-00000-....parquet``) and carry no column descriptions (Spark drops Arrow field
  metadata).

Paths must be readable by every executor (a local path on ``local[N]``, a shared file
system on a cluster). Use :func:`local_session` for a session on this machine."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from kuril_data.validation import DEFAULT_MAX_BYTES, DEFAULT_MAX_ERRORS, Report
from kuril_data.validation._reading import Source, plan
from kuril_data.validation._runner import CorpusSummary, Engine, _Result, run


def local_session(cores: int = 2, app: str = "kuril-data") -> Any:
    """A Spark session on this machine with ``cores`` worker threads (``local[cores]``)."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(max(2, cores)))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def _strip(r: _Result) -> _Result:
    return replace(r, ids=None, mentioned=frozenset(), aliases=frozenset())


def _ids(r: _Result) -> list[tuple[int, int]]:
    return [(int(h), r.index) for h in (r.ids or ())]


def spark_engine(spark: Any, partitions: int | None = None) -> Engine:
    """A validation engine that checks the articles on Spark executors."""

    def engine(
        check: Any, articles: list[tuple[int, Source]], hashes: Any, owners: Any
    ) -> tuple[Iterable[_Result], CorpusSummary]:
        from pyspark.sql import functions as F

        sc = spark.sparkContext
        slices = max(1, min(len(articles), partitions or sc.defaultParallelism * 4))
        checked = sc.parallelize(articles, slices).map(check).cache()
        try:
            registry = [(int(h), int(o)) for h, o in zip(hashes, owners)]
            ids = spark.createDataFrame(
                checked.flatMap(_ids).union(sc.parallelize(registry, 1)), "h long, file long"
            )
            repeated = (
                ids.groupBy("h")
                .agg(F.count("*").alias("n"), F.collect_set("file").alias("files"))
                .where("n > 1")
                .collect()
            )
            mentioned = spark.createDataFrame(
                checked.flatMap(lambda r: [(m,) for m in r.mentioned]), "entity_id string"
            ).distinct()
            aliases = spark.createDataFrame(
                checked.flatMap(lambda r: [(a,) for a in r.aliases]), "alias string"
            ).distinct()
            summary = CorpusSummary(
                wanted={row.h for row in repeated},
                involved={int(f) for row in repeated for f in row.files},
                mentioned={row.entity_id for row in mentioned.collect()},
                used_aliases={row.alias for row in aliases.collect()},
            )
            results = sorted(checked.map(_strip).collect(), key=lambda r: r.index)
        finally:
            checked.unpersist()
        return results, summary

    return engine


def validate_corpus(
    spark: Any,
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_errors: int = DEFAULT_MAX_ERRORS,
    partitions: int | None = None,
) -> Report:
    """Validate files or dataset folders on Spark; the same report as
    :func:`kuril_data.validation.validate` on the same paths."""
    targets, io_errors = plan(list(paths), max_bytes=max_bytes, max_errors=max_errors)
    return run(targets, io_errors, engine=spark_engine(spark, partitions))


STAGE_ARTICLES = 64
"""Articles whose rows one staging step writes together, per table."""


def _stage(key: str, staging: str) -> Any:
    """The mapInArrow function that parses each article of a batch of paths once and
    writes every table's rows for it (with the partition column ``key``) to Arrow IPC
    files under ``staging``; it yields one row (table, file, rows) per file."""

    def stage(paths: Iterator[Any]) -> Iterator[Any]:
        import uuid

        import pyarrow as pa

        from kuril_data._layout import TABLE_NAMES
        from kuril_data.publish.build import _join_columns, _partition
        from kuril_data.publish.tables import Corpus, table_cells, table_from_cells

        names = [n for n in TABLE_NAMES if n != "entities"]
        for batch in paths:
            files = batch.column("path").to_pylist()
            for start in range(0, len(files), STAGE_ARTICLES):
                articles = [
                    json.loads(Path(f).read_bytes()) for f in files[start : start + STAGE_ARTICLES]
                ]
                parts = [_partition(a["document"], key) for a in articles]
                written: dict[str, list[Any]] = {"table": [], "file": [], "rows": []}
                for name in names:
                    cells = [table_cells(name, Corpus([a], [])) for a in articles]
                    table = table_from_cells(name, _join_columns(cells))
                    column = [p for p, c in zip(parts, cells, strict=True) for _ in c[0]]
                    table = table.append_column(key, pa.array(column, pa.string()))
                    target = str(Path(staging) / f"{name}-{uuid.uuid4().hex}.arrow")
                    with pa.OSFile(target, "wb") as sink, pa.ipc.new_file(sink, table.schema) as w:
                        w.write_table(table)
                    written["table"].append(name)
                    written["file"].append(target)
                    written["rows"].append(table.num_rows)
                yield pa.RecordBatch.from_pydict(written)

    return stage


def _unstage(batches: Iterator[Any]) -> Iterator[Any]:
    """The mapInArrow function that reads staged files back as the table's batches."""
    import pyarrow as pa

    for batch in batches:
        for target in batch.column("file").to_pylist():
            with pa.memory_map(target) as source:
                yield from pa.ipc.open_file(source).read_all().to_batches()


def build_partitioned(spark: Any, dataset: Path, key: str, out: Path) -> dict[str, int]:
    """Write hive-partitioned tables of a valid dataset under ``out`` with Spark (refusing
    an ``out`` the local partitioned build would refuse); return rows per table."""
    import pyarrow as pa
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    from kuril_data._layout import TABLE_NAMES
    from kuril_data.exceptions import InputError
    from kuril_data.models.reading import read_entities
    from kuril_data.publish.build import (
        PARTITION_KEYS,
        check_out,
        refuse_invalid,
        replacing,
        source_files,
    )
    from kuril_data.publish.tables import TABLES, Corpus, build_table, entity_rows

    if key not in PARTITION_KEYS:
        raise InputError(f"cannot partition by {key!r}; use one of {', '.join(PARTITION_KEYS)}")
    files = source_files(dataset)
    check_out(dataset, out)
    refuse_invalid(validate_corpus(spark, [dataset]))
    entities = entity_rows(read_entities(files[0]))
    rows: dict[str, int] = {}
    with replacing(out, "kuril_data.spark.build_partitioned") as work:
        staging = work / ".staging"
        staging.mkdir()
        paths = spark.createDataFrame([(str(p),) for p in files[1:]], "path string")
        paths = paths.repartition(
            max(1, min(len(files) - 1, spark.sparkContext.defaultParallelism))
        )
        staged = paths.mapInArrow(
            _stage(key, str(staging)), "table string, file string, rows long"
        ).cache()
        try:
            rows = {
                row.table: int(row.n)
                for row in staged.groupBy("table").agg(F.sum("rows").alias("n")).collect()
            }
            for name in TABLE_NAMES:
                if name == "entities":
                    table = build_table(name, Corpus([], entities))
                    df = spark.createDataFrame(table)
                    df.coalesce(1).write.parquet(str(work / name))
                    rows[name] = table.num_rows
                    continue
                schema = TABLES[name].schema().append(pa.field(key, pa.string()))
                df = staged.where(F.col("table") == name).select("file")
                df = df.mapInArrow(_unstage, from_arrow_schema(schema))
                df.write.partitionBy(key).parquet(str(work / name))
                rows.setdefault(name, 0)
        finally:
            staged.unpersist()
            shutil.rmtree(staging, ignore_errors=True)
    return rows

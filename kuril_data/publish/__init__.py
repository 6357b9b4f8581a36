"""Publishing: canonical JSON -> Parquet tables and their descriptors.

- :mod:`.tables`: every published column, its Arrow type and model field; records <-> tables;
- :mod:`.build`: the deterministic, atomic, streaming build (and the partitioned build);
- :mod:`.descriptors`: the dataset card, Croissant and datapackage, generated;
- :mod:`.export`: tables as CSV or JSON Lines for tools that do not read Parquet.
"""

"""The DuckDB warehouse: schema, atomic writes, the build lock and lineage."""

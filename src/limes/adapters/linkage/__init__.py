"""Bulk record linkage of the registry with Splink (DuckDB by default, Spark for a registry
of tens of millions): comparisons of Arabic name chains through ``limes.names`` and of
partial dates of birth, clusters of suspected duplicates for a supervisor's review."""

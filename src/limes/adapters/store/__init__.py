"""The relational store: SQLite (WAL) by default, PostgreSQL when the settings say so."""

"""Alembic environment: always run with a connection handed in by limes.adapters.store.schema."""

from __future__ import annotations

from alembic import context

from limes.adapters.store.tables import all_tables, metadata

all_tables()  # register every context's tables for autogenerate

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    # One transaction for the whole upgrade: a failure leaves the database as it was.
    transactional_ddl=True,
    transaction_per_migration=False,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()

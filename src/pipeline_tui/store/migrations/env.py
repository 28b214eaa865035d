"""Alembic environment: runs on the connection pipeline-tui hands over, inside its transaction."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("pipeline-tui migrations run through pipeline_tui.store.migrate.upgrade")

# Batch mode (copy and swap a table) is how SQLite alters tables; PostgreSQL alters in place.
context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()

"""Alembic environment: migrations run on the connection `storage.migrate` hands in."""

from alembic import context
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.migrate import include_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations with `angrycall migrate`, which supplies the connection.")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()

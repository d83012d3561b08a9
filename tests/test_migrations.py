"""The migrations build exactly the schema the models describe (on every test database)."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lp.extensions import db as _db


def test_models_and_migrations_do_not_drift_apart(db):
    with _db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, _db.metadata)
    assert differences == [], f"run scripts/regenerate-initial-migration.sh: {differences}"

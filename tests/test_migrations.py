"""`flask db upgrade` on an empty database builds exactly the schema the models describe."""

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from config import TestConfig


@pytest.fixture
def empty_database_url(app, tmp_path):
    """A new empty database on the same server as the suite's (a file when the suite runs on SQLite)."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    name = f"vangnet_migrations_{uuid.uuid4().hex[:8]}"
    server = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield server.url.set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()


def test_upgrade_builds_the_whole_schema_and_downgrade_removes_it(empty_database_url):
    class MigrationConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    migrated = create_app(MigrationConfig)
    with migrated.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_the_database_itself_refuses_to_change_the_audit_log(empty_database_url):
    """The app never changes audit rows; a trigger refuses it to anyone else with database access too."""
    engine = sa.create_engine(empty_database_url)

    class MigrationConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    migrated = create_app(MigrationConfig)
    with migrated.app_context():
        upgrade()
        db.engine.dispose()
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO audit_event (at, action) VALUES (CURRENT_TIMESTAMP, 'auth.sign_in')"))
    for statement in ("UPDATE audit_event SET detail = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(sa.text(statement))
    engine.dispose()



@pytest.mark.services
def test_on_postgresql_an_upgrade_leaves_statistics_for_the_planner():
    """A new column has no statistics until ANALYZE; `flask db upgrade` runs it when a migration ran."""
    name = f"vangnet_analyse_{uuid.uuid4().hex[:8]}"
    server = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))

    class MigrationConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"postgresql+psycopg://postgres@127.0.0.1/{name}"

    try:
        with create_app(MigrationConfig).app_context():
            upgrade()
            analysed = db.session.scalar(sa.text(
                "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'activity' AND last_analyze IS NOT NULL"))
            db.session.remove()
            db.engine.dispose()
    finally:
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        server.dispose()
    assert analysed == 1

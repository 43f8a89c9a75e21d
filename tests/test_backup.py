"""deploy/backup.sh and deploy/restore.sh: a backup that has not been restored is not a backup. The
dump of a migrated database with data restores into an empty one with every row, the schema version and
the audit log's append-only trigger."""

import os
import subprocess
import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from config import BASE_DIR, TestConfig

SERVER = "postgresql://postgres@127.0.0.1"


@pytest.fixture
def two_databases():
    names = [f"vangnet_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    server = sa.create_engine(f"{SERVER.replace('postgresql', 'postgresql+psycopg')}/postgres",
                              isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        for name in names:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield [f"{SERVER}/{name}" for name in names]
    with server.connect() as connection:
        for name in names:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()


def script(name: str, url: str, *args: str) -> str:
    done = subprocess.run([str(BASE_DIR / "deploy" / name), *args], env={**os.environ, "DATABASE_URL": url},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        tables = sa.inspect(connection).get_table_names()
        found = {t: connection.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}
    engine.dispose()
    return found


@pytest.mark.services
def test_a_backup_restores_into_an_empty_database_with_every_row(two_databases, tmp_path):
    source, restored = two_databases

    class Source(TestConfig):
        SQLALCHEMY_DATABASE_URI = source.replace("postgresql://", "postgresql+psycopg://")

    app = create_app(Source)
    with app.app_context():
        upgrade()
        app.test_cli_runner().invoke(args=["demo", "load"])
        db.session.execute(sa.text("INSERT INTO audit_event (at, action) VALUES (CURRENT_TIMESTAMP, 'x')"))
        db.session.commit()
        db.engine.dispose()
    dump = script("backup.sh", source, str(tmp_path / "backups"))
    assert dump.endswith(".dump") and oct(os.stat(tmp_path / "backups").st_mode)[-3:] == "700"
    script("restore.sh", restored, dump)
    before, after = counts(source), counts(restored)
    assert after == before and before["place"] > 0 and before["alembic_version"] == 1
    engine = sa.create_engine(restored.replace("postgresql://", "postgresql+psycopg://"))
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_event"))
    engine.dispose()

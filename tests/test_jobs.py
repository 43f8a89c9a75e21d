"""`flask --app wsgi jobs run`: every job once (drafts purge, retention), idempotent, one log line of
counts only, and one lock row that lets only one of two runs work, also two processes at once on one
PostgreSQL."""

import datetime as dt
import json
import os
import subprocess
import sys
import time
import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app, jobs
from app.extensions import db
from app.models import BuddyRequest, Draft, JobLock, Municipality, Neighbourhood, utcnow
from config import BASE_DIR, Config

NOW = dt.datetime(2026, 12, 2, 3, 0)


@pytest.fixture
def due(delft, make_request):
    """Two drafts of two days ago, one of an hour ago, and a request closed two years ago."""
    db.session.add_all([
        Draft(id=f"old-{i}", kind="buddy", answers=json.dumps({"name": {"first_name": "Fenna"}}),
              submission_token=f"t{i}", created_at=NOW - dt.timedelta(days=2)) for i in range(2)])
    db.session.add(Draft(id="young", kind="buddy", answers="{}", submission_token="y",
                         created_at=NOW - dt.timedelta(hours=1)))
    row = make_request(delft, status="closed", closed_at=NOW - dt.timedelta(days=730), phone="+31612345678")
    db.session.commit()
    return row


def test_a_run_does_every_job_once_and_a_second_run_finds_nothing_left(due):
    assert jobs.run_jobs(NOW) == {"drafts": {"deleted": 2}, "retention": {"requests": 1, "notes": 0},
                                  "occurrences": {"days": 63, "added": 0, "removed": 0},
                                  "reminders": {"sent": 0, "skipped": 0}}
    assert [draft.id for draft in db.session.scalars(db.select(Draft))] == ["young"]
    assert db.session.get(BuddyRequest, due.id).phone is None
    assert jobs.run_jobs(NOW) == {"drafts": {"deleted": 0}, "retention": {"requests": 0, "notes": 0},
                                  "occurrences": {"days": 0, "added": 0, "removed": 0},
                                  "reminders": {"sent": 0, "skipped": 0}}
    assert db.session.scalar(db.select(JobLock)) is None  # let go after each run


def test_the_command_writes_one_log_line_of_counts_and_nothing_personal(app, delft, make_request, caplog):
    found = make_request(delft, status="closed", closed_at=utcnow() - dt.timedelta(days=800), phone="+31612345678")
    with caplog.at_level("INFO", logger="vangnet.jobs"):
        result = app.test_cli_runner().invoke(args=["jobs", "run"])
    assert result.exit_code == 0, result.output
    counts = ("drafts deleted=0; retention requests=1 notes=0; occurrences days=63 added=0 removed=0; "
              "reminders sent=0 skipped=0")
    assert result.stdout.strip() == counts
    lines = [record.getMessage() for record in caplog.records if record.name == "vangnet.jobs"]
    assert lines == [f"jobs run: {counts}"]
    assert found.reference not in caplog.text and "612345678" not in caplog.text


def test_while_another_run_holds_the_lock_nothing_is_done(due):
    db.session.add(JobLock(name="jobs", holder="other-server", expires_at=NOW + dt.timedelta(minutes=5)))
    db.session.commit()
    assert jobs.run_jobs(NOW) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Draft)) == 3
    assert db.session.get(BuddyRequest, due.id).anonymised_at is None
    assert db.session.scalar(db.select(JobLock.holder)) == "other-server"  # not ours to let go


def test_a_lock_left_behind_by_a_run_that_died_expires(due):
    db.session.add(JobLock(name="jobs", holder="dead-server", expires_at=NOW - dt.timedelta(seconds=1)))
    db.session.commit()
    assert jobs.run_jobs(NOW)["drafts"] == {"deleted": 2}
    assert db.session.scalar(db.select(JobLock)) is None


def test_a_failing_job_is_rolled_back_named_by_its_class_and_the_others_still_run(app, due, monkeypatch):
    def broken(now):
        db.session.execute(sa.delete(BuddyRequest))
        raise ValueError("Fenna +31612345678")

    monkeypatch.setattr(jobs, "JOBS", {"broken": broken, **jobs.JOBS})
    result = app.test_cli_runner().invoke(args=["jobs", "run"])
    assert result.exit_code == 1
    assert "broken failed (ValueError)" in result.output and "Fenna" not in result.output
    assert db.session.get(BuddyRequest, due.id) is not None  # its delete was rolled back
    assert db.session.scalar(db.select(JobLock)) is None


def test_the_job_registry_holds_the_purge_retention_and_the_daily_digest(monkeypatch):
    assert list(jobs.JOBS) == ["drafts", "retention", "occurrences", "reminders"]
    monkeypatch.setattr(jobs, "JOBS", dict(jobs.JOBS))
    jobs.job("more")(lambda now: {"done": 0})
    assert list(jobs.JOBS)[-1] == "more"


# --- Two processes at once, on one PostgreSQL ---

@pytest.fixture
def postgres_with_work():
    """A migrated PostgreSQL database with 5 old drafts and 3 requests closed two years ago."""
    name = f"vangnet_jobs_{uuid.uuid4().hex[:8]}"
    server = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = f"postgresql://postgres@127.0.0.1/{name}"

    class Production(Config):
        SQLALCHEMY_DATABASE_URI = url.replace("postgresql://", "postgresql+psycopg://")

    app = create_app(Production)
    with app.app_context():
        upgrade()
        town = Municipality(code="GM0503", slug="delft", name="Delft")
        wijk = Neighbourhood(code="WK050325", kind="wijk", name="Buitenhof", lat=51.99, lon=4.34, municipality=town)
        long_ago = utcnow() - dt.timedelta(days=730)
        db.session.add_all([town, wijk, *(
            Draft(id=f"old-{i}", kind="buddy", answers="{}", submission_token=f"t{i}",
                  created_at=utcnow() - dt.timedelta(days=2)) for i in range(5))])
        db.session.flush()
        db.session.add_all([BuddyRequest(
            reference=f"AAAA000{i}", language="nl", municipality_id=town.id, neighbourhood_id=wijk.id,
            for_whom="me", first_name="Fenna", contact_method="phone", phone="+31612345678", consent_at=long_ago,
            consent_version="t", submission_token=f"s{i}", status="closed", closed_at=long_ago, created_at=long_ago)
            for i in range(3)])
        db.session.commit()
        db.session.remove()
        yield url, app
        db.session.remove()
        db.engine.dispose()
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()


def waiting_on_a_lock(engine, database: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = :name AND wait_event_type = 'Lock'"),
            {"name": database})


@pytest.mark.services
def test_two_processes_started_at_once_do_each_piece_of_work_once(postgres_with_work):
    """The test holds the lock row in an open transaction, so both processes are waiting at the same
    moment for the same row; then it lets go, and they race for real."""
    url, app = postgres_with_work
    database = url.rsplit("/", 1)[1]
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    holding = engine.connect()
    transaction = holding.begin()
    holding.execute(sa.text("INSERT INTO job_lock (name, holder, expires_at) VALUES ('jobs', 'test', now())"))
    env = {**os.environ, "DATABASE_URL": url, "MAIL_SERVER": ""}
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "run"]
    runs = [subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    try:
        deadline = time.monotonic() + 60
        while waiting_on_a_lock(engine, database) < 2:
            assert time.monotonic() < deadline, "the two runs never both waited for the lock"
            time.sleep(0.05)
        transaction.rollback()
        outputs = [run.communicate(timeout=60) for run in runs]
    finally:
        holding.close()
        for run in runs:
            if run.poll() is None:
                run.kill()
    assert [run.returncode for run in runs] == [0, 0], outputs
    said = sorted(out.strip() for out, _err in outputs)
    # The migration filled the finder's occurrence window for today: nothing to move on.
    assert said == ["Another run is busy: nothing done.",
                    "drafts deleted=5; retention requests=3 notes=0; occurrences days=0 added=0 removed=0; "
                    "reminders sent=0 skipped=0"], outputs
    logged = "".join(err for _out, err in outputs)
    assert "vangnet.jobs jobs run: drafts deleted=5" in logged and "Fenna" not in logged
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Draft)) == 0
        rows = db.session.scalars(sa.select(BuddyRequest)).all()
        assert [(row.phone, row.version) for row in rows] == [(None, 2)] * 3  # changed once, not twice
        assert db.session.scalar(sa.select(sa.func.count()).select_from(JobLock)) == 0
    engine.dispose()

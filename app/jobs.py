"""Work that runs by itself: `flask --app wsgi jobs run`, called every few minutes by a systemd timer
(deploy/vangnet-jobs.timer) or cron, on every application server.

Each job is one function in `JOBS` (a name → what it does with the time of the run; it returns counts):
the drafts purge and retention now, the reminders later with one more `@job("reminders")`. Every job is
idempotent: it works on what is due at the moment it runs, so running it twice does nothing more.

Two servers whose timers fire at the same moment: one row of the `job_lock` table decides. A run first
INSERTs the row (primary key "jobs"); the database lets one INSERT through and refuses the other
(unique key), on SQLite and PostgreSQL alike, so the other run stops at once and does nothing. The row
carries an expiry: a run that died without letting go (a server switched off) holds it no longer than
`LOCK_FOR`; the next run takes it over with one UPDATE conditioned on the expiry having passed, which
again only one of two runs can do. We chose this over PostgreSQL's `pg_try_advisory_lock` because it is
one mechanism for both databases (the demo and the tests run on SQLite), it is visible (`SELECT * FROM
job_lock`), and it needs no connection held open for the whole run.

Each run is one log line (`vangnet.jobs`) with counts only: never a code, a name or a number.
"""

import datetime as dt
import logging
import secrets
from collections.abc import Callable

import click
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from . import occurrences, schedule
from .drafts import purge_drafts
from .extensions import db
from .models import JobLock, utcnow
from .retention import anonymise_due

log = logging.getLogger("vangnet.jobs")
LOCK = "jobs"
# Longer than any run takes (seconds, at most a minute on 100,000 requests); shorter than a person
# would wait for the drafts purge to start again after a server died mid-run.
LOCK_FOR = dt.timedelta(minutes=15)

JOBS: dict[str, Callable[[dt.datetime], dict[str, int]]] = {}


def job(name: str):
    """Register a job: `@job("reminders")` over a function of the run's time that returns counts."""
    def register(function):
        JOBS[name] = function
        return function
    return register


@job("drafts")
def old_drafts(now: dt.datetime) -> dict[str, int]:
    """Wizard drafts older than 24 hours and receipts older than ten minutes (app.drafts)."""
    return {"deleted": purge_drafts(now)}


@job("retention")
def closed_requests(now: dt.datetime) -> dict[str, int]:
    """Closed requests past their municipality's retention period are anonymised (app.retention)."""
    return anonymise_due(now)


@job("occurrences")
def occurrence_window(now: dt.datetime) -> dict[str, int]:
    """The finder's occurrence table moves on to today's window: past days out, the new day in
    (app.occurrences); after the first run of a day there is nothing to do."""
    return occurrences.advance(now.replace(tzinfo=dt.UTC).astimezone(schedule.TZ).date())


def take_lock(holder: str, now: dt.datetime) -> bool:
    """True for the one run that may work now (see the module's docstring)."""
    db.session.add(JobLock(name=LOCK, holder=holder, expires_at=now + LOCK_FOR))
    try:
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
    taken = db.session.execute(update(JobLock).where(JobLock.name == LOCK, JobLock.expires_at < now)
                               .values(holder=holder, expires_at=now + LOCK_FOR)).rowcount
    db.session.commit()
    return taken == 1


def release_lock(holder: str) -> None:
    db.session.rollback()
    db.session.execute(delete(JobLock).where(JobLock.name == LOCK, JobLock.holder == holder))
    db.session.commit()


def run_jobs(now: dt.datetime | None = None) -> dict[str, dict[str, int] | str] | None:
    """Every job once, each in its own transaction; None when another run holds the lock. A job that
    fails is rolled back and named in the result; the others still run."""
    now, holder = now or utcnow(), secrets.token_hex(16)
    if not take_lock(holder, now):
        log.info("jobs run: another run is busy; nothing done")
        return None
    results: dict[str, dict[str, int] | str] = {}
    try:
        for name, function in JOBS.items():
            try:
                results[name] = function(now)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - one job's failure must not stop the others
                db.session.rollback()
                results[name] = f"failed ({type(error).__name__})"  # the class only: a message may hold data
    finally:
        release_lock(holder)
    log.info("jobs run: %s", summary(results))
    return results


def summary(results: dict) -> str:
    """"drafts deleted=3; retention requests=2 notes=1": counts only."""
    return "; ".join(f"{name} " + (" ".join(f"{key}={value}" for key, value in counts.items())
                                   if isinstance(counts, dict) else counts) for name, counts in results.items())


def log_to_stderr() -> None:
    """The command's line goes where systemd's journal (or cron's mail) picks it up."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


@click.group("jobs")
def jobs_cli():
    """Work that runs by itself, every few minutes."""


@jobs_cli.command("run")
def run_command():
    """Run every job once (drafts purge, retention; later reminders), unless another server is busy."""
    log_to_stderr()
    results = run_jobs()
    click.echo("Another run is busy: nothing done." if results is None else summary(results))
    if results is not None and any(isinstance(counts, str) for counts in results.values()):
        raise SystemExit(1)

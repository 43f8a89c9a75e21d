"""Wizard drafts on the server. The browser's session holds only a random draft id; the answers
(names, phone numbers, worries) stay in the database, are deleted on submit and on Start over, and
are purged after a day whatever happens.
"""

import datetime as dt
import json
import secrets

import click
from flask import session
from sqlalchemy import delete

from .extensions import db
from .models import Draft, utcnow

SESSION_KEY = "ask_draft"
MAX_AGE = dt.timedelta(hours=24)


def current_draft(kind: str) -> Draft | None:
    """This session's draft of this kind of wizard, if it has one younger than a day."""
    draft_id = session.get(SESSION_KEY)
    draft = db.session.get(Draft, draft_id) if isinstance(draft_id, str) else None
    if draft is None or draft.kind != kind or draft.created_at < utcnow() - MAX_AGE:
        return None
    return draft


def start_draft(kind: str) -> Draft:
    """A new, empty draft for this session; any other draft of the session goes."""
    discard_draft()
    purge_drafts()  # cheap (indexed), and keeps the day limit even where no cron job runs
    draft = Draft(id=secrets.token_urlsafe(32), kind=kind, answers="{}", submission_token=secrets.token_urlsafe(32))
    db.session.add(draft)
    session[SESSION_KEY] = draft.id
    return draft


def answers(draft: Draft | None) -> dict:
    return json.loads(draft.answers) if draft is not None else {}


def save_answer(draft: Draft, step: str, values: dict) -> None:
    draft.answers = json.dumps({**answers(draft), step: values})


def discard_draft() -> None:
    """Delete this session's draft (on submit, on Start over and on the idle reset)."""
    draft_id = session.pop(SESSION_KEY, None)
    if isinstance(draft_id, str):
        db.session.execute(delete(Draft).where(Draft.id == draft_id))


def purge_drafts(now: dt.datetime | None = None) -> int:
    """Delete every draft older than a day; returns how many."""
    cutoff = (now or utcnow()) - MAX_AGE
    return db.session.execute(delete(Draft).where(Draft.created_at < cutoff)).rowcount


@click.group("privacy")
def privacy_cli():
    """Privacy duties: data that must not be kept."""


@privacy_cli.command("purge")
def purge_command():
    """Delete wizard drafts older than 24 hours."""
    count = purge_drafts()
    db.session.commit()
    click.echo(f"Deleted {count} draft(s) older than 24 hours.")


def forget_draft() -> None:
    """Start over and the idle reset: this session's draft is deleted for good, now."""
    discard_draft()
    db.session.commit()

"""Wizard drafts on the server. The browser's session holds only a random draft id; the answers
(names, phone numbers, worries) stay in the database, are deleted on submit and on Start over, and
are purged after a day whatever happens. On a kiosk, a draft left alone for longer than the kiosk's
idle time and countdown is deleted too.

The confirmation page's code is kept the same way (a "receipt"), for ten minutes or until Start over,
so that the next person on a shared browser cannot read it from the cookie.
"""

import datetime as dt
import json
import secrets

import click
from flask import current_app, g, session
from sqlalchemy import delete, update

from .extensions import db
from .models import Draft, utcnow

SESSION_KEY = "ask_draft"
RECEIPT_KEY = "ask_done"
RECEIPT = "done"  # the kind of a receipt
MAX_AGE = dt.timedelta(hours=24)
RECEIPT_MAX_AGE = dt.timedelta(minutes=10)


def session_row(key: str) -> Draft | None:
    row_id = session.get(key)
    return db.session.get(Draft, row_id) if isinstance(row_id, str) else None


def kiosk_idle_limit() -> dt.timedelta | None:
    """On a kiosk: how long a draft may be left alone (the idle time, then the countdown)."""
    kiosk = g.get("kiosk")
    if kiosk is None:
        return None
    return dt.timedelta(seconds=kiosk.idle_seconds + current_app.config["KIOSK_COUNTDOWN_SECONDS"])


def left_alone(draft: Draft, now: dt.datetime) -> bool:
    limit = kiosk_idle_limit()
    return limit is not None and (draft.touched_at or draft.created_at) < now - limit


def current_draft(kind: str) -> Draft | None:
    """This session's draft of this kind of wizard, if it has one younger than a day (and, on a
    kiosk, touched within its idle time and countdown). Finding it counts as a touch."""
    draft, now = session_row(SESSION_KEY), utcnow()
    if draft is None or draft.kind != kind or draft.created_at < now - MAX_AGE:
        return None
    if left_alone(draft, now):
        discard_draft()
        db.session.commit()
        return None
    mark_touched(draft, now)
    return draft


def mark_touched(draft: Draft, now: dt.datetime) -> None:
    """On a kiosk (off one, nothing reads it): a plain UPDATE, not the ORM's. When a second tap on Send
    has deleted the draft meanwhile, there is nothing to touch, and that is fine."""
    if kiosk_idle_limit() is not None:
        db.session.execute(update(Draft).where(Draft.id == draft.id).values(touched_at=now))


def touch() -> None:
    """The resident is still there ("more time" on a kiosk): the draft stays."""
    draft = session_row(SESSION_KEY)
    if draft is not None and not left_alone(draft, utcnow()):
        mark_touched(draft, utcnow())
        db.session.commit()


def start_draft(kind: str) -> Draft:
    """A new, empty draft for this session; any other draft of the session goes."""
    discard_draft()
    purge_drafts()  # cheap (indexed), and keeps the day limit even where no cron job runs
    draft = Draft(id=secrets.token_urlsafe(32), kind=kind, answers="{}", submission_token=secrets.token_urlsafe(32),
                  touched_at=utcnow())
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


def keep_receipt(content: dict) -> None:
    """What the confirmation page shows, on the server; the session holds only its id."""
    token = secrets.token_urlsafe(32)
    db.session.add(Draft(id=token, kind=RECEIPT, answers=json.dumps(content), submission_token=token))
    session[RECEIPT_KEY] = token


def receipt() -> dict | None:
    """This session's receipt, if it is younger than ten minutes."""
    row = session_row(RECEIPT_KEY)
    if row is None or row.kind != RECEIPT or row.created_at < utcnow() - RECEIPT_MAX_AGE:
        return None
    return json.loads(row.answers)


def purge_drafts(now: dt.datetime | None = None) -> int:
    """Delete every draft older than a day and every receipt older than ten minutes; returns how many."""
    now = now or utcnow()
    old = (Draft.created_at < now - MAX_AGE) | ((Draft.kind == RECEIPT) & (Draft.created_at < now - RECEIPT_MAX_AGE))
    return db.session.execute(delete(Draft).where(old)).rowcount


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
    """Start over and the idle reset: this session's draft and receipt are deleted for good, now."""
    discard_draft()
    receipt_id = session.pop(RECEIPT_KEY, None)
    if isinstance(receipt_id, str):
        db.session.execute(delete(Draft).where(Draft.id == receipt_id))
    db.session.commit()

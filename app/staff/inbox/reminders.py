"""The daily digest: each municipality's coordinators get the counts of what needs attention, with links
and nothing personal, once a day. `flask --app wsgi reminders send` sends it now; the jobs run sends it
at its first run after DIGEST_HOUR. Either is safe to run twice the same day: the row of `digest_sent`
for the municipality and the day is written first, and a second run (or a second server) finds it."""

import datetime as dt
import logging
import smtplib

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from ... import schedule
from ...extensions import db
from ...i18n import date_in_words
from ...models import DigestSent, Municipality
from ...notify import coordinator_addresses, deliver, new_message
from . import attention

log = logging.getLogger("vangnet.reminders")
DIGEST_HOUR = 7  # local time: the digest is there when the office opens


def claim(municipality: Municipality, day: dt.date) -> bool:
    """Write that today's digest goes out; False when it went out already (here or on another server)."""
    db.session.add(DigestSent(municipality_id=municipality.id, day=day))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def digest(municipality: Municipality, found: dict[str, int], day: dt.date):
    """The e-mail, in Dutch like the other notices: counts and links only."""
    links = attention.links()
    lines = [f"- {attention.PARTS[key]}: {number}\n  {links[key]}" for key, number in found.items() if number]
    with force_locale("nl"):
        when = date_in_words(day, "MMMMEEEEd")
    return new_message(f"Vangnet: wat aandacht nodig heeft in {municipality.name} ({when})",
                       "Dit vraagt aandacht (na inloggen ziet u wie en wat):\n\n" + "\n".join(lines) + "\n")


def send_digests(now: dt.datetime | None = None) -> dict[str, int]:
    """Today's digest for every municipality with something that needs attention and coordinators."""
    now = now or schedule.local_now()
    day, utc = now.date(), now.astimezone(dt.UTC).replace(tzinfo=None)
    sent = skipped = 0
    if not current_app.config["MAIL_SERVER"]:
        log.info("e-mail off: no digests")
        return {"sent": 0, "skipped": 0}
    for municipality in db.session.scalars(db.select(Municipality).order_by(Municipality.id)):
        with force_locale("nl"):
            found = attention.counts(municipality, utc, day)
        recipients = coordinator_addresses(municipality.id)
        if not any(found.values()) or not recipients or not claim(municipality, day):
            skipped += 1
            continue
        try:
            deliver(digest(municipality, found, day), recipients)
        except (smtplib.SMTPException, OSError) as error:
            log.warning("digest of municipality %s not sent: %s", municipality.id, type(error).__name__)
            db.session.execute(db.delete(DigestSent).where(DigestSent.municipality_id == municipality.id,
                                                           DigestSent.day == day))
            db.session.commit()  # the next run tries again
            continue
        sent += 1
    return {"sent": sent, "skipped": skipped}


def daily(now: dt.datetime) -> dict[str, int]:
    """For the jobs run (every few minutes): the digest from DIGEST_HOUR on, once a day."""
    local = now.replace(tzinfo=dt.UTC).astimezone(schedule.TZ) if now.tzinfo is None else now.astimezone(schedule.TZ)
    return send_digests(local) if local.hour >= DIGEST_HOUR else {"sent": 0, "skipped": 0}


@click.group("reminders")
def reminders_cli():
    """The daily digest of what needs attention."""


@reminders_cli.command("send")
@with_appcontext
def send_command():
    """Send today's digest to each municipality's coordinators (once a day; a second run sends nothing)."""
    result = send_digests()
    click.echo(f"{result['sent']} digest(s) sent, {result['skipped']} municipality(ies) without one")

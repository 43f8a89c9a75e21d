"""Invitations to the back office: an administrator invites someone by e-mail; the link, used once
within 7 days, lets them set a password and then link their authenticator app (the enrolment of a
first sign-in). Only the token's sha256 is kept, so a copy of the database opens no account."""

import datetime as dt
import hashlib
import secrets

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import notify
from ..extensions import db
from ..models import StaffInvitation, StaffUser, utcnow

VALID_FOR = dt.timedelta(days=7)
NO_PASSWORD = "!invited"  # not an argon2 hash: no password verifies against it


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(staff: StaffUser, by: StaffUser | None) -> bool:
    """A new invitation for this person (earlier unused ones stop working), sent by e-mail in their
    language (the one the administrator chose for them; the words are in the back office's catalogue, so
    this runs in a back-office request); True when the mail went. The caller commits."""
    withdraw(staff)
    token, now = secrets.token_urlsafe(32), utcnow()
    db.session.add(StaffInvitation(token_hash=token_hash(token), staff_id=staff.id, invited_by_id=by.id if by else None,
                                   created_at=now, expires_at=now + VALID_FOR))
    with force_locale(staff.language):
        subject, content = _("Vangnet: uw uitnodiging voor de backoffice"), letter(staff, by, token)
    return notify.send_one(staff.email, subject, content)


def letter(staff: StaffUser, by: StaffUser | None, token: str) -> str:
    link = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/staff/invite/{token}"
    who = _("%(name)s nodigt u uit voor de backoffice van Vangnet.", name=by.name) if by else \
        _("U bent uitgenodigd voor de backoffice van Vangnet.")
    # Translators: the greeting at the top of an e-mail, followed by a comma.
    greeting = _("Beste %(name)s,", name=staff.name)
    steps = _("Open deze link, kies een wachtwoord en koppel een app voor inlogcodes op uw telefoon:")
    end = _("De link werkt één keer en 7 dagen lang. Kwam deze e-mail onverwacht? Dan kunt u hem weggooien.")
    return f"{greeting}\n\n{who}\n\n{steps}\n{link}\n\n{end}\n"


def withdraw(staff: StaffUser) -> None:
    """Every unused invitation of this person stops working."""
    db.session.execute(db.update(StaffInvitation).where(StaffInvitation.staff_id == staff.id,
                                                       StaffInvitation.used_at.is_(None))
                       .values(expires_at=utcnow()))


def usable(token: str) -> StaffInvitation | None:
    """The invitation of this link, if it is unused, not expired, and its account is on."""
    found = db.session.scalar(db.select(StaffInvitation).where(StaffInvitation.token_hash == token_hash(token[:100])))
    if found is None or found.used_at is not None or found.expires_at <= utcnow() or not found.staff.active:
        return None
    return found


def pending(staff: StaffUser) -> StaffInvitation | None:
    """The invitation this person has not used yet, if any."""
    return db.session.scalar(db.select(StaffInvitation).where(
        StaffInvitation.staff_id == staff.id, StaffInvitation.used_at.is_(None),
        StaffInvitation.expires_at > utcnow()))

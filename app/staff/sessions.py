"""Staff sessions kept on the server. The cookie holds only a random token; the StaffSession row
says whether it still counts. Sign-out, a password change and a disabled account end the rows,
so a copied cookie is worthless afterwards. Idle after 30 minutes, over after 10 hours."""

import datetime as dt
import hashlib
import secrets

from flask import Flask, abort, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user

from ..extensions import db
from ..models import StaffSession, StaffUser, utcnow

IDLE_LIMIT = dt.timedelta(minutes=30)
ABSOLUTE_LIMIT = dt.timedelta(hours=10)
# Activity is noted at most once a minute: not a database write (and reload) on every request.
SEEN_EVERY = dt.timedelta(minutes=1)
login_manager = LoginManager()


class SignedIn:
    """The user of a live staff session, as Flask-Login sees it: its id is the session's token."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, staff: StaffUser, token: str, row: StaffSession):
        self.staff, self.token, self.row = staff, token, row

    def get_id(self) -> str:
        return self.token

    def __getattr__(self, name):
        return getattr(self.staff, name)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@login_manager.user_loader
def load_signed_in(token: str) -> SignedIn | None:
    """The session's user, if the session is live; an expired one is ended on the spot."""
    row = db.session.scalar(db.select(StaffSession).where(StaffSession.token_hash == token_hash(token)))
    if row is None or row.ended_at is not None:
        return None
    now = utcnow()
    if not row.staff.active or now - row.last_seen_at > IDLE_LIMIT or now - row.created_at > ABSOLUTE_LIMIT:
        row.ended_at = now
        db.session.commit()
        return None
    if now - row.last_seen_at > SEEN_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return SignedIn(row.staff, token, row)


def start_session(staff: StaffUser) -> None:
    """A new session with a new token, in a fresh cookie: nothing of before sign-in carries over."""
    token = secrets.token_urlsafe(32)
    row = StaffSession(token_hash=token_hash(token), staff_id=staff.id)
    db.session.add(row)
    db.session.commit()
    language = session.get("staff_lang")
    session.clear()
    if language:
        session["staff_lang"] = language
    login_user(SignedIn(staff, token, row))


def end_session() -> None:
    """Sign out: the server forgets the session, the browser gets an empty cookie."""
    if current_user.is_authenticated:
        current_user.row.ended_at = utcnow()
        db.session.commit()
    logout_user()
    session.clear()


def end_all_sessions(staff: StaffUser, keep: StaffSession | None = None) -> None:
    """Every live session of this person ends (a password change keeps the one that made it)."""
    query = db.update(StaffSession).where(StaffSession.staff_id == staff.id, StaffSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(StaffSession.id != keep.id)
    db.session.execute(query.values(ended_at=utcnow()))


def require_sign_in():
    """`before_request` of every staff blueprint but sign-in itself."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    return None


def require_municipality_role():
    """Requests are for coordinators and administrators: an editor (organisations only) is sent to the
    listings they keep."""
    if current_user.is_authenticated and not current_user.memberships:
        return redirect(url_for("content.places"))
    return None


def require_administrator():
    if not current_user.is_authenticated:
        return require_sign_in()
    if not current_user.is_administrator:
        abort(403)
    return None


def init_app(app: Flask) -> None:
    # Templates get `current_user` as the lazy proxy, not Flask-Login's loaded user: a resident's page
    # never asks for it, so it costs no session lookup (and, in a staff member's browser, no query).
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(lambda: {"current_user": current_user})
    login_manager.session_protection = None  # the server-side session is the protection
    login_manager.login_view = "auth.sign_in"

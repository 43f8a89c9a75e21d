"""Sign in (password, then a code), first-time enrolment of the authenticator app, sign out,
a new password, and the language of the back office."""

import re
import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from ...extensions import db, limiter
from ...models import StaffUser
from .. import audit, sessions
from . import totp
from .forms import CodeForm, PasswordForm, SignInForm
from .passwords import hash_password, verify_password

bp = Blueprint("auth", __name__, url_prefix="/staff")
PENDING = "pending_staff"  # (staff id, when the password was right): half signed in
PENDING_SECONDS = 300
# Per account, so one person's typos never lock out a colleague at the same address; the
# per-address ceiling is generous, because a whole office signs in from one.
PER_ACCOUNT = "5 per minute;20 per hour"
PER_ADDRESS = "300 per hour"


def account_key() -> str:
    return "staff:" + request.form.get("email", "").strip().lower()[:254]


def pending_key() -> str:
    return f"staff-code:{pending_staff_id()}"


def pending_staff_id() -> int | None:
    pending = session.get(PENDING)
    if not isinstance(pending, list) or len(pending) != 2 or time.time() - pending[1] > PENDING_SECONDS:
        return None
    return pending[0]


def pending_staff() -> StaffUser | None:
    staff_id = pending_staff_id()
    staff = db.session.get(StaffUser, staff_id) if staff_id else None
    return staff if staff is not None and staff.active else None


# A path of our own in printable ASCII: no space, CR or LF (a header cannot carry them), at most 2000.
OUR_PATH = re.compile(r"/[!-~]{0,1999}")


def safe_next(target: str | None) -> str:
    """Only a path of our own: never another host, `//host`, `/\\host` or a scheme."""
    target = target or ""
    if not OUR_PATH.fullmatch(target) or target.startswith(("//", "/\\")) or urlsplit(target).netloc:
        return url_for("inbox.index")
    return target


@bp.route("/sign-in", methods=("GET", "POST"))
@limiter.limit(PER_ACCOUNT, key_func=account_key, methods=["POST"])
@limiter.limit(PER_ADDRESS, key_func=get_remote_address, methods=["POST"])
def sign_in():
    """E-mail address and password; then the code (or, the first time, enrolment)."""
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    form = SignInForm()
    if form.validate_on_submit():
        staff = db.session.scalar(db.select(StaffUser).where(StaffUser.email == form.email.data))
        if verify_password(staff.password_hash if staff else None, form.password.data) and staff.active:
            session[PENDING] = [staff.id, time.time()]
            session["next"] = safe_next(request.args.get("next"))
            return redirect(url_for("auth.code" if staff.totp_confirmed else "auth.enrol"))
        audit.record("auth.sign_in_failed", staff_id=staff.id if staff else None, detail="password")
        db.session.commit()
        form.password.errors.append(_("E-mailadres of wachtwoord klopt niet"))
    return render_template("staff/auth/sign_in.html", form=form)


@bp.route("/sign-in/code", methods=("GET", "POST"))
@limiter.limit(PER_ACCOUNT, key_func=pending_key, methods=["POST"])
def code():
    """The second factor: a code from the authenticator app, used once."""
    staff = pending_staff()
    if staff is None or not staff.totp_confirmed:
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        if totp.accept(staff, form.code.data):
            return finish_sign_in(staff)
        audit.record("auth.sign_in_failed", staff_id=staff.id, detail="code")
        db.session.commit()
        form.code.errors.append(_("Deze code klopt niet. Wacht op een nieuwe code en probeer het opnieuw."))
    return render_template("staff/auth/code.html", form=form)


@bp.route("/sign-in/enrol", methods=("GET", "POST"))
@limiter.limit(PER_ACCOUNT, key_func=pending_key, methods=["POST"])
def enrol():
    """First sign-in: link an authenticator app (QR code or the secret as text), then a first code."""
    staff = pending_staff()
    if staff is None or staff.totp_confirmed:
        return redirect(url_for("auth.sign_in"))
    if staff.totp_secret is None:
        staff.totp_secret = totp.new_secret()
        db.session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        if totp.accept(staff, form.code.data):
            staff.totp_confirmed = True
            return finish_sign_in(staff)
        form.code.errors.append(_("Deze code klopt niet. Kijk of de app goed is ingesteld."))
    return render_template("staff/auth/enrol.html", form=form, qr=totp.enrolment_qr(staff),
                           secret=totp.grouped(staff.totp_secret))


def finish_sign_in(staff: StaffUser):
    target = session.get("next") or url_for("inbox.index")
    audit.record("auth.sign_in", staff_id=staff.id)
    db.session.commit()
    sessions.start_session(staff)
    return redirect(safe_next(target))


@bp.route("/sign-out", methods=("POST",))
def sign_out():
    """Sign out: the session ends on the server, so a copy of the cookie is worthless."""
    if current_user.is_authenticated:
        audit.record("auth.sign_out")
    sessions.end_session()
    flash(_("U bent uitgelogd."))
    return redirect(url_for("auth.sign_in"))


@bp.route("/password", methods=("GET", "POST"))
def password():
    """A new password; every other session of this person ends."""
    if (refused := sessions.require_sign_in()) is not None:
        return refused
    form = PasswordForm()
    form.personal = (current_user.email, current_user.name)
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.current.data):
            current_user.staff.password_hash = hash_password(form.new.data)
            sessions.end_all_sessions(current_user.staff, keep=current_user.row)
            audit.record("auth.password_changed")
            db.session.commit()
            flash(_("Uw wachtwoord is veranderd. Op andere apparaten bent u uitgelogd."))
            return redirect(url_for("inbox.index"))
        form.current.errors.append(_("Dit wachtwoord klopt niet"))
    return render_template("staff/auth/password.html", form=form)


@bp.route("/language", methods=("POST",))
def language():
    """Dutch or English for the back office."""
    chosen = request.form.get("language")
    if chosen in current_app.config["STAFF_LANGUAGES"]:
        session["staff_lang"] = chosen
        if current_user.is_authenticated:
            current_user.staff.language = chosen
            db.session.commit()
    return redirect(safe_next(request.form.get("next")))


@bp.errorhandler(429)
def too_many_attempts(error):
    return render_template("staff/auth/too_many.html"), 429

"""Following an invitation (/staff/invite/<token>): choose a password, then link the authenticator
app exactly as at a first sign-in. The link works once; an old, used or withdrawn one says so plainly."""

import time

from flask import redirect, render_template, session, url_for
from flask_babel import gettext as _

from ...extensions import db, limiter
from ...models import utcnow
from .. import audit, invitations
from .forms import FirstPasswordForm
from .passwords import hash_password
from .views import PENDING, PER_ADDRESS, bp


@bp.route("/invite/<token>", methods=("GET", "POST"))
@limiter.limit(PER_ADDRESS, methods=["POST"])
def invitation(token):
    """Set a first password; the next step is linking the app (enrolment)."""
    found = invitations.usable(token)
    if found is None:
        return render_template("staff/auth/invitation_gone.html"), 404
    staff = found.staff
    # The pages until the first sign-in speak the language the invitation was written in, unless this
    # browser chose one already.
    session.setdefault("staff_lang", staff.language)
    form = FirstPasswordForm()
    form.personal = (staff.email, staff.name)
    if form.validate_on_submit():
        staff.password_hash = hash_password(form.new.data)
        found.used_at = utcnow()
        invitations.withdraw(staff)
        audit.record("auth.invitation_used", staff_id=staff.id)
        db.session.commit()
        language = session["staff_lang"]
        session.clear()
        session[PENDING], session["staff_lang"] = [staff.id, time.time()], language
        return redirect(url_for("auth.code" if staff.totp_confirmed else "auth.enrol"))
    return render_template("staff/auth/invitation.html", form=form, staff=staff,
                           greeting=_("Welkom, %(name)s", name=staff.name)), 400 if form.errors else 200

"""Staff accounts, for administrators of a municipality: who has access, and ending someone's
access at once (a disabled account's live sessions end)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from ...extensions import db
from ...models import StaffMembership, StaffUser
from .. import audit
from ..sessions import end_all_sessions
from . import bp
from .scope import administered_ids


def staff_query():
    in_my_municipalities = db.select(StaffMembership.staff_id).where(
        StaffMembership.municipality_id.in_(administered_ids()))
    return db.select(StaffUser).where(StaffUser.id.in_(in_my_municipalities))


@bp.route("/staff")
def staff():
    """Everyone with access to a municipality I administer."""
    people = db.session.scalars(staff_query().order_by(StaffUser.name)).all()
    return render_template("staff/admin/staff.html", people=people, form=FlaskForm())


@bp.route("/staff/<int(max=2147483647):staff_id>/active", methods=("POST",))
def toggle_active(staff_id):
    """Disable an account (its sessions end at once) or enable it again. Not your own."""
    person = db.session.scalar(staff_query().where(StaffUser.id == staff_id)) or abort(404)
    if person.id == current_user.id or not FlaskForm().validate_on_submit():
        abort(403 if person.id == current_user.id else 400)
    person.active = not person.active
    if not person.active:
        end_all_sessions(person)
    audit.record("staff.enabled" if person.active else "staff.disabled", detail=str(person.id))
    db.session.commit()
    flash(_("Account aangezet.") if person.active else _("Account uitgezet. Deze persoon is uitgelogd."))
    return redirect(url_for("admin.staff"))

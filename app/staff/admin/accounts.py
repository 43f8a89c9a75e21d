"""Staff accounts, for administrators of a municipality: who has access; inviting someone by e-mail
(they choose a password and link their app); their roles per municipality and organisation; a new
second factor (the next sign-in links the app again); and ending someone's access at once (a disabled
account's live sessions end). The command line stays for the first administrator. All audited."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import or_

from ...extensions import db
from ...i18n import page_language
from ...models import Organisation, StaffMembership, StaffOrganisation, StaffUser
from .. import audit, changes, invitations
from ..sessions import end_all_sessions
from . import bp
from .conflicts import Conflict, shown
from .forms import ROLE_NAMES, ConfirmForm, InviteForm, roles_form
from .scope import administered, administered_ids, refuse


def my_organisations() -> list[Organisation]:
    return list(db.session.scalars(db.select(Organisation).where(Organisation.municipality_id.in_(administered_ids()))
                                   .order_by(Organisation.name, Organisation.id)))


def staff_query():
    """Everyone with a role in a municipality I administer, or an editor of one of its organisations."""
    in_my_municipalities = db.select(StaffMembership.staff_id).where(
        StaffMembership.municipality_id.in_(administered_ids()))
    editors = db.select(StaffOrganisation.staff_id).join(Organisation).where(
        Organisation.municipality_id.in_(administered_ids()))
    return db.select(StaffUser).where(or_(StaffUser.id.in_(in_my_municipalities), StaffUser.id.in_(editors)))


def person_or_404(staff_id: int) -> StaffUser:
    found = db.session.scalar(staff_query().where(StaffUser.id == staff_id))
    if found is None:
        elsewhere = db.session.get(StaffUser, staff_id)
        refuse(elsewhere.memberships[0].municipality_id if elsewhere and elsewhere.memberships else None,
               f"staff {staff_id}")
    return found


@bp.route("/staff")
def staff():
    """Everyone with access to a municipality I administer."""
    people = db.session.scalars(staff_query().order_by(StaffUser.name)).all()
    waiting = {person.id for person in people if invitations.pending(person) is not None}
    return render_template("staff/admin/staff.html", people=people, form=FlaskForm(), waiting=waiting,
                           mine=set(administered_ids()), role_names=ROLE_NAMES)


@bp.route("/staff/<int(max=2147483647):staff_id>/active", methods=("POST",))
def toggle_active(staff_id):
    """Disable an account (its sessions end at once) or enable it again. Not your own."""
    person = person_or_404(staff_id)
    if person.id == current_user.id or not FlaskForm().validate_on_submit():
        abort(403 if person.id == current_user.id else 400)
    person.active = not person.active
    if not person.active:
        end_all_sessions(person)
        invitations.withdraw(person)
    audit.record("staff.enabled" if person.active else "staff.disabled", detail=str(person.id),
                 municipality_id=first_of_mine(person))
    db.session.commit()
    flash(_("Account aangezet.") if person.active else _("Account uitgezet. Deze persoon is uitgelogd."))
    return redirect(url_for("admin.staff"))


def first_of_mine(person: StaffUser) -> int | None:
    """The municipality of mine that an audit row about this person belongs to."""
    mine = administered_ids()
    towns = [m.municipality_id for m in person.memberships if m.municipality_id in mine]
    towns += [o.municipality_id for o in person.organisations if o.municipality_id in mine]
    return towns[0] if towns else None


@bp.route("/staff/invite", methods=("GET", "POST"))
def invite():
    """Invite someone by e-mail: an account without a password, and a link to choose one."""
    form = InviteForm(municipalities=administered(), organisations=my_organisations())
    if not form.is_submitted():
        form.language.data = page_language()  # most invite a colleague who works in their own language
    if form.validate_on_submit():
        if db.session.scalar(db.select(StaffUser.id).where(StaffUser.email == form.email.data)):
            form.email.errors.append(_("Er is al een account met dit e-mailadres"))
        else:
            person = new_account(form)
            sent = invitations.invite(person, current_user.staff)
            audit.record("staff.invite", municipality_id=int(form.municipality.data) if form.role.data != "editor"
                         else form.organisations[form.organisation.data].municipality_id,
                         detail=f"staff {person.id} {form.role.data}")
            db.session.commit()
            flash(_("Uitnodiging verstuurd naar %(email)s.", email=person.email) if sent else
                  _("De e-mail kon niet weg. Het account staat klaar: stuur later een nieuwe uitnodiging."))
            return redirect(url_for("admin.account", staff_id=person.id))
    return render_template("staff/admin/invite.html", form=form), 400 if form.errors else 200


def new_account(form: InviteForm) -> StaffUser:
    person = StaffUser(email=form.email.data, name=form.name.data, password_hash=invitations.NO_PASSWORD,
                       totp_confirmed=False, language=form.language.data)
    if form.role.data == "editor":
        person.organisations = [form.organisations[form.organisation.data]]
    else:
        person.memberships = [StaffMembership(municipality_id=int(form.municipality.data), role=form.role.data)]
    db.session.add(person)
    db.session.flush()
    return person


@bp.route("/staff/<int(max=2147483647):staff_id>", methods=("GET", "POST"))
def account(staff_id):
    """One person: their roles in my municipalities and organisations; the buttons for the rest. Roles are
    saved only over the version the page showed."""
    person = person_or_404(staff_id)
    towns, organisations = administered(), my_organisations()
    form = roles_form(towns, organisations, person, formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and person.id == current_user.id:
        abort(403)  # not your own roles: an administrator cannot lock themselves out
    if not form.is_submitted():
        form.version.data = str(person.roles_version)
    meanwhile = None
    if form.validate_on_submit():
        if not changes.claim(person, form, "roles_version"):
            meanwhile = roles_changed_meanwhile(person, form, towns, organisations)
        elif not change_roles(person, form, towns, organisations):
            db.session.rollback()  # the version counted above: this is no change after all
            form.organisations.errors.append(
                _("Geef minstens één rol. Wilt u de toegang stoppen? Zet het account uit."))
        else:
            db.session.commit()
            flash(_("Rollen opgeslagen."))
            return redirect(url_for("admin.account", staff_id=person.id))
    return render_template("staff/admin/account.html", person=person, form=form, towns=towns,
                           actions=ConfirmForm(), waiting=invitations.pending(person), role_names=ROLE_NAMES,
                           conflict=meanwhile), 409 if meanwhile else 400 if form.errors else 200


def roles_changed_meanwhile(person: StaffUser, form, towns, organisations) -> Conflict:
    """Nothing saved; the form keeps the roles chosen, and gets the version of now beside the roles of now."""
    db.session.rollback()
    db.session.refresh(person)
    form.version.data = str(person.roles_version)
    stored = [(town.name, str(ROLE_NAMES.get(person.role_in(town.id) or "", _("Geen toegang")))) for town in towns]
    editing = ", ".join(o.name for o in person.organisations if o in organisations)
    stored.append((form.organisations.label.text, shown(editing)))
    return Conflict(_("Iemand anders heeft de rollen van %(name)s net veranderd.", name=person.name), stored)


def change_roles(person: StaffUser, form, towns, organisations) -> bool:
    """Apply the form to my municipalities and organisations only; False (nothing changed) if the
    person would be left without any role at all."""
    wanted = {town.id: form[f"town_{town.id}"].data for town in towns}
    chosen = set(form.organisations.data or ())
    editing = [o for o in person.organisations if o not in organisations] + \
        [o for o in organisations if str(o.id) in chosen]
    elsewhere = [m for m in person.memberships if m.municipality_id not in wanted]
    if not elsewhere and not any(wanted.values()) and not editing:
        return False
    where, changes = first_of_mine(person), []
    existing = {m.municipality_id: m for m in person.memberships}
    for town in towns:
        role, membership = wanted[town.id], existing.get(town.id)
        if role != (membership.role if membership else ""):
            changes.append(f"{town.code}:{role or '-'}")
        if membership is not None and role:
            membership.role = role
        elif membership is not None:
            person.memberships.remove(membership)
        elif role:
            person.memberships.append(StaffMembership(municipality_id=town.id, role=role))
    if {o.id for o in editing} != {o.id for o in person.organisations}:
        changes.append("organisations")
        person.organisations = editing
    if changes:
        audit.record("staff.roles", municipality_id=where, detail=f"staff {person.id}: {' '.join(changes)}"[:200])
    return True


@bp.route("/staff/<int(max=2147483647):staff_id>/second-factor", methods=("POST",))
def reset_second_factor(staff_id):
    """A lost phone: the app's link is forgotten, every session ends, the next sign-in links it again."""
    person = person_or_404(staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    person.totp_secret, person.totp_confirmed, person.totp_last_step = None, False, None
    end_all_sessions(person)
    audit.record("staff.second_factor_reset", municipality_id=first_of_mine(person), detail=f"staff {person.id}")
    db.session.commit()
    flash(_("De app is losgekoppeld. Bij de volgende keer inloggen koppelt %(name)s opnieuw een app.",
            name=person.name))
    return redirect(url_for("admin.account", staff_id=person.id))


@bp.route("/staff/<int(max=2147483647):staff_id>/invite", methods=("POST",))
def invite_again(staff_id):
    """A new invitation e-mail (the earlier link stops working), for someone who has not started yet."""
    person = person_or_404(staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if person.password_hash != invitations.NO_PASSWORD or not person.active:
        abort(409)
    sent = invitations.invite(person, current_user.staff)
    audit.record("staff.invite_again", municipality_id=first_of_mine(person), detail=f"staff {person.id}")
    db.session.commit()
    flash(_("Uitnodiging verstuurd naar %(email)s.", email=person.email) if sent else
          _("De e-mail kon niet weg. Probeer het later opnieuw."))
    return redirect(url_for("admin.account", staff_id=person.id))

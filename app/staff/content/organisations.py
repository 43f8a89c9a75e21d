"""Organisations under /staff/organisations: who keeps which listings (a welfare organisation, a library,
a church). Coordinators and administrators keep those of their municipalities; an editor sees their own."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import Municipality, Organisation, Place
from .. import audit
from ..access import is_editor_only, my_municipality_ids, scoped_organisations
from ..sessions import require_sign_in
from .forms import OrganisationForm

bp = Blueprint("organisations", __name__, url_prefix="/staff/organisations")
bp.before_request(require_sign_in)


def my_municipalities() -> list[Municipality]:
    return list(db.session.scalars(db.select(Municipality).where(Municipality.id.in_(my_municipality_ids()))
                                   .order_by(Municipality.name)))


def organisation_or_404(organisation_id: int) -> Organisation:
    """An organisation of my municipalities; an editor changes none (they see their own in the list)."""
    found = db.session.scalar(scoped_organisations().where(Organisation.id == organisation_id))
    if found is None or is_editor_only():
        abort(404)
    return found


@bp.route("")
def organisations():
    """The organisations whose listings I keep, with how many places each has."""
    places = (db.select(Place.owner_id, db.func.count(Place.id).label("places"))
              .where(Place.status != "archived").group_by(Place.owner_id).subquery())
    rows = db.session.execute(scoped_organisations().add_columns(db.func.coalesce(places.c.places, 0))
                              .outerjoin(places, places.c.owner_id == Organisation.id)
                              .order_by(Organisation.name)).all()
    return render_template("staff/content/organisations.html", rows=rows, can_change=not is_editor_only())


@bp.route("/new", methods=("GET", "POST"))
def new():
    """A new organisation in one of my municipalities."""
    if is_editor_only():
        abort(404)
    form = OrganisationForm(municipalities=my_municipalities())
    if form.validate_on_submit() and name_free(form, None):
        organisation = Organisation()
        form.populate(organisation)
        db.session.add(organisation)
        return stored(organisation, "organisation.create", _("Organisatie opgeslagen."))
    return render_template("staff/content/organisation.html", form=form, organisation=None), \
        400 if form.errors else 200


@bp.route("/<int(max=2147483647):organisation_id>", methods=("GET", "POST"))
def edit(organisation_id):
    """An organisation's name and how residents and staff reach it."""
    organisation = organisation_or_404(organisation_id)
    form = OrganisationForm(obj=organisation, municipalities=my_municipalities())
    if not form.is_submitted():
        form.municipality.data = str(organisation.municipality_id)
    if form.validate_on_submit() and name_free(form, organisation):
        form.populate(organisation)
        return stored(organisation, "organisation.edit", _("Organisatie opgeslagen."))
    return render_template("staff/content/organisation.html", form=form, organisation=organisation), \
        400 if form.errors else 200


def name_free(form: OrganisationForm, organisation: Organisation | None) -> bool:
    """One name once per municipality: staff and residents must know which one is meant."""
    same = db.session.scalar(db.select(Organisation.id).where(
        Organisation.municipality_id == int(form.municipality.data), Organisation.name == form.name.data,
        Organisation.id != (organisation.id if organisation else 0)))
    if same is not None:
        form.name.errors.append(_("Deze gemeente heeft al een organisatie met deze naam."))
    return same is None


def stored(organisation: Organisation, action: str, message: str):
    """Commit, audit and show it (if someone took the name a moment ago: say so, keep nothing)."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        flash(_("Deze gemeente heeft al een organisatie met deze naam."))
        return redirect(url_for("organisations.organisations"))
    audit.record(action, municipality_id=organisation.municipality_id, detail=f"organisation {organisation.id}")
    db.session.commit()
    flash(message)
    return redirect(url_for("organisations.edit", organisation_id=organisation.id))

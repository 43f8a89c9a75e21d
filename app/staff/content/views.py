"""Places under /staff/places: the list with search and filters, create, edit and archive.

Every change carries the version of the place its page showed: of two people saving at once, the
second is told instead of overwriting the first. Every change is in the audit log."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import geo, listings, page_cache
from ...extensions import db
from ...maps import Point, area_map
from ...models import Activity, Organisation, Place
from .. import audit, changes
from ..access import is_editor_only, municipality_of, my_listing_municipality_ids, place_or_404, scoped_organisations
from ..sessions import require_sign_in
from .activities import in_words
from .forms import SOURCE_NAMES, STATUS_NAMES, ArchiveForm, PlaceForm, field_name, field_value
from .listings import PAGE_SIZE, Filters, is_stale, listing_page, locate, stale_per_organisation, today

bp = Blueprint("content", __name__, url_prefix="/staff/places")
bp.before_request(require_sign_in)

FIELDS = ("name", "address", "postcode", "city", "phone", "website", "step_free", "accessible_toilet",
          "hearing_loop", "status")


def my_organisations() -> list:
    return list(db.session.scalars(scoped_organisations().order_by(Organisation.name)))


def place_form(place: Place | None = None) -> PlaceForm:
    form = PlaceForm(obj=place, organisations=my_organisations(), owner_required=is_editor_only())
    if place is not None and not form.is_submitted():
        form.owner.data = str(place.owner_id or "")
        form.version.data = str(place.version)
    return form


@bp.route("")
def places():
    """The places I keep: search by name, filter by neighbourhood, organisation, stale or archived."""
    filters = Filters.from_args()
    rows, total = listing_page(filters, today())
    return render_template(
        "staff/content/places.html", rows=rows, total=total, filters=filters,
        pages=max(1, -(-total // PAGE_SIZE)), wijken=geo.wijken_of(*my_listing_municipality_ids()),
        organisations=my_organisations(), stale={row.id for row in rows if is_stale(row, today())},
        stale_counts=stale_per_organisation(today()),
    )


def place_map(place: Place | None, form: PlaceForm):
    """The wijken of the place's town (or of mine, for a new place) on our own map: a tap on it fills in
    the coordinates (app.js); typing them works without it."""
    typed = isinstance(form.lat.data, float) and isinstance(form.lon.data, float) and not form.lon.errors
    here = Point(form.lat.data, form.lon.data) if typed else (Point(place.lat, place.lon) if place else None)
    town = municipality_of(place) if place else None
    wijken = geo.wijken_of(town) if town else geo.wijken_of(*my_listing_municipality_ids())
    return area_map(wijken, marker=here, marker_label=_("Hier"), pick=True,
                    title=_("Kaart van de wijken. Tik op de plek om hem precies aan te wijzen."))


@bp.route("/new", methods=("GET", "POST"))
def new():
    """A new place; a draft until it is published."""
    form = place_form()
    if form.validate_on_submit() and (where := locate(form)):
        place = Place(last_checked=today())
        change(place, form, where)
        db.session.add(place)
        db.session.flush()
        audit.record("place.create", municipality_id=where[2].municipality_id, detail=f"place {place.id}")
        db.session.commit()
        flash(_("Plek opgeslagen."))
        return redirect(url_for("content.edit", place_id=place.id))
    return render_template("staff/content/place.html", form=form, place=None, map=place_map(None, form)), \
        400 if form.errors else 200


@bp.route("/<int(max=2147483647):place_id>", methods=("GET", "POST"))
def edit(place_id):
    """A place's form; saving it changes what residents see at once (when it is published)."""
    place = place_or_404(place_id)
    form = place_form(place)
    if form.is_submitted() and not changes.seen(place, form):
        return someone_changed(place_id)
    if form.validate_on_submit() and (where := locate(form)):
        changed = change(place, form, where)
        audit.record("place.edit", municipality_id=where[2].municipality_id,
                     detail=f"place {place_id}: {' '.join(changed)}"[:200])
        return saved(place_id, _("Plek opgeslagen."))
    return render_template("staff/content/place.html", form=form, place=place, stale=is_stale(place, today()),
                           map=place_map(place, form),
                           activities=place_activities(place), history=listings.history(place),
                           in_words=in_words), 400 if form.errors else 200


@bp.route("/<int(max=2147483647):place_id>/confirm", methods=("POST",))
def confirm(place_id):
    """ "Alles klopt nog": the place and all its activities checked today, in every language."""
    place = place_or_404(place_id)
    form = ArchiveForm()
    if not form.validate_on_submit():
        abort(400)
    if not changes.seen(place, form):
        return someone_changed(place_id)
    listings.Change(current_user, "editor").confirm(place, today())
    audit.record("place.confirm", municipality_id=municipality_of(place), detail=f"place {place_id}")
    return saved(place_id, _("Dank u. De plek en al haar activiteiten zijn vandaag nagekeken."))


def place_activities(place: Place) -> list[Activity]:
    return sorted((a for a in place.activities if a.status != "archived"), key=lambda a: a.text("nl").title)


@bp.route("/<int(max=2147483647):place_id>/archive", methods=("POST",))
def archive(place_id):
    """Archive a place: residents no longer see it or its activities; staff find it under "archived"."""
    place = place_or_404(place_id)
    form = ArchiveForm()
    if not form.validate_on_submit():
        abort(400)
    if not changes.seen(place, form):
        return someone_changed(place_id)
    listings.Change(current_user, "editor").set(place, {"status": "archived"})
    audit.record("place.archive", municipality_id=municipality_of(place), detail=f"place {place_id}")
    return saved(place_id, _("Plek gearchiveerd. Bewoners zien hem niet meer."))


def change(place: Place, form: PlaceForm, where) -> list[str]:
    """Copy the form onto the place through app.listings (so into its history); the fields that changed."""
    owner = form.chosen_owner
    values = {name: getattr(form, name).data for name in FIELDS}
    return listings.Change(current_user, "editor").set(place, {
        **values, "phone": values["phone"] or None, "website": values["website"] or None,
        "owner_id": owner.id if owner else None, "organisation": owner.name if owner else None,
        "lat": where[0], "lon": where[1], "neighbourhood_id": where[2].id,
    })


def changed_meanwhile() -> str:
    return _("Iemand anders heeft deze plek net veranderd. Hieronder ziet u hoe die nu is. "
             "Is uw wijziging nog nodig? Doe die dan opnieuw.")


def saved(place_id: int, message: str):
    """Store the change and show the place; if someone changed it first, store nothing and say so."""
    page_cache.clear()  # residents' finder pages in this process show the change at once
    return changes.save(url_for("content.edit", place_id=place_id), message, changed_meanwhile())


def someone_changed(place_id: int):
    return changes.refused(url_for("content.edit", place_id=place_id), changed_meanwhile())


@bp.context_processor
def listing_words():
    return {"status_names": STATUS_NAMES, "source_names": SOURCE_NAMES, "field_name": field_name,
            "field_value": field_value}

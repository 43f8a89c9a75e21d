"""The one access check of the back office. Requests and volunteers (personal data): a staff member
sees those of their own municipalities only. Listings (places): coordinators and administrators keep all of their
municipalities, an editor only those of their organisations. Anything else is a 404, so its
existence does not leak."""

from flask import abort, request
from flask_login import current_user
from sqlalchemy import false, or_

from ..extensions import db
from ..help_requests import first_request
from ..models import Activity, Correction, HelpRequest, Neighbourhood, Organisation, Place, Volunteer
from ..references import find_request, normalise
from . import audit


def my_municipality_ids() -> list[int]:
    return current_user.municipality_ids if current_user.is_authenticated else []


def scoped(model, query=None):
    """A select of this model limited to the signed-in user's municipalities."""
    query = db.select(model) if query is None else query
    return query.where(model.municipality_id.in_(my_municipality_ids()))


def request_or_404(reference: str) -> HelpRequest:
    """The request, of any kind, with this code, if it is of one of my municipalities."""
    code = normalise(reference)
    found = first_request(lambda model: scoped(model).where(model.reference == code)) if code else None
    if found is None:
        refused(code)
        abort(404)
    return found


def refused(code: str | None) -> None:
    """A request of another municipality was asked for: the answer is the same 404 as for a code that
    does not exist, and the audit log of its municipality gets who asked, on which route."""
    elsewhere = find_request(code) if code else None
    if elsewhere is not None:
        audit.record("access.refused", elsewhere, detail=f"{request.method} {request.endpoint}")
        db.session.commit()


# --- Volunteers ---

def volunteer_or_404(volunteer_id: int) -> Volunteer:
    """The volunteer, if of one of my municipalities; another's is logged in its municipality's audit
    log and answers the same 404 as one that does not exist."""
    found = db.session.scalar(scoped(Volunteer).where(Volunteer.id == volunteer_id))
    if found is None:
        elsewhere = db.session.get(Volunteer, volunteer_id)
        if elsewhere is not None:
            audit.record("access.refused", municipality_id=elsewhere.municipality_id,
                         detail=f"{request.method} {request.endpoint} volunteer {volunteer_id}")
            db.session.commit()
        abort(404)
    return found


# --- Listings ---

def my_organisation_ids() -> list[int]:
    return [organisation.id for organisation in current_user.organisations] if current_user.is_authenticated else []


def scoped_organisations(query=None):
    """The organisations whose listings I keep: all of my municipalities, or my own as an editor."""
    query = db.select(Organisation) if query is None else query
    return query.where(or_(Organisation.municipality_id.in_(my_municipality_ids()),
                           Organisation.id.in_(my_organisation_ids())))


def scoped_places(query=None):
    """A select of places limited to those I keep (see the module's docstring)."""
    query = db.select(Place) if query is None else query
    conditions = []
    if my_municipality_ids():
        in_my_towns = db.select(Neighbourhood.id).where(Neighbourhood.municipality_id.in_(my_municipality_ids()))
        conditions += [Place.neighbourhood_id.in_(in_my_towns),
                       Place.owner_id.in_(db.select(Organisation.id)
                                          .where(Organisation.municipality_id.in_(my_municipality_ids())))]
    if my_organisation_ids():
        conditions.append(Place.owner_id.in_(my_organisation_ids()))
    return query.where(or_(*conditions) if conditions else false())


def place_or_404(place_id: int) -> Place:
    """The place, if I keep it; another's is logged in the audit log and answers 404."""
    found = db.session.scalar(scoped_places().where(Place.id == place_id))
    if found is None:
        elsewhere = db.session.get(Place, place_id)
        if elsewhere is not None:
            audit.record("access.refused", municipality_id=municipality_of(elsewhere),
                         detail=f"{request.method} {request.endpoint} place {place_id}")
            db.session.commit()
        abort(404)
    return found


def activity_or_404(activity_id: int) -> Activity:
    """The activity, if I keep its place; another's is logged in the audit log and answers 404."""
    found = db.session.scalar(db.select(Activity).where(
        Activity.id == activity_id, Activity.place_id.in_(scoped_places().with_only_columns(Place.id))))
    if found is None:
        elsewhere = db.session.get(Activity, activity_id)
        if elsewhere is not None:
            audit.record("access.refused", municipality_id=municipality_of(elsewhere.place),
                         detail=f"{request.method} {request.endpoint} activity {activity_id}")
            db.session.commit()
        abort(404)
    return found


def municipality_of(place: Place) -> int | None:
    if place.neighbourhood is not None:
        return place.neighbourhood.municipality_id
    return place.owner.municipality_id if place.owner is not None else None


def my_listing_municipality_ids() -> set[int]:
    """The municipalities I may put a place in: my own, and those of my organisations."""
    return {*my_municipality_ids(), *(o.municipality_id for o in current_user.organisations)}


def is_editor_only() -> bool:
    """An editor without a municipality role: no requests, only their organisations' listings."""
    return current_user.is_authenticated and not current_user.memberships


# --- Corrections residents suggested: they belong to whoever keeps their listing ---

def scoped_corrections(query=None):
    """A select of corrections limited to those of the places I keep."""
    query = db.select(Correction) if query is None else query
    return query.where(Correction.place_id.in_(scoped_places().with_only_columns(Place.id)))


def correction_or_404(correction_id: int) -> Correction:
    """The correction, if I keep its listing; another's is logged in the audit log and answers 404."""
    found = db.session.scalar(scoped_corrections().where(Correction.id == correction_id))
    if found is None:
        elsewhere = db.session.get(Correction, correction_id)
        if elsewhere is not None:
            audit.record("access.refused", municipality_id=municipality_of(elsewhere.place),
                         detail=f"{request.method} {request.endpoint} correction {correction_id}")
            db.session.commit()
        abort(404)
    return found

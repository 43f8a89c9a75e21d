"""The one access check for personal data: a staff member sees requests of their own
municipalities only. Every query for requests goes through here; another municipality's request
is a 404, so its existence does not leak."""

from flask import abort, request
from flask_login import current_user

from ..extensions import db
from ..help_requests import first_request
from ..models import HelpRequest
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

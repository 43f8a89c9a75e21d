"""Finding a resident's request among its kinds (the tables in `models.REQUEST_MODELS`)."""

from collections.abc import Callable

from sqlalchemy import Select, or_

from .extensions import db
from .models import REQUEST_MODELS, HelpRequest


def first_request(select: Callable[[type[HelpRequest]], Select]) -> HelpRequest | None:
    """The first row that `select(model)` finds, trying each kind of request in turn."""
    for model in REQUEST_MODELS:
        found = db.session.scalar(select(model))
        if found is not None:
            return found
    return None


def by_phone(phones: set[str], select: Callable[[type[HelpRequest]], Select]) -> list[HelpRequest]:
    """Every request, of any kind, with one of these numbers in one of its phone columns."""
    rows = []
    for model in REQUEST_MODELS:
        columns = [getattr(model, name) for name in model.PHONE_COLUMNS]
        rows += db.session.scalars(select(model).where(or_(*(column.in_(phones) for column in columns))))
    return rows

"""Retention: what the privacy text promises ("when we are done, we erase your data").

A closed request is anonymised once its municipality's period has passed since it was closed
(`Municipality.retention_months`, default 12; a worry report that names someone,
`retention_named_worry_months`, default 6). Anonymising wipes what each kind of request lists in
`PERSONAL_COLUMNS` (names, phone numbers, e-mail, free text, street, postcode) and the text of the notes
in its timeline; kind, municipality, neighbourhood, dates, channel (kiosk) and outcome (status, closed
reason) stay for reports. The code stays too, so a resident who checks it is told in plain words.

Set-based UPDATEs, each limited to rows not yet anonymised: a second run, or a second server running at
the same moment, changes nothing.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, func, or_, update

from .extensions import db
from .models import REQUEST_MODELS, HelpRequest, Municipality, RequestEvent, utcnow


def closed_moment(model: type[HelpRequest]):
    """When it was closed; a request closed before `closed_at` was kept counts from when it came in."""
    return func.coalesce(model.closed_at, model.created_at)


def due(model: type[HelpRequest], municipality: Municipality, now: dt.datetime):
    """The SQL condition: closed requests of this municipality whose period has passed."""
    closed = closed_moment(model)
    passed = closed < now - relativedelta(months=municipality.retention_months)
    if model.NAMED_COLUMN is not None:
        named_cutoff = now - relativedelta(months=municipality.retention_named_worry_months)
        passed = or_(passed, and_(getattr(model, model.NAMED_COLUMN).is_not(None), closed < named_cutoff))
    return and_(model.municipality_id == municipality.id, model.status == "closed",
                model.anonymised_at.is_(None), passed)


def anonymise_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Anonymise every request whose period has passed, and the notes of anonymised requests; the caller
    commits. Returns counts only: {"requests": …, "notes": …}."""
    now = now or utcnow()
    requests = 0
    for municipality in db.session.scalars(db.select(Municipality)):
        for model in REQUEST_MODELS:
            wiped = {**model.PERSONAL_COLUMNS, "anonymised_at": now, "version": model.version + 1}
            statement = update(model).where(due(model, municipality, now)).values(**wiped)
            requests += db.session.execute(statement, execution_options={"synchronize_session": False}).rowcount
    return {"requests": requests, "notes": wipe_notes()}


def wipe_notes() -> int:
    """The notes staff wrote on anonymised requests may name the person: their text goes, the line stays
    (when, who, that there was a note)."""
    count = 0
    for model in REQUEST_MODELS:
        anonymised = db.select(model.id).where(model.anonymised_at.is_not(None))
        statement = update(RequestEvent).where(
            RequestEvent.kind == "note", RequestEvent.text.is_not(None),
            getattr(RequestEvent, model.TIMELINE_COLUMN).in_(anonymised),
        ).values(text=None)
        count += db.session.execute(statement, execution_options={"synchronize_session": False}).rowcount
    return count

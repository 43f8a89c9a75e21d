"""A person's data (AVG articles 15 and 17): the kinds of record that can hold it, each with three
functions: find (by phone, e-mail or code, within my municipalities), export (every column, as plain
values) and erase (the record and everything that points at it, in any table).

A kind is one `register(RecordKind(...))`: requests (buddy, go-along, worry) and volunteers below.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, delete, func, or_

from ...extensions import db
from ...models import REQUEST_MODELS, AuditEvent, Draft, HelpRequest, RequestEvent, Volunteer, VolunteerEvent
from ...references import formatted
from ..access import scoped
from ..inbox.handling import KIND_NAMES, STATUS_NAMES
from ..volunteers.words import STATUS_NAMES as VOLUNTEER_STATUS_NAMES


@dataclass(frozen=True)
class Person:
    """What staff searched for, normalised: phone numbers in E.164, e-mail in lower case, a canonical code."""

    phones: frozenset[str]
    email: str | None
    code: str | None


@dataclass(frozen=True)
class Found:
    """One record of the person: `key` tells it apart on the page (kind and code or id)."""

    kind: "RecordKind"
    key: str
    reference: str | None  # the code the audit row names, if the record has one
    municipality_id: int
    row: object
    summary: str  # what staff see in the list: kind, state, date; never the personal data itself


@dataclass(frozen=True)
class RecordKind:
    name: str
    label: object  # a lazy string
    find: Callable[[Person], list[Found]]
    export: Callable[[Found], dict]
    erase: Callable[[Found], None]


RECORD_KINDS: list[RecordKind] = []


def register(kind: RecordKind) -> RecordKind:
    RECORD_KINDS.append(kind)
    return kind


def find(person: Person) -> list[Found]:
    """Every record of the person, of every kind, in my municipalities."""
    return [found for kind in RECORD_KINDS for found in kind.find(person)]


# --- Shared by the kinds: a row as plain values, and erasing a row with whatever points at it ---

NOT_EXPORTED = {"submission_token", "version"}  # a one-time secret of the send form, a change counter


def plain(value):
    return value.isoformat() if isinstance(value, dt.date | dt.datetime | dt.time) else value


def export_row(row) -> dict:
    """Every column of the row (checked against the table in the tests), as JSON-ready values."""
    return {column.key: plain(getattr(row, column.key)) for column in row.__table__.columns
            if column.key not in NOT_EXPORTED}


def erase_rows(table: Table, condition) -> None:
    """Delete the rows and, first, every row of any table that points at them (and so on down). The
    audit log is kept: it is append-only, and names only a code and what was done."""
    for other in db.metadata.sorted_tables:
        if other is table or other is AuditEvent.__table__:
            continue
        for key in other.foreign_keys:
            if key.column.table is table:
                erase_rows(other, key.parent.in_(db.select(key.column).where(condition)))
    db.session.execute(delete(table).where(condition))


def erase_drafts(*texts: str) -> None:
    """Wizard drafts and confirmation receipts that mention any of these (they go after a day anyway)."""
    wanted = [text for text in texts if text]
    if wanted:
        # autoescape: the "_" of an e-mail address is no LIKE wildcard.
        mentions = [Draft.answers.contains(text, autoescape=True) for text in wanted]
        db.session.execute(delete(Draft).where(or_(*mentions)))


# --- Requests: buddy, go-along and worry ---

def find_requests(person: Person) -> list[Found]:
    found = []
    for model in REQUEST_MODELS:
        conditions = [getattr(model, name).in_(person.phones) for name in model.PHONE_COLUMNS if person.phones]
        if person.email:
            conditions.append(func.lower(model.email) == person.email)
        if person.code:
            conditions.append(model.reference == person.code)
        if conditions:
            rows = db.session.scalars(scoped(model).where(or_(*conditions)).order_by(model.created_at))
            found += [Found(REQUESTS, f"request:{row.reference}", row.reference, row.municipality_id, row,
                            request_summary(row)) for row in rows]
    return found


def request_summary(row: HelpRequest) -> str:
    return " · ".join((formatted(row.reference), str(KIND_NAMES[row.kind]), str(STATUS_NAMES[row.status]),
                       row.municipality.name, row.created_at.strftime("%d-%m-%Y")))


def export_request(found: Found) -> dict:
    """The request's columns and its timeline (what happened and the notes staff wrote)."""
    row: HelpRequest = found.row
    timeline = db.session.scalars(db.select(RequestEvent).where(
        getattr(RequestEvent, row.TIMELINE_COLUMN) == row.id).order_by(RequestEvent.at, RequestEvent.id))
    return {"record": "request", "kind": row.kind, **export_row(row),
            "timeline": [{"at": plain(event.at), "what": event.kind, "value": event.value, "text": event.text}
                         for event in timeline]}


def erase_request(found: Found) -> None:
    row: HelpRequest = found.row
    phones = [getattr(row, name) for name in row.PHONE_COLUMNS]
    erase_drafts(row.reference, row.email, *phones)
    table = type(row).__table__
    erase_rows(table, table.c.id == row.id)
    db.session.expunge(row)


REQUESTS = register(RecordKind("request", _l("Vraag of zorgmelding"), find=find_requests, export=export_request,
                               erase=erase_request))


# --- Volunteers ---

def find_volunteers(person: Person) -> list[Found]:
    conditions = [Volunteer.phone.in_(person.phones)] if person.phones else []
    if person.email:
        conditions.append(func.lower(Volunteer.email) == person.email)
    if person.code:  # who signed up themselves has a code
        conditions.append(Volunteer.reference == person.code)
    if not conditions:
        return []
    rows = db.session.scalars(scoped(Volunteer).where(or_(*conditions)).order_by(Volunteer.created_at))
    return [Found(VOLUNTEERS, f"volunteer:{row.id}", row.reference, row.municipality_id, row, volunteer_summary(row))
            for row in rows]


def volunteer_summary(row: Volunteer) -> str:
    return " · ".join((str(VOLUNTEER_STATUS_NAMES[row.status]), row.municipality.name,
                       row.created_at.strftime("%d-%m-%Y")))


def export_volunteer(found: Found) -> dict:
    """The volunteer's columns and their timeline."""
    row: Volunteer = found.row
    timeline = db.session.scalars(db.select(VolunteerEvent).where(VolunteerEvent.volunteer_id == row.id)
                                  .order_by(VolunteerEvent.at, VolunteerEvent.id))
    return {"record": "volunteer", **export_row(row),
            "timeline": [{"at": plain(event.at), "what": event.kind, "value": event.value, "text": event.text}
                         for event in timeline]}


def erase_volunteer(found: Found) -> None:
    row: Volunteer = found.row
    erase_drafts(row.reference, row.email, row.phone)
    erase_rows(Volunteer.__table__, Volunteer.__table__.c.id == row.id)
    db.session.expunge(row)


VOLUNTEERS = register(RecordKind("volunteer", _l("Vrijwilliger"), find=find_volunteers, export=export_volunteer,
                                 erase=erase_volunteer))

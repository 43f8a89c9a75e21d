"""The audit log under /staff/admin/audit: who did what, on which request, when; filtered by person,
action, request code and period, a page at a time, and as CSV (that download is itself audited).
An administrator sees their own municipalities' rows, and the sign-ins of their own staff."""

import datetime as dt
from dataclasses import dataclass

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import AuditEvent, StaffUser
from ...references import formatted, normalise
from ...schedule import TZ
from .. import audit
from ..exports import csv_response
from . import bp
from .accounts import staff_query
from .scope import administered, administered_ids

PAGE_SIZE = 50
CSV_LIMIT = 50_000


def whole_number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def day(text: str) -> dt.date | None:
    """A day of the log's lifetime, typed as the date field sends it; anything else is no filter."""
    try:
        found = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
    return found if found is not None and 2000 <= found.year <= 2999 else None


def utc_midnight(date: dt.date) -> dt.datetime:
    """The start of this day in Amsterdam, in UTC as stored."""
    return dt.datetime.combine(date, dt.time(), TZ).astimezone(dt.UTC).replace(tzinfo=None)


@dataclass
class Filters:
    person: int | None = None
    action: str = ""
    reference: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def from_args(cls) -> "Filters":
        args = request.args
        return cls(person=whole_number(args.get("person", "")), action=args.get("action", "")[:40],
                   reference=normalise(args.get("reference", "")[:20]), since=day(args.get("from", "")),
                   until=day(args.get("to", "")))

    def query(self):
        """My rows, newest first, narrowed by what is filled in."""
        my_staff = staff_query().with_only_columns(StaffUser.id)
        query = db.select(AuditEvent).where(
            AuditEvent.municipality_id.in_(administered_ids())
            | (AuditEvent.municipality_id.is_(None) & AuditEvent.staff_id.in_(my_staff)))
        if self.person is not None:
            query = query.where(AuditEvent.staff_id == self.person)
        if self.action:
            query = query.where(AuditEvent.action == self.action)
        if self.reference:
            query = query.where(AuditEvent.reference == self.reference)
        if self.since:
            query = query.where(AuditEvent.at >= utc_midnight(self.since))
        if self.until:
            query = query.where(AuditEvent.at < utc_midnight(self.until + dt.timedelta(days=1)))
        return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())

    def in_words(self) -> str:
        """The filters for the audit row of a download (no personal data: ids, codes, dates)."""
        parts = [f"person={self.person}" if self.person is not None else "", f"action={self.action}" if self.action
                 else "", f"reference={self.reference}" if self.reference else "",
                 f"from={self.since}" if self.since else "", f"to={self.until}" if self.until else ""]
        return " ".join(part for part in parts if part)[:200] or "all"


def choices() -> tuple[list[StaffUser], list[str]]:
    people = db.session.scalars(staff_query().order_by(StaffUser.name)).all()
    actions = db.session.scalars(db.select(AuditEvent.action).distinct().where(
        AuditEvent.municipality_id.in_(administered_ids())).order_by(AuditEvent.action)).all()
    return people, sorted({*actions, "auth.sign_in", "auth.sign_in_failed", "auth.sign_out"})


@bp.route("/audit")
def audit_log():
    """One page of the audit log with its filters."""
    filters = Filters.from_args()
    total = db.session.scalar(filters.query().with_only_columns(db.func.count()).order_by(None))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(whole_number(request.args.get("page", "")) or 1, pages)
    rows = db.session.scalars(filters.query().options(selectinload(AuditEvent.staff))
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    people, actions = choices()
    return render_template("staff/admin/audit_log.html", rows=rows, filters=filters, total=total, page=page,
                           pages=pages, people=people, actions=actions, formatted=formatted,
                           towns={town.id: town.name for town in administered()})


@bp.route("/audit.csv")
def audit_csv():
    """The filtered audit log as CSV; the download is itself a row of the log."""
    filters = Filters.from_args()
    towns = {town.id: town.name for town in administered()}
    audit.record("audit.export", municipality_id=next(iter(towns), None), detail=filters.in_words())
    db.session.commit()
    rows = db.session.scalars(filters.query().options(selectinload(AuditEvent.staff)).limit(CSV_LIMIT)).all()
    header = [_("Moment (UTC)"), _("Medewerker"), _("Actie"), _("Code"), _("Gemeente"), _("Detail")]
    body = [[row.at.isoformat(timespec="seconds"), row.staff.name if row.staff else "", row.action,
             formatted(row.reference) if row.reference else "", towns.get(row.municipality_id, ""), row.detail or ""]
            for row in rows]
    return csv_response([header, *body], "vangnet-auditlog.csv")

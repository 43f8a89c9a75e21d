"""The list of volunteers: search and filters. The search by name comes in a POST (names stay out of
addresses and logs); the other filters hold no personal data and may be links too (`?vog=lapsing`)."""

import datetime as dt
from dataclasses import dataclass

from flask import request
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import VOG_WARNING, VOLUNTEER_ROLES, VOLUNTEER_STATUSES, Neighbourhood, Volunteer
from ..access import scoped

PAGE_SIZE = 50
VOG_FILTERS = ("lapsing", "lapsed", "missing")


def int_value(value: str | None) -> int | None:
    # ASCII only: str.isdigit() says yes to "²", which int() refuses.
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and 0 < len(value) <= 9 and int(value) > 0 else None


@dataclass
class Filters:
    search: str
    status: str | None
    role: str | None
    neighbourhood_id: int | None
    vog: str | None
    page: int

    @classmethod
    def from_request(cls) -> "Filters":
        values = request.form if request.method == "POST" else request.args
        status, role, vog = values.get("status"), values.get("role"), values.get("vog")
        return cls(search=values.get("q", "").strip()[:100] if request.method == "POST" else "",
                   status=status if status in VOLUNTEER_STATUSES else None,
                   role=role if role in VOLUNTEER_ROLES else None,
                   neighbourhood_id=int_value(values.get("neighbourhood")),
                   vog=vog if vog in VOG_FILTERS else None,
                   page=min(int_value(values.get("page")) or 1, 10000))


def like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def has_key(column, key: str):
    """A space-separated list of keys holds this one."""
    return (" " + column + " ").like(f"% {key} %")


def vog_condition(vog: str, today: dt.date):
    if vog == "missing":
        return Volunteer.vog_date.is_(None)
    if vog == "lapsed":
        return Volunteer.vog_date.is_not(None) & ~Volunteer.vog_valid_on(today)
    return Volunteer.vog_valid_on(today) & ~Volunteer.vog_valid_on(today + VOG_WARNING)


def listing_query(filters: Filters, today: dt.date):
    query = scoped(Volunteer)
    if filters.search:
        pattern = like(filters.search)
        full_name = Volunteer.first_name + " " + Volunteer.last_name
        query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in (
            Volunteer.first_name, Volunteer.last_name, Volunteer.email, full_name))))
    if filters.status:
        query = query.where(Volunteer.status == filters.status)
    if filters.role:
        query = query.where(has_key(Volunteer.roles, filters.role))
    if filters.neighbourhood_id:
        query = query.where((Volunteer.neighbourhood_id == filters.neighbourhood_id) | Volunteer.neighbourhood_id.in_(
            db.select(Neighbourhood.id).where(Neighbourhood.parent_id == filters.neighbourhood_id)))
    if filters.vog:
        query = query.where(vog_condition(filters.vog, today))
    return query


def listing_page(filters: Filters, today: dt.date) -> tuple[list[Volunteer], int]:
    query = listing_query(filters, today)
    total = db.session.scalar(query.with_only_columns(db.func.count(Volunteer.id)).order_by(None))
    rows = db.session.scalars(query.options(selectinload(Volunteer.neighbourhood))
                              .order_by(Volunteer.first_name, Volunteer.last_name, Volunteer.id)
                              .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE))
    return list(rows), total

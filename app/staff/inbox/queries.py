"""The inbox query: buddy requests, go-along requests and concerns together, scoped to my
municipalities, most urgent and oldest first, filtered and counted in the database."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import g

from ...extensions import db
from ...models import MODEL_OF_KIND, OPEN_STATUSES, REQUEST_KINDS, REQUEST_MODELS, Municipality, utcnow
from ..access import my_municipality_ids, scoped

PAGE_SIZE = 50


def working_days_before(moment: dt.datetime, days: int) -> dt.datetime:
    """The moment `days` working days (Monday to Friday) before this one."""
    while days > 0:
        moment -= dt.timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def overdue_rules() -> list[tuple[int, int]]:
    """(municipality id, working days) of my municipalities, looked up once per request."""
    if "overdue_rules" not in g:
        g.overdue_rules = db.session.execute(
            db.select(Municipality.id, Municipality.overdue_after_days)
            .where(Municipality.id.in_(my_municipality_ids()))
        ).all()
    return g.overdue_rules


def overdue_condition(model, now: dt.datetime):
    """No first contact yet, and older than the municipality's number of working days."""
    rules = overdue_rules()
    per_municipality = [
        sa.and_(model.municipality_id == municipality_id, model.created_at < working_days_before(now, days))
        for municipality_id, days in rules
    ]
    return sa.and_(model.first_contact_at.is_(None), model.status.in_(OPEN_STATUSES),
                   sa.or_(sa.false(), *per_municipality))


@dataclass
class Filters:
    kind: str | None = None
    status: str | None = None  # None: every open status
    neighbourhood_id: int | None = None
    mine_id: int | None = None  # the signed-in user's id, for "mine"
    overdue: bool = False


def rows_select(model, filters: Filters, now: dt.datetime, kind_filter: bool = True):
    """One model's part of the inbox, with the columns every kind has."""
    query = scoped(model, db.select(
        model.kind.label("kind"), model.id, model.reference, model.status, model.priority, model.language,
        model.created_at, model.neighbourhood_id, model.municipality_id, model.assigned_to_id,
        overdue_condition(model, now).label("overdue"),
    ))
    query = query.where(model.status == filters.status) if filters.status else query.where(
        model.status.in_(OPEN_STATUSES))
    if kind_filter and filters.kind:
        query = query.where(model.kind == filters.kind)
    if filters.neighbourhood_id:
        query = query.where(model.neighbourhood_id == filters.neighbourhood_id)
    if filters.mine_id:
        query = query.where(model.assigned_to_id == filters.mine_id)
    if filters.overdue:
        query = query.where(overdue_condition(model, now))
    return query


def models_for(kind: str | None):
    return (MODEL_OF_KIND[kind],) if kind else REQUEST_MODELS


def inbox_page(filters: Filters, page: int) -> tuple[list, int]:
    """One page of the inbox and the number of requests it pages through."""
    now = utcnow()
    union = sa.union_all(*(rows_select(model, filters, now) for model in models_for(filters.kind))).subquery()
    total = db.session.scalar(db.select(sa.func.count()).select_from(union))
    rows = db.session.execute(
        db.select(union).order_by(union.c.priority.desc(), union.c.created_at, union.c.id)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return rows, total


def counts(filters: Filters) -> dict[str, int]:
    """How many open requests per kind, and how many overdue, under the other filters."""
    now = utcnow()
    everything = Filters(status=filters.status, neighbourhood_id=filters.neighbourhood_id,
                         mine_id=filters.mine_id, overdue=filters.overdue)
    union = sa.union_all(*(rows_select(model, everything, now) for model in REQUEST_MODELS)).subquery()
    per_kind = dict(db.session.execute(db.select(union.c.kind, sa.func.count()).group_by(union.c.kind)).all())
    overdue = db.session.scalar(db.select(sa.func.count()).select_from(union).where(union.c.overdue))
    return {**{kind: per_kind.get(kind, 0) for kind in REQUEST_KINDS}, "overdue": overdue or 0}

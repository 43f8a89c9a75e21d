"""Finding and placing listings: the list with its filters, and where a place lies."""

import datetime as dt
from dataclasses import dataclass

from flask import request
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ... import geo, schedule
from ...extensions import db
from ...models import STALE_AFTER, Neighbourhood, Organisation, Place
from ..access import my_listing_municipality_ids, scoped_places

PAGE_SIZE = 50


def int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    # ASCII only: str.isdigit() says yes to "²", which int() refuses.
    return int(value) if value.isascii() and value.isdigit() and 0 < len(value) <= 9 and int(value) > 0 else None


@dataclass
class Filters:
    search: str
    neighbourhood_id: int | None
    owner_id: int | None
    stale: bool
    archived: bool
    page: int

    @classmethod
    def from_args(cls) -> "Filters":
        return cls(search=request.args.get("q", "").strip()[:100], neighbourhood_id=int_arg("neighbourhood"),
                   owner_id=int_arg("organisation"), stale=request.args.get("stale") == "1",
                   archived=request.args.get("archived") == "1", page=min(int_arg("page") or 1, 10000))


def stale_before(today: dt.date) -> dt.date:
    return today - STALE_AFTER


def listing_query(filters: Filters, today: dt.date):
    """My places that pass the filters; archived ones only when asked for (then only those)."""
    query = scoped_places().where(Place.status == "archived" if filters.archived else Place.status != "archived")
    if filters.search:
        escaped = filters.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Place.name.ilike(f"%{escaped}%", escape="\\"))
    if filters.neighbourhood_id:
        query = query.where((Place.neighbourhood_id == filters.neighbourhood_id) | Place.neighbourhood_id.in_(
            db.select(Neighbourhood.id).where(Neighbourhood.parent_id == filters.neighbourhood_id)))
    if filters.owner_id:
        query = query.where(Place.owner_id == filters.owner_id)
    if filters.stale:
        query = query.where(Place.last_checked.is_(None) | (Place.last_checked < stale_before(today)))
    return query


def listing_page(filters: Filters, today: dt.date) -> tuple[list[Place], int]:
    query = listing_query(filters, today)
    total = db.session.scalar(query.with_only_columns(db.func.count(Place.id)).order_by(None))
    rows = db.session.scalars(query.options(selectinload(Place.neighbourhood), selectinload(Place.owner))
                              .order_by(Place.name, Place.id).limit(PAGE_SIZE)
                              .offset((filters.page - 1) * PAGE_SIZE)).all()
    return list(rows), total


def stale_per_organisation(today: dt.date) -> list[tuple]:
    """(organisation id, name, how many of its places are stale) for my places, most first."""
    stale = scoped_places().where(Place.status != "archived", Place.last_checked.is_(None)
                                  | (Place.last_checked < stale_before(today)))
    rows = db.session.execute(stale.with_only_columns(Place.owner_id, Organisation.name, db.func.count(Place.id))
                              .outerjoin(Organisation, Organisation.id == Place.owner_id)
                              .group_by(Place.owner_id, Organisation.name).order_by(None)).all()
    return sorted(rows, key=lambda row: (-row[2], row[1] or ""))


def is_stale(place: Place, today: dt.date) -> bool:
    return place.last_checked is None or place.last_checked < stale_before(today)


def today() -> dt.date:
    return schedule.local_now().date()


def locate(form) -> tuple[float, float, Neighbourhood] | None:
    """Where the place lies: the typed coordinates, else the postcode's centre; its buurt from the CBS
    outlines. None (with the error next to the field) when that is outside my municipalities."""
    typed = form.lat.data is not None
    lat, lon = (form.lat.data, form.lon.data) if typed else (form.postcode.centroid.lat, form.postcode.centroid.lon)
    field = form.lat if typed else form.postcode
    neighbourhood = geo.neighbourhood_at(lat, lon)
    if neighbourhood is None:
        field.errors.append(_("Hier vinden we geen buurt. Kijk of dit goed is."))
        return None
    owner = form.chosen_owner
    allowed = {owner.municipality_id} if owner else my_listing_municipality_ids()
    if neighbourhood.municipality_id not in allowed:
        field.errors.append(_("Dit adres ligt niet in de gemeente van deze organisatie.") if owner
                            else _("Dit adres ligt niet in uw gemeente."))
        return None
    return lat, lon, neighbourhood

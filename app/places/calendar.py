"""One calendar of all activities: by day per town and per neighbourhood, an iCalendar feed per
town and per neighbourhood, and the printable weekly wijkagenda for notice boards."""

import datetime as dt

from flask import Response, abort, current_app, g, render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from .. import geo, schedule
from ..calendar_files import feed_ics
from ..extensions import db
from ..i18n import page_language
from ..models import Activity, ActivityText, Municipality, Neighbourhood, Place
from .views import bp

# How far the calendar pages look back and ahead (a week back, so last week's notice still opens).
DAYS_BACK, DAYS_AHEAD = 7, 366


def activities_in(municipality: Municipality, area: Neighbourhood | None, lang: str) -> list[Activity]:
    """All activities at places of the town, or of one wijk (with its buurten) or buurt."""
    query = (db.select(Activity).join(Activity.place).join(Place.neighbourhood)
             .where(Place.published, Activity.published))
    if area is None:
        query = query.where(Neighbourhood.municipality_id == municipality.id)
    else:
        query = query.where((Neighbourhood.id == area.id) | (Neighbourhood.parent_id == area.id))
    query = query.options(
        selectinload(Activity.place),
        selectinload(Activity.texts.and_(ActivityText.lang.in_({lang, "nl"}))),
        selectinload(Activity.cancellations),
    )
    return list(db.session.scalars(query))


def town_and_area(slug: str, code: str | None) -> tuple[Municipality, Neighbourhood | None]:
    town = db.first_or_404(db.select(Municipality).where(Municipality.slug == slug[:60]))
    if code is None:
        return town, None
    area = db.first_or_404(
        db.select(Neighbourhood).where(Neighbourhood.code == code[:10], Neighbourhood.municipality_id == town.id)
    )
    return town, area


def chosen_day(name: str, default: dt.date) -> dt.date:
    """The day in the query string, within the calendar's range; 404 for anything else."""
    text = request.args.get(name)
    if text is None:
        return default
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        abort(404)
    today = schedule.local_now().date()
    if not today - dt.timedelta(days=DAYS_BACK) <= day <= today + dt.timedelta(days=DAYS_AHEAD):
        abort(404)
    return day


def next_day_with_something(activities: list[Activity], after: dt.date) -> dt.date | None:
    start = after + dt.timedelta(days=1)
    found = schedule.occurrences_for(activities, start, start + dt.timedelta(days=62))
    return found[0][0].start.date() if found else None


@bp.route("/<lang:lang>/calendar")
def calendar():
    """Choose a town for its calendar."""
    with_places = (db.select(Neighbourhood.municipality_id).join(Place, Place.neighbourhood_id == Neighbourhood.id)
                   .where(Place.published))
    towns = db.session.scalars(
        db.select(Municipality).where(Municipality.id.in_(with_places)).order_by(Municipality.name)
    ).all()
    return render_template("places/calendar.html", towns=towns)


@bp.route("/<lang:lang>/calendar/<slug>")
@bp.route("/<lang:lang>/calendar/<slug>/<code>")
def calendar_day(slug, code=None):
    """Everything on one day, in the whole town or in one neighbourhood."""
    town, area = town_and_area(slug, code)
    day = chosen_day("day", schedule.local_now().date())
    activities = activities_in(town, area, page_language())
    found = schedule.occurrences_for(activities, day, day + dt.timedelta(days=1))
    wijken = [] if area else geo.wijken_of(town.id)
    return render_template(
        "places/calendar_day.html", town=town, area=area, day=day, found=found, wijken=wijken,
        next_day=None if found else next_day_with_something(activities, day),
        previous=day - dt.timedelta(days=1), following=day + dt.timedelta(days=1),
    )


@bp.route("/<lang:lang>/calendar/<slug>/<code>/week")
def wijkagenda(slug, code):
    """The weekly agenda of a neighbourhood in large print, for the notice board."""
    town, area = town_and_area(slug, code)
    today = schedule.local_now().date()
    monday = chosen_day("from", today - dt.timedelta(days=today.weekday()))
    found = schedule.occurrences_for(activities_in(town, area, page_language()), monday, monday + dt.timedelta(days=7))
    days = [(monday + dt.timedelta(days=n), []) for n in range(7)]
    for occurrence, activity in found:
        days[(occurrence.start.date() - monday).days][1].append((occurrence, activity))
    return render_template("print/agenda.html", town=town, area=area, days=days, monday=monday)


def feed_area(code: str) -> tuple[Municipality, Neighbourhood | None]:
    """The town (a CBS gemeentecode, GM…) or the wijk or buurt (WK…, BU…) that a feed's code names."""
    if len(code) > 10:
        abort(404)
    if code.startswith("GM"):
        return db.first_or_404(db.select(Municipality).where(Municipality.code == code)), None
    area = db.first_or_404(db.select(Neighbourhood).where(Neighbourhood.code == code))
    return area.municipality, area


@bp.route("/feeds/<code>.ics")
def feed(code):
    """An iCalendar feed of the activities of a town or a neighbourhood, to follow in a calendar app."""
    town, area = feed_area(code)
    lang = request.args.get("lang", "nl")
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    g.lang = lang  # this URL has no language prefix: the query string names it
    name = _("Buurtagenda %(name)s", name=area.name) if area else _("Agenda van %(town)s", town=town.name)
    body = feed_ics(activities_in(town, area, lang), lang, name, schedule.local_now())
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="vangnet-{code}.ics"'})

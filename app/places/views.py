"""The finder (where → when → what → results), the activity and place pages, tickets and .ics files."""

import datetime as dt

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from .. import geo, page_cache, schedule
from ..calendar_files import activity_ics
from ..categories import AUDIENCES, CATEGORIES
from ..extensions import db
from ..i18n import page_language
from ..maps import Point, neighbourhood_map
from ..models import STALE_AFTER, Activity, Municipality, Neighbourhood, Place
from . import cards, finder
from .forms import PostcodeForm

bp = Blueprint("places", __name__)

# Information older than this gets a warning on its page.
COMING_DATES_DAYS = 91


def origin_or_where():
    """The search's origin from the query string, or a redirect to the first question."""
    origin = finder.resolve_origin(request.args, g.kiosk)
    if origin is None:
        abort(redirect(url_for("places.where")))
    canonical = dict(origin.params)
    if any(request.args.get(key) != value for key, value in canonical.items()):
        # Only the rounded location may appear in links (the language switch, the back button).
        abort(redirect(url_for(request.endpoint, **{**request.args.to_dict(flat=False), **canonical})))
    return origin


@bp.route("/<lang:lang>/find")
def where():
    """Where should we look?"""
    return render_template("places/where.html")


@bp.route("/<lang:lang>/find/postcode")
def postcode():
    """Near my postcode: four digits on a numeric keypad."""
    form = PostcodeForm(request.args)
    if "pc" in request.args and form.validate():
        return redirect(url_for("places.when", pc=form.pc.data))
    return render_template("places/postcode.html", form=form)


@bp.route("/<lang:lang>/find/neighbourhood")
def neighbourhood():
    """In my neighbourhood: choose the town, then the wijk."""
    slug = request.args.get("town")
    if slug is None:
        towns = db.session.scalars(db.select(Municipality).order_by(Municipality.name)).all()
        return render_template("places/towns.html", towns=towns)
    town = db.first_or_404(db.select(Municipality).where(Municipality.slug == slug[:60]))
    return render_template("places/wijken.html", town=town, wijken=geo.wijken_of(town.id))


@bp.route("/<lang:lang>/find/when")
def when():
    """When? Today, tomorrow, this week, or a day."""
    origin = origin_or_where()
    today = schedule.local_now().date()
    days = [today + dt.timedelta(days=n) for n in range(2, finder.DAYS_TO_CHOOSE)]
    return render_template("places/when.html", where=dict(origin.params), days=days)


@bp.route("/<lang:lang>/find/what")
def what():
    """What would you like to do? Categories with pictograms, or everything."""
    origin = origin_or_where()
    search = finder.parse_search(request.args, origin, schedule.local_now().date())
    return render_template("places/what.html", search=search, categories=CATEGORIES)


@bp.route("/<lang:lang>/find/results")
def results():
    """What there is, nearest first, with the next time in words and the walking time."""
    page = page_cache.cached_page()  # only ever holds pages of valid, canonical search URLs
    if page is not None:
        return page
    origin = origin_or_where()
    now = schedule.local_now()
    search = finder.parse_search(request.args, origin, now.date())
    # A phone's location is never kept, not even for a minute in the cache.
    cacheable = origin.kind != "location"
    found = finder.find(search, page_language(), now)
    next_day = None if found else finder.nearest_day_with_something(search, now)
    html = render_template("places/results.html", search=search, results=found, next_day=next_day, now=now,
                           cards=cards.card_views(found, search, now))
    return page_cache.keep(html) if cacheable else html


def here_point() -> Point | None:
    """Where the resident is, as far as we know: the search they came from, else this kiosk."""
    origin = finder.resolve_origin(request.args, g.kiosk)
    if origin is None and g.kiosk is not None:
        return Point(g.kiosk.lat, g.kiosk.lon)
    return Point(origin.lat, origin.lon) if origin else None


def place_map(place: Place, here: Point | None):
    close = here and geo.distance_m(here.lat, here.lon, place.lat, place.lon) <= finder.RADIUS_M
    return neighbourhood_map(
        place.neighbourhood, Point(place.lat, place.lon), here if close else None,
        title=_("Kaart van de buurt met %(place)s", place=place.name),
        place_label=_("Hier is het"), here_label=_("U bent hier"),
        # Translators: beside an arrow at the edge of the map that points to where the resident is.
        away_label=_("U bent daar"),
    )


def load_activity(activity_id: int) -> Activity:
    query = db.select(Activity).join(Activity.place).where(Activity.id == activity_id, Place.published,
                                                      Activity.published).options(
        selectinload(Activity.place).selectinload(Place.neighbourhood).selectinload(Neighbourhood.parent),
        selectinload(Activity.texts), selectinload(Activity.cancellations),
    )
    return db.first_or_404(query)


@bp.route("/<lang:lang>/activities/<int(max=2147483647):activity_id>")
def activity(activity_id):
    """An activity: what to expect, the coming dates, where it is, and how to take it with you."""
    activity = load_activity(activity_id)
    now = schedule.local_now()
    coming = [o for o in schedule.occurrences(activity, now.date(), now.date() + dt.timedelta(days=COMING_DATES_DAYS))
              if o.end > now][:8]
    here = here_point()
    walk = here and geo.walking_minutes(geo.distance_m(here.lat, here.lon, activity.place.lat, activity.place.lon))
    return render_template(
        "places/activity.html", activity=activity, text=activity.text(page_language()), coming=coming, now=now,
        map_svg=place_map(activity.place, here), walking_minutes=walk, stale=is_stale(activity.place, now),
    )


def is_stale(place: Place, now: dt.datetime) -> bool:
    return place.last_checked is None or now.date() - place.last_checked > STALE_AFTER


@bp.route("/<lang:lang>/places/<int(max=2147483647):place_id>")
def place(place_id):
    """A place and everything that happens there."""
    place = db.first_or_404(db.select(Place).where(Place.id == place_id, Place.published))
    now = schedule.local_now()
    activities = [(schedule.next_occurrence(a, now), a) for a in place.activities if a.published]
    activities.sort(key=lambda pair: (pair[0] is None, pair[0] and pair[0].start))
    return render_template(
        "places/place.html", place=place, activities=activities, now=now,
        map_svg=place_map(place, here_point()), stale=is_stale(place, now),
    )


@bp.route("/<lang:lang>/activities/<int(max=2147483647):activity_id>/ticket")
def ticket(activity_id):
    """A printable ticket in large print: what, when, where, with a map and a QR code."""
    activity = load_activity(activity_id)
    now = schedule.local_now()
    occurrence = chosen_occurrence(activity, request.args.get("date", ""), now)
    return render_template(
        "print/ticket.html", activity=activity, text=activity.text(page_language()), occurrence=occurrence,
        now=now, map_svg=place_map(activity.place, here_point()),
    )


def chosen_occurrence(activity: Activity, date_text: str, now: dt.datetime):
    """The occurrence on the chosen date, else the next one."""
    day = schedule.day_from(date_text, now.date())
    if day is None:
        return schedule.next_occurrence(activity, now)
    found = schedule.occurrences(activity, day, day + dt.timedelta(days=1))
    return found[0] if found else abort(404)


@bp.route("/<lang:lang>/activities/<int(max=2147483647):activity_id>.ics")
def activity_calendar_file(activity_id):
    """The activity as an iCalendar file, to add to my calendar."""
    activity = load_activity(activity_id)
    body = activity_ics(activity, page_language(), schedule.local_now())
    return Response(
        body, mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="vangnet-{activity.id}.ics"'},
    )


@bp.context_processor
def place_helpers():
    return {
        "categories": CATEGORIES, "audiences": AUDIENCES,
        "when_in_words": schedule.when_in_words, "filter_fieldsets": finder.filter_fieldsets,
        "card_words": cards.card_words, "pictogram_url": cards.pictogram_url,
    }

"""The finder's search: where (an origin point), when (a window of days), what (category and filters).

Everything comes from the query string, so a search is a link: it works without JavaScript, with
the back button, and in a QR code. Nothing here is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Any

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ARRAY, ColumnElement, Integer, and_, any_, bindparam, literal, or_
from sqlalchemy.orm import aliased
from werkzeug.datastructures import MultiDict

from .. import geo, occurrences, schedule
from ..categories import CATEGORIES, PARTS_OF_DAY
from ..extensions import db
from ..i18n import language_name
from ..models import Activity, ActivityOccurrence, ActivityText, Cancellation, Kiosk, Neighbourhood, Place, text_digest
from ..occurrences import Cancelled, Scheduled

# How far we look: a bit more than an hour's walk at an older person's pace.
RADIUS_M = 5000
RESULTS_PER_PAGE = 20
# How far ahead "the nearest day with something" looks.
LOOKAHEAD_DAYS = 31
# The "a day" choice offers this many days ahead.
DAYS_TO_CHOOSE = 14


@dataclass(frozen=True)
class Option:
    label: str
    pictogram: str | None = None
    lang: str | None = None  # the label's language, when it is not the page's (a language's own name)


@dataclass(frozen=True)
class Filter:
    """One filter of the results page: the query key, the question (filters that ask the same share a
    fieldset), the options (value → Option), and the SQL condition for the values chosen, on the columns
    of an activity and its place (Activity and Place, or the occurrence table, which copies them)."""

    key: str
    question: str
    options: Callable[[], dict[str, Option]]
    condition: Callable[[tuple[str, ...], Any, Any], ColumnElement]
    several: bool = True  # check boxes; False: radio buttons, with "no matter" first


def starts_in(parts: tuple[str, ...], activity, _place) -> ColumnElement:
    return or_(*(activity.start_time.between(dt.time(PARTS_OF_DAY[p][1]), dt.time(PARTS_OF_DAY[p][2] - 1, 59, 59))
                 for p in parts))


def speaks(languages: tuple[str, ...], activity, _place) -> ColumnElement:
    return or_(*((" " + activity.languages + " ").contains(f" {code} ") for code in languages))


IMPORTANT = _l("Wat is belangrijk voor u?")

# The finder's filters: the search, the SQL and the results page all read this table.
FILTERS = (
    Filter("part", _l("Welk deel van de dag?"),
           lambda: {key: Option(label, key) for key, (label, _start, _end) in PARTS_OF_DAY.items()}, starts_in),
    Filter("free", IMPORTANT, lambda: {"1": Option(_l("Gratis"), "free")},
           lambda _, activity, _place: activity.cost_cents == 0),
    Filter("wheelchair", IMPORTANT, lambda: {"1": Option(_l("Ingang zonder drempel"), "wheelchair")},
           lambda _, _activity, place: place.step_free.is_(True)),
    Filter("walkin", IMPORTANT, lambda: {"1": Option(_l("Zonder aanmelden"), "walk-in")},
           lambda _, activity, _place: activity.signup_required.is_(False)),
    Filter("language", _l("Welke taal spreken ze daar?"),
           lambda: {code: Option(language_name(code), lang=code) for code in current_app.config["LANGUAGES"]},
           speaks, several=False),
)


def filter_fieldsets() -> list[tuple[str, list[Filter]]]:
    """The filters grouped by their question, in the table's order: one fieldset each."""
    return [(question, list(filters)) for question, filters in groupby(FILTERS, key=lambda f: f.question)]


@dataclass(frozen=True)
class Origin:
    """The point we measure walking time from, and the query parameters that name it."""

    lat: float
    lon: float
    kind: str  # "kiosk", "postcode", "area" or "location"
    params: tuple[tuple[str, str], ...]
    name: str = ""


@dataclass
class Search:
    origin: Origin
    day: str  # "today", "tomorrow", "week" or an ISO date
    first_day: dt.date
    last_day: dt.date  # inclusive
    category: str | None = None
    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)  # filter key → values, in FILTERS order

    @property
    def parts(self) -> tuple[str, ...]:
        return self.chosen.get("part", ())

    def params(self, **changes) -> dict:
        """The query string of this search, with some values changed (None removes one)."""
        values = {**dict(self.origin.params), "day": self.day, "cat": self.category}
        values.update({key: list(chosen) for key, chosen in self.chosen.items() if chosen})
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}

    def params_without_filters(self) -> dict:
        """The query string that the filter form carries along, hidden."""
        return self.params(**dict.fromkeys((f.key for f in FILTERS), None))


@dataclass(frozen=True)
class Card:
    """What a result card shows, as plain values from one query: no ORM objects."""

    id: int
    category: str
    cost_cents: int
    signup_required: bool
    place_name: str
    is_example: bool
    step_free: bool
    title: str
    title_lang: str  # the page's language, else "nl" when there is no up-to-date translation


@dataclass
class Result:
    card: Card
    occurrence: schedule.Occurrence
    distance_m: float
    walking_minutes: int = field(init=False)

    def __post_init__(self):
        self.walking_minutes = geo.walking_minutes(self.distance_m)


def not_found_unless(condition: bool) -> None:
    if not condition:
        abort(404)


def parse_float(text: str | None, low: float, high: float) -> float:
    try:
        value = float(text or "")
    except ValueError:
        abort(404)
    not_found_unless(low <= value <= high)  # also refuses nan and inf
    return value


def resolve_origin(args: MultiDict, kiosk: Kiosk | None) -> Origin | None:
    """The origin named by the query string; None when it names none; 404 when it names a wrong one."""
    if args.get("near") == "kiosk":
        not_found_unless(kiosk is not None)
        return Origin(kiosk.lat, kiosk.lon, "kiosk", (("near", "kiosk"),))
    if "pc" in args:
        postcode = geo.kept_postcode_centroid(geo.parse_postcode(args["pc"]) or "")
        not_found_unless(postcode is not None)
        return Origin(postcode.lat, postcode.lon, "postcode", (("pc", postcode.pc4),), postcode.pc4)
    if "area" in args:
        code = args["area"][:10]
        area = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.code == code))
        not_found_unless(area is not None)
        return Origin(area.lat, area.lon, "area", (("area", area.code),), area.name)
    if "lat" in args or "lon" in args:
        lat, lon = parse_float(args.get("lat"), -90, 90), parse_float(args.get("lon"), -180, 180)
        not_found_unless(geo.in_netherlands(lat, lon))
        # Rounded to about 100 m: we never need, and never keep, the exact spot.
        lat, lon = round(lat, 3), round(lon, 3)
        return Origin(lat, lon, "location", (("lat", f"{lat:.3f}"), ("lon", f"{lon:.3f}")))
    return None


def day_window(day: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day (inclusive) that a "when" choice means; 404 for anything else."""
    if day == "today":
        return today, today
    if day == "tomorrow":
        return today + dt.timedelta(days=1), today + dt.timedelta(days=1)
    if day == "week":
        return today, today + dt.timedelta(days=6)
    try:
        chosen = dt.date.fromisoformat(day)
    except ValueError:
        abort(404)
    not_found_unless(today <= chosen <= today + dt.timedelta(days=LOOKAHEAD_DAYS))
    return chosen, chosen


def chosen_values(args: MultiDict, chosen_filter: Filter) -> tuple[str, ...]:
    """The filter's values in the query string, in the order of its options; 404 for an unknown one."""
    asked = {value for value in args.getlist(chosen_filter.key) if value}
    values = tuple(value for value in chosen_filter.options() if value in asked)
    not_found_unless(len(values) == len(asked) and (chosen_filter.several or len(values) <= 1))
    return values


def parse_search(args: MultiDict, origin: Origin, today: dt.date) -> Search:
    day = args.get("day", "today")[:10]
    first, last = day_window(day, today)
    category = args.get("cat") or None
    not_found_unless(category is None or category in CATEGORIES)
    return Search(origin, day, first, last, category, {f.key: chosen_values(args, f) for f in FILTERS})


def in_box(origin: Origin) -> tuple[ColumnElement, ...]:
    """Published activities at published places in the box around the origin (join Place)."""
    min_lat, min_lon, max_lat, max_lon = geo.bounding_box(origin.lat, origin.lon, RADIUS_M)
    return (Place.lat.between(min_lat, max_lat), Place.lon.between(min_lon, max_lon), Place.published,
            Activity.published)


def candidate_rows(search: Search):
    """Activities in the box around the origin that pass the filters: light rows, no objects yet."""
    query = (
        db.select(Activity.id, Place.lat, Place.lon, Activity.start_time, Activity.duration_minutes,
                  Activity.weekdays, Activity.rrule, Activity.first_date)
        .join(Activity.place)
        .where(*in_box(search.origin))
    )
    days = {search.first_day + dt.timedelta(days=n) for n in range((search.last_day - search.first_day).days + 1)}
    mask = sum({schedule.weekday_bit(day) for day in days})
    if mask != schedule.ALL_WEEKDAYS:
        query = query.where(Activity.weekdays.op("&")(mask) != 0)
    if search.category:
        query = query.where(Activity.category == search.category)
    for chosen_filter in FILTERS:
        if search.chosen.get(chosen_filter.key):
            query = query.where(chosen_filter.condition(search.chosen[chosen_filter.key], Activity, Place))
    return db.session.execute(query).all()


def over_today(search: Search, now: dt.datetime | None, start: dt.time, minutes: int) -> bool:
    """True when the search is for today only and this activity's time today has passed already.

    Every occurrence starts at the activity's start time, so this needs no expanding; in the evening
    it leaves out most of the day's activities before any is loaded."""
    if now is None or search.first_day != search.last_day or search.first_day != now.date():
        return False
    end = start.hour * 60 + start.minute + minutes
    return end < 24 * 60 and end <= now.hour * 60 + now.minute


def nearest_first(search: Search, now: dt.datetime | None = None) -> list[tuple[float, Scheduled, int]]:
    """(distance, schedule, weekday mask) of the candidates within the radius, nearest first (ties by id),
    each schedule with its cancellations in the search's window: two queries, whatever the number."""
    lat0, lon0 = search.origin.lat, search.origin.lon
    ranked = []
    for row in candidate_rows(search):
        if over_today(search, now, row.start_time, row.duration_minutes):
            continue
        distance = geo.distance_m(lat0, lon0, row.lat, row.lon)
        if distance <= RADIUS_M:
            ranked.append((distance, row.id, Scheduled(row.id, row.rrule, row.first_date, row.start_time,
                                                       row.duration_minutes), row.weekdays))
    ranked.sort(key=lambda item: (item[0], item[1]))
    if ranked:
        by_id = {item[1]: item[2] for item in ranked}
        for activity_id, date in cancellations_in_box(search):
            if activity_id in by_id:
                by_id[activity_id].cancellations.append(Cancelled(date))
    return [(distance, scheduled, weekdays) for distance, _id, scheduled, weekdays in ranked]


def cancellations_in_box(search: Search):
    """(activity id, date) of the cancellations in the search's window of the activities in its box."""
    query = (
        db.select(Cancellation.activity_id, Cancellation.date)
        .join(Cancellation.activity).join(Activity.place)
        .where(*in_box(search.origin), Cancellation.date.between(search.first_day, search.last_day))
    )
    return db.session.execute(query).all()


def in_parts(start: dt.datetime, parts: tuple[str, ...]) -> bool:
    hour = start.hour
    return not parts or any(PARTS_OF_DAY[p][1] <= hour < PARTS_OF_DAY[p][2] for p in parts)


def first_match(activity: Activity | Scheduled, search: Search, now: dt.datetime) -> schedule.Occurrence | None:
    """The first occurrence in the search window that has not ended and falls in the chosen parts."""
    end = search.last_day + dt.timedelta(days=1)
    for occurrence in schedule.occurrences(activity, search.first_day, end):
        if occurrence.end > now and in_parts(occurrence.start, search.parts):
            return occurrence
    return None


def in_table(first_day: dt.date, last_day: dt.date) -> bool:
    """True when the occurrence table holds every day from first_day to last_day (the window as this
    process keeps it: app/occurrences.py)."""
    window = occurrences.kept_window()
    return window is not None and window.first_day <= first_day and last_day <= window.last_day


def one_of(column, values: list[int]) -> ColumnElement:
    """`column IN (values)`; on PostgreSQL `column = ANY(array)`, the same test in one query text whatever
    the number of values, so that psycopg prepares it once per connection and the server plans it once,
    instead of parsing a new text for every box."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(values, ARRAY(Integer)))
    return column.in_(values)


def occurrence_query(search: Search, now: dt.datetime, *columns):
    """The table's occurrences in the search's days and box that have not ended and pass the filters: the
    table carries what the filters ask, so this reads one table, by its cell and day index."""
    origin = search.origin
    min_lat, min_lon, max_lat, max_lon = box = geo.bounding_box(origin.lat, origin.lon, RADIUS_M)
    row = ActivityOccurrence
    query = db.select(*columns).where(
        one_of(row.cell, occurrences.cells_in_box(*box)), row.day.between(search.first_day, search.last_day),
        row.ends_at > now.astimezone(dt.UTC).replace(tzinfo=None),
        row.lat.between(min_lat, max_lat), row.lon.between(min_lon, max_lon),
    )
    if search.category:
        query = query.where(row.category == search.category)
    for chosen_filter in FILTERS:
        if search.chosen.get(chosen_filter.key):
            query = query.where(chosen_filter.condition(search.chosen[chosen_filter.key], row, row))
    return query


def found_in_table(search: Search, now: dt.datetime, limit: int) -> list[tuple[float, schedule.Occurrence]]:
    """Each activity's first occurrence in the search, from the table: one query, nothing expanded."""
    row = ActivityOccurrence
    query = occurrence_query(search, now, row.activity_id, row.starts_at, row.ends_at, row.lat, row.lon) \
        .order_by(row.starts_at)
    lat0, lon0 = search.origin.lat, search.origin.lon
    first: dict[int, tuple[float, schedule.Occurrence]] = {}
    for activity_id, starts_at, ends_at, lat, lon in db.session.execute(query):
        if activity_id in first:  # the part of the day is chosen in SQL, on the start time
            continue
        distance = geo.distance_m(lat0, lon0, lat, lon)
        if distance <= RADIUS_M:
            first[activity_id] = (distance, schedule.Occurrence(
                activity_id, starts_at.replace(tzinfo=schedule.TZ),
                ends_at.replace(tzinfo=dt.UTC).astimezone(schedule.TZ)))
    return sorted(first.values(), key=lambda item: (item[0], item[1].activity_id))[:limit]


def find(search: Search, lang: str, now: dt.datetime, limit: int = RESULTS_PER_PAGE) -> list[Result]:
    """The nearest activities that happen in the window, nearest first; we stop at `limit`.

    From the occurrence table (its window kept per process): the occurrences and the cards of the
    results. For days outside the table: the candidates, their cancellations and the cards."""
    if in_table(search.first_day, search.last_day):
        found = found_in_table(search, now, limit)
    else:
        found = found_by_expanding(search, now, limit)
    cards = load_cards([occurrence.activity_id for _, occurrence in found], lang)
    return [Result(cards[occurrence.activity_id], occurrence, distance) for distance, occurrence in found]


def found_by_expanding(search: Search, now: dt.datetime, limit: int) -> list[tuple[float, schedule.Occurrence]]:
    found: list[tuple[float, schedule.Occurrence]] = []
    for distance, scheduled, _weekdays in nearest_first(search, now):
        occurrence = first_match(scheduled, search, now)
        if occurrence:
            found.append((distance, occurrence))
            if len(found) == limit:
                break
    return found


def card_query():
    """The card query, built once: its activities and language are bound at each search."""
    dutch, wanted = aliased(ActivityText), aliased(ActivityText)
    return (
        db.select(Activity.id, Activity.category, Activity.cost_cents, Activity.signup_required, Place.name,
                  Place.is_example, Place.step_free, dutch.title, dutch.description, wanted.title,
                  wanted.source_digest)
        .join(Activity.place)
        .outerjoin(dutch, and_(dutch.activity_id == Activity.id, dutch.lang == "nl"))
        .outerjoin(wanted, and_(wanted.activity_id == Activity.id, wanted.lang == bindparam("lang")))
        .where(Activity.id.in_(bindparam("ids", expanding=True)))
    )


CARD_QUERY = card_query()


def load_cards(ids: list[int], lang: str) -> dict[int, Card]:
    """The cards of these activities in one query: activity, place and text columns, no objects.

    The title is the page language's when that translation was written from today's Dutch text, else
    the Dutch one: as Activity.text decides."""
    if not ids:
        return {}
    cards = {}
    rows = db.session.execute(CARD_QUERY, {"ids": ids, "lang": lang})
    for (id_, category, cost_cents, signup_required, place_name, is_example, step_free, dutch_title,
         dutch_description, wanted_title, wanted_digest) in rows:
        if wanted_title is not None and (dutch_title is None or lang == "nl"
                                         or wanted_digest == text_digest(dutch_title, dutch_description)):
            title, title_lang = wanted_title, lang
        elif dutch_title is not None:
            title, title_lang = dutch_title, "nl"
        else:  # neither: any text it has (Activity.text does the same)
            text = db.session.get(Activity, id_).texts[0]
            title, title_lang = text.title, text.lang
        cards[id_] = Card(id_, category, cost_cents, signup_required, place_name, is_example, step_free, title,
                          title_lang)
    return cards


def nearest_day_with_something(search: Search, now: dt.datetime) -> dt.date | None:
    """After an empty result: the first later day within the lookahead on which something matches.

    Day by day, nearest first: the usual answer (tomorrow, close by) expands a few schedules that can
    fall on that weekday and stops at the first match. Two queries (the candidates and their
    cancellations), however many days it looks at."""
    later = replace(search, first_day=search.last_day + dt.timedelta(days=1),
                    last_day=search.last_day + dt.timedelta(days=LOOKAHEAD_DAYS))
    if in_table(later.first_day, later.last_day):
        return nearest_day_in_table(later, now)
    ranked = nearest_first(later)
    for n in range(LOOKAHEAD_DAYS):
        day = later.first_day + dt.timedelta(days=n)
        one_day = replace(later, first_day=day, last_day=day)
        bit = schedule.weekday_bit(day)
        if any(first_match(scheduled, one_day, now) for _, scheduled, weekdays in ranked if weekdays & bit):
            return day
    return None


def nearest_day_in_table(later: Search, now: dt.datetime) -> dt.date | None:
    """The first day of `later` with an occurrence within the radius, from the table: one query."""
    row = ActivityOccurrence
    query = occurrence_query(later, now, row.day, row.lat, row.lon).order_by(row.day)
    lat0, lon0 = later.origin.lat, later.origin.lon
    for day, lat, lon in db.session.execute(query):
        if geo.distance_m(lat0, lon0, lat, lon) <= RADIUS_M:
            return day
    return None

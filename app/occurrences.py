"""The occurrences of the finder's look-ahead, kept in a table (ActivityOccurrence) so that a search reads
the occurrences of its days and grid cells with an index instead of expanding every schedule near it.

The one schedule expander (app/schedule.py) fills it. What changes a schedule, a cancellation, an
activity's or a place's publication or a place's position refreshes that listing's rows (app/listings.py
does it at every flush, whoever edits: the editor, the HSDS import, the demo loader); the nightly job
(`flask --app wsgi jobs run`, app/jobs.py) drops the past days and adds the window's new day.

The window: today and the 62 days after it. A resident can choose a day up to 31 days ahead, and after
an empty result "the nearest day with something" looks 31 days further. A search for days outside the
window (the job did not run) is answered by expanding the schedules, as before the table.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from time import monotonic

from sqlalchemy import delete, insert

from . import schedule
from .extensions import db
from .models import Activity, ActivityOccurrence, Cancellation, OccurrenceWindow, Place

WINDOW_DAYS = 63
WINDOW = 1  # the id of OccurrenceWindow's one row
# A grid cell is 0.01 degree of latitude (1.1 km) by 0.015 degree of longitude (about 1 km in the
# Netherlands); a cell number is its row times CELL_ROW plus its column.
CELL_LAT, CELL_LON, CELL_ROW = 0.01, 0.015, 100_000
CHUNK = 5000


@dataclass(frozen=True)
class Cancelled:
    date: dt.date


@dataclass
class Scheduled:
    """Just what the schedule expander reads of an activity, from a plain row: it takes this in place of
    an Activity, so app/schedule.py stays the one expander."""

    id: int
    rrule: str | None
    first_date: dt.date
    start_time: dt.time
    duration_minutes: int
    cancellations: list[Cancelled] = field(default_factory=list)


def cell(lat: float, lon: float) -> int:
    return math.floor(lat / CELL_LAT) * CELL_ROW + math.floor(lon / CELL_LON)


def cells_in_box(min_lat: float, min_lon: float, max_lat: float, max_lon: float) -> list[int]:
    """Every cell that a point in the box can lie in."""
    rows = range(math.floor(min_lat / CELL_LAT), math.floor(max_lat / CELL_LAT) + 1)
    columns = range(math.floor(min_lon / CELL_LON), math.floor(max_lon / CELL_LON) + 1)
    return [row * CELL_ROW + column for row in rows for column in columns]


# The window as this process last read it, by database, and when (monotonic()). It moves once a
# night: a search asks it at most once a minute instead of once a request. A stale copy is safe: the
# nightly job only drops days before today (no search asks them) and adds days at the end (a stale copy
# sends a search for the new last day to expanding, with the same answer). This process forgets it when
# it fills or moves the window itself.
KEEP_WINDOW_SECONDS = 60
_kept_windows: dict[str, tuple[float, OccurrenceWindow | None]] = {}


def kept_window() -> OccurrenceWindow | None:
    """The window, read at most once a minute per process and database."""
    key, now = str(db.engine.url), monotonic()
    kept = _kept_windows.get(key)
    if kept is None or now - kept[0] > KEEP_WINDOW_SECONDS:
        kept = _kept_windows[key] = (now, window())
    return kept[1]


def forget_window() -> None:
    """The next search reads the window again (this process filled or moved it; a test emptied it)."""
    _kept_windows.clear()


def window(executor=None) -> OccurrenceWindow | None:
    """The days the table holds; None before it was ever filled."""
    executor = executor or db.session
    row = executor.execute(db.select(OccurrenceWindow.first_day, OccurrenceWindow.last_day)
                           .where(OccurrenceWindow.id == WINDOW)).first()
    return OccurrenceWindow(id=WINDOW, first_day=row.first_day, last_day=row.last_day) if row else None


def rows_for(executor, first: dt.date, last: dt.date, activity_ids: list[int] | None = None) -> list[dict]:
    """The table's rows for local days first..last of the published activities at published places (of
    `activity_ids`, or all), cancelled dates left out."""
    query = (
        db.select(Activity.id, Activity.rrule, Activity.first_date, Activity.start_time, Activity.duration_minutes,
                  Place.lat, Place.lon, Activity.category, Activity.cost_cents, Activity.signup_required,
                  Activity.languages, Place.step_free)
        .join(Place, Place.id == Activity.place_id)
        .where(Activity.status == "published", Place.status == "published")
    )
    cancelled = db.select(Cancellation.activity_id, Cancellation.date).where(Cancellation.date.between(first, last))
    if activity_ids is not None:
        query = query.where(Activity.id.in_(activity_ids))
        cancelled = cancelled.where(Cancellation.activity_id.in_(activity_ids))
    by_activity: dict[int, list[Cancelled]] = {}
    for activity_id, day in executor.execute(cancelled):
        by_activity.setdefault(activity_id, []).append(Cancelled(day))
    rows = []
    end = last + dt.timedelta(days=1)
    for (id_, rrule, first_date, start_time, minutes, lat, lon, category, cost_cents, signup_required, languages,
         step_free) in executor.execute(query):
        scheduled = Scheduled(id_, rrule, first_date, start_time, minutes, by_activity.get(id_, []))
        same = {"activity_id": id_, "cell": cell(lat, lon), "lat": lat, "lon": lon, "category": category,
                "start_time": start_time, "cost_cents": cost_cents, "signup_required": signup_required,
                "languages": languages, "step_free": step_free}
        for found in schedule.occurrences(scheduled, first, end):
            rows.append({**same, "day": found.start.date(), "starts_at": found.start.replace(tzinfo=None),
                         "ends_at": found.end.astimezone(dt.UTC).replace(tzinfo=None)})
    return rows


def insert_rows(executor, rows: list[dict]) -> int:
    # In the index's order: the rows of one cell and day lie together on disk, and a search reads a few
    # pages instead of one page for each row (43 ms against 2 ms for a week in Amsterdam).
    rows.sort(key=lambda row: (row["cell"], row["day"]))
    for start in range(0, len(rows), CHUNK):
        executor.execute(insert(ActivityOccurrence), rows[start : start + CHUNK])
    return len(rows)


def fill(executor, today: dt.date) -> int:
    """Empty the table and fill it for the window that starts today: the migration, and the nightly job
    when the window is missing or the clock went back."""
    last = today + dt.timedelta(days=WINDOW_DAYS - 1)
    forget_window()
    executor.execute(delete(ActivityOccurrence))
    executor.execute(delete(OccurrenceWindow))
    executor.execute(insert(OccurrenceWindow), [{"id": WINDOW, "first_day": today, "last_day": last}])
    return insert_rows(executor, rows_for(executor, today, last))


def refresh(session, activity_ids: set[int]) -> None:
    """The rows of these activities made again from their schedules (gone when they are not published).
    The first refresh, before any nightly run, fills the whole window."""
    if not activity_ids:
        return
    current = window(session)
    if current is None:
        fill(session, schedule.local_now().date())
        return
    ids = sorted(activity_ids)
    session.execute(delete(ActivityOccurrence).where(ActivityOccurrence.activity_id.in_(ids)))
    insert_rows(session, rows_for(session, current.first_day, current.last_day, ids))


def advance(today: dt.date) -> dict[str, int]:
    """The nightly step: days before today out, the window's new days in. Idempotent: a second run on
    the same day finds nothing to do."""
    current = window()
    forget_window()
    last = today + dt.timedelta(days=WINDOW_DAYS - 1)
    if current is None or current.first_day > today or current.last_day < today:
        return {"days": WINDOW_DAYS, "added": fill(db.session, today), "removed": 0}
    removed = db.session.execute(delete(ActivityOccurrence).where(ActivityOccurrence.day < today)).rowcount
    added = 0
    if current.last_day < last:
        added = insert_rows(db.session, rows_for(db.session, current.last_day + dt.timedelta(days=1), last))
    db.session.execute(db.update(OccurrenceWindow).where(OccurrenceWindow.id == WINDOW)
                       .values(first_day=today, last_day=max(last, current.last_day)))
    return {"days": max(0, (last - current.last_day).days), "added": added, "removed": removed}

"""The finder's occurrence table (app/occurrences.py): after every kind of change it holds what the one
schedule expander says, the nightly run moves its window on, and a search finds from it what expanding
the schedules finds."""

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from app import jobs, listings, occurrences, schedule
from app.extensions import db
from app.models import ActivityOccurrence, OccurrenceWindow
from app.places import finder

# A Tuesday morning in Delft; make_activity's default is weekly on Tuesday 10:00.
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)
DELFT = (51.9960, 4.3400)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    clock = {"now": NOW}
    monkeypatch.setattr(schedule, "local_now", lambda: clock["now"])
    return clock


def table(activity=None) -> list[tuple]:
    query = db.select(ActivityOccurrence.activity_id, ActivityOccurrence.starts_at, ActivityOccurrence.ends_at,
                      ActivityOccurrence.cell, ActivityOccurrence.category)
    if activity is not None:
        query = query.where(ActivityOccurrence.activity_id == activity.id)
    return sorted(db.session.execute(query).all())


def expanded(activity, first: dt.date, last: dt.date | None = None) -> list[tuple]:
    """What the one expander says for the window that starts on `first`."""
    last = last or first + dt.timedelta(days=occurrences.WINDOW_DAYS - 1)
    place = activity.place
    return sorted((o.activity_id, o.start.replace(tzinfo=None), o.end.astimezone(dt.UTC).replace(tzinfo=None),
                   occurrences.cell(place.lat, place.lon), activity.category)
                  for o in schedule.occurrences(activity, first, last + dt.timedelta(days=1)))


def change(row, **values):
    listings.Change(by=None, source="editor").set(row, values)
    db.session.commit()


def test_a_new_activity_gets_its_occurrences_of_the_window(make_activity):
    activity = make_activity()
    window = db.session.get(OccurrenceWindow, occurrences.WINDOW)
    assert (window.first_day, window.last_day) == (NOW.date(), NOW.date() + dt.timedelta(days=62))
    assert len(table(activity)) == 9 and table(activity) == expanded(activity, NOW.date())


def test_a_changed_schedule_changes_the_occurrences(make_activity):
    activity = make_activity()
    change(activity, rrule="FREQ=WEEKLY;BYDAY=MO,TH", start_time=dt.time(19, 30), duration_minutes=300)
    assert table(activity) == expanded(activity, NOW.date())
    assert {starts_at.weekday() for _id, starts_at, *_rest in table(activity)} == {0, 3}


def test_a_cancellation_takes_its_date_out_and_taking_it_back_puts_it_in(make_activity):
    activity = make_activity()
    before = table(activity)
    listings.Change(by=None, source="editor").cancellations(activity, [dt.date(2026, 12, 1)])
    db.session.commit()
    assert [row[1].date() for row in table(activity)] == [row[1].date() for row in before
                                                          if row[1].date() != dt.date(2026, 12, 1)]
    listings.Change(by=None, source="editor").cancellations(activity, [])
    db.session.commit()
    assert table(activity) == before


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_an_activity_no_longer_published_has_no_occurrences_until_it_is_again(make_activity, status):
    activity = make_activity()
    change(activity, status=status)
    assert table(activity) == []
    change(activity, status="published")
    assert table(activity) == expanded(activity, NOW.date())


def test_a_place_moved_or_unpublished_moves_or_drops_all_its_activities(make_activity, make_place):
    place = make_place()
    coffee, walk = make_activity(place=place), make_activity(place=place, rrule="FREQ=DAILY", category="outdoors")
    change(place, lat=52.0116, lon=4.3571)
    assert {row[3] for row in table()} == {occurrences.cell(52.0116, 4.3571)}
    assert table(coffee) == expanded(coffee, NOW.date()) and table(walk) == expanded(walk, NOW.date())
    change(place, status="archived")
    assert table() == []


def test_what_the_filters_ask_is_copied_and_kept_up_to_date(make_activity):
    activity = make_activity()
    change(activity, category="games", cost_cents=250, signup_required=True, languages="nl ar")
    copied = db.session.execute(db.select(
        ActivityOccurrence.category, ActivityOccurrence.cost_cents, ActivityOccurrence.signup_required,
        ActivityOccurrence.languages, ActivityOccurrence.step_free).distinct()).all()
    assert copied == [("games", 250, True, "nl ar", False)]


def advance_to(clock, day: dt.date) -> dict:
    clock["now"] = dt.datetime.combine(day, dt.time(3, 0), tzinfo=schedule.TZ)
    return jobs.run_jobs(clock["now"].astimezone(dt.UTC).replace(tzinfo=None))["occurrences"]


@pytest.mark.parametrize("first_day", [dt.date(2026, 12, 30), dt.date(2026, 10, 20), dt.date(2027, 3, 24)],
                         ids=["31-december", "clocks-go-back", "clocks-go-forward"])
def test_the_nightly_run_moves_the_window_a_day_on_and_a_second_run_does_nothing(
        make_activity, fixed_clock, first_day):
    fixed_clock["now"] = dt.datetime.combine(first_day, dt.time(9, 0), tzinfo=schedule.TZ)
    daily = make_activity(rrule="FREQ=DAILY", start_time=dt.time(23, 30), duration_minutes=240)
    weekly = make_activity(title="Eten", start_time=dt.time(2, 30))
    for n in range(1, 4):
        today, before = first_day + dt.timedelta(days=n), table()
        counts = advance_to(fixed_clock, today)
        after = table()
        assert counts == {"days": 1, "added": len([row for row in after if row[1].date() == today + dt.timedelta(62)]),
                          "removed": len([row for row in before if row[1].date() < today])}
        assert table(daily) == expanded(daily, today) and table(weekly) == expanded(weekly, today)
        assert advance_to(fixed_clock, today) == {"days": 0, "added": 0, "removed": 0}
    window = db.session.get(OccurrenceWindow, occurrences.WINDOW)
    assert (window.first_day, window.last_day) == (first_day + dt.timedelta(days=3),
                                                   first_day + dt.timedelta(days=65))


def test_after_days_without_a_run_or_with_the_clock_back_the_window_is_made_again(make_activity, fixed_clock):
    activity = make_activity(rrule="FREQ=DAILY")
    later = NOW.date() + dt.timedelta(days=70)
    advance_to(fixed_clock, later)
    assert table(activity) == expanded(activity, later)
    advance_to(fixed_clock, NOW.date())
    assert table(activity) == expanded(activity, NOW.date())


SCHEDULES = [
    {"rrule": "FREQ=WEEKLY;BYDAY=TU", "start_time": dt.time(10, 0)},
    {"rrule": "FREQ=DAILY", "start_time": dt.time(23, 30), "duration_minutes": 240},  # past midnight
    {"rrule": "FREQ=MONTHLY;BYDAY=+1WE", "start_time": dt.time(14, 0), "category": "games"},
    {"rrule": None, "first_date": dt.date(2026, 12, 3), "start_time": dt.time(19, 0), "cost_cents": 300},
    {"rrule": "FREQ=WEEKLY;BYDAY=MO,WE,FR", "start_time": dt.time(8, 0), "signup_required": True},
    {"rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;UNTIL=20261231", "start_time": dt.time(12, 0), "languages": "nl ar"},
]
SEARCHES = [{"day": day, **extra} for day in ("today", "tomorrow", "week", "2026-12-02", "2026-12-24")
            for extra in ({}, {"cat": "games"}, {"part": "evening"}, {"free": "1"}, {"walkin": "1"},
                          {"language": "ar"})]


@pytest.mark.parametrize("hour", [9, 22, 0])
def test_a_search_finds_from_the_table_what_expanding_the_schedules_finds(make_activity, make_place, fixed_clock,
                                                                          hour):
    for n, values in enumerate(SCHEDULES * 2):
        place = make_place(name=f"Plek {n}", lat=DELFT[0] + n * 0.004, lon=DELFT[1] - n * 0.003)
        activity = make_activity(place=place, **values)
        if n % 3 == 0:
            listings.Change(by=None, source="editor").cancellations(activity, [dt.date(2026, 11, 24),
                                                                               dt.date(2026, 12, 2)])
    db.session.commit()
    now = dt.datetime.combine(NOW.date(), dt.time(hour, 5), tzinfo=schedule.TZ)
    origin = finder.Origin(*DELFT, "location", (("lat", "51.996"), ("lon", "4.340")))
    from_table = by_expanding = 0
    for args in SEARCHES:
        search = finder.parse_search(MultiDict(args), origin, now.date())
        assert finder.in_table(search.first_day, search.last_day)
        table_found = finder.found_in_table(search, now, finder.RESULTS_PER_PAGE)
        assert table_found == finder.found_by_expanding(search, now, finder.RESULTS_PER_PAGE), args
        with_table = finder.nearest_day_with_something(search, now)
        db.session.delete(db.session.get(OccurrenceWindow, occurrences.WINDOW))
        db.session.flush()
        occurrences.forget_window()
        assert finder.nearest_day_with_something(search, now) == with_table, args
        db.session.rollback()
        occurrences.forget_window()
        from_table += bool(table_found)
        by_expanding += with_table is not None
    assert from_table and by_expanding  # the searches found something both ways, not only nothing


def test_the_window_a_process_keeps_follows_the_nightly_run_and_a_refill_in_that_process(
        make_activity, fixed_clock):
    make_activity(rrule="FREQ=DAILY")
    assert occurrences.kept_window().first_day == NOW.date()
    tomorrow = NOW.date() + dt.timedelta(days=1)
    advance_to(fixed_clock, tomorrow)
    assert occurrences.kept_window().first_day == tomorrow  # not the copy kept before the run
    later = NOW.date() + dt.timedelta(days=70)
    advance_to(fixed_clock, later)  # days without a run: the window is made again
    assert (occurrences.kept_window().first_day, occurrences.kept_window().last_day) == (
        later, later + dt.timedelta(days=occurrences.WINDOW_DAYS - 1))


def test_a_kept_window_is_read_again_after_a_minute(make_activity, monkeypatch):
    """Another process (the nightly job) moves the window: this one reads it again within a minute."""
    make_activity()
    seconds = {"now": 1000.0}
    monkeypatch.setattr(occurrences, "monotonic", lambda: seconds["now"])
    kept = occurrences.kept_window()
    db.session.execute(db.update(OccurrenceWindow).values(last_day=kept.last_day + dt.timedelta(days=1)))
    db.session.commit()  # as the job would, without this process knowing
    seconds["now"] += occurrences.KEEP_WINDOW_SECONDS
    assert occurrences.kept_window().last_day == kept.last_day
    seconds["now"] += 1
    assert occurrences.kept_window().last_day == kept.last_day + dt.timedelta(days=1)

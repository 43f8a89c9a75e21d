"""The schedule expander: RFC 5545 rules in Amsterdam time, cancelled dates, clock changes, midnight."""

import datetime as dt

import pytest
from flask_babel import force_locale

from app import schedule
from app.extensions import db
from app.models import Activity, Cancellation

TZ = schedule.TZ


def activity(rule="FREQ=WEEKLY;BYDAY=TU", first=dt.date(2026, 1, 6), start=dt.time(10, 0), minutes=120,
             cancelled=(), id_=1):
    made = Activity(id=id_, rrule=rule, first_date=first, start_time=start, duration_minutes=minutes)
    made.cancellations = [Cancellation(date=day) for day in cancelled]
    return made


def starts(found):
    return [o.start.replace(tzinfo=None) for o in found]


def test_weekly_on_given_days():
    found = schedule.occurrences(activity("FREQ=WEEKLY;BYDAY=TU,TH"), dt.date(2026, 11, 23), dt.date(2026, 11, 30))
    assert starts(found) == [dt.datetime(2026, 11, 24, 10), dt.datetime(2026, 11, 26, 10)]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("FREQ=MONTHLY;BYDAY=+1WE", dt.date(2026, 12, 2)), ("FREQ=MONTHLY;BYDAY=-1FR", dt.date(2026, 12, 25)),
     ("FREQ=MONTHLY;BYDAY=+3TH", dt.date(2026, 12, 17))],
)
def test_nth_weekday_of_the_month(rule, expected):
    found = schedule.occurrences(activity(rule), dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert [o.start.date() for o in found] == [expected]


def test_a_single_date():
    single = activity(None, first=dt.date(2026, 12, 5))
    assert starts(schedule.occurrences(single, dt.date(2026, 12, 1), dt.date(2027, 1, 1))) == [
        dt.datetime(2026, 12, 5, 10)
    ]
    assert schedule.occurrences(single, dt.date(2026, 12, 6), dt.date(2027, 1, 1)) == []


def test_cancelled_dates_are_left_out():
    weekly = activity(cancelled=[dt.date(2026, 12, 1)])
    found = schedule.occurrences(weekly, dt.date(2026, 11, 24), dt.date(2026, 12, 9))
    assert [o.start.date() for o in found] == [dt.date(2026, 11, 24), dt.date(2026, 12, 8)]


@pytest.mark.parametrize("change", [dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2027, 3, 28),
                                    dt.date(2027, 10, 31)])
def test_a_weekly_ten_oclock_stays_at_ten_local_across_the_clock_change(change):
    """The last Sundays of March and October: the wall clock stays, the UTC offset moves."""
    sundays = activity("FREQ=WEEKLY;BYDAY=SU", first=dt.date(2026, 1, 4))
    found = schedule.occurrences(sundays, change - dt.timedelta(days=7), change + dt.timedelta(days=8))
    assert [o.start.date() for o in found] == [change + dt.timedelta(days=n) for n in (-7, 0, 7)]
    assert [o.start.hour for o in found] == [10, 10, 10]
    summer, winter = dt.timedelta(hours=2), dt.timedelta(hours=1)
    before, after = (winter, summer) if change.month == 3 else (summer, winter)
    assert [o.start.utcoffset() for o in found] == [before, after, after]
    assert found[0].start.astimezone(dt.UTC).hour != found[2].start.astimezone(dt.UTC).hour


def test_every_day_at_ten_on_the_days_around_the_clock_change():
    daily = activity("FREQ=DAILY")
    found = schedule.occurrences(daily, dt.date(2026, 10, 24), dt.date(2026, 10, 27))
    assert [(o.start.day, o.start.hour, o.end.hour) for o in found] == [(24, 10, 12), (25, 10, 12), (26, 10, 12)]


def test_an_activity_past_midnight_ends_the_next_day_and_is_going_on_at_half_past_twelve():
    late = activity("FREQ=WEEKLY;BYDAY=SA", start=dt.time(22, 0), minutes=180)
    found = schedule.occurrences(late, dt.date(2026, 11, 28), dt.date(2026, 11, 29))
    assert found[0].end == dt.datetime(2026, 11, 29, 1, 0, tzinfo=TZ)
    going_on = schedule.next_occurrence(late, dt.datetime(2026, 11, 29, 0, 30, tzinfo=TZ))
    assert going_on.start == dt.datetime(2026, 11, 28, 22, 0, tzinfo=TZ)
    after = schedule.next_occurrence(late, dt.datetime(2026, 11, 29, 1, 30, tzinfo=TZ))
    assert after.start == dt.datetime(2026, 12, 5, 22, 0, tzinfo=TZ)


def test_next_occurrence_is_none_when_nothing_comes_within_a_year():
    assert schedule.next_occurrence(activity(None, first=dt.date(2025, 1, 1)),
                                    dt.datetime(2026, 11, 24, tzinfo=TZ)) is None


@pytest.mark.parametrize(
    "rule",
    ["FREQ=SOMETIMES;BYDAY=XX", "", ";;;", "FREQ=WEEKLY;COUNT=x", "FREQ=WEEKLY;UNTIL=99999999T999999",
     # dateutil loops forever on the first and for seconds on the next three: they must be refused at once.
     "FREQ=WEEKLY;INTERVAL=0", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYDAY=+1MO;BYMONTHDAY=20",
     "FREQ=MONTHLY;BYDAY=+6WE", "FREQ=MINUTELY", "FREQ=DAILY;BYHOUR=1,2,3", "FREQ=WEEKLY;BYDAY=+2TU",
     "DTSTART:20200101T000000\nRRULE:FREQ=DAILY", "FREQ=WEEKLY;INTERVAL=99999999999999999999"],
)
def test_a_broken_or_runaway_rule_means_no_dates_and_a_warning_not_an_error(rule, caplog):
    broken = activity(rule)
    assert schedule.occurrences(broken, dt.date(2026, 1, 1), dt.date(2027, 1, 1)) == []
    assert schedule.next_occurrence(broken, dt.datetime(2026, 11, 24, tzinfo=TZ)) is None
    assert "not a valid RRULE" in caplog.text


@pytest.mark.parametrize(
    ("until", "last"),
    [("20261208", dt.date(2026, 12, 8)),  # a date: that whole day still counts
     ("20261208T090000Z", dt.date(2026, 12, 8)),  # 10:00 in Amsterdam is 09:00 UTC in winter
     ("20261208T085959Z", dt.date(2026, 12, 1)), ("20261208T100000", dt.date(2026, 12, 8))],
)
def test_a_rule_with_an_end_stops_on_its_last_day(until, last):
    ending = activity(f"FREQ=WEEKLY;BYDAY=TU;UNTIL={until}")
    found = schedule.occurrences(ending, dt.date(2026, 11, 1), dt.date(2027, 1, 1))
    assert found[-1].start.date() == last and found[0].start.date() == dt.date(2026, 11, 3)


@pytest.mark.parametrize(
    "rule",
    ["FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR", "FREQ=WEEKLY;INTERVAL=3",
     "FREQ=DAILY;INTERVAL=5", "FREQ=DAILY", "FREQ=MONTHLY;BYDAY=+1WE", "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR",
     "FREQ=MONTHLY;BYDAY=+5WE", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=31", "FREQ=MONTHLY", "FREQ=YEARLY",
     "FREQ=WEEKLY;COUNT=40", "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270101", "FREQ=MONTHLY;BYMONTH=2,12;BYDAY=+4SU",
     "freq=weekly;byday=we;wkst=su;interval=2"],
)
def test_an_activity_started_years_ago_has_the_same_dates_as_expanding_from_its_start(rule):
    """The expander starts a long-running rule near the days asked for; the dates must not change."""
    old = activity(rule, first=dt.date(2017, 1, 31), start=dt.time(19, 30))
    full = schedule.parse_rule(old.rrule and schedule.checked_rule(old.rrule), old.first_date, old.start_time)
    for offset in range(0, 3650, 97):
        day = dt.date(2017, 1, 31) + dt.timedelta(days=offset)
        window = (dt.datetime.combine(day, dt.time.min), dt.datetime.combine(day + dt.timedelta(days=45), dt.time.min))
        expected = [s for s in full.between(*window, inc=True) if s < window[1]]
        assert starts(schedule.occurrences(old, day, day + dt.timedelta(days=45))) == expected, (rule, day)
        following = full.after(window[0] - dt.timedelta(minutes=120), inc=True)
        if following and following > window[0] + schedule.LOOKAHEAD:
            following = None
        found = schedule.next_occurrence(old, window[0].replace(tzinfo=TZ))
        assert (found and found.start.replace(tzinfo=None)) == following, (rule, day)


def test_occurrences_for_many_activities_are_sorted_by_start():
    tuesday, monday = activity(id_=1), activity("FREQ=WEEKLY;BYDAY=MO", id_=2)
    found = schedule.occurrences_for([tuesday, monday], dt.date(2026, 11, 23), dt.date(2026, 11, 25))
    assert [(o.start.day, a.id) for o, a in found] == [(23, 2), (24, 1)]


@pytest.mark.parametrize(
    ("lang", "today", "tomorrow", "weekday", "later"),
    [("nl", "vandaag 10:00", "morgen 10:00", "donderdag 10:00", "dinsdag 8 december 10:00"),
     ("en", "today 10:00", "tomorrow 10:00", "Thursday 10:00", "Tuesday, December 8 10:00"),
     ("ar", "اليوم 10:00", "غدًا 10:00", "الخميس 10:00", "الثلاثاء، 8 ديسمبر 10:00")],
)
def test_when_in_words_in_the_language_of_the_page(app, lang, today, tomorrow, weekday, later):
    now = dt.datetime(2026, 11, 24, 8, 0, tzinfo=TZ)

    def at(day):
        start = dt.datetime.combine(day, dt.time(10), tzinfo=TZ)
        return schedule.Occurrence(1, start, start + dt.timedelta(hours=2))

    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        words = [schedule.when_in_words(at(dt.date(2026, 11, d)), now) for d in (24, 25, 26)]
        words.append(schedule.when_in_words(at(dt.date(2026, 12, 8)), now))
    assert words == [today, tomorrow, weekday, later]


def test_when_in_words_of_an_evening_still_going_on_after_midnight_says_yesterday(app):
    start = dt.datetime(2026, 11, 28, 22, 0, tzinfo=TZ)
    late = schedule.Occurrence(1, start, start + dt.timedelta(hours=3))
    with app.test_request_context("/nl/"):
        assert schedule.when_in_words(late, dt.datetime(2026, 11, 29, 0, 30, tzinfo=TZ)) == "gisteren 22:00"


def test_when_in_words_uses_amsterdam_time_even_when_now_is_in_utc(app):
    start = dt.datetime(2026, 11, 25, 0, 30, tzinfo=TZ)  # 23:30 UTC the day before
    early = schedule.Occurrence(1, start, start + dt.timedelta(hours=1))
    with app.test_request_context("/en/"):
        assert schedule.when_in_words(early, dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)) == "tomorrow 00:30"


@pytest.mark.parametrize(
    ("rule", "first", "mask"),
    [("FREQ=WEEKLY;BYDAY=TU,TH", dt.date(2026, 1, 6), 2 + 8), ("FREQ=MONTHLY;BYDAY=+1WE", dt.date(2026, 1, 7), 4),
     ("FREQ=MONTHLY;BYDAY=-1FR", dt.date(2026, 1, 2), 16), (None, dt.date(2026, 11, 29), 64),
     ("FREQ=DAILY", dt.date(2026, 1, 1), 127), ("FREQ=MONTHLY;BYMONTHDAY=15", dt.date(2026, 1, 15), 127),
     ("FREQ=WEEKLY;BYDAY=XX", dt.date(2026, 1, 1), 127)],
)
def test_weekday_mask_says_which_weekdays_a_schedule_can_fall_on(rule, first, mask):
    assert schedule.weekday_mask(rule, first) == mask


def test_the_weekday_mask_follows_the_schedule_when_saved(make_activity):
    activity = make_activity(rrule="FREQ=WEEKLY;BYDAY=SA,SU")
    assert activity.weekdays == 32 + 64
    activity.rrule = "FREQ=WEEKLY;BYDAY=MO"
    db.session.commit()
    assert activity.weekdays == 1

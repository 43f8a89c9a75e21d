"""Calendar files follow RFC 5545: what a calendar app makes of every feed and .ics file the app serves
(DTSTART + RRULE − EXDATE) is exactly what the app itself shows, in Europe/Amsterdam time."""

import datetime as dt

import pytest
from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar

from app import schedule
from app.extensions import db
from app.models import Activity, Cancellation, Municipality, Neighbourhood, Place

TZ = schedule.TZ
UTC = dt.UTC
WINDOW = dt.timedelta(days=120)
# Tuesday morning, the Monday before the clocks go back, the last week of the year, a week before
# the clocks go forward.
CLOCKS = [dt.datetime(2026, 11, 24, 9, 0, tzinfo=TZ), dt.datetime(2026, 10, 19, 9, 0, tzinfo=TZ),
          dt.datetime(2026, 12, 28, 9, 0, tzinfo=TZ), dt.datetime(2027, 3, 22, 9, 0, tzinfo=TZ)]


# What a calendar app sees ------------------------------------------------------------------------


def exdates(event) -> list[dt.datetime]:
    found = event.get("EXDATE", [])
    return [when.dt for listed in (found if isinstance(found, list) else [found]) for when in listed.dts]


def expanded(event, start: dt.date, end: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of the event's instances on local days start <= day < end, as RFC 5545 defines them:
    DTSTART is always the first instance, RRULE adds the others, EXDATE takes some away, and every
    instance lasts exactly as long as DTSTART to DTEND."""
    first = event["DTSTART"].dt
    duration = event["DTEND"].dt.astimezone(UTC) - first.astimezone(UTC)
    instances = rruleset()
    instances.rdate(first)
    if "RRULE" in event:
        instances.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=first))
    for cancelled in exdates(event):
        instances.exdate(cancelled)
    low, high = (dt.datetime.combine(day, dt.time.min, tzinfo=TZ) for day in (start, end))
    return [(s, (s.astimezone(UTC) + duration).astimezone(TZ)) for s in instances.between(low, high, inc=True)
            if s < high]


def activity_id(event) -> int:
    return int(str(event["UID"]).removeprefix("activity-").split("@")[0])


def served(body: bytes, start: dt.date, end: dt.date) -> dict[int, list]:
    """A calendar file's instances per activity; an event a calendar app could not expand counts as wrong."""
    found = {}
    for event in Calendar.from_ical(body).walk("VEVENT"):
        try:
            found[activity_id(event)] = expanded(event, start, end)
        except (ValueError, TypeError) as error:
            found[activity_id(event)] = f"cannot expand: {error}"
    return {key: value for key, value in found.items() if value}


def shown(activities, start: dt.date, end: dt.date) -> dict[int, list]:
    """What the app's own pages show: the one schedule expander."""
    found = {a.id: [(o.start, o.end) for o in schedule.occurrences(a, start, end)] for a in activities}
    return {key: value for key, value in found.items() if value}


def mismatching(body: bytes, activities, start: dt.date) -> set[int]:
    """The activities whose instances in the file differ from the app's for 120 days from `start`."""
    end = start + WINDOW
    in_file, in_app = served(body, start, end), shown(activities, start, end)
    return {key for key in in_file.keys() | in_app.keys() if in_file.get(key) != in_app.get(key)}


def windows(activities, now: dt.datetime) -> list[dt.date]:
    """120 days from today, and 120 days from the earliest start of a schedule (the first date is
    where an app puts a DTSTART that is not a day of its rule)."""
    return [now.date(), min((a.first_date for a in activities), default=now.date())]


# The schedules -----------------------------------------------------------------------------------


@pytest.fixture
def towns(make_municipality, make_neighbourhood, make_place):
    """Delft with wijk Buitenhof and its buurt Reinier de Graafbuurt, and a buurt in wijk Centrum;
    Leiden with one buurt. One place in each buurt."""
    delft = make_municipality()
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    buitenhof = make_neighbourhood(code="WK050325", name="Buitenhof", municipality=delft)
    centrum = make_neighbourhood(code="WK050311", name="Binnenstad", municipality=delft)
    places = {
        "BU05032500": make_place(neighbourhood=make_neighbourhood(municipality=delft, parent=buitenhof)),
        "BU05031104": make_place(name="Bibliotheek", neighbourhood=make_neighbourhood(
            code="BU05031104", name="Centrum", municipality=delft, parent=centrum)),
        "BU05460400": make_place(name="Wijkcentrum", city="Leiden", neighbourhood=make_neighbourhood(
            code="BU05460400", name="Meerburg", municipality=leiden,
            parent=make_neighbourhood(code="WK054604", name="Meerburg", municipality=leiden))),
    }
    return places


SCHEDULES = [
    # (title, buurt, rule, first date, start, minutes, cancelled dates)
    ("Maandag, begonnen op een woensdag", "BU05032500", "FREQ=WEEKLY;BYDAY=MO", dt.date(2026, 9, 2),
     dt.time(10, 0), 120, ()),
    ("Dinsdag en donderdag", "BU05032500", "FREQ=WEEKLY;BYDAY=TU,TH", dt.date(2026, 9, 5), dt.time(9, 30), 90,
     (dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 31), dt.date(2027, 1, 5), dt.date(2026, 9, 3))),
    ("Eerste woensdag", "BU05032500", "FREQ=MONTHLY;BYDAY=+1WE", dt.date(2026, 9, 3), dt.time(13, 30), 120,
     (dt.date(2027, 1, 6),)),
    ("Laatste vrijdag, om de maand", "BU05031104", "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR", dt.date(2026, 8, 31),
     dt.time(15, 0), 120, ()),
    ("Derde donderdag", "BU05031104", "FREQ=MONTHLY;BYDAY=+3TH", dt.date(2026, 10, 16), dt.time(18, 30), 120, ()),
    ("Eén keer", "BU05032500", None, dt.date(2026, 12, 12), dt.time(11, 0), 120, ()),
    ("Eén keer, gaat niet door", "BU05032500", None, dt.date(2026, 12, 13), dt.time(11, 0), 120,
     (dt.date(2026, 12, 13),)),
    ("Oudejaarsavond", "BU05032500", None, dt.date(2026, 12, 31), dt.time(21, 0), 300, ()),
    ("Elk jaar op 31 december", "BU05031104", "FREQ=YEARLY", dt.date(2025, 12, 31), dt.time(20, 0), 240, ()),
    ("Zaterdagavond tot na middernacht", "BU05032500", "FREQ=WEEKLY;BYDAY=SA", dt.date(2026, 9, 1),
     dt.time(22, 0), 180, (dt.date(2026, 12, 26),)),
    ("Nachtcafé over de klokwissel", "BU05032500", "FREQ=WEEKLY;BYDAY=SA", dt.date(2026, 9, 2), dt.time(23, 30),
     240, ()),
    ("Elke dag om tien", "BU05031104", "FREQ=DAILY", dt.date(2026, 10, 21), dt.time(10, 0), 60,
     (dt.date(2026, 10, 25), dt.date(2027, 3, 28))),
    ("Zondag om tien", "BU05032500", "FREQ=WEEKLY;BYDAY=SU", dt.date(2026, 9, 1), dt.time(10, 0), 60, ()),
    ("Tot en met 2 januari", "BU05032500", "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270102", dt.date(2026, 10, 1),
     dt.time(14, 0), 120, ()),
    ("Tot 8 december, UTC", "BU05031104", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261208T090000Z", dt.date(2026, 10, 1),
     dt.time(10, 0), 120, ()),
    ("Tot 8 december, lokale tijd", "BU05031104", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261208T095959",
     dt.date(2026, 10, 1), dt.time(10, 0), 120, ()),
    ("Vijf vrijdagen", "BU05032500", "FREQ=WEEKLY;BYDAY=FR;COUNT=5", dt.date(2026, 11, 23), dt.time(19, 0), 120,
     (dt.date(2026, 12, 4),)),
    ("Om de week, al jaren", "BU05032500", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", dt.date(2019, 3, 6),
     dt.time(10, 30), 120, ()),
    ("De 31e van de maand", "BU05031104", "FREQ=MONTHLY;BYMONTHDAY=31", dt.date(2026, 9, 1), dt.time(19, 0), 120,
     ()),
    ("Kapotte regel", "BU05032500", "FREQ=MINUTELY", dt.date(2026, 9, 1), dt.time(10, 0), 60, ()),
    ("In Leiden", "BU05460400", "FREQ=WEEKLY;BYDAY=WE", dt.date(2026, 9, 1), dt.time(10, 0), 120, ()),
]


@pytest.fixture
def activities(towns, make_activity):
    made = {}
    for title, buurt, rule, first, start, minutes, cancelled in SCHEDULES:
        activity = make_activity(title=title, place=towns[buurt], rrule=rule, first_date=first, start_time=start,
                                 duration_minutes=minutes)
        activity.cancellations = [Cancellation(date=day) for day in cancelled]
        made[title] = activity
    db.session.commit()
    return made


def in_area(activities: dict, *buurten: str) -> list[Activity]:
    return [a for a in activities.values() if a.place.neighbourhood.code in buurten]


FEEDS = {
    "/feeds/BU05032500.ics": ("BU05032500",),
    "/feeds/WK050325.ics": ("BU05032500",),
    "/feeds/WK050311.ics": ("BU05031104",),
    "/feeds/GM0503.ics": ("BU05032500", "BU05031104"),
    "/feeds/GM0546.ics": ("BU05460400",),
}


@pytest.mark.parametrize("now", CLOCKS, ids=lambda now: now.date().isoformat())
def test_every_feed_gives_a_calendar_app_exactly_the_dates_the_app_shows(client, activities, monkeypatch, now):
    monkeypatch.setattr(schedule, "local_now", lambda: now)
    for path, buurten in FEEDS.items():
        response = client.get(f"{path}?lang=nl")
        assert response.status_code == 200 and response.mimetype == "text/calendar", path
        expected = in_area(activities, *buurten)
        for start in windows(expected, now):
            assert mismatching(response.data, expected, start) == set(), (path, start)


@pytest.mark.parametrize("now", CLOCKS, ids=lambda now: now.date().isoformat())
def test_every_activity_file_gives_a_calendar_app_exactly_the_dates_the_app_shows(client, activities, monkeypatch,
                                                                                   now):
    monkeypatch.setattr(schedule, "local_now", lambda: now)
    for title, activity in activities.items():
        response = client.get(f"/en/activities/{activity.id}.ics")
        assert response.status_code == 200 and response.mimetype == "text/calendar", title
        for start in windows([activity], now):
            assert mismatching(response.data, [activity], start) == set(), (title, start)


def test_the_checker_sees_a_dtstart_that_is_not_a_day_of_its_rule():
    """The bug calendar apps showed: DTSTART on a Wednesday, RRULE on Mondays, is one extra Wednesday."""
    body = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:activity-7@vangnet\r\n"
            b"DTSTAMP:20261124T080000Z\r\nDTSTART;TZID=Europe/Amsterdam:20260902T100000\r\n"
            b"DTEND;TZID=Europe/Amsterdam:20260902T120000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    monday = Activity(id=7, rrule="FREQ=WEEKLY;BYDAY=MO", first_date=dt.date(2026, 9, 2), start_time=dt.time(10),
                      duration_minutes=120)
    assert mismatching(body, [monday], dt.date(2026, 9, 1)) == {7}
    assert mismatching(body, [monday], dt.date(2026, 9, 3)) == set()


def events(body: bytes) -> dict[str, object]:
    return {str(event["SUMMARY"]): event for event in Calendar.from_ical(body).walk("VEVENT")}


def test_dtstart_is_the_first_real_occurrence_in_amsterdam_time(client, activities):
    found = events(client.get("/feeds/GM0503.ics").data)
    monday = found["Maandag, begonnen op een woensdag"]
    assert monday["DTSTART"].dt == dt.datetime(2026, 9, 7, 10, 0, tzinfo=TZ)
    assert monday["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert found["Eerste woensdag"]["DTSTART"].dt == dt.datetime(2026, 10, 7, 13, 30, tzinfo=TZ)
    assert found["Vijf vrijdagen"]["DTSTART"].dt == dt.datetime(2026, 11, 27, 19, 0, tzinfo=TZ)
    for summary, event in found.items():
        if "RRULE" in event:
            rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=event["DTSTART"].dt)
            assert rule.after(event["DTSTART"].dt, inc=True) == event["DTSTART"].dt, summary


def test_a_cancelled_date_is_an_exdate_at_the_local_time_of_the_occurrence_it_cancels(client, activities):
    twice_a_week = events(client.get("/feeds/WK050325.ics").data)["Dinsdag en donderdag"]
    assert twice_a_week["EXDATE"].params["TZID"] == "Europe/Amsterdam"
    # 2 December is a Wednesday and 3 September came before the first date: nothing to cancel there.
    assert exdates(twice_a_week) == [dt.datetime(2026, 12, day, 9, 30, tzinfo=TZ) for day in (1, 31)] + [
        dt.datetime(2027, 1, 5, 9, 30, tzinfo=TZ)]


def test_an_end_date_is_until_in_utc_beside_a_dtstart_with_a_time_zone(client, activities):
    found = events(client.get("/feeds/GM0503.ics").data)
    assert found["Tot en met 2 januari"]["RRULE"]["UNTIL"] == [dt.datetime(2027, 1, 2, 22, 59, 59, tzinfo=UTC)]
    assert found["Tot 8 december, UTC"]["RRULE"]["UNTIL"] == [dt.datetime(2026, 12, 8, 9, 0, tzinfo=UTC)]
    assert found["Tot 8 december, lokale tijd"]["RRULE"]["UNTIL"] == [dt.datetime(2026, 12, 8, 8, 59, 59, tzinfo=UTC)]
    assert b"UNTIL=20270102T225959Z" in client.get("/feeds/GM0503.ics").data


def test_ten_oclock_stays_ten_oclock_local_in_a_calendar_app_across_both_clock_changes(client, activities):
    sunday = events(client.get("/feeds/WK050325.ics").data)["Zondag om tien"]
    for change in (dt.date(2026, 10, 25), dt.date(2027, 3, 28)):
        found = expanded(sunday, change - dt.timedelta(days=7), change + dt.timedelta(days=8))
        assert [(s.date(), s.astimezone(TZ).hour, e.astimezone(TZ).hour) for s, e in found] == [
            (change + dt.timedelta(days=n), 10, 11) for n in (-7, 0, 7)]
        assert found[0][0].utcoffset() != found[2][0].utcoffset()


def test_an_activity_past_midnight_ends_the_next_morning_and_lasts_its_real_length_on_the_clock_change_night(
    client, activities
):
    """Four hours from 23:30 on the night the clocks go back end at 02:30 by the wall clock, as
    RFC 5545 reads DTEND for every instance; the app shows the same."""
    night = activities["Nachtcafé over de klokwissel"]
    found = schedule.occurrences(night, dt.date(2026, 10, 24), dt.date(2026, 10, 25))
    assert found[0].end == dt.datetime(2026, 10, 25, 2, 30, tzinfo=TZ)
    assert found[0].end.astimezone(UTC) - found[0].start.astimezone(UTC) == dt.timedelta(hours=4)
    saturday = events(client.get("/feeds/WK050325.ics").data)["Zaterdagavond tot na middernacht"]
    assert expanded(saturday, dt.date(2026, 11, 28), dt.date(2026, 11, 29)) == [
        (dt.datetime(2026, 11, 28, 22, 0, tzinfo=TZ), dt.datetime(2026, 11, 29, 1, 0, tzinfo=TZ))]


def test_a_cancelled_single_date_and_a_broken_rule_are_left_out_of_the_feed(client, activities):
    found = events(client.get("/feeds/GM0503.ics").data)
    assert "Eén keer" in found and "Oudejaarsavond" in found
    assert "Eén keer, gaat niet door" not in found and "Kapotte regel" not in found
    assert "RRULE" not in found["Eén keer"] and "EXDATE" not in found["Eén keer"]
    broken = client.get(f"/nl/activities/{activities['Kapotte regel'].id}.ics")
    assert broken.status_code == 200 and not Calendar.from_ical(broken.data).walk("VEVENT")


def test_dtstamp_is_in_utc(client, activities, monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: CLOCKS[0])
    for event in events(client.get("/feeds/GM0503.ics").data).values():
        assert event["DTSTAMP"].dt == dt.datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
        assert "TZID" not in event["DTSTAMP"].params


def test_the_time_zone_in_the_file_has_the_amsterdam_offset_of_every_day_until_2100(client, activities):
    """Read on its own (not looked up by name), the VTIMEZONE gives tzdata's offset before and after
    the moment of every clock change (01:00 UTC)."""
    (zone,) = Calendar.from_ical(client.get("/feeds/GM0503.ics").data).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Amsterdam"
    own = zone.to_tz(lookup_tzid=False)
    day = dt.datetime(1996, 1, 1, tzinfo=UTC)
    while day.year < 2100:
        for moment in (day + dt.timedelta(minutes=59), day + dt.timedelta(minutes=61)):
            assert moment.astimezone(own).utcoffset() == moment.astimezone(TZ).utcoffset(), moment
        day += dt.timedelta(days=1)


def test_the_town_feed_has_every_neighbourhood_of_the_town_and_nothing_of_another_town(client, activities):
    response = client.get("/feeds/GM0503.ics?lang=en")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert 'filename="vangnet-GM0503.ics"' in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["X-WR-CALNAME"]) == "Calendar of Delft"
    found = events(response.data)
    assert "Derde donderdag" in found and "Maandag, begonnen op een woensdag" in found and "In Leiden" not in found
    assert set(events(client.get("/feeds/GM0546.ics").data)) == {"In Leiden"}


@pytest.mark.parametrize("path", ["/feeds/GM9999.ics", "/feeds/GM0503.ics?lang=xx", "/feeds/gm.ics",
                                  "/feeds/" + "GM" * 3000 + ".ics"])
def test_an_unknown_town_feed_is_a_404(client, activities, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("lang", ["nl", "en", "ar", "tr", "pl", "uk"])
def test_the_town_feed_is_linked_from_the_town_and_neighbourhood_calendars_in_every_language(
    client, activities, lang
):
    labels = {"nl": "Heel Delft in uw agenda-app", "en": "All of Delft in your calendar app",
              "ar": "كل مدينة Delft في تطبيق التقويم", "tr": "Tüm Delft takvim uygulamanızda",
              "pl": "Całe miasto Delft w aplikacji kalendarza", "uk": "Усе місто Delft у застосунку календаря"}
    for path in (f"/{lang}/calendar/delft", f"/{lang}/calendar/delft/WK050325"):
        html = client.get(path).get_data(as_text=True)
        assert f'href="/feeds/GM0503.ics?lang={lang}"' in html, path
        assert labels[lang] in html, path
    assert f'href="/feeds/WK050325.ics?lang={lang}"' in client.get(f"/{lang}/calendar/delft/WK050325").get_data(
        as_text=True)


# The demo data -----------------------------------------------------------------------------------


def demo_mismatches(client, now: dt.datetime) -> dict[str, set[int]]:
    """Every feed and .ics of the demo, checked as above; {path: mismatching activity ids}."""
    loaded = db.session.scalars(db.select(Activity)).all()
    by_area = {}
    for activity in loaded:
        buurt = activity.place.neighbourhood
        for code in (buurt.code, buurt.parent and buurt.parent.code, buurt.municipality.code):
            by_area.setdefault(f"/feeds/{code}.ics", []).append(activity)
    by_area.update({f"/nl/activities/{a.id}.ics": [a] for a in loaded})
    found = {}
    for path, expected in by_area.items():
        body = client.get(path).data
        found[path] = set().union(*(mismatching(body, expected, start) for start in windows(expected, now)))
    return found


def test_every_feed_and_file_of_the_demo_gives_the_dates_the_app_shows(app, client, monkeypatch):
    now = dt.datetime.now(TZ).replace(microsecond=0)
    monkeypatch.setattr(schedule, "local_now", lambda: now)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    found = demo_mismatches(client, now)
    assert len(found) > 100 and any(path.startswith("/feeds/GM") for path in found)
    assert {path: ids for path, ids in found.items() if ids} == {}
    assert db.session.scalar(db.select(db.func.count()).select_from(Cancellation)) > 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Municipality)) == 9
    assert db.session.scalar(db.select(db.func.count()).select_from(Place)) >= 40
    assert db.session.scalar(db.select(db.func.count()).select_from(Neighbourhood)) > 100

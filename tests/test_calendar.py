"""One calendar: by day per town and neighbourhood, the feed, and the printable wijkagenda."""

import datetime as dt

import pytest
from icalendar import Calendar

from app import schedule
from app.extensions import db
from app.models import Cancellation
from config import Config

from .helpers import count_queries, page

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)  # a Tuesday


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


@pytest.fixture
def buitenhof(make_neighbourhood, make_municipality):
    wijk = make_neighbourhood(code="WK050325", name="Buitenhof")
    buurt = make_neighbourhood(code="BU05032500", name="Reinier de Graafbuurt", municipality=wijk.municipality,
                               parent=wijk)
    return wijk, buurt


@pytest.fixture
def coffee(buitenhof, make_activity, make_place):
    return make_activity(title="Koffieochtend", place=make_place(neighbourhood=buitenhof[1]))


@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_every_calendar_page_answers_in_every_language(client, coffee, lang):
    for path in ("calendar", "calendar/delft", "calendar/delft/WK050325", "calendar/delft/BU05032500",
                 "calendar/delft/WK050325/week"):
        response = client.get(f"/{lang}/{path}")
        assert response.status_code == 200, path
        direction = "rtl" if lang == "ar" else "ltr"
        assert f'<html lang="{lang}" dir="{direction}">' in page(response)


def test_the_town_and_its_wijk_show_the_activity_of_a_buurt_on_its_day(client, coffee):
    assert "/nl/calendar/delft" in page(client.get("/nl/calendar"))
    for path in ("/nl/calendar/delft", "/nl/calendar/delft/WK050325", "/nl/calendar/delft/BU05032500"):
        html = page(client.get(path))
        assert "Koffieochtend" in html and "10:00" in html, path
    assert "Koffieochtend" not in page(client.get("/nl/calendar/delft?day=2026-11-25"))


def test_a_cancelled_day_is_empty_and_points_to_the_next_day_with_something(client, coffee):
    db.session.add(Cancellation(activity=coffee, date=dt.date(2026, 12, 1)))
    db.session.commit()
    html = page(client.get("/nl/calendar/delft/WK050325?day=2026-12-01"))
    assert "Koffieochtend" not in html and "Op deze dag is er niets." in html
    assert "day=2026-12-08" in html


def test_the_feed_is_icalendar_with_the_rule_and_the_cancelled_dates(client, coffee):
    db.session.add(Cancellation(activity=coffee, date=dt.date(2026, 12, 1)))
    db.session.commit()
    response = client.get("/feeds/WK050325.ics?lang=en")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    event = calendar.walk("VEVENT")[0]
    assert str(event["summary"]) == "Koffieochtend"
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["BYDAY"] == ["TU"]
    assert event["exdate"].dts[0].dt == dt.datetime(2026, 12, 1, 10, 0, tzinfo=schedule.TZ)
    assert calendar.walk("VTIMEZONE")


def test_the_weekly_wijkagenda_lists_seven_days_for_print(client, coffee):
    html = page(client.get("/nl/calendar/delft/WK050325/week"))
    assert html.count('class="agenda-day"') == 7
    assert "maandag 23 november" in html and "zondag 29 november" in html
    assert "Koffieochtend" in html and "data-print" in html


@pytest.mark.parametrize(
    "path",
    ["/nl/calendar/atlantis", "/nl/calendar/delft/WK999999", "/nl/calendar/leiden/WK050325",
     "/nl/calendar/delft?day=garbage", "/nl/calendar/delft?day=9999-99-99", "/nl/calendar/delft?day=2099-01-01",
     "/nl/calendar/delft?day=2020-01-01", "/nl/calendar/delft/WK050325/week?from=" + "9" * 5000,
     "/feeds/WK999999.ics", "/feeds/WK050325.ics?lang=xx", "/nl/calendar/" + "x" * 5000],
)
def test_bad_calendar_input_is_a_404(client, coffee, path, make_municipality):
    make_municipality(code="GM0546", slug="leiden", name="Leiden")
    assert client.get(path).status_code == 404


def test_the_day_page_makes_the_same_number_of_queries_for_10_and_30_activities(
    client, buitenhof, make_activity, make_place
):
    def queries():
        with count_queries() as statements:
            assert client.get("/nl/calendar/delft/WK050325").status_code == 200
        return len(statements)

    for n in range(10):
        make_activity(title=f"A{n}", place=make_place(name=f"P{n}", neighbourhood=buitenhof[1]))
    few = queries()
    for n in range(10, 30):
        make_activity(title=f"A{n}", place=make_place(name=f"P{n}", neighbourhood=buitenhof[1]))
    assert queries() == few

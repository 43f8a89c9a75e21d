"""The finder through the test client: where → when → what → results, and every bad input."""

import datetime as dt
import re

import pytest

from app import schedule
from app.extensions import db
from app.models import ActivityText, Cancellation, Postcode
from app.places import finder
from config import Config

from .helpers import count_queries, page

LANGUAGES = Config.LANGUAGES
# A Tuesday morning in Delft; the default activity of make_activity is weekly on Tuesday 10:00.
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)
KIOSK_POINT = {"lat": 51.9960, "lon": 4.3400}  # Reinier de Graafbuurt, Delft


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


@pytest.fixture
def postcode_2625():
    db.session.add(Postcode(pc4="2625", place_name="Delft", lat=51.9950, lon=4.3450))
    db.session.commit()


def become_kiosk(client, make_kiosk):
    make_kiosk(browser_key="test-kiosk-key")
    client.set_cookie("vangnet_kiosk", "test-kiosk-key")


def test_where_offers_postcode_and_neighbourhood_but_near_this_tablet_only_on_a_kiosk(client, make_kiosk):
    html = page(client.get("/nl/find"))
    assert "/nl/find/postcode" in html and "/nl/find/neighbourhood" in html
    assert "near=kiosk" not in html
    assert 'data-locate="/nl/find/when"' in html  # my location: only with JavaScript, shown by app.js
    become_kiosk(client, make_kiosk)
    assert "near=kiosk" in page(client.get("/nl/find"))


def test_a_good_postcode_goes_on_to_when(client, postcode_2625):
    for typed in ("2625", "2625 AB", " 2625ab "):
        response = client.get("/nl/find/postcode", query_string={"pc": typed})
        assert response.status_code == 302
        assert response.headers["Location"] == "/nl/find/when?pc=2625"


@pytest.mark.parametrize("typed", ["abcd", "12", "26250", "<script>alert(1)</script>", "9" * 5000, ""])
def test_a_wrong_postcode_gets_an_error_and_keeps_what_was_typed(client, postcode_2625, typed):
    response = client.get("/nl/find/postcode", query_string={"pc": typed})
    html = page(response)
    assert response.status_code == 200
    assert "<title>Fout:" in html
    assert 'class="error-summary"' in html and 'href="#pc"' in html
    assert 'aria-invalid="true"' in html
    assert "<script>alert(1)</script>" not in html
    if typed and len(typed) < 100:
        assert f'value="{typed.replace("<", "&lt;").replace(">", "&gt;")}"' in html


def test_an_unknown_postcode_is_said_plainly(client, postcode_2625):
    html = page(client.get("/nl/find/postcode?pc=9999"))
    assert "Deze postcode kennen we niet" in html


def test_the_postcode_field_asks_for_the_numeric_keypad(client):
    html = page(client.get("/nl/find/postcode"))
    assert 'inputmode="numeric"' in html and "<title>Fout:" not in html


def test_neighbourhood_choice_lists_towns_then_their_wijken(client, make_neighbourhood):
    make_neighbourhood(code="WK050325", name="Buitenhof")
    assert "town=delft" in page(client.get("/nl/find/neighbourhood"))
    html = page(client.get("/nl/find/neighbourhood?town=delft"))
    assert "Buitenhof" in html and "area=WK050325" in html
    assert client.get("/nl/find/neighbourhood?town=atlantis").status_code == 404


def test_when_without_a_where_goes_back_to_where(client):
    response = client.get("/nl/find/when")
    assert response.status_code == 302 and response.headers["Location"].endswith("/nl/find")


def test_when_offers_today_tomorrow_week_and_days(client, postcode_2625):
    html = page(client.get("/nl/find/when?pc=2625"))
    for day in ("day=today", "day=tomorrow", "day=week", "day=2026-11-26"):
        assert day in html


def test_what_offers_every_category_and_everything(client, postcode_2625):
    html = page(client.get("/nl/find/what?pc=2625&day=today"))
    assert html.count("/nl/find/results?") == 12
    assert "cat=coffee" in html and re.search(r"pictograms/coffee\.[0-9a-f]+\.svg", html)


def test_today_near_the_tablet_shows_the_activity_with_time_and_walking_minutes(kiosk_client, make_activity):
    make_activity(title="Koffieochtend")
    html = page(kiosk_client.get("/nl/find/results?near=kiosk&day=today"))
    assert "Koffieochtend" in html
    assert "vandaag 10:00" in html
    assert "1 minuut lopen" in html
    assert "Gratis" in html
    assert "Voorbeeld" in html


def test_results_are_nearest_first_and_far_places_are_left_out(kiosk_client, make_activity, make_place):
    make_activity(title="Ver weg", place=make_place(name="Ver", lat=52.05, lon=4.34))  # 6 km north
    make_activity(title="Iets verder", place=make_place(name="Verder", lat=52.005, lon=4.34))
    make_activity(title="Dichtbij")
    html = page(kiosk_client.get("/nl/find/results?near=kiosk&day=today"))
    assert html.index("Dichtbij") < html.index("Iets verder")
    assert "Ver weg" not in html


def test_filters_narrow_the_results(kiosk_client, make_activity, make_place):
    make_activity(title="Betaald", cost_cents=250)
    make_activity(title="Met aanmelden", signup_required=True)
    make_activity(title="Arabisch", languages="nl ar")
    make_activity(title="Drempelvrij", place=make_place(step_free=True))
    make_activity(title="Na de lunch", start_time=dt.time(14, 0))
    make_activity(title="Eten", category="meal")
    base = "/nl/find/results?near=kiosk&day=today"
    assert "Betaald" not in page(kiosk_client.get(base + "&free=1"))
    assert "Met aanmelden" not in page(kiosk_client.get(base + "&walkin=1"))
    only_arabic = page(kiosk_client.get(base + "&language=ar"))
    assert "Arabisch" in only_arabic and "Betaald" not in only_arabic
    step_free = page(kiosk_client.get(base + "&wheelchair=1"))
    assert "Drempelvrij" in step_free and "Betaald" not in step_free
    afternoon = page(kiosk_client.get(base + "&part=afternoon"))
    assert "Na de lunch" in afternoon and "Betaald" not in afternoon
    meals = page(kiosk_client.get(base + "&cat=meal"))
    assert "Eten" in meals and "Na de lunch" not in meals
    assert "€" in page(kiosk_client.get(base))


def test_every_filter_of_the_table_is_offered_kept_and_checked_on_the_results_page(app, kiosk_client):
    """The search, the SQL and the page read one table: each row shows up checked when chosen."""
    base = "/nl/find/results?near=kiosk&day=today"
    with app.test_request_context("/nl/"):
        table = [(f.key, value) for f in finder.FILTERS for value in f.options()]
    assert len(table) == 3 + 3 + len(LANGUAGES)  # three parts of the day, three marks, every language
    for key, value in table:
        html = page(kiosk_client.get(f"{base}&{key}={value}"))
        checked = re.findall(r'<input type="(?:checkbox|radio)" name="([a-z]+)" value="([a-z0-9]*)" checked>', html)
        no_matter = set() if key == "language" else {("language", "")}  # the radio's "no matter"
        assert set(checked) == {(key, value)} | no_matter
        assert f'type="hidden" name="{key}"' not in html  # the form carries the others, not the filters


def test_a_value_a_filter_does_not_offer_is_a_404(kiosk_client):
    base = "/nl/find/results?near=kiosk&day=today"
    for query in ("free=2", "walkin=yes", "wheelchair=0", "part=night", "language=xx", "language=nl&language=ar"):
        assert kiosk_client.get(f"{base}&{query}").status_code == 404, query
    assert kiosk_client.get(f"{base}&free=&language=").status_code == 200  # an empty choice is no choice


def test_a_cancelled_day_is_not_offered(kiosk_client, make_activity):
    activity = make_activity(title="Koffieochtend")
    db.session.add(Cancellation(activity=activity, date=NOW.date()))
    db.session.commit()
    html = page(kiosk_client.get("/nl/find/results?near=kiosk&day=today"))
    assert "Koffieochtend" not in html
    assert "Niets gevonden" in html
    assert "day=2026-12-01" in html  # the next Tuesday


def test_nothing_today_offers_the_nearest_day_with_something(kiosk_client, make_activity):
    make_activity(title="Donderdag", rrule="FREQ=WEEKLY;BYDAY=TH")
    html = page(kiosk_client.get("/nl/find/results?near=kiosk&day=today"))
    assert "Niets gevonden" in html
    assert "day=2026-11-26" in html and "donderdag 26 november" in html


def test_nothing_for_weeks_says_so(kiosk_client):
    html = page(kiosk_client.get("/nl/find/results?near=kiosk&day=today"))
    assert "Ook de komende weken is er niets" in html


def test_this_week_and_a_chosen_day(kiosk_client, make_activity):
    make_activity(title="Donderdag", rrule="FREQ=WEEKLY;BYDAY=TH")
    assert "Donderdag" in page(kiosk_client.get("/nl/find/results?near=kiosk&day=week"))
    assert "Donderdag" in page(kiosk_client.get("/nl/find/results?near=kiosk&day=2026-11-26"))
    assert "Donderdag" not in page(kiosk_client.get("/nl/find/results?near=kiosk&day=tomorrow"))


def test_my_location_is_rounded_in_every_link(client, make_activity):
    make_activity(title="Koffieochtend")
    response = client.get("/nl/find/results?lat=51.99612345&lon=4.34098765&day=today", follow_redirects=True)
    html = page(response)
    assert response.request.path == "/nl/find/results" and response.request.args["lat"] == "51.996"
    assert "Koffieochtend" in html
    assert "51.996" in html and "51.9961" not in html


@pytest.mark.parametrize(
    "query",
    [
        "near=kiosk&day=today",  # not a kiosk
        "pc=abcd&day=today",
        "pc=9999&day=today",
        "area=WK999999&day=today",
        "lat=999&lon=4.3&day=today",
        "lat=nan&lon=4.3&day=today",
        "lat=inf&lon=inf&day=today",
        "lat=48.85&lon=2.35&day=today",  # Paris
        "lat=abc&lon=def&day=today",
        "lat=51.99&day=today",
        "pc=2625&day=yesterday",
        "pc=2625&day=2026-13-45",
        "pc=2625&day=2020-01-01",
        "pc=2625&day=9999-12-31",
        "pc=2625&day=today&cat=dancing",
        "pc=2625&day=today&part=night",
        "pc=2625&day=today&language=xx",
        "pc=2625&day=" + "9" * 10000,
        "pc=" + "2" * 10000 + "&day=today",
    ],
)
def test_bad_input_on_the_finder_is_a_404_never_a_500(client, postcode_2625, query):
    for path in ("/nl/find/what", "/nl/find/results"):
        assert client.get(f"{path}?{query}").status_code == 404


def test_unknown_language_is_a_404(client):
    assert client.get("/xx/find").status_code == 404
    assert client.get("/<script>/find").status_code == 404


def test_the_results_page_makes_the_same_number_of_queries_for_5_and_25_activities(
    kiosk_client, make_activity, make_place
):
    def queries_for_results():
        with count_queries() as statements:
            assert kiosk_client.get("/nl/find/results?near=kiosk&day=today").status_code == 200
        return len(statements)

    for n in range(5):
        make_activity(title=f"A{n}", place=make_place(name=f"P{n}"))
    first = queries_for_results()  # also reads the occurrence window, which the process then keeps
    few = queries_for_results()
    for n in range(5, 25):
        make_activity(title=f"A{n}", place=make_place(name=f"P{n}"))
    assert queries_for_results() == few
    assert first == few + 1
    assert few <= 3  # the kiosk, the occurrences and the cards


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_finder_page_answers_in_every_language(kiosk_client, postcode_2625, make_activity, lang):
    activity = make_activity()
    paths = [
        "find", "find/postcode", "find/postcode?pc=abc", "find/neighbourhood", "find/when?near=kiosk",
        "find/what?near=kiosk&day=today", "find/results?near=kiosk&day=today",
        "find/results?near=kiosk&day=tomorrow", f"activities/{activity.id}",
        f"activities/{activity.id}/ticket", f"places/{activity.place_id}",
    ]
    for path in paths:
        response = kiosk_client.get(f"/{lang}/{path}")
        html = page(response)
        assert response.status_code == 200, path
        direction = "rtl" if lang == "ar" else "ltr"
        assert f'<html lang="{lang}" dir="{direction}">' in html, path
        assert response.headers["Cache-Control"] == "no-store"


def activity_page(client, activity, lang="nl", query=""):
    return page(client.get(f"/{lang}/activities/{activity.id}{query}"))


def test_activity_page_shows_what_to_expect_and_the_coming_dates_without_cancelled_ones(client, make_activity):
    activity = make_activity(title="Koffieochtend")
    db.session.add(Cancellation(activity=activity, date=dt.date(2026, 12, 1)))
    db.session.commit()
    html = activity_page(client, activity)
    assert "Kom binnen voor koffie." in html
    assert "vandaag 10:00" in html
    assert "dinsdag 8 december 10:00" in html
    assert "1 december" not in html
    assert "Voorbeeldstraat 1" in html and 'translate="no"' in html
    assert "Dit is een voorbeeld" in html


def test_activity_text_in_the_page_language_else_dutch_with_a_note(client, make_activity):
    activity = make_activity(title="Koffieochtend", texts={"ar": ("صباح القهوة", "تعال لشرب القهوة.")})
    arabic = activity_page(client, activity, "ar")
    assert "صباح القهوة" in arabic and "alleen in het Nederlands" not in arabic
    turkish = activity_page(client, activity, "tr")
    assert '<span lang="nl" dir="ltr">Koffieochtend</span>' in turkish
    assert '<p lang="nl" dir="ltr">Kom binnen voor koffie.</p>' in turkish


def test_activity_page_has_a_map_of_the_neighbourhood_with_the_place_and_you_are_here(
    kiosk_client, make_neighbourhood, make_place, make_activity
):
    square = '{"type":"Polygon","coordinates":[[[4.33,51.99],[4.35,51.99],[4.35,52.0],[4.33,52.0],[4.33,51.99]]]}'
    buurt = make_neighbourhood(outline=square)
    activity = make_activity(place=make_place(neighbourhood=buurt, lat=51.995, lon=4.345))
    html = activity_page(kiosk_client, activity)
    svg = re.search(r'<svg class="map".*?</svg>', html, re.S).group(0)
    assert 'class="map-outline"' in svg and 'class="map-place"' in svg and 'class="map-here"' in svg
    assert 'role="img"' in svg and "aria-label=" in svg
    assert "http" not in svg  # no tiles, nothing from another host


def test_activity_page_offers_qr_ticket_and_calendar_file(client, make_activity):
    activity = make_activity()
    html = activity_page(client, activity)
    assert '<svg role="img" aria-label="QR-code voor deze pagina"' in html
    assert f"/nl/activities/{activity.id}/ticket?date=2026-11-24" in html
    assert f"/nl/activities/{activity.id}.ics" in html


def test_the_ticket_shows_time_address_map_and_a_print_button(client, make_activity):
    activity = make_activity(title="Koffieochtend")
    html = page(client.get(f"/nl/activities/{activity.id}/ticket?date=2026-12-08"))
    assert "Koffieochtend" in html and "dinsdag 8 december" in html and "10:00 – 12:00" in html
    assert "Voorbeeldstraat 1" in html and 'class="map"' in html and "data-print" in html
    assert client.get(f"/nl/activities/{activity.id}/ticket?date=2026-12-09").status_code == 404
    assert client.get(f"/nl/activities/{activity.id}/ticket?date=nonsense").status_code == 200


def test_the_ics_file_is_a_calendar(client, make_activity):
    activity = make_activity()
    response = client.get(f"/en/activities/{activity.id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = page(response)
    assert "BEGIN:VEVENT" in body and "RRULE:FREQ=WEEKLY;BYDAY=TU" in body


def test_external_links_become_qr_codes_on_a_kiosk(client, make_kiosk, make_activity, make_place):
    activity = make_activity(place=make_place(website="https://example.org/buurthuis"))
    assert 'href="https://example.org/buurthuis"' in activity_page(client, activity)
    become_kiosk(client, make_kiosk)
    on_kiosk = activity_page(client, activity)
    assert 'href="https://example.org/buurthuis"' not in on_kiosk
    assert "QR-code voor de website" in on_kiosk


def test_stale_information_gets_a_warning(client, make_activity, make_place):
    fresh = make_activity(place=make_place(last_checked=dt.date(2026, 10, 1)))
    old = make_activity(place=make_place(name="Oud", last_checked=dt.date(2025, 1, 1)))
    assert "al lang niet gecontroleerd" not in activity_page(client, fresh)
    assert "al lang niet gecontroleerd" in activity_page(client, old)


def test_unknown_activity_or_place_is_a_404(client):
    for path in ("/nl/activities/999", "/nl/activities/999/ticket", "/nl/activities/999.ics", "/nl/places/999",
                 "/nl/activities/abc", "/nl/activities/99999999999999999999999"):
        assert client.get(path).status_code == 404, path


def test_place_page_lists_its_activities(client, make_activity, make_place):
    place = make_place()
    make_activity(title="Koffieochtend", place=place)
    make_activity(title="Samen eten", place=place, category="meal")
    html = page(client.get(f"/nl/places/{place.id}"))
    assert "Koffieochtend" in html and "Samen eten" in html


def test_todays_activities_that_are_over_are_left_out_but_one_past_midnight_stays(kiosk_client, make_activity,
                                                                                    monkeypatch):
    evening = dt.datetime(2026, 11, 24, 21, 0, tzinfo=schedule.TZ)  # a Tuesday, 21:00
    monkeypatch.setattr(schedule, "local_now", lambda: evening)
    make_activity(title="Koffieochtend")  # Tuesday 10:00-12:00: over
    make_activity(title="Nachtcafe", start_time=dt.time(20, 0), duration_minutes=300)  # until 01:00
    make_activity(title="Avondwandeling", start_time=dt.time(19, 0), duration_minutes=120)  # ends at 21:00
    html = page(kiosk_client.get("/nl/find/results?near=kiosk&day=today"))
    assert "Nachtcafe" in html and "Koffieochtend" not in html and "Avondwandeling" not in html
    make_activity(title="Donderdagochtend", rrule="FREQ=WEEKLY;BYDAY=TH")  # 10:00, earlier in the day than now
    assert "Donderdagochtend" in page(kiosk_client.get("/nl/find/results?near=kiosk&day=week"))


def test_the_nearest_day_is_the_earliest_day_not_the_nearest_place(kiosk_client, make_activity, make_place):
    far = make_place(name="Ver weg", lat=52.0200, lon=4.3400)  # about 2.7 km from the kiosk
    make_activity(title="Vrijdag dichtbij", rrule="FREQ=WEEKLY;BYDAY=FR")
    make_activity(title="Woensdag ver", rrule="FREQ=WEEKLY;BYDAY=WE", place=far, start_time=dt.time(8, 0),
                  duration_minutes=30)
    html = page(kiosk_client.get("/nl/find/results?near=kiosk&day=today&part=evening"))
    assert "Niets gevonden" in html and "day=2026-11-25" not in html  # Wednesday's is in the morning
    html = page(kiosk_client.get("/nl/find/results?near=kiosk&day=today&cat=coffee"))
    assert "day=2026-11-25" in html  # Wednesday, far away, before Friday close by


def test_a_results_page_runs_the_same_few_queries_however_many_activities_are_near_and_cancelled(
    kiosk_client, make_activity, make_place
):
    """Candidates, their cancellations and the cards: one query each, not one per batch or per activity."""

    def queries_for(query):
        with count_queries() as statements:
            assert kiosk_client.get(f"/nl/find/results?near=kiosk&{query}").status_code == 200
        return len(statements)

    def add(n, start):
        for i in range(start, start + n):
            activity = make_activity(title=f"A{i}", place=make_place(name=f"P{i}", lat=51.9960 + i / 10000))
            db.session.add(Cancellation(activity=activity, date=NOW.date() + dt.timedelta(days=7)))
        db.session.commit()

    searches = ("day=today", "day=week", "day=today&part=evening")  # the last finds nothing: a later day?
    add(3, 0)
    queries_for("day=today")  # the occurrence window is read once, then kept by the process
    few = [queries_for(query) for query in searches]
    add(77, 3)  # more than the old batches of 40 and the 20 results of a page
    assert [queries_for(query) for query in searches] == few
    assert max(few) <= 4  # the kiosk, the occurrences, the cards; a later day: its first day


def test_a_card_shows_an_outdated_translation_s_title_in_dutch(kiosk_client, make_activity):
    make_activity(title="Koffieochtend", texts={"en": ("Coffee morning", "Come in for coffee.")})
    assert "Coffee morning" in page(kiosk_client.get("/en/find/results?near=kiosk&day=today"))
    text = db.session.scalar(db.select(ActivityText).where(ActivityText.lang == "en"))
    text.source_digest = "written-earlier"  # the Dutch text has changed since
    db.session.commit()
    html = page(kiosk_client.get("/en/find/results?near=kiosk&day=today"))
    assert "Coffee morning" not in html
    assert '<span lang="nl" dir="ltr">Koffieochtend</span>' in html


def test_a_search_from_a_postcode_asked_before_runs_only_the_occurrence_and_card_queries(
    client, postcode_2625, make_activity
):
    """The postcode's centre and the occurrence window are kept by the process (they change at most daily)."""
    make_activity(title="Koffieochtend")

    def statements_for(path):
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200 and "Koffieochtend" in page(response)
        return len(statements)

    assert statements_for("/nl/find/results?pc=2625&day=week") == 4  # centre, window, occurrences, cards
    assert statements_for("/nl/find/results?pc=2625&day=today") == 2

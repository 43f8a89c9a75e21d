"""In Chromium on a tablet: a resident who comes back with a code finds "I have a code" on the home page
and on Help and sees how the request stands; the map keeps its labels inside the drawing near an edge
and points to a kiosk outside the wijk, in Dutch and in Arabic. Screenshots go to /tmp/mapcode/."""

import os
import re

import pytest
from flask_babel import force_locale
from playwright.sync_api import expect

from app.asks.status import in_words
from app.references import formatted

from .checks import assert_accessible, assert_touch_targets
from .conftest import make_kiosk_browser, tap

SHOTS = "/tmp/mapcode"
# A wijk of about 1.4 by 1.1 km; the place lies close to its west edge.
SQUARE = '{"type":"Polygon","coordinates":[[[4.35,52.0],[4.37,52.0],[4.37,52.01],[4.35,52.01],[4.35,52.0]]]}'
NEAR_THE_WEST_EDGE = {"lat": 52.0095, "lon": 4.3502}


def check_page(page):
    assert_accessible(page)
    assert_touch_targets(page)


def shoot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def type_the_code_and_see_the_status(tablet, request, lang):
    expect(tablet).to_have_url(re.compile(f"/{lang}/ask/status$"))
    check_page(tablet)
    tablet.locator("#code").fill(formatted(request.reference))
    tap(tablet, tablet.locator("main form[novalidate] button[type=submit]"))
    with force_locale(lang):
        kind, status = in_words(request)
    expect(tablet.locator("main .notice")).to_contain_text(kind)
    expect(tablet.locator("main .notice")).to_contain_text(status)
    check_page(tablet)


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_from_home_i_have_a_code_shows_how_my_request_stands(tablet, live_url, make_neighbourhood, make_request,
                                                            lang):
    request = make_request(make_neighbourhood(), status="in_progress")
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    tablet.goto(f"/{lang}/")
    check_page(tablet)
    shoot(tablet, f"home-{lang}")
    tap(tablet, tablet.locator(f'main a.choice[href="/{lang}/ask/status"]'))
    type_the_code_and_see_the_status(tablet, request, lang)
    shoot(tablet, f"status-{lang}")


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_from_help_a_resident_with_a_code_reaches_the_status_page(tablet, live_url, make_neighbourhood,
                                                                 make_request, lang):
    request = make_request(make_neighbourhood(), kind="concern")
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    tablet.goto(f"/{lang}/help")
    check_page(tablet)
    tap(tablet, tablet.locator(f'main a[href="/{lang}/ask/status"]'))
    type_the_code_and_see_the_status(tablet, request, lang)


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_about_passes_axe_and_touch(tablet, live_url, lang):
    tablet.goto(f"/{lang}/about")
    check_page(tablet)
    shoot(tablet, f"about-{lang}")


# Each text's box as Chromium draws it, against the box of its map.
OUTSIDE_THE_MAP = """
() => [...document.querySelectorAll('svg.map text')].filter(text => {
  const map = text.closest('svg').getBoundingClientRect(), box = text.getBoundingClientRect();
  return box.left < map.left || box.right > map.right || box.top < map.top || box.bottom > map.bottom;
}).map(text => text.textContent)
"""


@pytest.mark.parametrize("lang", ["nl", "ar"])
@pytest.mark.parametrize("kiosk", ["inside", "outside"])
def test_the_map_keeps_its_labels_inside_near_an_edge(tablet, live_url, make_neighbourhood, make_place,
                                                      make_activity, lang, kiosk):
    buurt = make_neighbourhood(outline=SQUARE)
    activity = make_activity(place=make_place(neighbourhood=buurt, **NEAR_THE_WEST_EDGE))
    # Inside: in the south-west corner of the wijk. Outside: about 1.5 km south-west of it.
    where = {"lat": 52.0003, "lon": 4.3503} if kiosk == "inside" else {"lat": 51.996, "lon": 4.340}
    make_kiosk_browser(tablet, live_url, idle_seconds=600, **where)
    tablet.goto(f"/{lang}/activities/{activity.id}")
    the_map = tablet.locator("svg.map")
    expect(the_map.locator("text")).to_have_count(2)
    expect(the_map.locator("g.map-away")).to_have_count(1 if kiosk == "outside" else 0)
    assert tablet.evaluate(OUTSIDE_THE_MAP) == []
    check_page(tablet)
    os.makedirs(SHOTS, exist_ok=True)
    the_map.screenshot(path=f"{SHOTS}/map-{kiosk}-{lang}.png")

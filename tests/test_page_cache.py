"""The finder's micro-cache: the same page for everyone asking the same thing, with each visitor's
own CSRF token, apart per kiosk, and gone after its time."""

import re
import time

import pytest

from app import create_app, page_cache
from app.extensions import db
from app.models import Postcode
from config import TestConfig

from .helpers import page


@pytest.fixture
def cached_app(app):
    class Cached(TestConfig):
        FINDER_CACHE_SECONDS = 60
        WTF_CSRF_ENABLED = True

    cached = create_app(Cached)
    cached.test_client_class = app.test_client_class
    with cached.app_context():
        db.create_all()  # its own in-memory database on SQLite; the suite's tables on PostgreSQL
    page_cache.clear()
    yield cached
    page_cache.clear()
    with cached.app_context():
        db.session.remove()
        db.engine.dispose()


def token(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def add_postcode():
    db.session.add(Postcode(pc4="2625", place_name="Delft", lat=51.9950, lon=4.3450))
    db.session.commit()


def test_the_second_visitor_gets_the_same_results_with_their_own_token(cached_app, make_place, make_activity):
    with cached_app.app_context():
        add_postcode()
        make_activity(title="Koffieochtend", rrule="FREQ=DAILY", place=make_place())
    url = "/nl/find/results?pc=2625&day=week"
    first, second = cached_app.test_client(), cached_app.test_client()
    one, two = page(first.get(url)), page(second.get(url))
    assert "Koffieochtend" in one and "Koffieochtend" in two
    assert token(one) != token(two) and "\x00" not in two
    assert second.post("/start-over", data={"csrf_token": token(two)}).status_code == 302
    assert first.post("/start-over", data={"csrf_token": token(two)}).status_code == 400  # not theirs


def test_a_cached_page_is_served_until_its_time_is_up(cached_app, make_place, make_activity, monkeypatch):
    with cached_app.app_context():
        add_postcode()
    url = "/nl/find/results?pc=2625&day=week"
    client = cached_app.test_client()
    assert "Niets gevonden" in page(client.get(url))
    with cached_app.app_context():
        make_activity(title="Nieuw", rrule="FREQ=DAILY", place=make_place())
    assert "Niets gevonden" in page(client.get(url))  # the kept page
    later = time.monotonic() + 61
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    assert "Nieuw" in page(client.get(url))


def test_kiosks_do_not_share_pages(cached_app, make_kiosk):
    with cached_app.app_context():
        make_kiosk(browser_key="a", idle_seconds=100)
        make_kiosk(name="Ander", browser_key="b", idle_seconds=200)
    one, two = cached_app.test_client(), cached_app.test_client()
    one.set_cookie("vangnet_kiosk", "a")
    two.set_cookie("vangnet_kiosk", "b")
    url = "/nl/find/results?near=kiosk&day=today"
    assert 'data-idle-seconds="100"' in page(one.get(url))
    assert 'data-idle-seconds="200"' in page(two.get(url))


def test_a_phones_location_is_never_kept(cached_app, make_place, make_activity):
    url = "/nl/find/results?lat=51.996&lon=4.340&day=week"
    client = cached_app.test_client()
    assert "Niets gevonden" in page(client.get(url))
    with cached_app.app_context():
        make_activity(title="Nieuw", rrule="FREQ=DAILY", place=make_place())
    assert "Nieuw" in page(client.get(url))
    assert not any("51.996" in key[0] for key in page_cache._pages)

"""Browser tests: the app served on loopback, driven by Playwright in Debian's Chromium.

Chromium must be there: a browser test that cannot start the browser fails, it is never skipped.
"""

import datetime as dt
import os
import secrets
import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from app import create_app, schedule
from app.extensions import db
from app.kiosk import COOKIE
from app.models import Kiosk
from config import TestConfig

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TABLET = {"width": 800, "height": 1280}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
HERE = os.path.dirname(__file__)


# Werkzeug's test server leaves a static file open when Chromium drops a connection it no longer
# needs (the test has moved on); that says nothing about Vangnet, so only that warning is let through.
DROPPED_STATIC_FILE = (
    "ignore:Exception ignored in. <_io.FileIO name='[^']*/static/:pytest.PytestUnraisableExceptionWarning"
)


def pytest_collection_modifyitems(items):
    for item in items:
        if os.path.dirname(str(item.path)).startswith(HERE):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.filterwarnings(DROPPED_STATIC_FILE))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The app on a SQLite file, so that the server thread and the test see the same database."""

    class BrowserConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path_factory.mktemp('db') / 'browser.sqlite'}"
        KIOSK_COUNTDOWN_SECONDS = 3

    app = create_app(BrowserConfig)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001 - any failure to start means the same thing here
        playwright.stop()
        pytest.fail(
            f"Chromium did not start from {CHROMIUM} (set CHROMIUM_PATH, or `apt-get install chromium`); "
            f"the browser tests cannot run without it:\n{error}",
            pytrace=False,
        )
    yield browser
    browser.close()
    playwright.stop()


def new_page(browser, live_url, viewport, **options):
    """A page in a fresh context (no cookies): a tablet has touch, a desktop has a mouse."""
    options.setdefault("has_touch", viewport == TABLET)
    context = browser.new_context(viewport=viewport, base_url=live_url, is_mobile=False, **options)
    page = context.new_page()
    page.touch = options["has_touch"]
    return page


@pytest.fixture
def tablet(browser, live_url):
    page = new_page(browser, live_url, TABLET)
    yield page
    page.context.close()


@pytest.fixture
def desktop(browser, live_url):
    page = new_page(browser, live_url, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture(params=[TABLET, DESKTOP], ids=["tablet", "desktop"])
def any_page(request, browser, live_url):
    page = new_page(browser, live_url, request.param)
    yield page
    page.context.close()


@pytest.fixture
def demo(app):
    """The real demo data: CBS neighbourhoods, postcodes, example places and activities."""
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def morning(monkeypatch):
    """Today at nine in Amsterdam: "today" still has the demo's mornings, afternoons and evenings ahead,
    whenever the suite runs (at 23:00 nothing is left today, and the finder rightly says so)."""
    nine = dt.datetime.combine(dt.date.today(), dt.time(9, 0), tzinfo=schedule.TZ)
    monkeypatch.setattr(schedule, "local_now", lambda: nine)
    return nine


def make_kiosk_browser(page, live_url, **settings):
    """Make this page's browser context a kiosk, as opening its activation link would."""
    settings.setdefault("lat", 51.9972)
    settings.setdefault("lon", 4.3390)
    kiosk = Kiosk(name="Testtablet", browser_key=secrets.token_urlsafe(16), **settings)
    db.session.add(kiosk)
    db.session.commit()
    page.context.add_cookies([{"name": COOKIE, "value": kiosk.browser_key, "url": live_url}])
    return kiosk


def tap(page, locator):
    """Touch on a touch screen, a click elsewhere."""
    if page.touch:
        locator.tap()
    else:
        locator.click()

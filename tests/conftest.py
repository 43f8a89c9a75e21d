"""Fixtures: the app on SQLite (or on PostgreSQL when DATABASE_URL is set), a client, and
make_* factories. Every test starts with empty tables."""

import datetime as dt
import os

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app
from app.extensions import db
from app.models import Activity, ActivityText, Kiosk, Municipality, Neighbourhood, Place, Postcode
from config import TestConfig

# Amsterdam time of "now" in tests that need a fixed clock.
TUESDAY_MORNING = dt.datetime(2026, 11, 24, 9, 0)


class FreshContextClient(FlaskClient):
    """Each request in an app context of its own, as in production: the test's context (and its `g`
    and database session) stays apart from the request's, even though the test holds one open."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app():
    app = create_app(TestConfig)
    app.test_client_class = FreshContextClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _context_and_clean_tables(app):
    """Each test runs inside an app context and leaves every table empty."""
    with app.app_context():
        yield
        db.session.rollback()
        tables = list(reversed(db.metadata.sorted_tables))
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def shared_data():
    path = TestConfig.SHARED_DATA_DIR
    assert os.path.isdir(path), f"the open data must lie beside the project: {path}"
    return path


@pytest.fixture
def make_municipality():
    def make(code="GM0503", slug="delft", name="Delft", **kwargs):
        municipality = Municipality(code=code, slug=slug, name=name, **kwargs)
        db.session.add(municipality)
        db.session.commit()
        return municipality

    return make


@pytest.fixture
def make_neighbourhood(make_municipality):
    def make(code="BU05032500", name="Reinier de Graafbuurt", municipality=None, **kwargs):
        kwargs.setdefault("kind", "buurt" if code.startswith("BU") else "wijk")
        kwargs.setdefault("lat", 51.9960)
        kwargs.setdefault("lon", 4.3400)
        neighbourhood = Neighbourhood(
            code=code, name=name, municipality=municipality or make_municipality(), **kwargs
        )
        db.session.add(neighbourhood)
        db.session.commit()
        return neighbourhood

    return make


@pytest.fixture
def make_place():
    def make(name="Buurthuis De Voorbeeld", **kwargs):
        kwargs.setdefault("address", "Voorbeeldstraat 1")
        kwargs.setdefault("postcode", "2625 AA")
        kwargs.setdefault("city", "Delft")
        kwargs.setdefault("lat", 51.9960)
        kwargs.setdefault("lon", 4.3400)
        kwargs.setdefault("is_example", True)
        kwargs.setdefault("last_checked", dt.date(2026, 10, 1))
        place = Place(name=name, **kwargs)
        db.session.add(place)
        db.session.commit()
        return place

    return make


@pytest.fixture
def make_activity(make_place):
    def make(title="Koffieochtend", place=None, texts=None, **kwargs):
        kwargs.setdefault("category", "coffee")
        kwargs.setdefault("rrule", "FREQ=WEEKLY;BYDAY=TU")
        kwargs.setdefault("first_date", dt.date(2026, 1, 6))
        kwargs.setdefault("start_time", dt.time(10, 0))
        activity = Activity(place=place or make_place(), **kwargs)
        activity.texts.append(ActivityText(lang="nl", title=title, description="Kom binnen voor koffie."))
        for lang, (other_title, description) in (texts or {}).items():
            activity.texts.append(ActivityText(lang=lang, title=other_title, description=description))
        db.session.add(activity)
        db.session.commit()
        return activity

    return make


@pytest.fixture
def make_kiosk():
    def make(name="Bibliotheek Buitenhof", **kwargs):
        kwargs.setdefault("lat", 51.9960)
        kwargs.setdefault("lon", 4.3400)
        kiosk = Kiosk(name=name, **kwargs)
        db.session.add(kiosk)
        db.session.commit()
        return kiosk

    return make


@pytest.fixture
def kiosk_client(client, make_kiosk):
    """A client whose browser is an activated kiosk."""
    kiosk = make_kiosk(browser_key="test-kiosk-key")
    client.set_cookie("vangnet_kiosk", "test-kiosk-key")
    client.kiosk = kiosk
    return client


@pytest.fixture
def delft(make_neighbourhood):
    """Delft with one wijk and postcode 2625; postcode 3011 (Rotterdam) lies outside this Vangnet."""
    wijk = make_neighbourhood(code="WK050325", name="Buitenhof", kind="wijk")
    db.session.add_all([
        Postcode(pc4="2625", place_name="Delft", lat=51.995, lon=4.345, municipality_id=wijk.municipality_id),
        Postcode(pc4="3011", place_name="Rotterdam", lat=51.92, lon=4.48, municipality_id=None),
    ])
    db.session.commit()
    return wijk

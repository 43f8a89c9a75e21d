"""Fixtures: the app on SQLite (or on PostgreSQL when DATABASE_URL is set), a client, and
make_* factories. Every test starts with empty tables."""

import datetime as dt
import email
import email.policy
import functools
import os
from collections import Counter

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app, geo, listings, occurrences
from app.extensions import db, limiter
from app.models import Activity, Kiosk, Municipality, Neighbourhood, Organisation, Place, Postcode, StaffUser
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
        # What a process keeps of the database (the occurrence window, postcode centres) went with it.
        occurrences.forget_window()
        geo.forget_postcode_centroids()


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
        db.session.add(activity)
        change = listings.Change(by=None, source="demo")  # translations written from this Dutch text
        change.text(activity, "nl", title, "Kom binnen voor koffie.")
        for lang, (other_title, description) in (texts or {}).items():
            change.text(activity, lang, other_title, description)
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
    """A client whose browser is an activated kiosk (seen just now: its first page notes nothing)."""
    from app.models import utcnow

    kiosk = make_kiosk(browser_key="test-kiosk-key", last_seen_at=utcnow())
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


# The back office ---------------------------------------------------------------------------------

STAFF_PASSWORD = "lantaarnpaal fietsbel regenjas"


@functools.cache
def staff_password_hash() -> str:
    """argon2 is slow on purpose: hash the test password once per run."""
    from app.staff.auth.passwords import hash_password

    return hash_password(STAFF_PASSWORD)


@pytest.fixture
def totp_clock(monkeypatch):
    """The authenticator's clock, moved on 30 s at each sign-in: a code is never used twice."""
    from app.staff.auth import totp

    now = [1_790_000_000.0]
    monkeypatch.setattr(totp, "clock", lambda: now[0])
    return now


@pytest.fixture
def make_staff(make_municipality):
    """A staff member with an enrolled authenticator; `municipality` may be a list."""
    import pyotp

    from app.models import StaffMembership, StaffUser

    hashed = staff_password_hash()

    def make(email="ria@delft.example", name="Ria de Vries", municipality=None, role="coordinator", **kwargs):
        kwargs.setdefault("totp_secret", pyotp.random_base32())
        kwargs.setdefault("totp_confirmed", True)
        default = db.session.scalar(db.select(Municipality).order_by(Municipality.id)) or make_municipality()
        towns = municipality if isinstance(municipality, list) else [municipality or default]
        staff = StaffUser(email=email, name=name, password_hash=hashed, **kwargs)
        staff.memberships = [StaffMembership(municipality_id=town.id, role=role) for town in towns]
        db.session.add(staff)
        db.session.commit()
        return staff

    return make


def sign_in(client, staff, clock, password=STAFF_PASSWORD):
    """The whole sign-in: password, then a code of the next 30-second step."""
    import pyotp

    clock[0] += 30
    first = client.post("/staff/sign-in", data={"email": staff.email, "password": password})
    assert first.status_code == 302, first.get_data(True)[-3000:]
    code = pyotp.TOTP(staff.totp_secret).at(clock[0])
    return client.post("/staff/sign-in/code", data={"code": code})


@pytest.fixture
def staff_client(app, make_staff, totp_clock, delft):
    """A client signed in as a coordinator of Delft (the `delft` fixture's municipality)."""
    municipality = db.session.get(Municipality, delft.municipality_id)
    client = app.test_client()
    client.staff = make_staff(municipality=municipality)
    response = sign_in(client, client.staff, totp_clock)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/", response.get_data(True)
    return client


@pytest.fixture
def strict_app(app, tmp_path):
    """The app with CSRF and rate limits on, on its own database file (or the suite's PostgreSQL)."""

    class Strict(TestConfig):
        WTF_CSRF_ENABLED = True
        RATELIMIT_ENABLED = True
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'strict.sqlite'}"

    strict = create_app(Strict)
    strict.test_client_class = app.test_client_class
    with strict.app_context():
        db.create_all()
        delft_ = Municipality(code="GM0503", slug="delft", name="Delft")
        db.session.add_all([delft_, Neighbourhood(code="WK050325", kind="wijk", name="Buitenhof", lat=51.99, lon=4.34,
                                                  municipality=delft_)])
        db.session.flush()
        db.session.add(Postcode(pc4="2625", place_name="Delft", lat=51.995, lon=4.345, municipality_id=delft_.id))
        db.session.commit()
    yield strict
    # The limiter is one object for every app in this process: switch it back off for the others.
    limiter.reset()
    limiter.enabled = False
    with strict.app_context():
        db.session.remove()
        if strict.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            db.drop_all()
        db.engine.dispose()


@pytest.fixture
def make_request():
    """A buddy request (or, with kind="concern", a concern) as a resident would have sent it."""
    import secrets

    from app.models import BuddyRequest, Concern, utcnow
    from app.references import new_reference

    def make(neighbourhood, kind="buddy", **kwargs):
        common = {"reference": new_reference(), "language": "nl", "municipality_id": neighbourhood.municipality_id,
                  "neighbourhood_id": neighbourhood.id, "consent_at": utcnow(), "consent_version": "test",
                  "submission_token": secrets.token_urlsafe(16)}
        if kind == "concern":
            row = Concern(**{"urgency": "worried", "worries": "lonely", "anonymous": True, **common, **kwargs})
        else:
            row = BuddyRequest(**{"kind": kind, "for_whom": "me", "first_name": "Fenna", "contact_method": "phone",
                                  "phone": "+31612345678", "languages": "nl", "preference": "any",
                                  **common, **kwargs})
        db.session.add(row)
        db.session.commit()
        return row

    return make


# Listings: a town with organisations, and editors ---------------------------------------------

@pytest.fixture
def town(delft, make_neighbourhood, make_municipality):
    """Delft (wijk Buitenhof with a buurt by postcode 2625) with organisations A and B; Leiden (a buurt by
    postcode 2312) with L."""
    delft_ = db.session.get(Municipality, delft.municipality_id)
    buurt = make_neighbourhood(code="BU05032500", name="Reinier de Graafbuurt", municipality=delft_, parent=delft)
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    leiden_buurt = make_neighbourhood(code="BU05460400", name="Merenwijk-Noord", municipality=leiden,
                                      lat=52.175, lon=4.505)
    a, b = Organisation(name="Welzijn A", municipality=delft_), Organisation(name="Bibliotheek B", municipality=delft_)
    lo = Organisation(name="Kerk L", municipality=leiden)
    db.session.add_all([a, b, lo, Postcode(pc4="2312", place_name="Leiden", lat=52.176, lon=4.506,
                                           municipality_id=leiden.id)])
    db.session.commit()
    return {"delft": delft_, "wijk": delft, "buurt": buurt, "leiden": leiden, "leiden_buurt": leiden_buurt,
            "a": a, "b": b, "l": lo}


def editor_client(app, totp_clock, *organisations, email="eva@a.example"):
    """A client signed in as an editor of these organisations (no municipality role)."""
    import pyotp

    editor = StaffUser(email=email, name="Eva", password_hash=staff_password_hash(),
                       totp_secret=pyotp.random_base32(), totp_confirmed=True)
    editor.organisations = list(organisations)
    db.session.add(editor)
    db.session.commit()
    client = app.test_client()
    client.staff = editor
    assert sign_in(client, editor, totp_clock).status_code == 302
    return client


# E-mail: a real SMTP server on loopback ------------------------------------------------------------

MAIL_FROM = "vangnet@delft.example"
PUBLIC_URL = "https://vangnet.example"


class Inbox:
    """An aiosmtpd handler that keeps every envelope it accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]

    def recipients(self) -> Counter:
        return Counter(address for envelope in self.envelopes for address in envelope.rcpt_tos)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_to(app, monkeypatch, request):
    """A real SMTP server on loopback (aiosmtpd), or with running=False a port where nothing listens
    (or the `port` of a socket the test holds: one bound but not listening, one that never answers)."""
    from aiosmtpd.controller import Controller

    def start(running=True, handler=None, port=None):
        handler, port = handler or Inbox(), port or free_port()
        if running:
            controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost")
            controller.start()
            request.addfinalizer(controller.stop)
        for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False, "MAIL_USERNAME": "",
                           "MAIL_FROM": MAIL_FROM, "PUBLIC_URL": PUBLIC_URL}.items():
            monkeypatch.setitem(app.config, key, value)
        return handler

    return start


@pytest.fixture
def race_app(app, tmp_path):
    """The app on a database with real concurrent connections; the test body runs in its context."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        yield app
        return

    class FileDatabase(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'race.sqlite'}"

    racing = create_app(FileDatabase)
    racing.test_client_class = app.test_client_class
    with racing.app_context():
        db.create_all()
        yield racing
        db.session.remove()
        db.engine.dispose()

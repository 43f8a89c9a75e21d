"""While the database is gone every page answers a polite 503 in its own language, made without the
database, and the app comes back by itself. The database goes away the way a restart takes it away
from the app: every open connection drops and new ones are refused for a while. A relay on loopback
in front of the machine's PostgreSQL does that on command, so the rest of the suite keeps its server."""

import contextlib
import socket
import threading

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app import create_app
from app.extensions import db
from app.models import Municipality, Neighbourhood, Postcode
from config import TestConfig

from .conftest import sign_in
from .helpers import page

POSTGRES = ("127.0.0.1", 5432)
DATABASE = "vangnet_outage"


class CuttableRelay:
    """A TCP relay from a loopback port to PostgreSQL; `cut()` drops every connection and refuses new
    ones until `restore()`. It stops with the test (daemon threads, bounded by the test's requests)."""

    def __init__(self, target=POSTGRES):
        self.target, self.up, self.links = target, True, []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.links += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.up = False
        for link in self.links:
            with contextlib.suppress(OSError):
                link.shutdown(socket.SHUT_RDWR)
            link.close()
        self.links = []

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def relay():
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    relay = CuttableRelay()
    yield relay
    relay.close()


@pytest.fixture
def outage_app(app, relay):
    """The app on PostgreSQL through the relay; the test body runs in its context."""

    class ThroughRelay(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"postgresql+psycopg://postgres@127.0.0.1:{relay.port}/{DATABASE}"
        SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "connect_args": {"connect_timeout": 3}}

    shaky = create_app(ThroughRelay)
    shaky.test_client_class = app.test_client_class
    with shaky.app_context():
        db.create_all()
        town = Municipality(code="GM0503", slug="delft", name="Delft")
        db.session.add_all([town, Neighbourhood(code="WK050325", kind="wijk", name="Buitenhof", lat=51.99,
                                                lon=4.34, municipality=town)])
        db.session.flush()
        db.session.add(Postcode(pc4="2625", place_name="Delft", lat=51.995, lon=4.345, municipality_id=town.id))
        db.session.commit()
        yield shaky
        relay.restore()
        with contextlib.suppress(OperationalError):  # the test's own session may hold a dropped connection
            db.session.remove()
        db.engine.dispose()


PAGES = [  # (method, path, form): what residents and staff do most
    ("GET", "/nl/", None), ("GET", "/ar/", None), ("GET", "/nl/find", None),
    ("GET", "/nl/find/results?pc=2625&day=today", None), ("GET", "/uk/calendar", None),
    ("GET", "/nl/ask/buddy/for-whom", None), ("POST", "/nl/ask/buddy/for-whom", {"for_whom": "me"}),
    ("POST", "/ar/ask/status", {"code": "K7M4-PXQ2"}), ("GET", "/staff/", None), ("GET", "/staff/sign-in", None),
    ("GET", "/staff/nothing-here", None), ("GET", "/nl/nothing-here", None),  # the error pages themselves
]
NEED_THE_DATABASE = [("GET", "/nl/find/results?pc=2625&day=today"), ("GET", "/uk/calendar"),
                     ("POST", "/nl/ask/buddy/for-whom"), ("POST", "/ar/ask/status")]
WORDS = {"nl": "Vangnet werkt even niet", "ar": "Vangnet", "uk": "Vangnet"}


@pytest.mark.services
def test_while_the_database_is_gone_every_page_says_so_politely_and_then_it_comes_back(
        outage_app, relay, make_staff, totp_clock):
    staff, resident, kiosk = (outage_app.test_client() for _ in range(3))
    sign_in(staff, make_staff(), totp_clock)
    assert resident.get("/nl/").status_code == 200 and staff.get("/staff/").status_code == 200
    relay.cut()
    statuses, answered = [], {}
    for who, client in (("resident", resident), ("staff", staff)):
        for method, path, form in PAGES:
            response = client.open(path, method=method, data=form)
            statuses.append(response.status_code)
            answered[who, method, path] = response.status_code
            if response.status_code == 503:
                lang = path.split("/")[1] if path.split("/")[1] in WORDS else "nl"
                html = page(response)
                assert f'<html lang="{lang}"' in html and WORDS[lang] in html, path
                assert response.headers["Retry-After"] == "30"
                assert f'href="{path.replace("&", "&amp;")}"' in html  # "try again" asks the same page again
    # A page that needs no database (the home page off a kiosk, a 404) still works; never a bare 500.
    assert set(statuses) <= {200, 302, 404, 503}
    for method, path in NEED_THE_DATABASE:
        assert answered["resident", method, path] == answered["staff", method, path] == 503, path
    assert answered["staff", "GET", "/staff/"] == 503  # a signed-in page reads its session
    assert resident.post("/start-over").status_code in (302, 503)
    assert resident.get("/healthz").status_code == 503
    relay.restore()
    assert resident.get("/nl/").status_code == 200 and kiosk.get("/nl/find").status_code == 200
    assert staff.get("/staff/").status_code == 200  # the staff session lived through it
    assert resident.get("/healthz").status_code == 200


@pytest.mark.services
def test_a_session_whose_connection_dropped_is_closed_after_the_answer_without_an_error(outage_app, relay):
    """Flask closes the request's database session after the answer: on a dropped connection its
    rollback fails, and that must not turn a finished answer into a 500."""
    with outage_app.app_context():  # a request's own context, as each request has
        db.session.execute(text("SELECT 1"))  # a transaction holds a connection
        relay.cut()
    relay.restore()
    with outage_app.app_context():
        assert db.session.execute(text("SELECT 1")).scalar() == 1  # and the pool has a fresh one

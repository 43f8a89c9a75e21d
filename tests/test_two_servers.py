"""Two application servers, one PostgreSQL, one Redis: two gunicorn instances on their own ports, in
production configuration (CSRF, rate limits), with one browser going back and forth between them as a
load balancer would send it. A staff session works on both, a rate limit counts across both, and the
same send posted to both at once makes one request."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pyotp
import pytest
import redis
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from app.models import BuddyRequest, Municipality, Neighbourhood, Postcode, StaffMembership, StaffUser
from config import BASE_DIR, Config

from .conftest import STAFF_PASSWORD, staff_password_hash
from .wizards import BUDDY_ANSWERS

REDIS_DB = 14  # a Redis database of this test's own, emptied first


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser with one cookie jar, sending each request to the server the test names."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect)

    def open(self, url: str, form: dict | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        try:
            with self.opener.open(url, data=data, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode()

    def post_form(self, page_url: str, form: dict, to: str | None = None) -> tuple[int, str]:
        """Open the page, then post the form with the page's CSRF token (to `to`, else back to it)."""
        status, html = self.open(page_url)
        assert status == 200, (page_url, status)
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        return self.open(to or page_url, {**form, "csrf_token": token})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def database():
    """A migrated PostgreSQL database with Delft, postcode 2625 and a coordinator."""
    name = f"vangnet_servers_{uuid.uuid4().hex[:8]}"
    server = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = f"postgresql://postgres@127.0.0.1/{name}"

    class Production(Config):
        SQLALCHEMY_DATABASE_URI = url.replace("postgresql://", "postgresql+psycopg://")

    app = create_app(Production)
    with app.app_context():
        upgrade()
        delft = Municipality(code="GM0503", slug="delft", name="Delft")
        db.session.add_all([delft, Neighbourhood(code="WK050325", kind="wijk", name="Buitenhof", lat=51.99,
                                                 lon=4.34, municipality=delft)])
        db.session.flush()
        db.session.add(Postcode(pc4="2625", place_name="Delft", lat=51.995, lon=4.345, municipality_id=delft.id))
        staff = StaffUser(email="ria@delft.example", name="Ria", password_hash=staff_password_hash(),
                          totp_secret=pyotp.random_base32(), totp_confirmed=True)
        staff.memberships = [StaffMembership(municipality_id=delft.id, role="coordinator")]
        db.session.add(staff)
        db.session.commit()
        secret = staff.totp_secret
        db.session.remove()
        yield url, secret, app
        db.session.remove()
        db.engine.dispose()
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture(scope="module")
def two_servers(database):
    url, _secret, _app = database
    redis.Redis(db=REDIS_DB).flushdb()
    env = {**os.environ, "DATABASE_URL": url, "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{REDIS_DB}",
           "SECRET_KEY": "one-secret-for-every-server", "MAIL_SERVER": ""}
    servers, addresses = [], []
    for _ in range(2):
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "-w", "2",
                   "--bind", f"127.0.0.1:{port}", "wsgi:app"]
        servers.append(subprocess.Popen(command, cwd=BASE_DIR, env=env, stderr=subprocess.DEVNULL))
        addresses.append(f"http://127.0.0.1:{port}")
    try:
        for address in addresses:
            wait_until_up(address)
        yield addresses
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def wait_until_up(address: str) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{address}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{address} did not start")


@pytest.mark.services
def test_a_staff_session_made_on_one_server_works_on_the_other(database, two_servers):
    _url, secret, _app = database
    first, second = two_servers
    staff = Browser()
    status, _ = staff.post_form(f"{first}/staff/sign-in", {"email": "ria@delft.example", "password": STAFF_PASSWORD})
    assert status == 302
    status, _ = staff.post_form(f"{second}/staff/sign-in/code", {"code": pyotp.TOTP(secret).now()})
    assert status == 302
    status, html = staff.open(f"{second}/staff/")
    assert status == 200 and "Uitloggen" in html  # signed in: the inbox, not the sign-in page
    assert staff.open(f"{first}/staff/")[0] == 200


@pytest.mark.services
def test_a_rate_limit_counts_across_both_servers(two_servers):
    """Checking codes: 10 tries in 10 minutes per browser, wherever the load balancer sends them."""
    first, second = two_servers
    resident = Browser()
    statuses = [resident.post_form(f"{server}/nl/ask/status", {"code": "AAAA-AAAA"})[0]
                for server in (first, second) * 5]
    assert statuses == [200] * 10
    assert resident.post_form(f"{first}/nl/ask/status", {"code": "AAAA-AAAA"})[0] == 429


@pytest.mark.services
def test_the_same_send_posted_to_both_servers_at_once_makes_one_request(database, two_servers):
    _url, _secret, app = database
    first, second = two_servers
    resident = Browser()
    for step, form in BUDDY_ANSWERS:
        status, _ = resident.post_form(f"{first}/nl/ask/buddy/{step}", form)
        assert status == 302, step
    status, html = resident.open(f"{first}/nl/ask/buddy/send")
    form = {"consent": "y", "submission": re.search(r'name="submission" type="hidden" value="([^"]+)"', html).group(1),
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)}
    answers = [None, None]

    barrier = threading.Barrier(2)

    def send(i, server):
        barrier.wait()
        answers[i] = resident.open(f"{server}/nl/ask/buddy/send", form)[0]

    threads = [threading.Thread(target=send, args=(i, server)) for i, server in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302, 302]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(BuddyRequest)) == 1

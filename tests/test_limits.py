"""Limits that hold when several processes serve the app: the counters live in Redis, shared by every
worker, and behind nginx each resident is counted by their own address. Needs the Redis server on
127.0.0.1:6379 (`.ci/run` starts it); such a test fails, it is never skipped, when Redis is missing."""

import json
import secrets
import subprocess
import sys

import pytest
from flask import request

from app import create_app
from app.extensions import db, limiter
from config import BASE_DIR, TestConfig

from .helpers import page

REDIS = "redis://127.0.0.1:6379/15"


# Another worker process: the same app and database, its own memory; it sends from the given browser.
WORKER = """
import json, sys
from app import create_app
from config import BASE_DIR, TestConfig

class Worker(TestConfig):
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI, RATELIMIT_KEY_PREFIX, SQLALCHEMY_DATABASE_URI = sys.argv[1:4]

client = create_app(Worker).test_client()
client.set_cookie("session", sys.argv[4])
print(json.dumps([client.post("/nl/ask/buddy/send").status_code for _ in range(int(sys.argv[5]))]))
"""


@pytest.fixture
def worker_config(app, tmp_path):
    class Worker(TestConfig):
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = REDIS
        RATELIMIT_KEY_PREFIX = f"test-{secrets.token_hex(4)}"  # a run of its own in the shared Redis
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'workers.sqlite'}"

    worker = create_app(Worker)
    with worker.app_context():
        db.create_all()
    yield worker
    limiter.enabled = False  # one limiter object serves every app in this process
    with worker.app_context():
        db.engine.dispose()


def sends_in_another_process(worker, cookie: str, times: int) -> list[int]:
    config = worker.config
    done = subprocess.run(
        [sys.executable, "-c", WORKER, config["RATELIMIT_STORAGE_URI"], config["RATELIMIT_KEY_PREFIX"],
         config["SQLALCHEMY_DATABASE_URI"], cookie, str(times)],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=120, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.services
def test_the_send_limit_per_visitor_counts_across_worker_processes(worker_config):
    """20 sends an hour per browser: 1 + 9 here and 10 in another worker process, then the 21st is refused."""
    client = worker_config.test_client()
    statuses = [client.post("/nl/ask/buddy/send").status_code]  # the browser's visit begins
    statuses += sends_in_another_process(worker_config, client.get_cookie("session").value, 10)
    statuses += [client.post("/nl/ask/buddy/send").status_code for _ in range(9)]
    assert 429 not in statuses and len(statuses) == 20
    refused = client.post("/nl/ask/buddy/send")
    assert refused.status_code == 429 and "Vanaf deze plek zijn veel vragen verstuurd" in page(refused)


def test_behind_nginx_a_resident_is_known_by_their_own_address(app):
    class BehindNginx(TestConfig):
        TRUST_PROXY = True

    proxied = create_app(BehindNginx)
    proxied.add_url_rule("/address", "address", lambda: request.remote_addr)
    client = proxied.test_client()
    seen = client.get("/address", headers={"X-Forwarded-For": "203.0.113.7"}, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert seen.get_data(as_text=True) == "203.0.113.7"
    with proxied.app_context():
        db.engine.dispose()


@pytest.fixture
def redis_gone(app, tmp_path):
    """The app with its limits in a Redis that does not answer (nothing listens on port 1)."""

    class RedisGone(TestConfig):
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = "redis://127.0.0.1:1/0"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'gone.sqlite'}"

    gone = create_app(RedisGone)
    with gone.app_context():
        db.create_all()
    yield gone
    limiter.enabled = False  # one limiter object serves every app in this process
    with gone.app_context():
        db.engine.dispose()


def test_when_redis_does_not_answer_residents_are_still_served_and_it_is_logged(redis_gone, caplog):
    """Our own outage never turns a resident away: the limits count in memory until Redis is back."""
    client = redis_gone.test_client()
    statuses = [client.post("/nl/ask/status", data={"code": "K7M4-PXQ2"}).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429  # the limit still holds, per process
    assert client.post("/nl/ask/buddy/send").status_code == 302
    assert any("redis" in record.getMessage().lower() or "storage" in record.getMessage().lower()
               for record in caplog.records), [r.getMessage() for r in caplog.records]


# A process of its own, as gunicorn's worker is: what it writes to standard error is what the journal keeps.
REDIS_GONE_WORKER = """
from app import create_app
from app.extensions import db
from config import TestConfig

class Gone(TestConfig):
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "redis://127.0.0.1:1/0"

app = create_app(Gone)
with app.app_context():
    db.create_all()
    print(app.test_client().post("/nl/ask/status", data={"code": "K7M4-PXQ2"}).status_code)
"""


def test_a_redis_outage_is_written_to_standard_error_where_the_servers_log_goes():
    done = subprocess.run([sys.executable, "-c", REDIS_GONE_WORKER], cwd=BASE_DIR, capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "200", done.stderr
    assert "flask-limiter" in done.stderr and "storage" in done.stderr.lower(), done.stderr


def test_healthz_reports_the_database_and_redis_apart(redis_gone, client):
    gone = redis_gone.test_client().get("/healthz")
    assert gone.status_code == 200 and gone.json == {"database": "ok", "redis": "unavailable"}
    assert client.get("/healthz").json == {"database": "ok", "redis": "not used"}  # memory://


@pytest.mark.services
def test_healthz_says_redis_is_ok_when_it_answers(worker_config):
    assert worker_config.test_client().get("/healthz").json == {"database": "ok", "redis": "ok"}


def test_flask_limiter_s_empty_check_before_every_request_is_left_out_until_a_default_limit_exists(
        app, monkeypatch):
    """Our limits sit on their views (their wrappers count them); a default limit needs the check again."""
    assert limiter._check_request_limit not in app.before_request_funcs[None]
    # One limiter object serves every app in this process: its defaults and switch are put back after.
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [])
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)

    class WithDefault(TestConfig):
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = "memory://"
        RATELIMIT_DEFAULT = "1000 per minute"

    assert limiter._check_request_limit in create_app(WithDefault).before_request_funcs[None]

"""The next person at a shared tablet or browser: the confirmation's code is kept on the server (ten
minutes, or until Start over), not in the cookie; on a kiosk a draft left alone for longer than the
idle time and countdown is gone on the server too, even when the tablet's JavaScript did not run."""

import datetime as dt

import pytest

from app import drafts
from app.extensions import db
from app.models import BuddyRequest, Draft, utcnow

from .helpers import count, page
from .wizards import BUDDY_ANSWERS, answer, send, walk


def cookie_session(app, client) -> dict:
    """What the browser's session cookie holds, decoded as anyone who copies it can."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(client.get_cookie("session").value)


@pytest.fixture
def clock(monkeypatch):
    """The drafts' clock, to be moved on by the test."""
    now = [utcnow()]
    monkeypatch.setattr(drafts, "utcnow", lambda: now[0])
    return now


def test_the_code_of_the_confirmation_is_not_in_the_cookie(app, client, delft):
    walk(client)
    response, _data = send(client)
    done = page(client.get(response.headers["Location"]))
    code = db.session.scalar(db.select(BuddyRequest.reference))
    assert f"{code[:4]}-{code[4:]}" in done
    assert code not in str(cookie_session(app, client))


def test_the_confirmation_is_gone_after_ten_minutes_and_after_start_over(client, delft, clock):
    walk(client)
    send(client)
    assert client.get("/nl/ask/buddy/done").status_code == 200
    clock[0] += dt.timedelta(minutes=10, seconds=1)
    assert client.get("/nl/ask/buddy/done").headers["Location"] == "/nl/"
    clock[0] -= dt.timedelta(minutes=10)
    client.post("/start-over")
    assert client.get("/nl/ask/buddy/done").status_code == 302
    assert count(Draft) == 0


def test_sending_keeps_the_visit_so_the_send_limit_goes_on_counting(app, client, delft):
    walk(client)
    with client.session_transaction() as session:
        session["visit"] = "v1"  # what the send limit's key (app.visitors.visitor_key) keeps
    send(client)
    assert cookie_session(app, client)["visit"] == "v1"
    client.post("/start-over")
    assert cookie_session(app, client)["visit"] == "v1"


def test_a_kiosk_draft_left_alone_past_idle_and_countdown_is_deleted_on_the_server(kiosk_client, delft, clock):
    step, data = BUDDY_ANSWERS[0]
    answer(kiosk_client, step, data)
    assert count(Draft) == 1
    idle = kiosk_client.kiosk.idle_seconds + kiosk_client.application.config["KIOSK_COUNTDOWN_SECONDS"]
    clock[0] += dt.timedelta(seconds=idle + 1)
    html = page(kiosk_client.get("/nl/ask/buddy/check", follow_redirects=True))
    assert count(Draft) == 0 and " checked" not in html  # the first question again, nothing chosen


def test_a_kiosk_draft_stays_while_the_resident_is_still_there(kiosk_client, delft, clock):
    step, data = BUDDY_ANSWERS[0]
    answer(kiosk_client, step, data)
    for _ in range(3):  # "Yes, I need more time" three times, two minutes apart
        clock[0] += dt.timedelta(seconds=120)
        assert kiosk_client.post("/still-here").status_code == 204
    clock[0] += dt.timedelta(seconds=120)
    answer(kiosk_client, *BUDDY_ANSWERS[1])
    assert "walk" in db.session.scalar(db.select(Draft.answers))


def test_off_a_kiosk_a_draft_keeps_a_day(client, delft, clock):
    answer(client, *BUDDY_ANSWERS[0])
    clock[0] += dt.timedelta(hours=2)
    answer(client, *BUDDY_ANSWERS[1])
    assert count(Draft) == 1 and "for_whom" in db.session.scalar(db.select(Draft.answers))

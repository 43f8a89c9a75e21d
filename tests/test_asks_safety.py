"""What keeps the asking flows safe on a shared tablet: CSRF with tokens switched on, exactly once from
two threads, the 24-hour draft purge, the go-along request from an activity, and checking a request
with its code (plain words, nothing personal, the same "not found" for every wrong code, a rate limit)."""

import datetime as dt
import re
import threading

import pytest

from app.extensions import db
from app.models import BuddyRequest, Concern, Draft, Kiosk, Neighbourhood, utcnow
from app.references import formatted

from .helpers import count, page
from .wizards import BUDDY_ANSWERS, CANARY_NAME, GO_ALONG_ANSWERS, answer, send, walk


def token(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def in_app(strict, query):
    with strict.app_context():
        return db.session.scalar(query)


def test_a_post_without_a_csrf_token_is_refused_kindly_and_writes_nothing(strict_app):
    client = strict_app.test_client()
    response = client.post("/nl/ask/buddy/for-whom", data={"for_whom": "me"})
    assert response.status_code == 400 and "<html" in page(response)
    assert in_app(strict_app, db.select(db.func.count()).select_from(Draft)) == 0


def test_another_sessions_csrf_token_is_refused(strict_app):
    mallory, resident = strict_app.test_client(), strict_app.test_client()
    stolen = token(page(mallory.get("/nl/ask/buddy/for-whom")))
    response = resident.post("/nl/ask/buddy/for-whom", data={"for_whom": "me", "csrf_token": stolen})
    assert response.status_code == 400
    assert in_app(strict_app, db.select(db.func.count()).select_from(Draft)) == 0


def test_with_its_own_token_the_whole_flow_works_and_send_without_a_token_makes_nothing(strict_app):
    client = strict_app.test_client()
    for step, data in BUDDY_ANSWERS:
        csrf = token(page(client.get(f"/nl/ask/buddy/{step}")))
        assert client.post(f"/nl/ask/buddy/{step}", data={**data, "csrf_token": csrf}).status_code == 302, step
    form = page(client.get("/nl/ask/buddy/send"))
    submission = re.search(r'name="submission" type="hidden" value="([^"]+)"', form).group(1)
    refused = client.post("/nl/ask/buddy/send", data={"submission": submission, "consent": "y"})
    assert refused.status_code == 400
    assert in_app(strict_app, db.select(db.func.count()).select_from(BuddyRequest)) == 0
    sent = client.post("/nl/ask/buddy/send", data={"submission": submission, "consent": "y", "csrf_token": token(form)})
    assert sent.headers["Location"] == "/nl/ask/buddy/done"
    assert in_app(strict_app, db.select(db.func.count()).select_from(BuddyRequest)) == 1


@pytest.mark.parametrize("on_kiosk", [False, True])
def test_the_same_send_from_two_tabs_at_once_makes_one_request(strict_app, on_kiosk):
    client = strict_app.test_client()
    if on_kiosk:  # a kiosk's pages also touch the draft (its idle limit on the server)
        with strict_app.app_context():
            db.session.add(Kiosk(name="Tablet", lat=51.99, lon=4.34, browser_key="two-tabs"))
            db.session.commit()
        client.set_cookie("vangnet_kiosk", "two-tabs")
    for step, data in BUDDY_ANSWERS:
        csrf = token(page(client.get(f"/nl/ask/buddy/{step}")))
        client.post(f"/nl/ask/buddy/{step}", data={**data, "csrf_token": csrf})
    form = page(client.get("/nl/ask/buddy/send"))
    data = {"submission": re.search(r'name="submission" type="hidden" value="([^"]+)"', form).group(1),
            "consent": "y", "csrf_token": token(form)}
    cookie = client.get_cookie("session").value
    tabs = [strict_app.test_client() for _ in range(2)]
    for tab in tabs:
        tab.set_cookie("session", cookie)
        if on_kiosk:
            tab.set_cookie("vangnet_kiosk", "two-tabs")
    barrier, results = threading.Barrier(len(tabs)), []

    def press(tab):
        barrier.wait()
        results.append(tab.post("/nl/ask/buddy/send", data=data))

    threads = [threading.Thread(target=press, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [r.status_code for r in results] == [302, 302]
    assert {r.headers["Location"] for r in results} == {"/nl/ask/buddy/done"}
    assert in_app(strict_app, db.select(db.func.count()).select_from(BuddyRequest)) == 1


def test_drafts_older_than_a_day_are_purged_by_the_command_and_younger_ones_stay(app, client, delft):
    answer(client, "for-whom", {"for_whom": "me"})
    db.session.add(Draft(id="old", kind="buddy", answers="{}", submission_token="t",
                         created_at=utcnow() - dt.timedelta(hours=25)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "Deleted 1 draft" in result.output
    assert db.session.scalars(db.select(Draft.id)).all() != ["old"] and count(Draft) == 1


def test_a_draft_older_than_a_day_is_not_used_even_before_the_purge(client, delft):
    answer(client, "for-whom", {"for_whom": "me"})
    db.session.execute(db.update(Draft).values(created_at=utcnow() - dt.timedelta(hours=25)))
    db.session.commit()
    assert client.get("/nl/ask/buddy/wishes").headers["Location"] == "/nl/ask/buddy/"


# Go along the first time ----------------------------------------------------------------------------

@pytest.fixture
def coffee(delft, make_place, make_activity):
    """A weekly Tuesday coffee morning in Buitenhof, Delft."""
    return make_activity(place=make_place(neighbourhood_id=delft.id))


def next_tuesday():
    today = dt.date.today()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


def test_the_activity_page_offers_someone_to_go_along(client, coffee):
    html = page(client.get(f"/nl/activities/{coffee.id}"))
    assert f'action="/nl/ask/go-along/{coffee.id}"' in html
    assert "Ik wil dat iemand de eerste keer met mij meegaat" in html


def test_go_along_knows_the_activity_date_and_place_and_asks_only_the_rest(client, coffee):
    tuesday = next_tuesday()
    response = client.post(f"/nl/ask/go-along/{coffee.id}", data={"date": tuesday.isoformat()})
    assert response.headers["Location"] == "/nl/ask/go-along/for-whom"
    for (step, data), following in zip(GO_ALONG_ANSWERS, [*GO_ALONG_ANSWERS[1:], ("check", None)], strict=True):
        response = answer(client, step, data, "go-along")
        assert response.headers["Location"].startswith(f"/nl/ask/go-along/{following[0]}"), step
    check = page(client.get("/nl/ask/go-along/check"))
    assert "Koffieochtend" in check and "Waar woont u?" not in check
    send(client, "go-along")
    request = db.session.scalar(db.select(BuddyRequest))
    assert (request.kind, request.activity_id, request.activity_date) == ("go_along", coffee.id, tuesday)
    assert (request.municipality_id, request.neighbourhood_id) == (delft_id(coffee), coffee.place.neighbourhood_id)


def delft_id(activity):
    return db.session.get(Neighbourhood, activity.place.neighbourhood_id).municipality_id


def test_go_along_with_a_date_it_does_not_happen_takes_the_next_date(client, coffee):
    client.post(f"/nl/ask/go-along/{coffee.id}", data={"date": "2026-13-45"})
    for step, data in GO_ALONG_ANSWERS:
        answer(client, step, data, "go-along")
    send(client, "go-along")
    assert db.session.scalar(db.select(BuddyRequest.activity_date)) == next_tuesday()


def test_go_along_cannot_start_without_an_activity(client, delft):
    assert client.get("/nl/ask/go-along/").headers["Location"] == "/nl/find"
    assert client.post("/nl/ask/go-along/999999", data={}).status_code == 404
    assert client.get("/nl/ask/go-along/for-whom").headers["Location"] == "/nl/ask/go-along/"


# Check my request -------------------------------------------------------------------------------


def made_request(client):
    walk(client)
    send(client)
    return db.session.scalar(db.select(BuddyRequest))


def test_the_code_shows_the_status_in_plain_words_and_nothing_personal(client, delft):
    request = made_request(client)
    html = page(client.post("/nl/ask/status", data={"code": formatted(request.reference)}))
    assert "Uw vraag om een maatje" in html and "Wij hebben uw vraag ontvangen" in html
    for personal in (CANARY_NAME, "1357", "2625", "Delft", "Buitenhof"):
        assert personal not in html


def test_the_status_page_follows_what_staff_change(client, delft):
    request = made_request(client)
    request.status = "matched"
    db.session.commit()
    html = page(client.post("/en/ask/status", data={"code": request.reference.lower()}))
    assert "We have found a buddy for you." in html


def test_a_concern_code_says_how_the_report_stands(client, delft):
    db.session.add(Concern(reference="K7M4PXQ2", status="in_progress", language="nl", urgency="worried",
                           municipality_id=delft.municipality_id, worries="lonely", consent_at=utcnow(),
                           consent_version="x", submission_token="s"))
    db.session.commit()
    html = page(client.post("/nl/ask/status", data={"code": "k7m4 pxq2"}))
    assert "Wij kijken naar uw bericht." in html


@pytest.mark.parametrize("code", ["", "K7M4-PXQ3", "nonsense", "x" * 5000, "<script>alert(1)</script>",
                                  "K7M4-PXQ!"])
def test_every_wrong_code_gets_the_same_not_found(client, delft, code):
    made_request(client)
    response = client.post("/nl/ask/status", data={"code": code})
    html = page(response)
    assert response.status_code == 200 and "<script>alert" not in html
    expected = "Vul uw code in" if not code else "Wij vinden geen vraag met deze code"
    assert expected in html and "<title>Fout:" in html


def test_guessing_codes_is_rate_limited_per_visitor_with_a_kind_page(strict_app):
    client = strict_app.test_client()
    csrf = token(page(client.get("/nl/ask/status")))
    codes = [client.post("/nl/ask/status", data={"code": "AAAA-AAAA", "csrf_token": csrf}).status_code
             for _ in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429
    html = page(client.post("/nl/ask/status", data={"code": "AAAA-AAAA", "csrf_token": csrf}))
    assert "U hebt veel codes geprobeerd" in html
    other = strict_app.test_client()  # another tablet at the same library address still may try
    other_csrf = token(page(other.get("/nl/ask/status")))
    assert other.post("/nl/ask/status", data={"code": "AAAA-AAAA", "csrf_token": other_csrf}).status_code == 200


def test_sending_is_rate_limited_per_visitor_with_a_kind_page_and_nothing_is_made(strict_app):
    client = strict_app.test_client()
    csrf = token(page(client.get("/nl/ask/status")))
    statuses = [client.post("/nl/ask/buddy/send", data={"csrf_token": csrf}).status_code for _ in range(21)]
    assert 429 not in statuses[:20] and statuses[20] == 429
    html = page(client.post("/nl/ask/buddy/send", data={"csrf_token": csrf}))
    assert "Vanaf deze plek zijn veel vragen verstuurd" in html and "codes" not in html
    assert in_app(strict_app, db.select(db.func.count()).select_from(BuddyRequest)) == 0

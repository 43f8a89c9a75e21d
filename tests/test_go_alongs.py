"""Go-alongs: the day list of a municipality's go-along requests with who goes along, and afterwards
"went" or "did not go" in one click (the request closes as helped, or opens again)."""

import datetime as dt

import pytest

from app import schedule
from app.extensions import db
from app.models import AuditEvent, BuddyRequest, Match, Municipality, RequestEvent, Volunteer

from .helpers import page

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)  # a Tuesday


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


@pytest.fixture
def go_alongs(delft, make_request, make_activity, make_municipality, make_neighbourhood):
    """Last Tuesday's go-along with a companion, next Tuesday's without one, one a month ahead, and one of
    Leiden."""
    activity = make_activity(title="Koffieochtend")  # every Tuesday at 10:00
    town = db.session.get(Municipality, delft.municipality_id)
    last, coming, later = (make_request(delft, kind="go_along", activity_id=activity.id, activity_date=day,
                                        status="matched")
                           for day in (dt.date(2026, 11, 17), dt.date(2026, 12, 1), dt.date(2026, 12, 29)))
    leiden = make_neighbourhood(code="WK054604", name="Merenwijk", kind="wijk",
                                municipality=make_municipality(code="GM0546", slug="leiden", name="Leiden"))
    elsewhere = make_request(leiden, kind="go_along", activity_id=activity.id, activity_date=dt.date(2026, 12, 1))
    companion = Volunteer(municipality_id=town.id, first_name="Bram", postcode="2625", status="active",
                          roles="go_along")
    db.session.add(companion)
    db.session.flush()
    match = Match(municipality_id=town.id, request_id=last.id, volunteer_id=companion.id, status="introduced")
    db.session.add(match)
    db.session.commit()
    return {"last": last, "coming": coming, "later": later, "elsewhere": elsewhere, "match": match}


def test_the_day_list_shows_the_weeks_go_alongs_of_my_town_with_who_goes_along(staff_client, go_alongs):
    html = page(staff_client.get("/staff/volunteers/go-alongs"))
    assert go_alongs["last"].reference[:4] in html and go_alongs["coming"].reference[:4] in html
    assert go_alongs["later"].reference[:4] not in html and go_alongs["elsewhere"].reference[:4] not in html
    assert "dinsdag 17 november 2026" in html and "Bram" in html and "Nog niemand: zoek iemand" in html
    assert html.count(f"/staff/volunteers/matches/{go_alongs['match'].id}/went/") == 2


@pytest.mark.parametrize(("went", "status", "reason"), [("yes", "closed", "helped"), ("no", "in_progress", None)])
def test_went_or_not_is_one_click_and_the_request_follows(staff_client, go_alongs, went, status, reason):
    match = go_alongs["match"]
    response = staff_client.post(f"/staff/volunteers/matches/{match.id}/went/{went}", data={"version": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    request = db.session.get(BuddyRequest, go_alongs["last"].id)
    assert (request.status, request.closed_reason) == (status, reason)
    assert db.session.scalar(db.select(RequestEvent.value).where(RequestEvent.kind == "went")) == went
    assert db.session.get(Match, match.id).status == "ended"
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "match.end")) is not None
    again = staff_client.post(f"/staff/volunteers/matches/{match.id}/went/{went}", data={"version": "2"},
                              follow_redirects=True)
    assert "één keer" in page(again)
    assert db.session.scalar(db.select(db.func.count(RequestEvent.id)).where(RequestEvent.kind == "went")) == 1


def test_not_before_the_date_and_not_from_an_old_page(staff_client, go_alongs, delft):
    town = db.session.get(Municipality, delft.municipality_id)
    companion = db.session.scalar(db.select(Volunteer))
    early = Match(municipality_id=town.id, request_id=go_alongs["coming"].id, volunteer_id=companion.id,
                  status="introduced")
    db.session.add(early)
    db.session.commit()
    staff_client.post(f"/staff/volunteers/matches/{early.id}/went/yes", data={"version": "1"})
    stale = staff_client.post(f"/staff/volunteers/matches/{go_alongs['match'].id}/went/yes", data={"version": "7"},
                              follow_redirects=True)
    assert "Iemand anders heeft dit net veranderd" in page(stale)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(RequestEvent.id)).where(RequestEvent.kind == "went")) == 0

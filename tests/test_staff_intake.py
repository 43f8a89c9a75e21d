"""Phone intake: staff enter a request taken on the phone or at the desk with the wizard's questions; it
lands in the same inbox, marked with its channel, and the resident's code works on the status page."""

import datetime as dt

import pytest

from app import schedule
from app.extensions import db
from app.models import AuditEvent, BuddyRequest, Concern, Municipality

from .helpers import page

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)  # a Tuesday


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


def buddy_form(delft, **changes) -> dict:
    return {"channel": "phone", "consent": "y", "language": "ar", "municipality": str(delft.municipality_id),
            "postcode": "2625", "wijk": "", "for_whom": "me", "wishes": ["walk", "coffee"], "days": ["tu"],
            "parts_of_day": ["morning"], "languages": ["ar", "nl"], "preference": "woman", "first_name": "Amal",
            "contact": "phone", "phone": "06 12345678", **changes}


def concern_form(delft, **changes) -> dict:
    return {"channel": "desk", "consent": "y", "language": "nl", "municipality": str(delft.municipality_id),
            "postcode": "", "wijk": str(delft.id), "urgency": "worried", "worries": ["lonely", "not_seen"],
            "description": "Meneer op nummer 4 zie ik niet meer.", "street": "Lindelaan", "anonymous": "y", **changes}


def test_a_buddy_request_taken_by_phone_lands_in_the_inbox_with_its_channel_and_a_code(
        staff_client, client, delft, town):
    response = staff_client.post("/staff/intake/buddy", data=buddy_form(delft))
    assert response.status_code == 302
    row = db.session.scalar(db.select(BuddyRequest))
    assert (row.kind, row.channel, row.language, row.first_name, row.phone, row.preference) == (
        "buddy", "phone", "ar", "Amal", "+31612345678", "woman")
    assert (row.wishes, row.days, row.parts_of_day, row.languages) == ("walk coffee", "tu", "morning", "ar nl")
    # The wijk is the one whose outline holds the postcode's centre (through its buurt).
    assert (row.municipality_id, row.neighbourhood_id, row.postcode) == (delft.municipality_id, delft.id, "2625")
    assert row.consent_version.startswith("intake")
    shown = page(staff_client.get(response.headers["Location"]))
    assert "De telefoon" in shown and "Geef de bewoner de code" in shown
    assert row.reference[:4] in page(staff_client.get("/staff/"))
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "request.intake"))
    assert (audit.reference, audit.staff_id) == (row.reference, staff_client.staff.id)
    # The resident reads the status with the code, in the language staff noted.
    assert client.post("/ar/ask/status", data={"code": row.reference}).status_code == 200


def test_a_worry_at_the_desk_can_stay_anonymous_and_is_urgent_when_it_is(staff_client, delft):
    assert staff_client.post("/staff/intake/concern", data=concern_form(delft, urgency="crisis",
                                                                        phone="06 12345678")).status_code == 302
    row = db.session.scalar(db.select(Concern))
    assert (row.channel, row.anonymous, row.phone, row.priority, row.worries, row.neighbourhood_id) == (
        "desk", True, None, 1, "lonely not_seen", delft.id)


def test_a_go_along_needs_an_activity_on_a_day_it_happens(staff_client, delft, make_activity):
    activity = make_activity()  # every Tuesday at 10:00
    activity.place.neighbourhood = delft
    db.session.commit()
    form = buddy_form(delft, activity=str(activity.id), activity_date="2026-11-26")  # a Thursday
    response = staff_client.post("/staff/intake/go_along", data=form)
    assert response.status_code == 400 and "Kies een datum waarop de activiteit er is" in page(response)
    form["activity_date"] = "2026-12-01"
    assert staff_client.post("/staff/intake/go_along", data=form).status_code == 302
    row = db.session.scalar(db.select(BuddyRequest))
    assert (row.kind, row.activity_id, row.activity_date) == ("go_along", activity.id, dt.date(2026, 12, 1))


@pytest.mark.parametrize(("changes", "message"), [
    ({"consent": ""}, "Vraag eerst of de beller het goed vindt"),
    ({"channel": "pigeon"}, "Kies telefoon of balie"),
    ({"language": "xx"}, "Kies een taal uit de lijst"),
    ({"municipality": "999"}, "Kies een gemeente uit de lijst"),
    ({"postcode": "3011"}, "Deze postcode ligt niet in deze gemeente"),
    ({"postcode": "abc"}, "Typ de vier cijfers"),
    ({"wishes": []}, "Kies minstens één ding om samen te doen"),
    ({"wishes": ["casino"]}, "Kies minstens één ding om samen te doen"),
    ({"days": []}, "Kies minstens één dag"),
    ({"for_whom": "other", "relation": ""}, "Kies wie de beller is voor deze persoon"),
    ({"first_name": ""}, "Typ de voornaam"),
    ({"first_name": "<script>x</script>"}, "Gebruik alleen gewone tekst"),
    ({"first_name": "A" * 61}, "Niet meer dan 60 tekens"),
    ({"phone": ""}, "Typ het telefoonnummer"),
    ({"phone": "12"}, "Typ een telefoonnummer"),
    ({"contact": "email", "email": "geen"}, "Typ een e-mailadres"),
    ({"contact": "contact_person"}, "Typ de naam"),
])
def test_bad_input_is_said_next_to_the_field_and_nothing_is_stored(staff_client, delft, changes, message):
    response = staff_client.post("/staff/intake/buddy", data=buddy_form(delft, **changes))
    html = page(response)
    assert response.status_code == 400 and message in html and "<script>x" not in html
    assert db.session.scalar(db.select(db.func.count(BuddyRequest.id))) == 0


def test_a_worry_without_a_way_back_must_say_it_is_anonymous(staff_client, delft):
    response = staff_client.post("/staff/intake/concern", data=concern_form(delft, anonymous=""))
    assert response.status_code == 400 and "vink aan dat de beller anoniem wil blijven" in page(response)
    response = staff_client.post("/staff/intake/concern", data=concern_form(delft, wijk="999999"))
    assert response.status_code == 400 and "Kies een wijk van deze gemeente" in page(response)


def test_staff_can_enter_requests_only_for_their_own_municipality(staff_client, delft, make_municipality,
                                                                  make_neighbourhood):
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    merenwijk = make_neighbourhood(code="WK054604", name="Merenwijk", kind="wijk", municipality=leiden)
    html = page(staff_client.get("/staff/intake/concern"))
    assert "Leiden" not in html and "Merenwijk" not in html
    for data in (concern_form(delft, municipality=str(leiden.id), wijk=""),
                 concern_form(delft, wijk=str(merenwijk.id))):
        assert staff_client.post("/staff/intake/concern", data=data).status_code == 400
    assert db.session.scalar(db.select(db.func.count(Concern.id))) == 0
    assert db.session.get(Municipality, leiden.id) is not None

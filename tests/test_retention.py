"""Retention with a fixed clock: a closed request is anonymised after its municipality's period (12 months,
a worry that names someone 6), field by field; what reports need stays; a second run changes nothing;
the resident who checks the code is still answered in plain words."""

import datetime as dt

import pytest

from app.extensions import db
from app.models import BuddyRequest, Concern, Municipality, RequestEvent
from app.retention import anonymise_due

NOW = dt.datetime(2026, 12, 2, 3, 0)  # UTC
A_YEAR_AGO = dt.datetime(2025, 12, 2, 3, 0)
HALF_A_YEAR_AGO = dt.datetime(2026, 6, 2, 3, 0)
SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def buddy(delft, make_request):
    """A closed buddy request with every personal field filled, a note and a status line."""
    row = make_request(delft, kind="buddy", first_name="Fenna", phone="+31612345678", email="fenna@example.nl",
                       contact_person_name="Joost", contact_person_phone="+31687654321", postcode="2625",
                       status="closed", closed_reason="helped", closed_at=A_YEAR_AGO - SECOND,
                       created_at=dt.datetime(2025, 10, 1, 9, 0), kiosk_id=None, wishes="walk coffee",
                       first_contact_at=dt.datetime(2025, 10, 3, 9, 0))
    db.session.add_all([RequestEvent(buddy_request_id=row.id, kind="note", text="Fenna woont boven de bakker."),
                        RequestEvent(buddy_request_id=row.id, kind="status", value="closed", text="Geholpen")])
    db.session.commit()
    return row


def named_worry(delft, make_request, closed_at, **kwargs):
    return make_request(delft, kind="concern", description="Mevrouw Jansen komt niet meer buiten.",
                        street="Papsouwselaan", about_name="Mevrouw Jansen", reporter_name="Piet",
                        anonymous=False, contact_method="email", email="piet@example.nl", phone="+31611111111",
                        postcode="2625", status="closed", closed_reason="referred", closed_at=closed_at, **kwargs)


def test_a_buddy_request_closed_a_year_ago_is_wiped_field_by_field_and_keeps_what_reports_need(buddy, delft):
    counts = anonymise_due(NOW)
    db.session.commit()
    assert counts == {"requests": 1, "notes": 1}
    row = db.session.get(BuddyRequest, buddy.id)
    wiped = {"first_name": "", "phone": None, "email": None, "contact_person_name": None,
             "contact_person_phone": None, "postcode": None}
    assert {name: getattr(row, name) for name in wiped} == wiped
    kept = {"reference": buddy.reference, "kind": "buddy", "municipality_id": delft.municipality_id,
            "neighbourhood_id": delft.id, "created_at": dt.datetime(2025, 10, 1, 9, 0),
            "first_contact_at": dt.datetime(2025, 10, 3, 9, 0), "closed_at": A_YEAR_AGO - SECOND,
            "status": "closed", "closed_reason": "helped", "kiosk_id": None, "wishes": "walk coffee",
            "language": "nl"}
    assert {name: getattr(row, name) for name in kept} == kept
    assert row.anonymised_at == NOW
    events = {event.kind: event for event in db.session.scalars(db.select(RequestEvent))}
    assert events["note"].text is None and events["status"].text == "Geholpen"  # the reason is no personal data


def test_a_worry_that_names_someone_is_wiped_after_six_months_field_by_field(delft, make_request):
    worry = named_worry(delft, make_request, HALF_A_YEAR_AGO - SECOND)
    assert anonymise_due(NOW)["requests"] == 1
    db.session.commit()
    row = db.session.get(Concern, worry.id)
    wiped = {"description": None, "street": None, "about_name": None, "reporter_name": None, "phone": None,
             "email": None, "postcode": None}
    assert {name: getattr(row, name) for name in wiped} == wiped
    kept = {"worries": "lonely", "urgency": "worried", "status": "closed", "closed_reason": "referred",
            "neighbourhood_id": delft.id, "municipality_id": delft.municipality_id, "anonymous": False,
            "contact_method": "email"}
    assert {name: getattr(row, name) for name in kept} == kept


def test_the_boundaries_a_second_before_on_and_after_the_period(delft, make_request):
    """Anonymised once the period has fully passed: a year and a second ago yes, exactly a year ago not yet."""
    older = make_request(delft, status="closed", closed_at=A_YEAR_AGO - SECOND)
    exactly = make_request(delft, status="closed", closed_at=A_YEAR_AGO)
    younger = make_request(delft, status="closed", closed_at=A_YEAR_AGO + dt.timedelta(days=1))
    worry_unnamed = make_request(delft, kind="concern", status="closed", closed_at=HALF_A_YEAR_AGO - SECOND)
    worry_named_young = named_worry(delft, make_request, HALF_A_YEAR_AGO + SECOND)
    assert anonymise_due(NOW)["requests"] == 1
    db.session.commit()
    assert db.session.get(BuddyRequest, older.id).anonymised_at == NOW
    for row in (exactly, younger, worry_unnamed, worry_named_young):
        fresh = db.session.get(type(row), row.id)
        assert fresh.anonymised_at is None and fresh.phone == row.phone


def test_open_requests_are_never_anonymised_however_old(delft, make_request):
    for status in ("new", "in_progress", "contacted", "matched", "referred"):
        make_request(delft, status=status, created_at=dt.datetime(2020, 1, 1))
    assert anonymise_due(NOW) == {"requests": 0, "notes": 0}
    assert all(row.phone for row in db.session.scalars(db.select(BuddyRequest)))


def test_each_municipality_keeps_its_own_periods(delft, make_request, make_municipality, make_neighbourhood):
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden", retention_months=3,
                               retention_named_worry_months=1)
    stevenshof = make_neighbourhood(code="WK054609", name="Stevenshof", kind="wijk", municipality=leiden)
    four_months = NOW - dt.timedelta(days=122)
    in_leiden = make_request(stevenshof, status="closed", closed_at=four_months)
    in_delft = make_request(delft, status="closed", closed_at=four_months)
    named_in_leiden = named_worry(stevenshof, make_request, NOW - dt.timedelta(days=40))
    assert anonymise_due(NOW)["requests"] == 2
    db.session.commit()
    assert db.session.get(BuddyRequest, in_leiden.id).anonymised_at == NOW
    assert db.session.get(Concern, named_in_leiden.id).anonymised_at == NOW
    assert db.session.get(BuddyRequest, in_delft.id).anonymised_at is None


def test_a_period_of_zero_months_anonymises_what_was_closed_before_now(delft, make_request):
    db.session.get(Municipality, delft.municipality_id).retention_months = 0
    row = make_request(delft, status="closed", closed_at=NOW - SECOND)
    assert anonymise_due(NOW)["requests"] == 1
    db.session.commit()
    assert db.session.get(BuddyRequest, row.id).anonymised_at == NOW


def test_a_second_run_changes_nothing(buddy, delft, make_request):
    named_worry(delft, make_request, HALF_A_YEAR_AGO - SECOND)
    assert anonymise_due(NOW) == {"requests": 2, "notes": 1}
    db.session.commit()
    before = snapshot()
    assert anonymise_due(NOW + dt.timedelta(days=30)) == {"requests": 0, "notes": 0}
    db.session.commit()
    assert snapshot() == before


def snapshot():
    db.session.expire_all()
    return [[tuple(getattr(row, column.key) for column in model.__table__.columns)
             for row in db.session.scalars(db.select(model).order_by(model.id))]
            for model in (BuddyRequest, Concern, RequestEvent)]


def test_a_note_added_after_anonymising_is_wiped_by_the_next_run(buddy):
    anonymise_due(NOW)
    db.session.add(RequestEvent(buddy_request_id=buddy.id, kind="note", text="Fenna belde nog."))
    db.session.commit()
    assert anonymise_due(NOW) == {"requests": 0, "notes": 1}


def test_anonymising_counts_as_a_change_so_an_open_staff_page_cannot_write_back(buddy):
    version = buddy.version
    anonymise_due(NOW)
    db.session.commit()
    assert db.session.get(BuddyRequest, buddy.id).version == version + 1


@pytest.mark.parametrize("lang, words", [
    ("nl", "Daarom hebben wij uw naam, uw telefoonnummer en wat u schreef gewist."),
    ("en", "your name, your phone number and what you wrote"),
    ("ar", "اسمك"), ("tr", "adınızı"), ("pl", "Twoje imię"), ("uk", "Ваше ім"),
])
def test_the_resident_who_checks_an_anonymised_code_is_answered_in_plain_words(client, buddy, lang, words):
    anonymise_due(NOW)
    db.session.commit()
    response = client.post(f"/{lang}/ask/status", data={"code": buddy.reference})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and words in page
    assert "Fenna" not in page


def test_staff_see_that_a_request_was_anonymised_and_nothing_it_held(staff_client, buddy):
    anonymise_due(NOW)
    db.session.commit()
    html = staff_client.get(f"/staff/requests/{buddy.reference}").get_data(as_text=True)
    assert "Geanonimiseerd" in html and "de bewaartermijn was voorbij" in html
    assert "Fenna" not in html and "612345678" not in html and "bakker" not in html

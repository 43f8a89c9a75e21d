"""The inbox and a request's page: what a coordinator sees of their own municipality, most urgent
and oldest first, with filters, counts and overdue marks; handling a request (notes, contact
attempts, assigning, status along the allowed paths, priority); the timeline and the audit log."""

import datetime as dt
import logging
import re

import pytest

from app.extensions import db
from app.models import AuditEvent, BuddyRequest, Concern, Municipality, RequestEvent, utcnow
from app.references import formatted
from app.staff.inbox.queries import working_days_before

from .helpers import page


@pytest.fixture
def leiden(make_municipality, make_neighbourhood):
    """Another municipality, with a wijk of its own."""
    town = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    return make_neighbourhood(code="WK054604", name="Merenwijk", kind="wijk", municipality=town)


def references(html):
    return re.findall(r'href="/staff/requests/([0-9A-Z]{8})"', html)


def actions():
    return [row.action for row in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def test_the_inbox_lists_open_requests_of_my_municipality_urgent_then_oldest_first(
        staff_client, delft, leiden, make_request):
    old = make_request(delft, created_at=utcnow() - dt.timedelta(days=3))
    new = make_request(delft, kind="go_along")
    urgent = make_request(delft, kind="concern", priority=1, urgency="crisis")
    make_request(delft, status="closed")
    other = make_request(leiden)
    html = page(staff_client.get("/staff/"))
    assert references(html) == [urgent.reference, old.reference, new.reference]
    assert other.reference not in html and formatted(old.reference) in html
    assert "Buitenhof" in html and "Nederlands" in html and "Dringend" in html
    assert "Maatje: <strong>1</strong>" in html and "Meegaan: <strong>1</strong>" in html
    assert "Zorgmelding: <strong>1</strong>" in html


def test_filters_by_kind_status_wijk_and_mine(staff_client, delft, make_request, make_neighbourhood):
    other_wijk = make_neighbourhood(code="WK050326", name="Voorhof", kind="wijk",
                                    municipality=db.session.get(Municipality, delft.municipality_id))
    buddy = make_request(delft)
    concern = make_request(delft, kind="concern")
    elsewhere = make_request(other_wijk, status="in_progress", assigned_to_id=staff_client.staff.id)
    assert references(page(staff_client.get("/staff/?kind=concern"))) == [concern.reference]
    assert references(page(staff_client.get("/staff/?status=in_progress"))) == [elsewhere.reference]
    assert references(page(staff_client.get(f"/staff/?neighbourhood={delft.id}"))) == [buddy.reference,
                                                                                     concern.reference]
    assert references(page(staff_client.get("/staff/?mine=1"))) == [elsewhere.reference]


@pytest.mark.parametrize("query", ["kind=nonsense", "status=<script>", "neighbourhood=abc", "page=-1",
                                   "page=99999999999999999999", "neighbourhood=" + "9" * 40, "mine=yes",
                                   "page=" + "9" * 5000, "neighbourhood=١٢"])
def test_nonsense_in_the_filters_is_ignored_not_an_error(staff_client, delft, make_request, query):
    make_request(delft)
    assert staff_client.get("/staff/?" + query).status_code == 200


def test_working_days_skip_the_weekend():
    monday = dt.datetime(2026, 11, 30, 10, 0)
    assert working_days_before(monday, 1) == dt.datetime(2026, 11, 27, 10, 0)  # the Friday before
    assert working_days_before(monday, 5) == dt.datetime(2026, 11, 23, 10, 0)


def test_a_request_without_first_contact_after_n_working_days_is_overdue(staff_client, delft, make_request):
    late = make_request(delft, created_at=working_days_before(utcnow(), 5) - dt.timedelta(hours=1))
    make_request(delft, created_at=working_days_before(utcnow(), 4))
    make_request(delft, created_at=utcnow() - dt.timedelta(days=30), first_contact_at=utcnow())
    assert references(page(staff_client.get("/staff/?overdue=1"))) == [late.reference]
    assert "Te laat: <strong>1</strong>" in page(staff_client.get("/staff/"))


def test_each_municipality_sets_its_own_number_of_days(staff_client, delft, make_request):
    db.session.get(Municipality, delft.municipality_id).overdue_after_days = 2
    db.session.commit()
    late = make_request(delft, created_at=working_days_before(utcnow(), 2) - dt.timedelta(hours=1))
    assert references(page(staff_client.get("/staff/?overdue=1"))) == [late.reference]


def test_the_inbox_pages_through_many_requests(staff_client, delft, make_request):
    for _ in range(51):
        make_request(delft)
    first, second = page(staff_client.get("/staff/")), page(staff_client.get("/staff/?page=2"))
    assert len(references(first)) == 50 and len(references(second)) == 1
    assert "51 vragen" in first and "Pagina 2 van 2" in second


def test_the_request_page_shows_every_answer_in_dutch_and_logs_the_view(staff_client, delft, make_request):
    request = make_request(delft, language="ar", wishes="walk coffee", days="tu", parts_of_day="morning",
                           languages="ar nl")
    html = page(staff_client.get(f"/staff/requests/{request.reference}"))
    assert "Wandelen, Koffie drinken en praten" in html and "Dinsdag" in html and "Ochtend" in html
    assert "العربية" in html and "06 12345678" in html and "Fenna" in html
    assert actions() == ["auth.sign_in", "request.view"]
    event = db.session.scalar(db.select(RequestEvent))
    assert (event.kind, event.staff_id, event.buddy_request_id) == ("viewed", staff_client.staff.id, request.id)


def test_a_concern_page_shows_the_worry_and_an_anonymous_reporter(staff_client, delft, make_request):
    concern = make_request(delft, kind="concern", worries="confused house", street="Papsouwselaan",
                           description="Hij loopt 's nachts buiten.")
    html = page(staff_client.get(f"/staff/requests/{concern.reference}"))
    assert "Iemand is in de war, Het huis is vies of rommelig" in html and "Papsouwselaan" in html
    assert "Ik zeg liever niet wie ik ben" in html


def post(client, request, action, **data):
    """A change from the request's page as it is now (the form carries the version it showed)."""
    db.session.refresh(request)
    return client.post(f"/staff/requests/{request.reference}/{action}", data={"version": request.version, **data})


def test_a_note_goes_on_the_timeline(staff_client, delft, make_request):
    request = make_request(delft)
    assert post(staff_client, request, "note", text="Dochter belt terug.").status_code == 302
    html = page(staff_client.get(f"/staff/requests/{request.reference}"))
    assert "Dochter belt terug." in html
    assert "request.note" in actions()


def test_an_empty_or_huge_note_is_refused_and_kept(staff_client, delft, make_request):
    request = make_request(delft)
    assert "Schrijf eerst een notitie" in page(post(staff_client, request, "note", text="  "))
    response = post(staff_client, request, "note", text="x" * 2001)
    assert response.status_code == 400 and "x" * 2001 in page(response)
    notes = db.select(db.func.count()).select_from(RequestEvent).where(RequestEvent.kind == "note")
    assert db.session.scalar(notes) == 0


def test_speaking_to_the_person_is_the_first_contact(staff_client, delft, make_request):
    request = make_request(delft)
    post(staff_client, request, "contact", outcome="no_answer")
    db.session.refresh(request)
    assert request.first_contact_at is None and request.status == "new"
    post(staff_client, request, "contact", outcome="spoke")
    db.session.refresh(request)
    assert request.first_contact_at is not None and request.status == "contacted"
    html = page(staff_client.get(f"/staff/requests/{request.reference}"))
    assert "Geen antwoord" in html and "Gesproken" in html


def test_an_unknown_contact_outcome_is_a_400_and_changes_nothing(staff_client, delft, make_request):
    request = make_request(delft)
    assert post(staff_client, request, "contact", outcome="<script>").status_code == 400
    assert "request.contact" not in actions()


def test_status_follows_the_allowed_paths_and_closing_needs_a_reason(staff_client, delft, make_request):
    request = make_request(delft)
    assert post(staff_client, request, "status", status="matched").status_code == 400  # not from "new"
    response = post(staff_client, request, "status", status="closed")
    assert response.status_code == 400 and "Kies waarom u de vraag afsluit" in page(response)
    db.session.refresh(request)
    assert request.status == "new"
    post(staff_client, request, "status", status="closed", reason="not_needed")
    db.session.refresh(request)
    assert (request.status, request.closed_reason) == ("closed", "not_needed") and request.closed_at
    assert references(page(staff_client.get("/staff/"))) == []


def test_the_residents_status_page_follows_what_staff_do(staff_client, client, delft, make_request):
    request = make_request(delft)
    post(staff_client, request, "status", status="in_progress")
    html = page(client.post("/nl/ask/status", data={"code": request.reference}))
    assert "Wij zoeken een maatje voor u." in html


def test_assign_to_me_or_a_colleague_of_the_same_municipality_only(staff_client, delft, leiden, make_request,
                                                                     make_staff):
    colleague = make_staff(email="bram@delft.example", name="Bram")
    stranger = make_staff(email="lot@leiden.example", name="Lot",
                          municipality=db.session.get(Municipality, leiden.municipality_id))
    request = make_request(delft)
    post(staff_client, request, "assign", me="1")
    db.session.refresh(request)
    assert request.assigned_to_id == staff_client.staff.id
    post(staff_client, request, "assign", staff_id=str(colleague.id))
    db.session.refresh(request)
    assert request.assigned_to_id == colleague.id
    assert post(staff_client, request, "assign", staff_id=str(stranger.id)).status_code == 400
    db.session.refresh(request)
    assert request.assigned_to_id == colleague.id
    assert "Bram" in page(staff_client.get("/staff/"))


def test_priority_puts_a_request_first(staff_client, delft, make_request):
    older = make_request(delft, created_at=utcnow() - dt.timedelta(days=2))
    newer = make_request(delft)
    post(staff_client, newer, "priority", priority="1")
    assert references(page(staff_client.get("/staff/"))) == [newer.reference, older.reference]
    assert post(staff_client, newer, "priority", priority="7").status_code == 400


def test_other_requests_with_the_same_phone_number_are_shown(staff_client, delft, leiden, make_request):
    first = make_request(delft, status="closed")
    concern = make_request(delft, kind="concern", phone="+31612345678", contact_method="phone", anonymous=False)
    elsewhere = make_request(leiden)
    current = make_request(delft)
    html = page(staff_client.get(f"/staff/requests/{current.reference}"))
    assert first.reference in references(html) and concern.reference in references(html)
    assert elsewhere.reference not in html


def test_an_administrator_sees_the_audit_log_on_the_page_a_coordinator_does_not(
        app, staff_client, delft, make_request, make_staff, totp_clock):
    from .conftest import sign_in

    request = make_request(delft)
    assert "Logboek" not in page(staff_client.get(f"/staff/requests/{request.reference}"))
    admin = app.test_client()
    sign_in(admin, make_staff(email="beheer@delft.example", role="administrator"), totp_clock)
    html = page(admin.get(f"/staff/requests/{request.reference}"))
    assert "Logboek" in html and "request.view" in html


def test_the_export_neutralises_spreadsheet_formulas_and_is_logged(staff_client, delft, make_request):
    request = make_request(delft, first_name="=HYPERLINK(\"http://evil.example\")")
    response = staff_client.get(f"/staff/requests/{request.reference}/export")
    assert response.mimetype == "text/csv"
    assert "'=HYPERLINK" in response.get_data(as_text=True)
    assert "request.export" in actions()


@pytest.mark.parametrize("payload", ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
                                     "javascript:alert(1)"])
def test_script_in_what_residents_typed_is_shown_escaped(staff_client, delft, make_request, payload):
    concern = make_request(delft, kind="concern", description=payload, street=payload, about_name=payload[:60])
    html = page(staff_client.get(f"/staff/requests/{concern.reference}"))
    assert payload not in html or payload == "javascript:alert(1)"
    assert 'href="javascript:' not in html and "<script>alert" not in html and "<img src=x" not in html


def test_no_personal_data_in_the_application_log(staff_client, client, delft, make_request, caplog):
    caplog.set_level(logging.DEBUG)
    request = make_request(delft, first_name="Canarina", phone="+31687654321")
    staff_client.get(f"/staff/requests/{request.reference}")
    post(staff_client, request, "note", text="Canarina belt morgen")
    staff_client.get(f"/staff/requests/{request.reference}/export")
    client.post("/nl/ask/status", data={"code": request.reference})
    assert "Canarina" not in caplog.text and "87654321" not in caplog.text


def test_nothing_in_the_application_changes_or_deletes_an_audit_row(staff_client, delft, make_request):
    request = make_request(delft)
    staff_client.get(f"/staff/requests/{request.reference}")
    row = db.session.scalar(db.select(AuditEvent))
    row.detail = "changed"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(db.select(AuditEvent)))
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()


def test_a_concern_in_danger_or_crisis_comes_in_urgent(client, delft):
    from .wizards import WORRY_ANSWERS, answer, send

    answer(client, "urgency", {"urgency": "crisis"}, "worry")
    for step, data in WORRY_ANSWERS[1:]:
        answer(client, step, data, "worry")
    send(client, "worry")
    assert db.session.scalar(db.select(Concern.priority)) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(BuddyRequest)) == 0


def test_every_change_writes_one_audit_row_with_who_what_and_which_municipality(staff_client, delft, make_request):
    request = make_request(delft)
    post(staff_client, request, "contact", outcome="left_message")
    post(staff_client, request, "status", status="in_progress")
    post(staff_client, request, "assign", me="1")
    post(staff_client, request, "priority", priority="1")
    post(staff_client, request, "note", text="Morgen opnieuw bellen.")
    rows = db.session.scalars(db.select(AuditEvent).where(AuditEvent.reference == request.reference)
                              .order_by(AuditEvent.id)).all()
    assert [row.action for row in rows] == ["request.contact", "request.status", "request.assign",
                                            "request.priority", "request.note"]
    assert {(row.staff_id, row.municipality_id) for row in rows} == {(staff_client.staff.id, delft.municipality_id)}
    assert all(row.at is not None for row in rows) and "Morgen" not in " ".join(r.detail or "" for r in rows)


def test_a_go_along_request_shows_its_activity_and_date(staff_client, delft, make_request, make_activity):
    activity = make_activity(title="Koffieochtend")
    request = make_request(delft, kind="go_along", activity_id=activity.id, activity_date=dt.date(2026, 12, 1))
    html = page(staff_client.get(f"/staff/requests/{request.reference}"))
    assert "Koffieochtend" in html and "dinsdag 1 december" in html

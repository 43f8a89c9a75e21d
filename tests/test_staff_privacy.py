"""A person's data under /staff/privacy (AVG articles 15 and 17): find every request and worry by phone,
e-mail or code within my municipalities, export them (JSON and CSV, every column, audited) and erase
them (audited, with the reason): afterwards no table but the audit log holds anything of them."""

import csv
import io
import json
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, BuddyRequest, Concern, Draft, Municipality, RequestEvent, StaffMembership
from app.staff.privacy import records

from .conftest import sign_in
from .helpers import page

PHONE = "+31612345678"
CANARIES = ("Fenna-Canary", "+31612345678", "fenna.canary@example.nl", "Boven de bakker canary")


@pytest.fixture
def leiden(make_municipality, make_neighbourhood):
    town = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    return make_neighbourhood(code="WK054609", name="Stevenshof", kind="wijk", municipality=town)


@pytest.fixture
def person(delft, leiden, make_request):
    """Fenna's buddy request (with a note and a receipt), her worry report, and a request of hers in Leiden."""
    buddy = make_request(delft, first_name="Fenna-Canary", phone=PHONE, email="Fenna.Canary@example.nl")
    worry = make_request(delft, kind="concern", anonymous=False, reporter_name="Fenna-Canary", phone=PHONE,
                         contact_method="phone", description="Boven de bakker canary")
    elsewhere = make_request(leiden, first_name="Fenna-Canary", phone=PHONE)
    other = make_request(delft, first_name="Bram", phone="+31687654321")
    db.session.add_all([
        RequestEvent(buddy_request_id=buddy.id, kind="note", text="Boven de bakker canary"),
        RequestEvent(concern_id=worry.id, kind="status", value="in_progress"),
        Draft(id="receipt-1", kind="done", answers=json.dumps({"wizard": "buddy", "reference": buddy.reference}),
              submission_token="receipt-1"),
        Draft(id="draft-1", kind="buddy", answers=json.dumps({"phone": {"phone": PHONE}}), submission_token="d1"),
    ])
    db.session.commit()
    return {"buddy": buddy, "worry": worry, "elsewhere": elsewhere, "other": other}


def search(client, **fields):
    return client.post("/staff/privacy", data={"phone": "", "email": "", "code": "", **fields})


def test_searching_by_a_phone_number_as_people_write_it_finds_every_kind_in_my_municipalities_only(
        staff_client, person):
    response = search(staff_client, phone="06 12345678")
    html = page(response)
    assert response.status_code == 200
    assert person["buddy"].reference[:4] in html and person["worry"].reference[:4] in html
    assert person["elsewhere"].reference[:4] not in html and person["other"].reference[:4] not in html
    audit = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "privacy.search")).all()
    assert sorted(row.reference for row in audit) == sorted([person["buddy"].reference, person["worry"].reference])
    assert "Fenna" not in html  # the list shows kind, state and date, not the data itself


def test_searching_by_e_mail_ignores_case_and_by_code_forgives_how_it_was_typed(staff_client, person):
    assert person["buddy"].reference[:4] in page(search(staff_client, email="FENNA.canary@EXAMPLE.nl"))
    code = person["worry"].reference
    typed = f"{code[:4].lower()}-{code[4:].lower()}"
    html = page(search(staff_client, code=typed))
    assert code[:4] in html and person["buddy"].reference[:4] not in html


def test_the_contact_persons_number_finds_the_request_too(staff_client, delft, make_request):
    found = make_request(delft, contact_method="contact_person", phone=None, contact_person_name="Joost",
                         contact_person_phone="+31611112222")
    assert found.reference[:4] in page(search(staff_client, phone="0611112222"))


@pytest.mark.parametrize("fields, message", [
    ({}, "Vul een telefoonnummer, een e-mailadres of een code in"),
    ({"phone": "12"}, "Dit is geen telefoonnummer"),
    ({"email": "fenna@"}, "Dit is geen e-mailadres"),
    ({"code": "ABC"}, "Een code heeft acht tekens"),
])
def test_a_search_without_anything_usable_says_what_to_type(staff_client, fields, message):
    response = search(staff_client, **fields)
    assert response.status_code == 400 and message in page(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.action.like("privacy.%"))) == 0


def test_nothing_found_says_so(staff_client, delft):
    assert "Niets gevonden in uw gemeenten." in page(search(staff_client, phone="0612121212"))


def exported_columns(model) -> set[str]:
    return {column.key for column in model.__table__.columns} - records.NOT_EXPORTED


def test_the_json_export_holds_every_column_and_the_timeline_and_each_record_is_audited(staff_client, person):
    response = staff_client.post("/staff/privacy/export", data={"phone": "0612345678", "format": "json"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    exported = {item["reference"]: item for item in response.get_json()["records"]}
    assert set(exported) == {person["buddy"].reference, person["worry"].reference}
    buddy, worry = exported[person["buddy"].reference], exported[person["worry"].reference]
    assert exported_columns(BuddyRequest) <= set(buddy) and exported_columns(Concern) <= set(worry)
    assert "submission_token" not in buddy
    assert (buddy["first_name"], buddy["email"], buddy["kind"]) == ("Fenna-Canary", "Fenna.Canary@example.nl", "buddy")
    assert [event["text"] for event in buddy["timeline"]] == ["Boven de bakker canary"]
    assert worry["description"] == "Boven de bakker canary"
    audit = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "privacy.export")).all()
    assert sorted((row.reference, row.detail, row.staff_id, row.municipality_id) for row in audit) == sorted(
        (found.reference, "request json", staff_client.staff.id, found.municipality_id)
        for found in (person["buddy"], person["worry"]))


def test_the_csv_export_has_one_line_per_value_and_disarms_formulas(staff_client, delft, make_request):
    found = make_request(delft, first_name="=HYPERLINK(1)", phone=PHONE)
    response = staff_client.post("/staff/privacy/export", data={"phone": PHONE, "format": "csv"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["record", "reference", "field", "value"]
    values = {row[2]: row[3] for row in rows[1:]}
    assert values["first_name"] == "'=HYPERLINK(1)" and values["reference"] == found.reference
    assert exported_columns(BuddyRequest) <= set(values)
    assert db.session.scalar(db.select(AuditEvent.detail).where(AuditEvent.action == "privacy.export")) == \
        "request csv"


@pytest.mark.parametrize("form", [{"format": "pdf"}, {"format": "json", "phone": "12"}, {"format": "csv"}])
def test_an_export_of_an_unknown_format_or_without_a_search_is_refused(staff_client, person, form):
    assert staff_client.post("/staff/privacy/export", data=form).status_code == 400
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "privacy.export")) is None


def erase(client, keys, reason="art17", sure="y", **search_fields):
    return client.post("/staff/privacy/erase", data={
        "phone": "0612345678", "email": "", "code": "", **search_fields, "records": keys, "reason": reason,
        "sure": sure})


def keys(*rows):
    return [f"request:{row.reference}" for row in rows]


def test_erasing_leaves_an_audit_row_with_the_reason_and_no_trace_in_any_other_table(staff_client, person):
    search(staff_client, phone="0612345678")  # earlier audit rows name the codes: they stay
    response = erase(staff_client, keys(person["buddy"], person["worry"]))
    assert response.status_code == 302 and response.headers["Location"] == "/staff/privacy"
    audit = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "privacy.erase")).all()
    assert sorted((row.reference, row.detail) for row in audit) == sorted(
        [(person["buddy"].reference, "request art17"), (person["worry"].reference, "request art17")])
    erased_codes = (person["buddy"].reference, person["worry"].reference)
    assert traces(CANARIES[2:] + erased_codes, leave_out={"audit_event"}) == []
    # Fenna's request in Leiden is not mine to erase; Bram's is not hers.
    assert db.session.get(BuddyRequest, person["elsewhere"].id).first_name == "Fenna-Canary"
    assert db.session.get(BuddyRequest, person["other"].id) is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RequestEvent)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Draft)) == 0


def traces(canaries, leave_out) -> list[tuple[str, str, str]]:
    """(table, column, canary) for every text column of every table that holds one of the canaries."""
    found = []
    for table in db.metadata.sorted_tables:
        if table.name in leave_out:
            continue
        for column in table.columns:
            if not isinstance(column.type, sa.String):
                continue
            for canary in canaries:
                hit = db.session.scalar(sa.select(sa.func.count()).select_from(table).where(
                    sa.func.lower(column).contains(canary.lower())))
                if hit:
                    found.append((table.name, column.name, canary))
    return found


def test_after_erasing_everything_of_a_person_in_every_municipality_no_table_holds_her(
        staff_client, person, app, make_staff, totp_clock):
    erase(staff_client, keys(person["buddy"], person["worry"]))
    leiden_id = db.session.scalar(db.select(Municipality.id).where(Municipality.slug == "leiden"))
    colleague = make_staff(email="lot@leiden.example", municipality=db.session.get(Municipality, leiden_id))
    client = app.test_client()
    sign_in(client, colleague, totp_clock)
    assert erase(client, keys(person["elsewhere"]), reason="consent").status_code == 302
    assert traces(CANARIES, leave_out={"audit_event"}) == []
    assert traces(CANARIES[:3], leave_out=set()) == []  # the audit log names codes, never the data


@pytest.mark.parametrize("change, message", [
    ({"reason": ""}, "Kies waarom u dit wist"),
    ({"reason": "because"}, "Ongeldige keuze"),
    ({"sure": ""}, "Zet een vinkje als u zeker weet dat u dit wist"),
    ({"keys": []}, "Kies wat u wist"),
])
def test_erasing_needs_a_reason_a_choice_and_a_tick_and_nothing_goes_without_them(staff_client, person, change,
                                                                                     message):
    fields = {"keys": keys(person["buddy"]), "reason": "art17", "sure": "y", **change}
    response = erase(staff_client, fields.pop("keys"), **fields)
    assert response.status_code == 400 and message in page(response)
    assert db.session.get(BuddyRequest, person["buddy"].id) is not None
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "privacy.erase")) is None


def test_another_municipalitys_record_cannot_be_erased_by_naming_it(staff_client, person):
    response = erase(staff_client, keys(person["elsewhere"]))
    assert response.status_code == 404
    assert db.session.get(BuddyRequest, person["elsewhere"].id) is not None


def test_an_editor_without_a_municipality_role_is_sent_to_the_listings(app, make_staff, totp_clock, delft):
    editor = make_staff(email="ed@example.nl")
    db.session.execute(sa.delete(StaffMembership).where(StaffMembership.staff_id == editor.id))
    db.session.commit()
    client = app.test_client()
    sign_in(client, editor, totp_clock)
    for method, path in (("GET", "/staff/privacy"), ("POST", "/staff/privacy/export"),
                         ("POST", "/staff/privacy/erase")):
        response = client.open(path, method=method, data={"phone": PHONE, "format": "json"})
        assert response.status_code == 302 and response.headers["Location"] == "/staff/places", path


def test_every_privacy_post_needs_its_csrf_token(strict_app):
    import pyotp

    from app.models import StaffUser
    from app.staff.auth.passwords import hash_password

    from .conftest import STAFF_PASSWORD

    with strict_app.app_context():
        town = db.session.scalar(db.select(Municipality))
        staff = StaffUser(email="ria@delft.example", name="Ria", password_hash=hash_password(STAFF_PASSWORD),
                          totp_secret=pyotp.random_base32(), totp_confirmed=True)
        staff.memberships = [StaffMembership(municipality_id=town.id, role="coordinator")]
        db.session.add(staff)
        db.session.commit()
        secret = staff.totp_secret
    client = strict_app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page(client.get("/staff/sign-in"))).group(1)
    client.post("/staff/sign-in", data={"email": "ria@delft.example", "password": STAFF_PASSWORD, "csrf_token": token})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page(client.get("/staff/sign-in/code"))).group(1)
    client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    assert client.get("/staff/privacy").status_code == 200
    posts = (("/staff/privacy", {"phone": PHONE}), ("/staff/privacy/export", {"phone": PHONE, "format": "json"}),
             ("/staff/privacy/erase", {"phone": PHONE, "records": "request:X", "reason": "art17", "sure": "y"}))
    for path, form in posts:
        assert client.post(path, data=form).status_code == 400, path
    with strict_app.app_context():
        assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action.like("privacy.%"))) is None


def test_the_registry_holds_one_kind_per_record_and_a_new_kind_is_one_registration():
    assert [kind.name for kind in records.RECORD_KINDS] == ["request", "volunteer"]
    assert all(callable(f) for kind in records.RECORD_KINDS for f in (kind.find, kind.export, kind.erase))


@pytest.fixture
def volunteer(delft):
    from app.models import Volunteer, VolunteerEvent

    row = Volunteer(municipality_id=delft.municipality_id, first_name="Fenna-Canary", last_name="Vos",
                    postcode="2625", phone=PHONE, email="fenna.canary@example.nl", status="active")
    db.session.add(row)
    db.session.flush()
    db.session.add(VolunteerEvent(volunteer_id=row.id, kind="note", text="Boven de bakker canary"))
    db.session.commit()
    return row


def test_a_volunteer_record_is_found_exported_and_erased_like_a_request(staff_client, person, volunteer):
    html = page(search(staff_client, email="FENNA.canary@example.nl"))
    assert f'value="volunteer:{volunteer.id}"' in html
    response = staff_client.post("/staff/privacy/export", data={
        "phone": "0612345678", "email": "", "code": "", "format": "json"})
    exported = json.loads(response.get_data(as_text=True))
    records_ = exported["records"] if isinstance(exported, dict) else exported
    mine = [record for record in records_ if record.get("record") == "volunteer"]
    assert mine and mine[0]["first_name"] == "Fenna-Canary"
    assert mine[0]["timeline"][0]["text"] == "Boven de bakker canary"
    assert erase(staff_client, [f"volunteer:{volunteer.id}"]).status_code == 302
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "privacy.erase"))
    assert audit.detail == "volunteer art17" and audit.municipality_id == volunteer.municipality_id
    db.session.expire_all()
    assert ("volunteer", "first_name", "Fenna-Canary") not in traces(CANARIES, leave_out={"audit_event"})
    assert ("volunteer_event", "text", "Boven de bakker canary") not in traces(CANARIES, leave_out={"audit_event"})

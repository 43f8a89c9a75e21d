"""Methods under /staff/methods: administrators write knowledge pages in Markdown, shown safely to the
staff of their municipality; coordinators read them; another municipality's page answers 404."""

import re

import pytest

from app.extensions import db
from app.models import AuditEvent, Method, Municipality

from .conftest import sign_in
from .helpers import page

TEXT = """# Een maatjesintake

Wij bellen **binnen een week**. Vragen:

- Wat doet u graag?
- Welke dagen kunt u?

Zie [de handleiding](https://example.org/intake) of <script>alert(1)</script> en [klik](javascript:alert(1)).
"""


@pytest.fixture
def admin_client(app, delft, make_staff, totp_clock):
    client = app.test_client()
    client.staff = make_staff(email="beheer@delft.example", name="Beheer",
                              municipality=db.session.get(Municipality, delft.municipality_id), role="administrator")
    sign_in(client, client.staff, totp_clock)
    return client


def write(client, delft, **changes):
    return client.post("/staff/methods/new", data={"title": "Maatjesintake", "municipality": str(
        delft.municipality_id), "body": TEXT, **changes})


def test_an_administrator_writes_a_method_and_a_coordinator_reads_it_rendered_safely(admin_client, staff_client,
                                                                                     delft):
    response = write(admin_client, delft)
    assert response.status_code == 302
    method = db.session.scalar(db.select(Method))
    html = page(staff_client.get(f"/staff/methods/{method.id}"))
    assert "<h2>Een maatjesintake</h2>" in html and "<strong>binnen een week</strong>" in html
    assert "<li>Wat doet u graag?</li>" in html
    assert '<a href="https://example.org/intake" rel="noopener noreferrer">de handleiding</a>' in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html  # shown as text
    assert 'href="javascript' not in html
    assert "Maatjesintake" in page(staff_client.get("/staff/methods"))
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "method.create"))
    assert (audit.staff_id, audit.detail) == (admin_client.staff.id, f"method {method.id}")


def test_coordinators_may_read_but_not_write(staff_client, admin_client, delft):
    write(admin_client, delft)
    method = db.session.scalar(db.select(Method))
    assert staff_client.get("/staff/methods/new").status_code == 403
    assert write(staff_client, delft).status_code == 403
    assert staff_client.post(f"/staff/methods/{method.id}/edit", data={
        "title": "Weg", "municipality": str(delft.municipality_id), "body": "", "version": "1"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Method, method.id).title == "Maatjesintake"


def test_another_municipalitys_method_answers_404(app, admin_client, delft, make_staff, make_municipality,
                                                 totp_clock):
    write(admin_client, delft)
    method = db.session.scalar(db.select(Method))
    leiden = app.test_client()
    leiden.staff = make_staff(email="lot@leiden.example", name="Lot", role="administrator",
                              municipality=make_municipality(code="GM0546", slug="leiden", name="Leiden"))
    sign_in(leiden, leiden.staff, totp_clock)
    assert leiden.get(f"/staff/methods/{method.id}").status_code == 404
    assert leiden.post(f"/staff/methods/{method.id}/edit", data={
        "title": "Weg", "municipality": "1", "body": "", "version": "1"}).status_code == 404
    assert "Maatjesintake" not in page(leiden.get("/staff/methods"))
    assert write(leiden, delft).status_code == 400  # not an administrator of Delft


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": ""}, "Typ een titel"),
    ({"title": "<b>Intake</b>"}, "Gebruik alleen gewone tekst"),
    ({"title": "x" * 161}, "Niet meer dan 160 tekens"),
    ({"municipality": "999"}, "Kies een gemeente uit de lijst"),
    ({"body": "x" * 50_001}, "Niet meer dan 50000 tekens"),
])
def test_bad_input_is_said_next_to_its_field_and_nothing_is_saved(admin_client, delft, changes, message):
    response = write(admin_client, delft, **changes)
    assert response.status_code == 400 and message in page(response)
    assert db.session.scalar(db.select(Method)) is None


def test_of_two_administrators_saving_at_once_the_second_is_told(admin_client, delft):
    write(admin_client, delft)
    method = db.session.scalar(db.select(Method))
    form = {"title": "Intake", "municipality": str(delft.municipality_id), "body": "Nieuw", "version": "1"}
    assert admin_client.post(f"/staff/methods/{method.id}/edit", data=form).status_code == 302
    response = admin_client.post(f"/staff/methods/{method.id}/edit", data={**form, "title": "Tweede"},
                                 follow_redirects=True)
    assert "Iemand anders heeft deze methode net veranderd" in page(response)
    db.session.expire_all()
    assert db.session.get(Method, method.id).title == "Intake"
    assert re.search(r"method\.edit", " ".join(a.action for a in db.session.scalars(db.select(AuditEvent))))

"""Staff sign in with a password and a TOTP code; sessions live on the server; throttling is per
account; passwords are argon2id and must be hard to guess; `flask staff create` makes accounts."""

import datetime as dt
import re

import pyotp
import pytest

from app.extensions import db
from app.models import AuditEvent, Municipality, StaffMembership, StaffSession, StaffUser, utcnow
from app.staff.auth import passwords

from .conftest import STAFF_PASSWORD, sign_in
from .helpers import page


def audit_actions():
    return [row.action for row in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def test_password_then_code_signs_in_and_the_session_id_changes(app, make_staff, totp_clock, delft):
    staff = make_staff()
    client = app.test_client()
    client.get("/staff/sign-in")
    before = client.get_cookie("session").value
    response = sign_in(client, staff, totp_clock)
    assert response.headers["Location"] == "/staff/"
    assert client.get_cookie("session").value != before
    assert client.get("/staff/").status_code == 200
    assert audit_actions() == ["auth.sign_in"]


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(app, make_staff, delft):
    staff = make_staff()
    client = app.test_client()
    for email, password in ((staff.email, "wrong wrong wrong"), ("nobody@delft.example", STAFF_PASSWORD)):
        html = page(client.post("/staff/sign-in", data={"email": email, "password": password}))
        assert "E-mailadres of wachtwoord klopt niet" in html and "<title>Fout:" in html
    assert client.get("/staff/sign-in/code").headers["Location"] == "/staff/sign-in"
    assert audit_actions() == ["auth.sign_in_failed", "auth.sign_in_failed"]


def test_the_password_alone_does_not_open_the_inbox(app, make_staff, delft):
    staff = make_staff()
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": staff.email, "password": STAFF_PASSWORD})
    assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")


def test_a_used_code_is_refused_the_second_time(app, make_staff, totp_clock, delft):
    staff = make_staff()
    first, second = app.test_client(), app.test_client()
    sign_in(first, staff, totp_clock)
    code = pyotp.TOTP(staff.totp_secret).at(totp_clock[0])
    second.post("/staff/sign-in", data={"email": staff.email, "password": STAFF_PASSWORD})
    for attempt in (code, f" {code[:3]} {code[3:]} "):
        html = page(second.post("/staff/sign-in/code", data={"code": attempt}))
        assert "Deze code klopt niet" in html
    assert second.get("/staff/").status_code == 302


def test_first_sign_in_enrols_the_app_with_a_qr_code_and_the_secret_as_text(app, make_staff, totp_clock, delft):
    staff = make_staff(totp_secret=None, totp_confirmed=False)
    client = app.test_client()
    response = client.post("/staff/sign-in", data={"email": staff.email, "password": STAFF_PASSWORD})
    assert response.headers["Location"] == "/staff/sign-in/enrol"
    html = page(client.get("/staff/sign-in/enrol"))
    db.session.refresh(staff)
    secret = staff.totp_secret
    assert '<svg role="img"' in html and " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in html
    assert "Deze code klopt niet" in page(client.post("/staff/sign-in/enrol", data={"code": "000000"}))
    code = pyotp.TOTP(secret).at(totp_clock[0])
    assert client.post("/staff/sign-in/enrol", data={"code": code}).headers["Location"] == "/staff/"
    db.session.refresh(staff)
    assert staff.totp_confirmed


def csrf_token(client, path="/staff/sign-in"):
    return re.search(r'name="csrf_token" value="([^"]+)"', page(client.get(path))).group(1)


def test_throttling_is_per_account_so_a_colleague_at_the_same_address_still_signs_in(strict_app):
    with strict_app.app_context():
        delft = db.session.scalar(db.select(Municipality))
        for email in ("typo@delft.example", "colleague@delft.example"):
            db.session.add(StaffUser(email=email, name=email, password_hash=passwords.hash_password(STAFF_PASSWORD),
                                     totp_secret=pyotp.random_base32(), totp_confirmed=True,
                                     memberships=[StaffMembership(municipality_id=delft.id, role="coordinator")]))
        db.session.commit()
    typist, colleague = strict_app.test_client(), strict_app.test_client()
    token = csrf_token(typist)
    statuses = [typist.post("/staff/sign-in", data={"email": "typo@delft.example", "password": "wrong wrong wrong",
                                                     "csrf_token": token}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert "Te veel pogingen" in page(typist.post("/staff/sign-in", data={
        "email": "typo@delft.example", "password": STAFF_PASSWORD, "csrf_token": token}))
    response = colleague.post("/staff/sign-in", data={"email": "colleague@delft.example", "password": STAFF_PASSWORD,
                                                      "csrf_token": csrf_token(colleague)})
    assert response.headers["Location"] == "/staff/sign-in/code"


def test_every_staff_post_without_a_csrf_token_is_refused(strict_app):
    client = strict_app.test_client()
    for path in ("/staff/sign-in", "/staff/sign-in/code", "/staff/sign-in/enrol", "/staff/sign-out",
                 "/staff/language", "/staff/password"):
        assert client.post(path, data={"email": "a@b.example", "password": "x"}).status_code == 400, path


def test_a_copied_cookie_is_worthless_after_sign_out(staff_client):
    cookie = staff_client.get_cookie("session").value
    response = staff_client.post("/staff/sign-out")
    assert response.headers["Location"] == "/staff/sign-in"
    thief = staff_client.application.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    assert db.session.scalar(db.select(StaffSession.ended_at)) is not None
    assert audit_actions()[-1] == "auth.sign_out"


def test_sign_out_is_post_only(staff_client):
    assert staff_client.get("/staff/sign-out").status_code == 405
    assert staff_client.get("/staff/").status_code == 200


def test_a_disabled_account_loses_its_live_session_at_the_next_request(staff_client):
    staff_client.staff.active = False
    db.session.commit()
    assert staff_client.get("/staff/").headers["Location"].startswith("/staff/sign-in")


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, staff_client, totp_clock):
    other = app.test_client()
    sign_in(other, staff_client.staff, totp_clock)
    assert other.get("/staff/").status_code == 200
    response = staff_client.post("/staff/password", data={"current": STAFF_PASSWORD,
                                                          "new": "zeven groene kikkers op een tractor"})
    assert response.headers["Location"] == "/staff/"
    assert staff_client.get("/staff/").status_code == 200
    assert other.get("/staff/").headers["Location"].startswith("/staff/sign-in")


def test_sessions_end_after_30_idle_minutes_and_after_10_hours(staff_client):
    row = db.session.scalar(db.select(StaffSession))
    row.last_seen_at = utcnow() - dt.timedelta(minutes=31)
    db.session.commit()
    assert staff_client.get("/staff/").status_code == 302
    row = db.session.scalar(db.select(StaffSession))
    assert row.ended_at is not None


def test_a_session_older_than_10_hours_ends_even_when_busy(app, make_staff, totp_clock, delft):
    client = app.test_client()
    sign_in(client, make_staff(), totp_clock)
    row = db.session.scalar(db.select(StaffSession))
    row.created_at = utcnow() - dt.timedelta(hours=10, minutes=1)
    db.session.commit()
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:x"])
def test_next_only_leads_to_our_own_pages(app, make_staff, totp_clock, delft, target):
    staff = make_staff()
    client = app.test_client()
    totp_clock[0] += 30
    client.post("/staff/sign-in?next=" + target, data={"email": staff.email, "password": STAFF_PASSWORD})
    response = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(staff.totp_secret).at(totp_clock[0])})
    assert response.headers["Location"] == "/staff/"


def test_next_leads_back_to_the_page_asked_for(app, make_staff, totp_clock, delft):
    staff = make_staff()
    client = app.test_client()
    assert client.get("/staff/?overdue=1").headers["Location"] == "/staff/sign-in?next=/staff/?overdue%3D1"
    totp_clock[0] += 30
    client.post("/staff/sign-in?next=/staff/?overdue%3D1", data={"email": staff.email, "password": STAFF_PASSWORD})
    response = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(staff.totp_secret).at(totp_clock[0])})
    assert response.headers["Location"] == "/staff/?overdue=1"


def test_passwords_are_argon2id_and_the_policy_has_no_composition_rules():
    stored = passwords.hash_password(STAFF_PASSWORD)
    assert stored.startswith("$argon2id$")
    assert passwords.weakness("kort") == "short"
    assert passwords.weakness("password1234") == "guessable"
    assert passwords.weakness("qwertyuiopasdf") == "guessable"
    assert passwords.weakness("x" * 129) == "long"
    assert passwords.weakness("een lange zin over de bibliotheek van Buitenhof " * 2) is None
    assert passwords.weakness(STAFF_PASSWORD) is None  # all lower case, no digits: long enough is good


def test_a_huge_password_is_refused_before_any_hashing(app, make_staff, delft, monkeypatch):
    staff = make_staff()
    class Refusing:
        def verify(self, *args):
            pytest.fail("hashed a huge password")

    monkeypatch.setattr(passwords, "hasher", Refusing())
    html = page(app.test_client().post("/staff/sign-in", data={"email": staff.email, "password": "x" * 1_000_000}))
    assert "E-mailadres of wachtwoord klopt niet" in html


def test_staff_create_makes_an_account_from_standard_input(app, delft):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["staff", "create", "--email", " Ans@Delft.example ", "--name", "Ans",
                                 "--municipality", "delft", "--role", "administrator", "--password-stdin"],
                           input="een zin die lang genoeg is voor Vangnet\n")
    assert result.exit_code == 0, result.output
    staff = db.session.scalar(db.select(StaffUser))
    municipality = db.session.get(Municipality, delft.municipality_id)
    assert staff.email == "ans@delft.example" and staff.role_in(municipality.id) == "administrator"
    assert staff.password_hash.startswith("$argon2id$") and not staff.totp_confirmed


@pytest.mark.parametrize(("password", "message"), [("kort", "at least 12"), ("password1234", "too easy")])
def test_staff_create_refuses_weak_passwords(app, delft, password, message):
    result = app.test_cli_runner().invoke(args=["staff", "create", "--email", "a@b.example", "--name", "A",
                                                "--municipality", "delft", "--password-stdin"], input=password + "\n")
    assert result.exit_code != 0 and message in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(StaffUser)) == 0


def test_the_back_office_speaks_dutch_and_english_on_request(staff_client):
    assert "Uitloggen" in page(staff_client.get("/staff/"))
    staff_client.post("/staff/language", data={"language": "en", "next": "/staff/"})
    html = page(staff_client.get("/staff/"))
    assert '<html lang="en"' in html and "Sign out" in html

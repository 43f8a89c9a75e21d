"""Staff accounts under /staff/admin/staff: an administrator invites someone by e-mail (a real SMTP
server on loopback receives it), the link is used once within 7 days to choose a password and link the
app, roles per municipality and organisation change, a second factor is reset (the next sign-in links
the app again), accounts are disabled; all audited, nothing of another town, coordinators refused."""

import datetime as dt
import re

import pyotp
import pytest

from app.extensions import db
from app.models import StaffInvitation, StaffMembership, StaffSession, StaffUser
from app.staff import invitations

from .admin_world import actions, build_world, error_texts, staff_state
from .helpers import count, page

NEW_PASSWORD = "zeilboot kaasschaaf morgenrood"
INVITE = {"name": "Sem Jansen", "email": "Sem@Delft.example", "role": "coordinator", "organisation": "",
          "language": "nl"}


@pytest.fixture
def mailbox(mail_to):
    return mail_to()


@pytest.fixture
def world(app, town, make_staff, make_kiosk, totp_clock):
    return build_world(app, town, make_staff, make_kiosk, totp_clock)


def invite(world, **changes):
    return world["admin"].post("/staff/admin/staff/invite",
                               data={**INVITE, "municipality": str(world["delft"].id), **changes})


def link_in(message) -> str:
    return re.search(r"https://vangnet\.example(/staff/invite/\S+)", message.get_content()).group(1)


def test_an_invitation_end_to_end_password_then_the_app_then_the_inbox(world, mailbox, app, totp_clock):
    response = invite(world)
    assert response.status_code == 302
    sem = db.session.scalar(db.select(StaffUser).where(StaffUser.email == "sem@delft.example"))
    assert (sem.name, sem.totp_confirmed, sem.role_in(world["delft"].id)) == ("Sem Jansen", False, "coordinator")
    [message] = mailbox.messages()
    assert message["To"] == "sem@delft.example" and "Anna Beheer nodigt u uit" in message.get_content()
    path = link_in(message)
    token = path.rsplit("/", 1)[1]
    stored = db.session.scalar(db.select(StaffInvitation))
    assert stored.token_hash == invitations.token_hash(token) and token not in stored.token_hash
    assert stored.expires_at - stored.created_at == dt.timedelta(days=7)
    assert actions("staff.invite") == [("staff.invite", world["delft"].id, f"staff {sem.id} coordinator")]

    sem_client = app.test_client()
    assert "Welkom, Sem Jansen" in page(sem_client.get(path))
    weak = sem_client.post(path, data={"new": "wachtwoord12"})
    assert weak.status_code == 400 and error_texts(weak)
    assert sem_client.post(path, data={"new": NEW_PASSWORD}).headers["Location"] == "/staff/sign-in/enrol"
    html = page(sem_client.get("/staff/sign-in/enrol"))
    db.session.expire_all()
    assert '<svg role="img"' in html and sem.totp_secret
    code = pyotp.TOTP(sem.totp_secret).at(totp_clock[0])
    assert sem_client.post("/staff/sign-in/enrol", data={"code": code}).headers["Location"] == "/staff/"
    assert sem_client.get("/staff/").status_code == 200
    # The link worked once: a second visit, from anyone, says so plainly.
    gone = app.test_client().get(path)
    assert gone.status_code == 404 and "Deze uitnodiging werkt niet meer" in page(gone)
    # And the password chosen is the one that signs in from now on.
    other = app.test_client()
    signed = other.post("/staff/sign-in", data={"email": "sem@delft.example", "password": NEW_PASSWORD})
    assert signed.headers["Location"] == "/staff/sign-in/code"
    assert "auth.invitation_used" in [a for a, _, _ in actions()]


LETTERS = {
    "nl": ("Vangnet: uw uitnodiging voor de backoffice",
           ["Beste Sem Jansen,", "Anna Beheer nodigt u uit voor de backoffice van Vangnet.",
            "kies een wachtwoord", "De link werkt één keer en 7 dagen lang."], "Welkom, Sem Jansen"),
    "en": ("Vangnet: your invitation to the back office",
           ["Dear Sem Jansen,", "Anna Beheer invites you to the Vangnet back office.",
            "choose a password", "The link works once and for 7 days."], "Welcome, Sem Jansen"),
}


def test_the_invite_form_starts_with_the_administrators_own_language(world):
    assert re.search(r'<option selected value="nl"|<option value="nl" selected', page(world["admin"].get(
        "/staff/admin/staff/invite")))
    world["admin"].post("/staff/language", data={"language": "en"})
    assert re.search(r'<option selected value="en"|<option value="en" selected', page(world["admin"].get(
        "/staff/admin/staff/invite")))


@pytest.mark.parametrize("language", LETTERS)
def test_the_invitation_is_in_the_language_chosen_for_the_invitee_which_becomes_theirs(world, mailbox, app,
                                                                                      language):
    subject, lines, welcome = LETTERS[language]
    other = "en" if language == "nl" else "nl"
    world["admin"].post("/staff/language", data={"language": other})  # the administrator's own is no matter
    assert invite(world, language=language).status_code == 302
    sem = db.session.scalar(db.select(StaffUser).where(StaffUser.email == "sem@delft.example"))
    assert sem.language == language
    assert world["admin"].post(f"/staff/admin/staff/{sem.id}/invite").status_code == 302  # a new one: the same
    for message in mailbox.messages():
        assert message["Subject"] == subject
        assert all(line in message.get_content() for line in lines), message.get_content()
    # The page behind the link, and the step after it, speak that language too.
    invitee, path = app.test_client(), link_in(mailbox.messages()[-1])
    html = page(invitee.get(path))
    assert f'<html lang="{language}"' in html and welcome in html
    assert invitee.post(path, data={"new": NEW_PASSWORD}).headers["Location"] == "/staff/sign-in/enrol"
    assert f'<html lang="{language}"' in page(invitee.get("/staff/sign-in/enrol"))


def test_an_invited_account_cannot_sign_in_before_it_has_a_password(world, mailbox, app):
    invite(world)
    for password in ("", "!invited", "no one has this password, it only costs time"):
        response = app.test_client().post("/staff/sign-in", data={"email": "sem@delft.example", "password": password})
        assert response.status_code == 200 and "/staff/sign-in/enrol" not in response.headers.get("Location", "")


def test_an_invitation_expires_after_7_days(world, mailbox, app, monkeypatch):
    invite(world)
    path = link_in(mailbox.messages()[0])
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=7, minutes=1)
    monkeypatch.setattr(invitations, "utcnow", lambda: later)
    assert app.test_client().get(path).status_code == 404
    assert app.test_client().post(path, data={"new": NEW_PASSWORD}).status_code == 404
    assert db.session.scalar(db.select(StaffUser.password_hash).where(StaffUser.email == "sem@delft.example")) == \
        invitations.NO_PASSWORD


def test_a_new_invitation_withdraws_the_old_link(world, mailbox, app):
    invite(world)
    sem = db.session.scalar(db.select(StaffUser).where(StaffUser.email == "sem@delft.example"))
    assert world["admin"].post(f"/staff/admin/staff/{sem.id}/invite").status_code == 302
    first, second = (link_in(m) for m in mailbox.messages())
    assert app.test_client().get(first).status_code == 404 and app.test_client().get(second).status_code == 200
    assert actions("staff.invite_again") == [("staff.invite_again", world["delft"].id, f"staff {sem.id}")]


def test_a_disabled_invitee_cannot_use_the_link(world, mailbox, app):
    invite(world)
    sem = db.session.scalar(db.select(StaffUser).where(StaffUser.email == "sem@delft.example"))
    world["admin"].post(f"/staff/admin/staff/{sem.id}/active")
    assert app.test_client().get(link_in(mailbox.messages()[0])).status_code == 404


@pytest.mark.parametrize("token", ["", "x", "a" * 5000, "<script>", "..%2F.."])
def test_a_made_up_link_is_a_plain_404(client, token):
    assert client.get(f"/staff/invite/{token}" if token else "/staff/invite/-").status_code == 404


def test_without_a_mail_server_the_account_waits_and_the_administrator_is_told(world, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    response = invite(world)
    assert "De e-mail kon niet weg" in page(world["admin"].get(response.headers["Location"]))
    assert count(StaffInvitation) == 1


def test_an_editor_is_invited_for_an_organisation_of_my_town(world, mailbox):
    response = invite(world, role="editor", organisation=str(world["a"].id))
    assert response.status_code == 302
    eva = db.session.scalar(db.select(StaffUser).where(StaffUser.email == "sem@delft.example"))
    assert [o.name for o in eva.organisations] == ["Welzijn A"] and eva.memberships == []


@pytest.mark.parametrize(("field", "value", "error"), [
    ("name", "", "Typ een naam"),
    ("name", "<b>Sem</b>", "Gebruik alleen gewone tekst, zonder punthaken"),
    ("email", "", "Typ een e-mailadres"),
    ("email", "sem", "Typ een e-mailadres zoals naam@voorbeeld.nl"),
    ("email", "ria@delft.example", "Er is al een account met dit e-mailadres"),
    ("email", "s" * 250 + "@d.nl", "Niet meer dan 254 tekens"),
    ("role", "superuser", "Kies een rol uit de lijst"),
    ("municipality", "", "Kies een gemeente uit de lijst"),
    ("municipality", "²", "Kies een gemeente uit de lijst"),
    ("organisation", "", "Kies de organisatie van de redacteur"),
    ("language", "", "Kies een taal uit de lijst"),
    ("language", "ar", "Kies een taal uit de lijst"),  # residents read Arabic; the back office does not
    ("language", "<script>", "Kies een taal uit de lijst"),
])
def test_bad_input_in_any_invitation_field_is_said_next_to_it_and_nothing_is_sent(world, mailbox, field, value, error):
    before = staff_state()
    data = {"role": "editor"} if field == "organisation" else {}
    response = invite(world, **{**data, field: value})
    assert response.status_code == 400 and error in error_texts(response)
    assert staff_state() == before and mailbox.messages() == [] and actions("staff.invite") == []


def test_another_towns_municipality_or_organisation_cannot_be_given_in_an_invitation(world, mailbox):
    assert invite(world, municipality=str(world["leiden"].id)).status_code == 400
    assert invite(world, role="editor", organisation=str(world["l"].id)).status_code == 400
    assert mailbox.messages() == []


def membership(staff_id):
    db.session.expire_all()
    return sorted((m.municipality_id, m.role) for m in db.session.scalars(
        db.select(StaffMembership).where(StaffMembership.staff_id == staff_id)))


def test_roles_change_in_my_towns_only_and_are_audited(world, make_staff):
    delft, leiden = world["delft"], world["leiden"]
    both = make_staff(email="bo@beide.example", name="Bo", municipality=[delft, leiden])
    response = world["admin"].post(f"/staff/admin/staff/{both.id}", data={
        f"town_{delft.id}": "administrator", "organisations": [str(world["a"].id)], "version": "1"})
    assert response.status_code == 302
    assert membership(both.id) == sorted([(delft.id, "administrator"), (leiden.id, "coordinator")])
    assert [o.name for o in db.session.get(StaffUser, both.id).organisations] == ["Welzijn A"]
    assert actions("staff.roles") == [("staff.roles", delft.id, f"staff {both.id}: GM0503:administrator organisations")]
    world["admin"].post(f"/staff/admin/staff/{both.id}", data={f"town_{delft.id}": "", "version": "2"})
    assert membership(both.id) == [(leiden.id, "coordinator")]  # Leiden's role is not mine to take


def test_a_person_is_never_left_without_any_role(world):
    ria = world.people["coordinator"]
    response = world["admin"].post(f"/staff/admin/staff/{ria.id}",
                                   data={f"town_{world['delft'].id}": "", "version": "1"})
    assert response.status_code == 400 and "Geef minstens één rol" in page(response)
    assert membership(ria.id) == [(world["delft"].id, "coordinator")]


@pytest.mark.parametrize(("data", "error"), [
    ({"town": "boss"}, "Kies een rol uit de lijst"),
    ({"town": "coordinator", "organisations": "999999"}, "Kies organisaties uit de lijst"),
])
def test_bad_roles_are_refused_and_nothing_changes(world, data, error):
    ria = world.people["coordinator"]
    form = {f"town_{world['delft'].id}": data["town"], "organisations": data.get("organisations", [])}
    response = world["admin"].post(f"/staff/admin/staff/{ria.id}", data=form)
    assert response.status_code == 400 and error in page(response)
    assert membership(ria.id) == [(world["delft"].id, "coordinator")]


def test_an_administrator_cannot_change_their_own_roles(world):
    me = world.people["admin"]
    assert world["admin"].post(f"/staff/admin/staff/{me.id}", data={f"town_{world['delft'].id}": "coordinator"}
                               ).status_code == 403
    assert membership(me.id) == [(world["delft"].id, "administrator")]


def test_resetting_the_second_factor_ends_the_sessions_and_the_next_sign_in_enrols_again(world, app, totp_clock):
    ria = world.people["coordinator"]
    ria_client = world["coordinator"]
    assert world["admin"].post(f"/staff/admin/staff/{ria.id}/second-factor").status_code == 302
    db.session.expire_all()
    assert (ria.totp_secret, ria.totp_confirmed) == (None, False)
    assert ria_client.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    assert db.session.scalar(db.select(db.func.count()).select_from(StaffSession).where(
        StaffSession.staff_id == ria.id, StaffSession.ended_at.is_(None))) == 0
    from .conftest import STAFF_PASSWORD
    again = app.test_client().post("/staff/sign-in", data={"email": ria.email, "password": STAFF_PASSWORD})
    assert again.headers["Location"] == "/staff/sign-in/enrol"
    assert actions("staff.second_factor_reset") == [
        ("staff.second_factor_reset", world["delft"].id, f"staff {ria.id}")]


ACCOUNT_ROUTES = [("GET", ""), ("POST", ""), ("POST", "/active"), ("POST", "/second-factor"), ("POST", "/invite")]


def test_another_towns_staff_are_404_on_every_account_route_and_nothing_changes(world):
    lot = world.people["leiden_admin"]
    before = staff_state()
    assert "Lot" not in page(world["admin"].get("/staff/admin/staff"))
    for method, action in ACCOUNT_ROUTES:
        response = world["admin"].open(f"/staff/admin/staff/{lot.id}{action}", method=method,
                                       data={f"town_{world['leiden'].id}": "coordinator"})
        assert response.status_code == 404, action
    assert staff_state() == before
    assert [t for _, t, _ in actions("access.refused")] == [world["leiden"].id] * len(ACCOUNT_ROUTES)


def test_coordinators_get_403_on_every_account_route_and_nothing_changes(world, mailbox):
    ria = world.people["coordinator"]
    coordinator = world["coordinator"]
    before = staff_state()
    assert coordinator.get("/staff/admin/staff").status_code == 403
    assert coordinator.get("/staff/admin/staff/invite").status_code == 403
    assert coordinator.post("/staff/admin/staff/invite", data={**INVITE, "municipality": str(world["delft"].id)}
                            ).status_code == 403
    for method, action in ACCOUNT_ROUTES:
        assert coordinator.open(f"/staff/admin/staff/{ria.id}{action}", method=method).status_code == 403, action
    assert staff_state() == before and mailbox.messages() == []

"""Suggest a correction: residents say with a few taps that a place or activity is gone, or that a time
or the address is wrong; nothing about them is kept, bad input is refused next to its field, the sending
is rate limited and needs its CSRF token, and only published listings take suggestions. Staff see them
in a queue scoped like the listings (an editor their organisations', a coordinator their towns'),
resolve each with one click, and of two resolving at once the second is told."""

import datetime as dt
import re

import pytest

from app import schedule
from app.extensions import db
from app.models import Activity, AuditEvent, Correction, Neighbourhood, Place, StaffUser

from .conftest import sign_in, staff_password_hash
from .helpers import count, page

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)  # a Tuesday
CANARY = "Kanarie zegt: de koffie is nu om elf uur"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


@pytest.fixture
def activity_of_b(town, make_place, make_activity):
    place = make_place(name="Bibliotheek Buitenhof", neighbourhood=town["buurt"], owner=town["b"],
                       organisation="Bibliotheek B")
    return make_activity(title="Koffieochtend", place=place)


def editor_client(app, totp_clock, organisation, email="eva@a.example"):
    """A client signed in as an editor of this organisation (no municipality role)."""
    import pyotp

    editor = StaffUser(email=email, name="Eva", password_hash=staff_password_hash(),
                       totp_secret=pyotp.random_base32(), totp_confirmed=True)
    editor.organisations = [organisation]
    db.session.add(editor)
    db.session.commit()
    client = app.test_client()
    client.staff = editor
    assert sign_in(client, editor, totp_clock).status_code == 302
    return client


def suggest(client, path, reason="time", text="", lang="nl"):
    return client.post(f"/{lang}{path}/correction", data={"reason": reason, "text": text})


def stored() -> list[tuple]:
    db.session.expire_all()
    return [(c.place_id, c.activity_id, c.reason, c.text, c.language, c.status)
            for c in db.session.scalars(db.select(Correction).order_by(Correction.id))]


# The resident side ------------------------------------------------------------------------------

@pytest.mark.parametrize("reason", ["gone", "time", "address", "other"])
def test_each_choice_about_an_activity_is_kept_with_the_language_and_the_thanks_come_once(
        kiosk_client, activity_of_b, reason):
    form = page(kiosk_client.get(f"/ar/activities/{activity_of_b.id}/correction"))
    assert f'value="{reason}"' in form and 'dir="rtl"' in form
    response = suggest(kiosk_client, f"/activities/{activity_of_b.id}", reason, CANARY, lang="ar")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ar/activities/{activity_of_b.id}/correction/thanks"
    assert stored() == [(activity_of_b.place_id, activity_of_b.id, reason, CANARY, "ar", "open")]
    assert kiosk_client.get(response.headers["Location"]).status_code == 200
    # A reload, or the next person pressing back: the activity itself, not a hint that someone said something.
    again = kiosk_client.get(response.headers["Location"])
    assert again.status_code == 302 and again.headers["Location"] == f"/ar/activities/{activity_of_b.id}"


@pytest.mark.parametrize("reason", ["gone", "time", "address", "other"])
def test_each_choice_about_a_place_is_kept_without_an_activity(client, activity_of_b, reason):
    place_id = activity_of_b.place_id
    response = suggest(client, f"/places/{place_id}", reason)
    assert response.headers["Location"] == f"/nl/places/{place_id}/correction/thanks"
    assert stored() == [(place_id, None, reason, None, "nl", "open")]
    thanks = page(client.get(response.headers["Location"]))
    assert "Dank u wel" in thanks and "Wij weten niet wie u bent" in thanks
    assert f'href="/nl/places/{place_id}"' in thanks


def test_a_place_asks_about_the_times_of_its_activities_and_both_pages_say_no_personal_data(client, activity_of_b):
    place = page(client.get(f"/nl/places/{activity_of_b.place_id}/correction"))
    activity = page(client.get(f"/nl/activities/{activity_of_b.id}/correction"))
    assert "Een tijd van een activiteit klopt niet" in place and "De tijd klopt niet" in activity
    for html in (place, activity):
        assert "Wij vragen niets over u" in html and "Schrijf geen naam of telefoonnummer" in html
        assert '<h1 class="label-heading">Wat klopt er niet?</h1>' in html
        assert 'name="csrf_token"' in html and "novalidate" in html and 'maxlength="300"' in html


def test_nothing_about_who_suggested_it_has_a_column():
    assert set(Correction.__table__.c.keys()) == {
        "id", "place_id", "activity_id", "reason", "text", "language", "created_at", "status", "resolved_by_id",
        "resolved_at", "version"}


@pytest.mark.parametrize(("reason", "text", "field", "message"), [
    ("", "", "reason", "Kies wat er niet klopt."),
    ("closed", "", "reason", "Kies wat er niet klopt."),
    ("gone<script>", "", "reason", "Kies wat er niet klopt."),
    ("other", "x" * 301, "text", "Uw tekst is te lang. Schrijf niet meer dan 300 letters."),
    ("other", "<script>alert(1)</script>", "text", "Gebruik alleen gewone tekst, zonder punthaken."),
])
def test_bad_input_is_refused_next_to_its_field_keeps_what_was_typed_and_stores_nothing(
        client, activity_of_b, reason, text, field, message):
    response = suggest(client, f"/activities/{activity_of_b.id}", reason, text)
    html = page(response)
    assert response.status_code == 400
    assert message in html and f'id="{field}-error"' in html and 'class="error-summary"' in html
    assert "<title>Fout:" in html
    assert "<script>alert(1)</script>" not in html
    assert count(Correction) == 0


def test_a_text_of_exactly_300_letters_or_of_only_spaces_is_fine(client, activity_of_b):
    assert suggest(client, f"/activities/{activity_of_b.id}", "other", "é" * 300).status_code == 302
    assert suggest(client, f"/activities/{activity_of_b.id}", "other", "  \t ").status_code == 302
    assert [row[3] for row in stored()] == ["é" * 300, None]


def test_a_long_text_that_is_refused_is_shown_again(client, activity_of_b):
    html = page(suggest(client, f"/activities/{activity_of_b.id}", "other", "Lang verhaal " * 30))
    assert "Lang verhaal Lang verhaal" in html and 'value="other" checked' in html


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_a_draft_or_archived_listing_takes_no_suggestion(client, town, make_place, make_activity, status):
    hidden_place = make_activity(place=make_place(name="Verborgen huis", neighbourhood=town["buurt"], status=status))
    hidden_activity = make_activity(place=make_place(name="Open huis", neighbourhood=town["buurt"]), status=status)
    for path in (f"/places/{hidden_place.place_id}", f"/activities/{hidden_place.id}",
                 f"/activities/{hidden_activity.id}"):
        assert client.get(f"/nl{path}/correction").status_code == 404, path
        assert suggest(client, path).status_code == 404, path
        assert client.get(f"/nl{path}/correction/thanks").status_code == 404, path
    assert client.get(f"/nl/places/{hidden_activity.place_id}/correction").status_code == 200
    for path in ("/places/999999", "/activities/999999", "/activities/2147483648"):
        assert suggest(client, path).status_code == 404
    assert count(Correction) == 0


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def test_the_resident_pages_never_show_that_a_suggestion_exists(client, app, activity_of_b):
    pages = [f"/{lang}/{kind}" for lang in ("nl", "ar") for kind in (
        f"activities/{activity_of_b.id}", f"places/{activity_of_b.place_id}")]
    before = [without_tokens(page(app.test_client().get(path))) for path in pages]
    for reason in ("gone", "time", "address", "other"):
        suggest(client, f"/activities/{activity_of_b.id}", reason, CANARY)
        suggest(client, f"/places/{activity_of_b.place_id}", reason, CANARY)
    after = [without_tokens(page(app.test_client().get(path))) for path in pages]
    assert after == before
    assert f'href="/nl/activities/{activity_of_b.id}/correction"' in after[0]
    assert f'href="/nl/places/{activity_of_b.place_id}/correction"' in after[1]


def test_the_session_keeps_nothing_of_the_suggestion_and_start_over_forgets_the_thanks(kiosk_client, activity_of_b):
    response = suggest(kiosk_client, f"/activities/{activity_of_b.id}", "other", CANARY)
    with kiosk_client.session_transaction() as session:
        assert CANARY not in repr(dict(session)) and "other" not in repr(dict(session))
    kiosk_client.post("/start-over")
    assert kiosk_client.get(response.headers["Location"]).status_code == 302
    assert kiosk_client.get(f"/nl/activities/{activity_of_b.id}/correction").status_code == 200
    assert CANARY not in page(kiosk_client.get(f"/nl/activities/{activity_of_b.id}/correction"))


def csrf_token(client, path) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page(client.get(path))).group(1)


def strict_activity(strict_app) -> int:
    with strict_app.app_context():
        wijk = db.session.scalar(db.select(Neighbourhood))
        place = Place(name="Buurthuis", address="Laan 1", postcode="2625 AB", city="Delft", lat=51.99, lon=4.34,
                      neighbourhood_id=wijk.id)
        activity = Activity(place=place, category="coffee", rrule="FREQ=WEEKLY;BYDAY=TU",
                            first_date=dt.date(2026, 1, 6), start_time=dt.time(10))
        from app.models import ActivityText

        activity.texts.append(ActivityText(lang="nl", title="Koffie", description=""))
        db.session.add(activity)
        db.session.commit()
        return activity.id


def strict_count(strict_app) -> int:
    with strict_app.app_context():
        return count(Correction)


def test_sending_needs_the_csrf_token(strict_app):
    activity_id = strict_activity(strict_app)
    client = strict_app.test_client()
    path = f"/nl/activities/{activity_id}/correction"
    refused = client.post(path, data={"reason": "gone"})
    assert refused.status_code == 400
    assert strict_count(strict_app) == 0
    sent = client.post(path, data={"reason": "gone", "csrf_token": csrf_token(client, path)})
    assert sent.status_code == 302 and strict_count(strict_app) == 1


def test_a_tablet_can_send_ten_an_hour_then_is_asked_to_wait(strict_app):
    activity_id = strict_activity(strict_app)
    client = strict_app.test_client()
    path = f"/nl/activities/{activity_id}/correction"
    token = csrf_token(client, path)
    statuses = [client.post(path, data={"reason": "time", "csrf_token": token}).status_code for _ in range(10)]
    assert statuses == [302] * 10
    refused = client.post(path, data={"reason": "time", "csrf_token": token})
    assert refused.status_code == 429 and "Even wachten" in page(refused)
    assert strict_count(strict_app) == 10
    other_browser = strict_app.test_client()  # another visitor from the same address is still served
    assert other_browser.post(path, data={"reason": "time", "csrf_token": csrf_token(other_browser, path)}
                              ).status_code == 302
    assert client.get(path).status_code == 200  # reading the form is never limited


# The staff queue ---------------------------------------------------------------------------------

def make_correction(place, activity=None, **kwargs):
    kwargs.setdefault("reason", "time")
    kwargs.setdefault("language", "ar")
    correction = Correction(place=place, activity=activity, **kwargs)
    db.session.add(correction)
    db.session.commit()
    return correction


def test_the_queue_shows_the_listing_the_field_the_escaped_text_the_language_and_the_count(
        staff_client, activity_of_b):
    make_correction(activity_of_b.place, activity_of_b, text="<b>Nu</b> op woensdag")
    make_correction(activity_of_b.place, reason="address", language="tr")
    html = page(staff_client.get("/staff/corrections"))
    assert f'href="/staff/places/{activity_of_b.place_id}">Bibliotheek Buitenhof</a>' in html
    assert "Koffieochtend" in html and "Tijden (schema) van de activiteit" in html and ">Adres<" in html
    assert "&lt;b&gt;Nu&lt;/b&gt; op woensdag" in html and "<b>Nu</b>" not in html
    assert 'lang="ar" dir="rtl">العربية<' in html and "Türkçe" in html
    assert "2 correcties" in html
    assert re.search(r'Correcties <span class="count">2<', html)
    assert 'name="version" value="1"' in html and 'value="fixed"' in html and 'value="not_needed"' in html


def test_resolving_with_one_click_moves_it_to_resolved_and_is_audited(staff_client, activity_of_b, town):
    correction = make_correction(activity_of_b.place, activity_of_b)
    response = staff_client.post(f"/staff/corrections/{correction.id}/resolve",
                                 data={"outcome": "not_needed", "version": "1"})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/corrections"
    db.session.expire_all()
    resolved = db.session.get(Correction, correction.id)
    assert (resolved.status, resolved.resolved_by_id, resolved.version) == ("not_needed", staff_client.staff.id, 2)
    assert resolved.resolved_at is not None
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "correction.resolve"))
    detail = f"correction {correction.id} place {activity_of_b.place_id}: not_needed"
    assert (audit.staff_id, audit.municipality_id, audit.detail) == (staff_client.staff.id, town["delft"].id, detail)
    open_list = page(staff_client.get("/staff/corrections"))
    assert "Afgehandeld: Niet nodig." in open_list and "0 correcties" in open_list
    assert 'class="count"' not in open_list
    done = page(staff_client.get("/staff/corrections?status=resolved"))
    assert "Niet nodig, Ria de Vries" in done and "Koffieochtend" in done


def test_of_two_resolving_at_once_the_second_is_told_and_changes_nothing(staff_client, app, make_staff, totp_clock,
                                                                         activity_of_b, town):
    correction = make_correction(activity_of_b.place)
    colleague = app.test_client()
    colleague.staff = make_staff(email="sem@delft.example", name="Sem", municipality=town["delft"])
    sign_in(colleague, colleague.staff, totp_clock)
    url = f"/staff/corrections/{correction.id}/resolve"
    assert staff_client.post(url, data={"outcome": "fixed", "version": "1"}).status_code == 302
    second = colleague.post(url, data={"outcome": "not_needed", "version": "1"})
    assert second.status_code == 302
    assert "Iemand anders heeft deze correctie net afgehandeld" in page(colleague.get("/staff/corrections"))
    db.session.expire_all()
    stored_row = db.session.get(Correction, correction.id)
    assert (stored_row.status, stored_row.resolved_by_id, stored_row.version) == ("fixed", staff_client.staff.id, 2)
    # Even with the version of now, a resolved correction is not resolved again.
    colleague.post(url, data={"outcome": "not_needed", "version": "2"})
    db.session.expire_all()
    assert db.session.get(Correction, correction.id).status == "fixed"
    assert len(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "correction.resolve")).all()) == 1


@pytest.mark.parametrize("form", [{"outcome": "open", "version": "1"}, {"outcome": "", "version": "1"},
                                  {"outcome": "<script>", "version": "1"}, {"version": "1"}])
def test_an_unknown_outcome_is_refused_and_changes_nothing(staff_client, activity_of_b, form):
    correction = make_correction(activity_of_b.place)
    assert staff_client.post(f"/staff/corrections/{correction.id}/resolve", data=form).status_code == 400
    db.session.expire_all()
    assert db.session.get(Correction, correction.id).status == "open"


def test_the_owning_organisations_editor_sees_and_resolves_its_corrections(app, totp_clock, activity_of_b, town):
    correction = make_correction(activity_of_b.place, activity_of_b)
    editor = editor_client(app, totp_clock, town["b"], email="bo@b.example")
    html = page(editor.get("/staff/corrections"))
    assert "Koffieochtend" in html and re.search(r'class="count">1<', html)
    response = editor.post(f"/staff/corrections/{correction.id}/resolve", data={"outcome": "fixed", "version": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Correction, correction.id).resolved_by_id == editor.staff.id


def test_another_organisations_editor_or_another_towns_coordinator_gets_404_and_nothing_changes(
        app, totp_clock, make_staff, activity_of_b, town):
    correction = make_correction(activity_of_b.place, activity_of_b, text=CANARY)
    editor_a = editor_client(app, totp_clock, town["a"])
    leiden = app.test_client()
    leiden.staff = make_staff(email="lot@leiden.example", name="Lot", municipality=town["leiden"],
                              role="administrator")
    sign_in(leiden, leiden.staff, totp_clock)
    for client in (editor_a, leiden):
        html = page(client.get("/staff/corrections"))
        assert CANARY not in html and "Koffieochtend" not in html and 'class="count"' not in html
        assert CANARY not in page(client.get("/staff/corrections?status=resolved"))
        url = f"/staff/corrections/{correction.id}/resolve"
        assert client.post(url, data={"outcome": "fixed", "version": "1"}).status_code == 404
        assert client.post("/staff/corrections/999999/resolve", data={"outcome": "fixed", "version": "1"}
                           ).status_code == 404
    db.session.expire_all()
    assert (db.session.get(Correction, correction.id).status, db.session.get(Correction, correction.id).version) == (
        "open", 1)
    refused = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "access.refused")).all()
    assert {(a.staff_id, a.municipality_id) for a in refused} == {
        (editor_a.staff.id, town["delft"].id), (leiden.staff.id, town["delft"].id)}
    assert all(f"correction {correction.id}" in a.detail for a in refused) and len(refused) == 2


def test_the_queue_needs_sign_in(client):
    assert client.get("/staff/corrections").headers["Location"].startswith("/staff/sign-in")
    assert client.post("/staff/corrections/1/resolve").headers["Location"].startswith("/staff/sign-in")


# E-mail to the owning organisation -------------------------------------------------------------------

def test_the_owning_organisation_gets_one_short_email_without_the_residents_words(client, mail_to, activity_of_b,
                                                                                 town):
    import email
    from email import policy

    town["b"].correction_email = "correcties@b.example"
    db.session.commit()
    inbox = mail_to()
    assert suggest(client, f"/activities/{activity_of_b.id}", "time", CANARY).status_code == 302
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["correcties@b.example"] and envelope.mail_from == "vangnet@delft.example"
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Vangnet: correctie voor Koffieochtend (Bibliotheek Buitenhof)"
    body = message.get_content()
    assert "Een bewoner zegt over Koffieochtend (Bibliotheek Buitenhof): een tijd klopt niet." in body
    assert "https://vangnet.example/staff/corrections" in body
    assert "Kanarie" not in envelope.content.decode("utf-8", "replace") and "elf uur" not in body


def test_no_address_for_corrections_sends_nothing_and_a_dead_mail_server_still_thanks(client, mail_to,
                                                                                     activity_of_b, town):
    inbox = mail_to()
    assert suggest(client, f"/places/{activity_of_b.place_id}", "gone").status_code == 302
    assert inbox.envelopes == []
    town["b"].correction_email = "correcties@b.example"
    db.session.commit()
    mail_to(running=False)
    response = suggest(client, f"/places/{activity_of_b.place_id}", "address")
    assert response.headers["Location"].endswith("/correction/thanks")
    assert [row[2] for row in stored()] == ["gone", "address"]

""""I would like to help": the volunteer wizard on the resident side. One question per page like the
buddy wizard, a check page, consent, and an applicant volunteer of the municipality where they live,
made exactly once, with a code that tells them later how their sign-up stands (and nothing else)."""

import re

import pytest

from app.extensions import db
from app.models import Draft, Volunteer, VolunteerEvent
from app.references import ALPHABET, new_reference

from .helpers import count, page
from .wizards import CANARY_E164, CANARY_NAME, HELP_ANSWERS, answer, send, walk_help


def answer_until(client, stop, answers=HELP_ANSWERS):
    for step, data in answers:
        if step == stop:
            return
        assert answer(client, step, data, "help").status_code == 302, step


def with_answer(step, data):
    return [(name, data if name == step else values) for name, values in HELP_ANSWERS]


def signed_up() -> Volunteer:
    return db.session.scalar(db.select(Volunteer))


def test_home_offers_to_help_with_its_own_pictogram(client):
    html = page(client.get("/nl/"))
    choice = re.search(r'<a[^>]*href="/nl/ask/help/"[^>]*>(.*?)</a>', html, re.S)
    assert choice and "Ik wil helpen" in choice.group(1) and "Word vrijwilliger bij u in de buurt" in choice.group(1)
    assert re.search(r"pictograms/volunteer\.[0-9a-f]+\.svg", choice.group(1))
    assert client.get("/nl/ask/help/").headers["Location"] == "/nl/ask/help/roles"


def test_each_question_page_has_one_h1_and_no_browser_validation(client, delft):
    for step, data in HELP_ANSWERS:
        html = page(client.get(f"/nl/ask/help/{step}"))
        assert html.count("<h1") == 1, step
        assert "novalidate" in html and " required" not in html and 'name="website"' in html
        assert answer(client, step, data, "help").status_code == 302, step


def test_the_whole_wizard_makes_one_applicant_volunteer_with_a_code(client, delft):
    check = page(walk_help(client))
    for shown in ("Een maatje zijn: vaak samen iets doen met iemand", "Wandelen, Spelletjes doen",
                  "Ouderen, Nieuwkomers", "Dinsdag, Zaterdag", "Middag", "Nederlands, العربية", "Een vrouw",
                  "2625", "Bel mij", "06 13579246", f"{CANARY_NAME}, de Vries"):
        assert shown in check, shown
    assert check.count("Wijzigen") == len(HELP_ANSWERS)
    response, _data = send(client, "help")
    assert response.status_code == 302 and response.headers["Location"] == "/nl/ask/help/done"
    volunteer = signed_up()
    assert (volunteer.status, volunteer.municipality_id) == ("applicant", delft.municipality_id)
    assert volunteer.postcode == "2625"
    assert (volunteer.lat, volunteer.lon) == (51.995, 4.345)
    assert (volunteer.roles, volunteer.interests, volunteer.helps_whom) == ("maatje go_along", "walk games",
                                                                           "older newcomers")
    assert (volunteer.days, volunteer.parts_of_day, volunteer.languages) == ("tu sa", "afternoon", "nl ar")
    assert (volunteer.gender, volunteer.phone, volunteer.email) == ("woman", CANARY_E164, None)
    assert (volunteer.first_name, volunteer.last_name, volunteer.capacity) == (CANARY_NAME, "de Vries", 1)
    assert (volunteer.channel, volunteer.language, volunteer.consent_version) == ("web", "nl", "2026-12-help-1")
    assert volunteer.consent_at is not None and volunteer.vog_date is None
    assert re.fullmatch(f"[{ALPHABET}]{{8}}", volunteer.reference)
    created = db.session.scalar(db.select(VolunteerEvent).where(VolunteerEvent.volunteer_id == volunteer.id))
    assert (created.kind, created.value, created.text, created.staff_id) == ("created", "applicant", "web", None)
    done = page(client.get("/nl/ask/help/done"))
    assert "Wij hebben uw aanmelding ontvangen" in done
    assert f"{volunteer.reference[:4]}-{volunteer.reference[4:]}" in done
    assert "Dank u wel dat u wilt helpen!" in done and "(VOG)" in done
    assert CANARY_NAME not in done and "1357" not in done
    assert list(db.session.scalars(db.select(Draft.answers).where(Draft.kind != "done"))) == []


def test_any_day_becomes_every_weekday_and_an_unsaid_gender_stays_unsaid(client, delft):
    answers = with_answer("days", {"days": ["any"]})
    answers = [(step, {"gender": "unsaid"} if step == "gender" else data) for step, data in answers]
    walk_help(client, answers)
    send(client, "help")
    volunteer = signed_up()
    assert (volunteer.days, volunteer.gender) == ("mo tu we th fr sa su", None)


def test_reaching_you_by_email_stores_the_address_in_lower_case_and_no_phone(client, delft):
    answers = [(step, data) for step, data in HELP_ANSWERS if step != "phone"]
    index = [step for step, _data in answers].index("contact")
    answers[index] = ("contact", {"contact": "email"})
    answers.insert(index + 1, ("email", {"email": "Mina.Helpt@Example.NL"}))
    walk_help(client, answers)
    send(client, "help")
    volunteer = signed_up()
    assert (volunteer.email, volunteer.phone) == ("mina.helpt@example.nl", None)


REQUIRED_MESSAGES = {
    "roles": "Kies minstens één ding dat u wilt doen",
    "interests": "Kies minstens één ding dat u graag doet",
    "helps-whom": "Kies minstens één groep, of ‘Maakt niet uit’",
    "days": "Kies minstens één dag",
    "times": "Kies minstens één deel van de dag",
    "languages": "Kies minstens één taal die u spreekt",
    "gender": "Kies een antwoord",
    "postcode": "Vul uw postcode in",
    "contact": "Kies hoe wij u kunnen bereiken",
    "phone": "Vul uw telefoonnummer in",
    "name": "Vul uw voornaam in",
}


@pytest.mark.parametrize("step", REQUIRED_MESSAGES)
def test_an_empty_answer_gets_its_own_message_and_nothing_is_made(client, delft, step):
    answer_until(client, step)
    response = answer(client, step, {}, "help")
    html = page(response)
    assert response.status_code == 200 and re.search(r"<title>Fout: ", html)
    assert REQUIRED_MESSAGES[step] in html
    assert count(Volunteer) == 0


@pytest.mark.parametrize(("step", "data", "message"), [
    ("roles", {"roles": ["expert"]}, "Kies minstens één ding dat u wilt doen"),
    ("helps-whom", {"helps_whom": ["anyone", "older"]}, "Kies ‘Maakt niet uit’ of kies groepen, niet allebei"),
    ("days", {"days": ["any", "mo"]}, "Kies ‘Maakt niet uit’ of kies dagen, niet allebei"),
    ("gender", {"gender": "other"}, "Kies een antwoord"),
    ("contact", {"contact": "contact_person"}, "Kies hoe wij u kunnen bereiken"),
    ("phone", {"phone": "12"}, "Vul een telefoonnummer in zoals"),
    ("name", {"first_name": "A" * 61, "last_name": ""}, "Deze naam is te lang."),
    ("name", {"first_name": "Mina", "last_name": "B" * 61}, "Deze naam is te lang."),
])
def test_a_wrong_answer_is_explained_and_kept_on_the_page(client, delft, step, data, message):
    answer_until(client, step)
    response = answer(client, step, data, "help")
    assert response.status_code == 200 and message in page(response)


def test_a_postcode_outside_this_vangnet_says_where_to_ask_and_keeps_nothing(client, delft):
    answer_until(client, "postcode")
    html = page(answer(client, "postcode", {"postcode": "3011"}, "help"))
    assert "Vangnet werkt hier nog niet" in html and "waar u vrijwilligerswerk kunt doen" in html
    assert "maatje kunt vinden" not in html
    assert client.get("/nl/ask/help/check").headers["Location"] == "/nl/ask/help/postcode"


def test_sending_without_consent_is_refused_in_words_that_fit(client, delft):
    walk_help(client)
    form = page(client.get("/nl/ask/help/send"))
    assert "Ik vind het goed dat Vangnet mijn antwoorden gebruikt voor mijn aanmelding" in form
    assert "Aanmelding versturen" in form and "om u te leren kennen" in form
    response, _data = send(client, "help", consent=False)
    assert "Anders kunnen wij uw aanmelding niet gebruiken." in page(response)
    assert count(Volunteer) == 0 and count(Draft) == 1


def test_the_same_send_posted_twice_makes_one_volunteer(client, delft):
    walk_help(client)
    first, data = send(client, "help")
    second = client.post("/nl/ask/help/send", data=data)
    assert first.headers["Location"] == second.headers["Location"] == "/nl/ask/help/done"
    assert count(Volunteer) == 1 and count(VolunteerEvent) == 1
    assert "U had zich al aangemeld" in page(client.get("/nl/ask/help/done"))


def test_the_honeypot_refuses_robots(client, delft):
    assert answer(client, "roles", {"roles": ["maatje"], "website": "http://spam"}, "help").status_code == 403
    assert count(Draft) == 0


def test_on_a_tablet_the_sign_up_says_so_and_start_over_leaves_nothing(kiosk_client, delft):
    walk_help(kiosk_client)
    assert kiosk_client.post("/start-over").status_code == 302 and count(Draft) == 0
    walk_help(kiosk_client)
    send(kiosk_client, "help")
    assert signed_up().channel == "kiosk"
    assert 'data-return-after="60"' in page(kiosk_client.get("/nl/ask/help/done"))


def test_the_code_tells_how_the_sign_up_stands_and_nothing_personal(client, delft):
    walk_help(client)
    send(client, "help")
    volunteer = signed_up()
    code = f"{volunteer.reference[:4]} {volunteer.reference[4:]}".lower()
    html = page(client.post("/nl/ask/status", data={"code": code}))
    assert "Uw aanmelding als vrijwilliger" in html and "Wij nemen contact met u op om kennis te maken." in html
    assert CANARY_NAME not in html and "de Vries" not in html
    volunteer.status = "active"
    db.session.commit()
    html = page(client.post("/ar/ask/status", data={"code": volunteer.reference}))
    assert "شكرًا" in html or "شكراً" in html  # "U bent vrijwilliger bij Vangnet. Dank u wel!" in Arabic


def test_new_codes_never_repeat_a_volunteers_code(delft, make_municipality, monkeypatch):
    taken = Volunteer(municipality_id=delft.municipality_id, first_name="Mina", postcode="2625", reference="AAAAAAAA")
    db.session.add(taken)
    db.session.commit()
    letters = iter("A" * 8 + "B" * 8)
    monkeypatch.setattr("app.references.secrets.choice", lambda alphabet: next(letters))
    assert new_reference() == "BBBBBBBB"


def test_the_coordinator_sees_who_signed_up_themselves_with_channel_and_code(client, staff_client, delft):
    walk_help(client)
    send(client, "help")
    volunteer = signed_up()
    listing = page(staff_client.get("/staff/volunteers?status=applicant"))
    assert CANARY_NAME in listing
    html = page(staff_client.get(f"/staff/volunteers/{volunteer.id}"))
    assert "Zelf aangemeld via" in html and "De website" in html
    assert f"{volunteer.reference[:4]}-{volunteer.reference[4:]}" in html


def test_privacy_finds_exports_and_erases_a_sign_up_by_its_code(client, staff_client, delft):
    walk_help(client)
    send(client, "help")
    volunteer = signed_up()
    found = page(staff_client.post("/staff/privacy", data={"phone": "", "email": "", "code": volunteer.reference}))
    assert f"volunteer:{volunteer.id}" in found
    erased = staff_client.post("/staff/privacy/erase", data={
        "phone": "", "email": "", "code": volunteer.reference, "records": f"volunteer:{volunteer.id}",
        "reason": "art17", "sure": "y"})
    assert erased.status_code == 302, page(erased)
    assert count(Volunteer) == 0 and count(VolunteerEvent) == 0
    assert count(Draft) == 0  # the receipt with the code went too

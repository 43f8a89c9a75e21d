"""The buddy wizard: one question per page, every validation path, check your answers with change
links, consent, and a request made exactly once with a reference code."""

import re

import pytest

from app.extensions import db
from app.models import BuddyRequest, Draft, Municipality, Neighbourhood
from app.references import ALPHABET

from .helpers import count, page
from .wizards import BUDDY_ANSWERS, CANARY_E164, CANARY_NAME, CANARY_PHONE, answer, send, walk


def answers_kept() -> list[str]:
    """The wizard answers still on the server (a receipt holds only the wizard and the code)."""
    return list(db.session.scalars(db.select(Draft.answers).where(Draft.kind != "done")))


def test_home_offers_a_buddy_and_a_worry(client):
    html = page(client.get("/nl/"))
    assert 'href="/nl/ask/buddy/"' in html and 'href="/nl/ask/worry/"' in html
    assert "Ik wil graag een maatje" in html and "Ik maak me zorgen om iemand" in html


def test_each_question_page_has_one_h1_in_its_legend_or_label_and_no_browser_validation(client, delft):
    for step, data in BUDDY_ANSWERS:
        html = page(client.get(f"/nl/ask/buddy/{step}"))
        assert html.count("<h1") == 1, step
        assert re.search(r"<(legend|label)[^>]*>\s*<h1|<h1><label", html), step
        assert "novalidate" in html and " required" not in html
        assert 'name="website"' in html  # the honeypot
        assert answer(client, step, data).status_code == 302


def test_the_whole_wizard_makes_one_request_with_a_code(client, delft):
    check = page(walk(client))
    for shown in ("Voor mij", "Wandelen, Koffie drinken en praten", "Dinsdag, Donderdag", "Ochtend",
                  "Nederlands, العربية", "Een vrouw", "2625", "06 13579246", CANARY_NAME):
        assert shown in check
    assert check.count("Wijzigen") == 11
    response, _data = send(client)
    assert response.status_code == 302 and response.headers["Location"] == "/nl/ask/buddy/done"
    request = db.session.scalar(db.select(BuddyRequest))
    assert (request.kind, request.status, request.language) == ("buddy", "new", "nl")
    assert (request.phone, request.postcode, request.municipality_id) == (CANARY_E164, "2625", delft.municipality_id)
    assert (request.wishes, request.days) == ("walk coffee", "tu th")
    assert (request.parts_of_day, request.languages) == ("morning", "nl ar")
    assert (request.first_name, request.contact_method, request.preference) == (CANARY_NAME, "phone", "woman")
    assert request.consent_at is not None and request.consent_version
    assert re.fullmatch(f"[{ALPHABET}]{{8}}", request.reference)
    done = page(client.get("/nl/ask/buddy/done"))
    assert f"{request.reference[:4]}-{request.reference[4:]}" in done and "Wat gebeurt er nu?" in done
    assert CANARY_NAME not in done and "1357" not in done
    assert answers_kept() == []  # only the receipt with the code stays


REQUIRED_MESSAGES = {
    "for-whom": "Kies voor wie het maatje is",
    "wishes": "Kies minstens één ding dat u samen wilt doen",
    "days": "Kies minstens één dag",
    "times": "Kies minstens één deel van de dag",
    "languages": "Kies minstens één taal die u spreekt",
    "preference": "Kies wie u het liefst als maatje hebt",
    "where": "Kies hoe u wilt zeggen waar u woont",
    "postcode": "Vul uw postcode in",
    "contact": "Kies hoe wij u kunnen bereiken",
    "phone": "Vul uw telefoonnummer in",
    "name": "Vul uw voornaam in",
}


def answer_until(client, stop, answers=BUDDY_ANSWERS, wizard="buddy"):
    for step, data in answers:
        if step == stop:
            return
        assert answer(client, step, data, wizard).status_code == 302, step


def assert_error(response, message, field_id):
    html = page(response)
    assert response.status_code == 200
    assert re.search(r"<title>Fout: ", html), "the title starts with Fout:"
    assert f'<li><a href="#{field_id}">{message}</a></li>' in html, "the summary links to the field"
    assert f'id="{field_id}-error" class="error-message"><span class="visually-hidden">Fout:</span> {message}' in html
    assert "data-autofocus" in html


@pytest.mark.parametrize("step", REQUIRED_MESSAGES)
def test_an_empty_answer_gets_its_own_message_at_the_top_and_at_the_question(client, delft, step):
    answer_until(client, step)
    field = dict(BUDDY_ANSWERS)[step]
    blank = {name: "   " for name in field} if step in ("postcode", "phone", "name") else {}
    assert_error(answer(client, step, blank), REQUIRED_MESSAGES[step], next(iter(field)))


@pytest.mark.parametrize("step", ["for-whom", "wishes", "days", "times", "languages", "preference", "where", "contact"])
def test_an_option_that_is_not_on_the_page_is_refused_with_the_same_message(client, delft, step):
    answer_until(client, step)
    name = next(iter(dict(BUDDY_ANSWERS)[step]))
    assert_error(answer(client, step, {name: "<script>alert(1)</script>"}), REQUIRED_MESSAGES[step], name)
    assert "<script>alert(1)" not in page(answer(client, step, {name: "<script>alert(1)</script>"}))


def test_any_day_and_chosen_days_together_is_explained(client, delft):
    answer_until(client, "days")
    assert_error(answer(client, "days", {"days": ["any", "mo"]}),
                 "Kies ‘Maakt niet uit’ of kies dagen, niet allebei", "days")
    assert answer(client, "days", {"days": ["any"]}).status_code == 302


def test_ticked_options_stay_ticked_after_an_error(client, delft):
    answer_until(client, "days")
    html = page(answer(client, "days", {"days": ["any", "we"]}))
    assert re.search(r'value="we" checked', html) and re.search(r'value="any" checked', html)


def test_the_languages_page_starts_with_the_page_language_ticked(client, delft):
    answer_until(client, "languages")
    assert 'value="nl" checked' in page(client.get("/nl/ask/buddy/languages"))
    assert 'lang="ar" dir="rtl">العربية' in page(client.get("/nl/ask/buddy/languages"))


@pytest.mark.parametrize(("typed", "message"), [
    ("12", "Typ de vier cijfers van uw postcode. Bijvoorbeeld: 2625"),
    ("ABCD", "Typ de vier cijfers van uw postcode. Bijvoorbeeld: 2625"),
    ("9" * 600, "Typ de vier cijfers van uw postcode. Bijvoorbeeld: 2625"),
    ("9999", "Deze postcode kennen we niet. Kijk of de cijfers goed zijn."),
])
def test_a_wrong_postcode_is_explained_and_kept(client, delft, typed, message):
    answer_until(client, "postcode")
    response = answer(client, "postcode", {"postcode": typed})
    assert_error(response, message, "postcode")
    assert f'value="{typed}"' in page(response)


def test_a_postcode_outside_every_municipality_gets_a_kind_page_and_nothing_is_kept(client, delft):
    answer_until(client, "postcode")
    response = answer(client, "postcode", {"postcode": "3011"})
    html = page(response)
    assert response.status_code == 200 and "Vangnet werkt hier nog niet" in html
    assert "Rotterdam" in html and "Delft" in html and "Een andere postcode typen" in html
    assert client.get("/nl/ask/buddy/check").headers["Location"] == "/nl/ask/buddy/postcode"


def test_choosing_a_wijk_routes_the_request_to_its_municipality(client, delft, make_municipality, make_neighbourhood):
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    stevenshof = make_neighbourhood(code="WK054609", name="Stevenshof", kind="wijk", municipality=leiden)
    answers = dict(BUDDY_ANSWERS)
    answer_until(client, "where")
    response = answer(client, "where", {"where": "neighbourhood"})
    assert response.headers["Location"] == "/nl/ask/buddy/town"  # two towns: which one first
    html = page(client.get("/nl/ask/buddy/town"))
    assert 'translate="no">Leiden' in html and 'translate="no">Delft' in html
    assert answer(client, "town", {"town": str(leiden.id)}).headers["Location"] == "/nl/ask/buddy/wijk"
    html = page(client.get("/nl/ask/buddy/wijk"))
    assert "Stevenshof" in html and "Buitenhof" not in html and "Dat weet ik niet" in html
    assert_error(answer(client, "wijk", {"wijk": str(delft.id)}), "Kies de wijk waar u woont", "wijk")
    assert answer(client, "wijk", {"wijk": str(stevenshof.id)}).headers["Location"] == "/nl/ask/buddy/contact"
    for step in ("contact", "phone", "name"):
        answer(client, step, answers[step])
    send(client)
    request = db.session.scalar(db.select(BuddyRequest))
    assert (request.municipality_id, request.neighbourhood_id, request.postcode) == (leiden.id, stevenshof.id, None)


def test_with_one_municipality_the_town_page_is_skipped_and_unknown_wijk_still_routes(client, delft):
    answer_until(client, "where")
    assert answer(client, "where", {"where": "neighbourhood"}).headers["Location"] == "/nl/ask/buddy/wijk"
    answer(client, "wijk", {"wijk": "unknown"})
    for step in ("contact", "phone", "name"):
        answer(client, step, dict(BUDDY_ANSWERS)[step])
    assert "Dat weet ik niet" in page(client.get("/nl/ask/buddy/check"))
    send(client)
    request = db.session.scalar(db.select(BuddyRequest))
    assert (request.municipality_id, request.neighbourhood_id) == (delft.municipality_id, None)


@pytest.mark.parametrize(("typed", "stored"), [
    ("06 13579246", "+31613579246"), ("0613579246", "+31613579246"), ("+31 6 1357 9246", "+31613579246"),
    ("0031613579246", "+31613579246"), ("015-2123456", "+31152123456"), ("+32 470 12 34 56", "+32470123456"),
])
def test_phone_numbers_are_stored_in_one_format(client, delft, typed, stored):
    answer_until(client, "phone")
    answer(client, "phone", {"phone": typed})
    answer(client, "name", {"first_name": "Ans"})
    send(client)
    assert db.session.scalar(db.select(BuddyRequest.phone)) == stored


# The example numbers stay left to right inside the sentence, also in Arabic.
PHONE_FORMAT = ('Vul een telefoonnummer in zoals <bdi dir="ltr" translate="no">06 12345678</bdi> of '
                '<bdi dir="ltr" translate="no">015 212 34 56</bdi>')


@pytest.mark.parametrize(("typed", "message"), [
    ("123", PHONE_FORMAT),
    ("bel me maar", PHONE_FORMAT),
    ("06 1234 5678 9012 3456 7", "Dit telefoonnummer is te lang. Kijk of het goed is."),
])
def test_a_wrong_phone_number_is_explained_and_kept(client, delft, typed, message):
    answer_until(client, "phone")
    response = answer(client, "phone", {"phone": typed})
    assert_error(response, message, "phone")
    assert f'value="{typed}"' in page(response)


EMAIL_ROUTE = [*BUDDY_ANSWERS[:8], ("contact", {"contact": "email"}), ("email", {"email": "ans@voorbeeld.nl"}),
               ("name", {"first_name": "Ans"})]


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Vul uw e-mailadres in"),
    ("ans.voorbeeld.nl", "Vul een e-mailadres in zoals naam@voorbeeld.nl"),
    ("ans@voorbeeld", "Vul een e-mailadres in zoals naam@voorbeeld.nl"),
    ("a" * 250 + "@voorbeeld.nl", "Dit e-mailadres is te lang. Kijk of het goed is."),
])
def test_a_wrong_email_address_is_explained(client, delft, typed, message):
    answer_until(client, "email", EMAIL_ROUTE)
    assert_error(answer(client, "email", {"email": typed}), message, "email")


def test_reaching_you_by_email_stores_the_address_and_no_phone(client, delft):
    walk(client, EMAIL_ROUTE)
    send(client)
    request = db.session.scalar(db.select(BuddyRequest))
    assert (request.contact_method, request.email, request.phone) == ("email", "ans@voorbeeld.nl", None)


CONTACT_PERSON_ROUTE = [*BUDDY_ANSWERS[:8], ("contact", {"contact": "contact_person"}),
                        ("contact-person", {"contact_name": "Fatima", "contact_phone": "0612345678"}),
                        ("name", {"first_name": "Ans"})]


def test_a_contact_person_needs_a_name_and_a_phone_number(client, delft):
    answer_until(client, "contact-person", CONTACT_PERSON_ROUTE)
    html = page(answer(client, "contact-person", {"contact_name": "", "contact_phone": "12"}))
    assert "Vul de naam in van wie wij kunnen bellen" in html
    assert PHONE_FORMAT in html
    assert '<legend class="question"><h1 class="label-heading">Wie kunnen wij bellen?</h1></legend>' in html
    html = page(answer(client, "contact-person", {"contact_name": "F" * 61, "contact_phone": ""}))
    assert "Deze naam is te lang. Schrijf niet meer dan 60 letters." in html
    assert "Vul het telefoonnummer in van wie wij kunnen bellen" in html
    walk(client, CONTACT_PERSON_ROUTE)
    send(client)
    request = db.session.scalar(db.select(BuddyRequest))
    assert (request.contact_person_name, request.contact_person_phone) == ("Fatima", "+31612345678")
    assert request.phone is None


def test_coming_by_needs_no_contact_details(client, delft):
    route = [*BUDDY_ANSWERS[:8], ("contact", {"contact": "come_by"}), ("name", {"first_name": "Ans"})]
    walk(client, route)
    send(client)
    assert db.session.scalar(db.select(BuddyRequest.contact_method)) == "come_by"


def test_a_very_long_name_is_refused_and_nothing_is_kept(client, delft):
    answer_until(client, "name")
    assert_error(answer(client, "name", {"first_name": "A" * 100_000}),
                 "Deze naam is te lang. Schrijf niet meer dan 60 letters.", "first_name")
    assert "name" not in db.session.scalar(db.select(Draft.answers))


def test_asking_for_someone_else_asks_who_you_are_to_them(client, delft):
    assert answer(client, "for-whom", {"for_whom": "other"}).headers["Location"] == "/nl/ask/buddy/relation"
    assert_error(answer(client, "relation", {}), "Kies wie u bent voor deze persoon", "relation")
    assert answer(client, "relation", {"relation": "neighbour"}).headers["Location"] == "/nl/ask/buddy/wishes"
    answer_until(client, "name", BUDDY_ANSWERS[1:])
    assert "Uw eigen voornaam" in page(client.get("/nl/ask/buddy/name"))


def test_a_change_link_comes_back_to_the_check_page(client, delft):
    walk(client)
    html = page(client.get("/nl/ask/buddy/preference?change=1"))
    assert 'value="woman" checked' in html  # the answer is there to change
    assert 'action="/nl/ask/buddy/preference?change=1"' in html
    assert 'href="/nl/ask/buddy/check">Terug' in html
    response = answer(client, "preference", {"preference": "man"}, query="?change=1")
    assert response.headers["Location"] == "/nl/ask/buddy/check"
    assert "Een man" in page(client.get("/nl/ask/buddy/check"))


def test_a_change_that_needs_a_new_answer_asks_it_then_comes_back(client, delft):
    walk(client)
    response = answer(client, "for-whom", {"for_whom": "other"}, query="?change=1")
    assert response.headers["Location"] == "/nl/ask/buddy/relation?change=1"
    assert client.get("/nl/ask/buddy/check").headers["Location"] == "/nl/ask/buddy/relation"
    response = answer(client, "relation", {"relation": "family"}, query="?change=1")
    assert response.headers["Location"] == "/nl/ask/buddy/check"
    answer(client, "for-whom", {"for_whom": "me"}, query="?change=1")
    assert "Familie" not in page(client.get("/nl/ask/buddy/check"))  # moot answers are not shown or sent
    send(client)
    assert db.session.scalar(db.select(BuddyRequest.relation)) is None


def test_pages_cannot_be_skipped_or_opened_without_a_draft(client, delft):
    assert client.get("/nl/ask/buddy/phone").headers["Location"] == "/nl/ask/buddy/"
    assert client.get("/nl/ask/buddy/check").headers["Location"] == "/nl/ask/buddy/"
    assert client.get("/nl/ask/buddy/send").headers["Location"] == "/nl/ask/buddy/"
    assert client.get("/nl/ask/buddy/done").headers["Location"] == "/nl/"
    answer(client, "for-whom", {"for_whom": "me"})
    assert client.get("/nl/ask/buddy/phone").headers["Location"] == "/nl/ask/buddy/wishes"
    assert client.get("/nl/ask/buddy/nonsense").status_code == 404
    assert client.get("/nl/ask/nonsense/for-whom").status_code == 404


def test_sending_without_consent_is_refused_and_nothing_is_made(client, delft):
    walk(client)
    response, _data = send(client, consent=False)
    html = page(response)
    assert response.status_code == 200 and html.startswith("<!doctype html>")
    assert "Zet een vinkje als u het goed vindt. Anders kunnen wij u niet helpen." in html
    assert re.search(r"<title>Fout: ", html)
    assert count(BuddyRequest) == 0 and count(Draft) == 1


def test_the_send_button_names_the_action(client, delft):
    walk(client)
    assert "Vraag om een maatje versturen" in page(client.get("/nl/ask/buddy/send"))


def test_the_same_send_posted_twice_makes_one_request(client, delft):
    walk(client)
    first, data = send(client)
    second = client.post("/nl/ask/buddy/send", data=data)
    assert first.headers["Location"] == second.headers["Location"] == "/nl/ask/buddy/done"
    assert count(BuddyRequest) == 1
    assert "U had deze vraag al verstuurd" in page(client.get("/nl/ask/buddy/done"))


def test_the_honeypot_refuses_robots_and_writes_nothing(client, delft):
    assert answer(client, "for-whom", {"for_whom": "me", "website": "http://spam"}).status_code == 403
    assert count(Draft) == 0


def test_the_draft_is_gone_after_sending_and_the_session_cookie_changes(client, delft):
    walk(client)
    before = client.get_cookie("session").value
    send(client)
    assert answers_kept() == []  # only the receipt with the code stays
    assert client.get_cookie("session").value != before
    assert client.get("/nl/ask/buddy/check").headers["Location"] == "/nl/ask/buddy/"


def test_start_over_deletes_the_draft(kiosk_client, delft):
    walk(kiosk_client)
    assert count(Draft) == 1
    response = kiosk_client.post("/start-over")
    assert response.status_code == 302 and count(Draft) == 0
    assert kiosk_client.get("/nl/ask/buddy/check").headers["Location"] == "/nl/ask/buddy/"


def test_on_a_kiosk_personal_fields_have_no_autofill_and_the_confirmation_returns_to_the_start(kiosk_client, delft):
    answer_until(kiosk_client, "phone")
    assert re.search(r'<input[^>]*autocomplete="off"[^>]*name="phone"|name="phone"[^>]*autocomplete="off"',
                     page(kiosk_client.get("/nl/ask/buddy/phone")))
    walk(kiosk_client)
    send(kiosk_client)
    assert 'data-return-after="60"' in page(kiosk_client.get("/nl/ask/buddy/done"))
    assert db.session.scalar(db.select(BuddyRequest.kiosk_id)) == kiosk_client.kiosk.id


def test_a_name_and_phone_never_appear_in_cookies_locations_or_titles(client, delft):
    responses = []
    for step, data in BUDDY_ANSWERS:
        responses += [client.get(f"/nl/ask/buddy/{step}"), answer(client, step, data)]
    responses += [client.get("/nl/ask/buddy/check"), client.get("/nl/ask/buddy/phone?change=1")]
    responses.append(send(client)[0])
    responses.append(client.get("/nl/ask/buddy/done"))
    digits = CANARY_PHONE.replace(" ", "")
    for response in responses:
        exposed = " ".join([*response.headers.getlist("Set-Cookie"), response.headers.get("Location", ""),
                            *re.findall(r"<title>(.*?)</title>", page(response), re.S)])
        for canary in (CANARY_NAME, digits, digits[1:], CANARY_E164, "1357"):
            assert canary not in exposed
        assert response.headers.get("Cache-Control", "no-store") == "no-store"


def test_every_page_of_the_flow_is_never_stored_by_the_browser(client, delft):
    answer(client, "for-whom", {"for_whom": "me"})
    for url in ("/nl/ask/buddy/for-whom", "/nl/ask/buddy/wishes"):
        assert client.get(url).headers["Cache-Control"] == "no-store"


def test_municipality_from_the_postcode_not_from_anything_posted(client, delft, make_municipality):
    other = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    walk(client)
    response, data = send(client)
    client.post("/nl/ask/buddy/send", data={**data, "municipality_id": other.id, "status": "closed"})
    request = db.session.scalar(db.select(BuddyRequest))
    assert (request.municipality_id, request.status) == (delft.municipality_id, "new")
    assert db.session.get(Municipality, other.id) is not None and count(Neighbourhood) == 1

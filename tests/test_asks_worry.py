"""The worry wizard (zorgmelding): the urgency gate first, then what worries you, where, optionally who,
your contact details or anonymous, check, consent and a code that even an anonymous reporter can use."""

import pytest

from app.extensions import db
from app.models import Concern, CrisisLine

from .helpers import count, page
from .wizards import WORRY_ANSWERS, answer, send
from .wizards import walk_worry as walk

BDI_112 = '<bdi dir="ltr" translate="no">112</bdi>'


def test_the_worry_wizard_starts_with_the_urgency_gate_and_says_112(client, delft):
    response = client.get("/nl/ask/worry/")
    assert response.headers["Location"].endswith("/nl/ask/worry/urgency")
    html = page(client.get("/nl/ask/worry/urgency"))
    assert "Hoe dringend is het?" in html and f"bel meteen {BDI_112}" in html


def test_danger_now_shows_112_large_and_then_lets_the_report_go_on(client, delft):
    response = answer(client, "urgency", {"urgency": "danger"}, "worry")
    assert response.headers["Location"] == "/nl/ask/worry/urgent"
    html = page(client.get("/nl/ask/worry/urgent"))
    assert f"<h1>Bel nu {BDI_112}</h1>" in html and 'href="tel:112"' in html and "emergency-number" in html
    assert 'href="/nl/ask/worry/worries"' in html


def test_a_crisis_shows_the_crisis_numbers_of_the_kiosks_municipality(kiosk_client, delft, make_municipality):
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    db.session.add_all([
        CrisisLine(municipality_id=delft.municipality_id, name="Crisisdienst Delft", phone="015 000 00 00"),
        CrisisLine(municipality_id=leiden.id, name="Crisisdienst Leiden", phone="071 000 00 00"),
    ])
    kiosk_client.kiosk.neighbourhood_id = delft.id
    db.session.commit()
    answer(kiosk_client, "urgency", {"urgency": "crisis"}, "worry")
    html = page(kiosk_client.get("/nl/ask/worry/urgent"))
    assert "Bel nu een hulplijn" in html and "Crisisdienst Delft" in html and 'href="tel:0150000000"' in html
    assert "Crisisdienst Leiden" not in html


def test_off_a_kiosk_a_crisis_shows_every_municipalitys_numbers(client, delft, make_municipality):
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    db.session.add_all([
        CrisisLine(municipality_id=delft.municipality_id, name="Crisisdienst Delft", phone="015 000 00 00"),
        CrisisLine(municipality_id=leiden.id, name="Crisisdienst Leiden", phone="071 000 00 00"),
    ])
    db.session.commit()
    answer(client, "urgency", {"urgency": "crisis"}, "worry")
    html = page(client.get("/nl/ask/worry/urgent"))
    assert "Crisisdienst Delft" in html and "Crisisdienst Leiden" in html


def test_the_urgent_page_without_an_urgent_answer_goes_back_to_the_start(client, delft):
    assert client.get("/nl/ask/worry/urgent").headers["Location"].endswith("/nl/ask/worry/")
    answer(client, "urgency", {"urgency": "worried"}, "worry")
    assert client.get("/nl/ask/worry/urgent").headers["Location"].endswith("/nl/ask/worry/")


def test_an_anonymous_worry_is_made_once_with_a_code_and_no_reporter(client, delft):
    check = page(walk(client))
    assert "Papsouwselaan" in check and "Ik zeg liever niet wie ik ben" in check
    response, _ = send(client, "worry")
    assert response.headers["Location"] == "/nl/ask/worry/done"
    done = page(client.get("/nl/ask/worry/done"))
    assert "Wij hebben uw bericht ontvangen" in done and "Ook als u niet zei wie u bent" in done
    concern = db.session.scalar(db.select(Concern))
    assert concern.anonymous and concern.reporter_name is None and concern.phone is None
    assert concern.contact_method is None
    assert (concern.urgency, concern.worries, concern.postcode) == ("worried", "lonely not_seen", "2625")
    assert concern.municipality_id == delft.municipality_id and concern.street == "Papsouwselaan"
    assert concern.about_name is None and concern.description == "De gordijnen zijn al een week dicht."
    assert concern.reference in done.replace("-", "")


def test_a_reporter_who_gives_a_phone_number_is_asked_a_first_name(client, delft):
    answers = [*WORRY_ANSWERS[:-1], ("contact", {"contact": "phone"}), ("phone", {"phone": "015 212 34 56"}),
               ("name", {"first_name": "Ans"})]
    walk(client, answers)
    send(client, "worry")
    concern = db.session.scalar(db.select(Concern))
    assert not concern.anonymous and concern.contact_method == "phone"
    assert (concern.phone, concern.reporter_name) == ("+31152123456", "Ans")


def test_a_worry_about_someone_in_a_chosen_wijk_routes_there(client, delft):
    answers = [*WORRY_ANSWERS[:3], ("where", {"where": "neighbourhood"}), ("wijk", {"wijk": str(delft.id)}),
               *WORRY_ANSWERS[5:]]
    walk(client, answers)
    send(client, "worry")
    concern = db.session.scalar(db.select(Concern))
    assert (concern.municipality_id, concern.neighbourhood_id) == (delft.municipality_id, delft.id)


@pytest.mark.parametrize(("step", "data", "message"), [
    ("urgency", {}, "Kies hoe dringend het is"),
    ("urgency", {"urgency": "later"}, "Kies hoe dringend het is"),
    ("worries", {}, "Kies minstens één ding waar u zich zorgen over maakt"),
    ("worries", {"worries": ["lonely", "bsn"]}, "Kies minstens één ding waar u zich zorgen over maakt"),
    ("story", {"description": "x" * 501}, "Uw tekst is te lang. Schrijf niet meer dan 500 letters."),
])
def test_wrong_answers_are_explained_and_kept(client, delft, step, data, message):
    for earlier, values in WORRY_ANSWERS:
        if earlier == step:
            break
        answer(client, earlier, values, "worry")
    response = answer(client, step, data, "worry")
    html = page(response)
    assert response.status_code == 200 and message in html and "<title>Fout:" in html
    if step == "story":
        assert "x" * 501 in html  # nothing typed is lost


def test_the_optional_pages_may_stay_empty(client, delft):
    answers = [WORRY_ANSWERS[0], WORRY_ANSWERS[1], ("story", {"description": "  "}), *WORRY_ANSWERS[3:5],
               ("street", {}), ("who", {}), WORRY_ANSWERS[-1]]
    walk(client, answers)
    send(client, "worry")
    concern = db.session.scalar(db.select(Concern))
    assert (concern.description, concern.street, concern.about_name) == (None, None, None)


def test_no_page_of_the_worry_wizard_asks_for_a_bsn(client, delft):
    for step, data in WORRY_ANSWERS:
        html = page(client.get(f"/nl/ask/worry/{step}")).lower()
        assert "name=\"bsn\"" not in html and "burgerservicenummer" not in html
        answer(client, step, data, "worry")
    assert "Schrijf geen BSN op" in page(client.get("/nl/ask/worry/story"))
    assert not hasattr(Concern, "bsn")


def test_a_worry_outside_every_municipality_gets_the_kind_page(client, delft):
    for step, data in WORRY_ANSWERS[:4]:
        answer(client, step, data, "worry")
    html = page(answer(client, "postcode", {"postcode": "3011"}, "worry"))
    assert "Vangnet werkt hier nog niet" in html
    assert count(Concern) == 0


def test_municipalities_with_the_same_crisis_numbers_share_one_list(client, delft, make_municipality):
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    tilburg = make_municipality(code="GM0855", slug="tilburg", name="Tilburg")
    for town in (delft.municipality_id, leiden.id):
        db.session.add(CrisisLine(municipality_id=town, name="113 Zelfmoordpreventie", phone="0800 0113"))
    db.session.add(CrisisLine(municipality_id=tilburg.id, name="Crisisdienst Tilburg", phone="013 000 00 00"))
    db.session.commit()
    answer(client, "urgency", {"urgency": "crisis"}, "worry")
    html = page(client.get("/nl/ask/worry/urgent"))
    assert html.count("0800 0113</a>") == 1 and "Delft, Leiden" in html and "Crisisdienst Tilburg" in html

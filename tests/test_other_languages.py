"""Text in another language than the page carries its own `lang` and direction; the page's direction
comes from Babel; phone numbers stay left to right, also inside translated sentences. Through the test
client: the markup is what the browser and read aloud go by."""

import json
import re
from html.parser import HTMLParser

import pytest
from babel import Locale

from app.extensions import db
from app.models import CrisisLine
from config import Config

from .wizards import BUDDY_ANSWERS, GO_ALONG_ANSWERS, answer

LANGUAGES = Config.LANGUAGES
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """Every text of a page with the `lang` and `dir` it gets from its nearest ancestors that set them,
    and every element's attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict]] = []
        self.texts: list[tuple[str, str | None, str | None, tuple[str, ...]]] = []
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data, self.nearest("lang"), self.nearest("dir"), tuple(t for t, _ in self.open)))

    def nearest(self, name):
        return next((attrs[name] for _, attrs in reversed(self.open) if name in attrs), None)

    def of(self, text: str) -> tuple[str | None, str | None]:
        """(lang, dir) of the first text node in the body that contains `text`."""
        found = [(lang, direction) for data, lang, direction, tags in self.texts if text in data and "body" in tags]
        assert found, f"{text!r} is not on the page"
        return found[0]


def parsed(response) -> Page:
    assert response.status_code == 200, response.status_code
    return Page(response.get_data(as_text=True))


# The page's own direction ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_direction_is_the_one_babel_knows_for_its_language(client, lang):
    html = parsed(client.get(f"/{lang}/help"))
    assert html.elements[0] == ("html", {"lang": lang, "dir": Locale.parse(lang).text_direction})


def test_a_new_right_to_left_language_runs_right_to_left_without_a_list_of_such_languages(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", (*LANGUAGES, "fa"))  # Persian, without a catalogue yet
    html = parsed(client.get("/fa/help"))
    assert html.elements[0] == ("html", {"lang": "fa", "dir": "rtl"})
    assert not hasattr(Config, "RTL_LANGUAGES")


# Text in another language than the page --------------------------------------------------------------

@pytest.fixture
def dutch_only(make_activity, make_place):
    place = make_place(organisation="Stichting Voorbeeldwelzijn", phone="015 000 00 12")
    return make_activity(place=place)


def test_a_dutch_only_text_on_an_arabic_page_says_it_is_dutch_and_runs_left_to_right(client, dutch_only):
    html = parsed(client.get(f"/ar/activities/{dutch_only.id}"))
    for text in ("Kom binnen voor koffie.", "Koffieochtend", "Buurthuis De Voorbeeld", "Voorbeeldstraat 1",
                 "Stichting Voorbeeldwelzijn"):
        assert html.of(text) == ("nl", "ltr"), text


@pytest.mark.parametrize("path", ["/ar/places/{place}", "/ar/activities/{activity}/ticket"])
def test_place_names_and_addresses_on_arabic_pages_are_dutch_left_to_right(client, dutch_only, path):
    html = parsed(client.get(path.format(place=dutch_only.place.id, activity=dutch_only.id)))
    for text in ("Buurthuis De Voorbeeld", "Voorbeeldstraat 1", "2625 AA"):
        assert html.of(text) == ("nl", "ltr"), text


def test_on_a_page_in_the_texts_own_language_nothing_is_marked(client, dutch_only):
    text = dutch_only.text("nl")
    html = client.get(f"/nl/activities/{dutch_only.id}").get_data(as_text=True)
    assert f"<p>{text.description}</p>" in html and ' lang="nl"' not in html.split("<body", 1)[1]


def test_a_translated_text_on_its_own_page_is_not_marked_as_another_language(client, make_activity):
    activity = make_activity(texts={"ar": ("صباح القهوة", "تعال لشرب القهوة.")})
    html = parsed(client.get(f"/ar/activities/{activity.id}"))
    assert html.of("تعال لشرب القهوة.") == ("ar", "rtl")
    assert "Kom binnen voor koffie." not in [data for data, *_ in html.texts]


def test_a_dutch_title_inside_an_arabic_sentence_is_marked(client, delft, make_place, make_activity):
    activity = make_activity(place=make_place(neighbourhood_id=delft.id))
    client.post(f"/ar/ask/go-along/{activity.id}", data={"date": "2026-12-08"})
    for step, data in GO_ALONG_ANSWERS:
        answer(client, step, data, "go-along")
    html = parsed(client.get("/ar/ask/go-along/check"))
    assert html.of("Koffieochtend") == ("nl", "ltr")
    assert html.of("06 12345678") == ("ar", "ltr")


@pytest.mark.parametrize("path", ["/", "/ar/language?next=/ar/"])
def test_each_language_in_the_language_lists_is_in_its_own_language_and_direction(client, path):
    html = parsed(client.get(path, headers={"Accept-Language": "ar"}))
    links = {attrs["hreflang"]: attrs for tag, attrs in html.elements if tag == "a" and "hreflang" in attrs}
    assert set(links) == set(LANGUAGES)
    for code, attrs in links.items():
        assert (attrs["lang"], attrs["dir"]) == (code, Locale.parse(code).text_direction), code


def test_the_languages_of_an_activity_and_of_the_search_filter_are_in_their_own_names(client, make_activity):
    activity = make_activity(languages="nl ar en")
    html = parsed(client.get(f"/ar/activities/{activity.id}"))
    assert html.of("Nederlands") == ("nl", "ltr") and html.of("English") == ("en", "ltr")
    assert html.of("العربية") == ("ar", "rtl")


def test_read_aloud_knows_in_the_pages_language_what_to_say_for_each_other_language(client):
    notes = {}
    for lang in LANGUAGES:
        html = parsed(client.get(f"/{lang}/"))
        button = next(attrs for tag, attrs in html.elements if "data-read-aloud" in attrs)
        notes[lang] = json.loads(button["data-notes"])
        assert set(notes[lang]) == {*LANGUAGES, "*"}
    assert notes["nl"]["nl"] == "Deze tekst is in het Nederlands."
    assert notes["ar"]["nl"] == "هذا النص باللغة الهولندية."
    assert notes["en"]["uk"] == "This text is in Ukrainian."
    for lang in LANGUAGES[1:]:  # every shipped language has its own words for every note
        assert all(notes[lang][code] != notes["nl"][code] for code in notes["nl"]), lang


# Phone numbers left to right --------------------------------------------------------------------------

# Two or more groups of digits ("06 12345678", "0800 0113", "14 015"), or 112 on its own.
PHONE = re.compile(r"\+?\d+(?:[ -]\d+)+|(?<!\d)112(?!\d)")


@pytest.fixture
def numbers_everywhere(delft, dutch_only):
    delft.municipality.help_phone = "14 015"
    db.session.add(CrisisLine(municipality_id=delft.municipality_id, name="113 Zelfmoordpreventie",
                              phone="0800 0113"))
    db.session.commit()
    return dutch_only


def phone_numbers_not_left_to_right(html: Page) -> list[str]:
    return [data for data, _lang, direction, tags in html.texts
            if PHONE.search(data) and direction != "ltr" and "title" not in tags]


def reach(client, step):
    """Answer the buddy wizard up to the way to reach you that asks for `step` ("phone", "contact-person")."""
    for name, data in BUDDY_ANSWERS[:BUDDY_ANSWERS.index(("contact", {"contact": "phone"}))]:
        answer(client, name, data)
    answer(client, "contact", {"contact": step.replace("-", "_")})
    return f"/ar/ask/buddy/{step}"


def resident_pages_in_arabic(client, activity):
    """Every resident page that shows a phone number or an example of one, in Arabic."""
    yield from (f"/ar/{path}" for path in ("", "help", "about", "find", f"activities/{activity.id}",
                                            f"places/{activity.place.id}", f"activities/{activity.id}/ticket",
                                            "ask/worry/urgency"))
    yield reach(client, "phone")
    yield reach(client, "contact-person")
    for urgency in ("danger", "crisis"):
        answer(client, "urgency", {"urgency": urgency}, "worry")
        yield "/ar/ask/worry/urgent"
    for (step, data) in BUDDY_ANSWERS:
        answer(client, step, data)
    yield "/ar/ask/buddy/check"


def test_every_phone_number_on_an_arabic_page_runs_left_to_right(client, numbers_everywhere):
    seen = set()
    for path in resident_pages_in_arabic(client, numbers_everywhere):
        html = parsed(client.get(path))
        seen |= {match for data, *_ in html.texts for match in PHONE.findall(data)}
        assert phone_numbers_not_left_to_right(html) == [], path
    assert {"112", "14 015", "0800 0113", "015 000 00 12", "06 12345678", "06 13579246"} <= seen


def test_an_example_number_in_an_error_message_runs_left_to_right(client, delft):
    response = client.post(reach(client, "phone"), data={"phone": "123"})
    html = Page(response.get_data(as_text=True))
    assert {"06 12345678", "015 212 34 56"} <= {m for data, *_ in html.texts for m in PHONE.findall(data)}
    assert phone_numbers_not_left_to_right(html) == []


def test_the_example_number_is_put_into_the_translated_sentence_untranslated(client):
    html = client.get("/tr/ask/worry/urgency").get_data(as_text=True)
    assert 'hemen <bdi dir="ltr" translate="no">112</bdi>&#39;yi arayın.' in html


@pytest.mark.parametrize("step", ["phone", "contact-person"])
def test_phone_inputs_run_left_to_right_with_the_phone_keypad(client, delft, step):
    html = parsed(client.get(reach(client, step)))
    inputs = [attrs for tag, attrs in html.elements if tag == "input" and attrs.get("type") == "tel"]
    assert inputs and all((a["dir"], a["inputmode"], a["autocomplete"]) == ("ltr", "tel", "tel") for a in inputs)


def test_on_a_kiosk_phone_inputs_still_fill_in_nothing_by_themselves(kiosk_client, delft):
    html = parsed(kiosk_client.get(reach(kiosk_client, "phone")))
    phone = next(attrs for tag, attrs in html.elements if tag == "input" and attrs.get("type") == "tel")
    assert (phone["dir"], phone["inputmode"], phone["autocomplete"]) == ("ltr", "tel", "off")

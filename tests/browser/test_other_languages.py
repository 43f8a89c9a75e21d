"""Text in another language than the page, in Chromium: a Dutch description on an Arabic page runs left
to right with its full stop at its end, read aloud gives it a Dutch voice or says it is in Dutch (never
the Arabic voice), and an example phone number keeps its digit groups in order."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import tap
from .speech import spoken, with_voices
from .wizards import BUDDY, answer

DESCRIPTION = "Kom binnen voor koffie."
NOTE_IN_ARABIC = "هذا النص باللغة الهولندية."  # "This text is in Dutch."


@pytest.fixture
def dutch_only(make_activity):
    return make_activity()  # its title and description exist only in Dutch


def read_aloud(page):
    tap(page, page.locator("[data-read-aloud]"))
    return spoken(page)


def primary(tag):
    return re.split(r"[-_]", tag.lower())[0]


def assert_every_part_in_the_voice_of_its_language(said):
    assert said and [s for s in said if primary(s["voiceLang"]) != s["lang"]] == []


def test_a_dutch_description_on_an_arabic_page_is_read_by_the_dutch_voice(tablet, dutch_only):
    with_voices(tablet, "ar-SA", "nl-NL")
    tablet.goto(f"/ar/activities/{dutch_only.id}")
    said = read_aloud(tablet)
    assert {"text": DESCRIPTION, "lang": "nl", "voiceLang": "nl-NL"} in said
    assert {"text": "Koffieochtend", "lang": "nl", "voiceLang": "nl-NL"} in said
    assert any(s["lang"] == "ar" for s in said) and not [s for s in said if s["text"] == NOTE_IN_ARABIC]
    assert_every_part_in_the_voice_of_its_language(said)


def test_without_a_dutch_voice_the_description_is_skipped_and_said_to_be_dutch_in_arabic(tablet, dutch_only):
    with_voices(tablet, "ar-SA", "en-US")
    tablet.goto(f"/ar/activities/{dutch_only.id}")
    said = read_aloud(tablet)
    assert not [s for s in said if "Kom binnen" in s["text"] or "Koffieochtend" in s["text"]]
    notes = [i for i, s in enumerate(said) if s["text"] == NOTE_IN_ARABIC]
    assert notes and all(said[i]["lang"] == "ar" and said[i]["voiceLang"] == "ar-SA" for i in notes)
    # The description's note comes where the description stands: right after its heading.
    heading = next(i for i, s in enumerate(said) if s["text"] == "ماذا تتوقع؟")
    assert said[heading + 2]["text"] == NOTE_IN_ARABIC  # after the line that it exists only in Dutch
    assert_every_part_in_the_voice_of_its_language(said)


@pytest.mark.parametrize("voices", [("ar-SA",), ("ar-SA", "nl-NL"), ("ar-EG", "en-GB", "tr-TR")])
def test_the_language_list_is_read_each_language_by_its_own_voice_or_not_at_all(tablet, voices):
    with_voices(tablet, *voices)
    tablet.goto("/ar/language?next=/ar/")
    said = read_aloud(tablet)
    assert_every_part_in_the_voice_of_its_language(said)
    for name, lang in [("Nederlands", "nl"), ("English", "en"), ("Türkçe", "tr"), ("Polski", "pl")]:
        voice = next((v for v in voices if primary(v) == lang), None)
        expected = [{"text": name, "lang": lang, "voiceLang": voice}] if voice else []
        assert [s for s in said if s["text"] == name] == expected, name


def test_the_dutch_description_runs_left_to_right_with_its_full_stop_at_the_end(tablet, dutch_only):
    tablet.goto(f"/ar/activities/{dutch_only.id}")
    description = tablet.locator("main p", has_text=DESCRIPTION)
    expect(description).to_have_attribute("dir", "ltr")
    first_word, full_stop = description.evaluate("""(p) => {
        const text = p.firstChild, at = (start, end) => {
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, end);
            return range.getBoundingClientRect().x;
        };
        return [at(0, 3), at(text.data.length - 1, text.data.length)];
    }""")
    assert first_word < full_stop  # "Kom" on the left, "." at the right end of the sentence


def test_an_example_phone_number_keeps_its_digit_groups_in_order_in_arabic(tablet, demo):
    tablet.goto("/ar/ask/buddy/")
    for step, values, text in BUDDY[:BUDDY.index(("contact", ["phone"], None)) + 1]:
        expect(tablet).to_have_url(re.compile(f"/ar/ask/buddy/{step}$"))
        answer(tablet, values, text)
    expect(tablet).to_have_url(re.compile("/ar/ask/buddy/phone$"))
    example = tablet.locator(".hint bdi[dir=ltr]")
    expect(example).to_have_text("06 12345678")
    first, second = example.evaluate("""(bdi) => {
        const text = bdi.firstChild, at = (start, end) => {
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, end);
            return range.getBoundingClientRect().x;
        };
        return [at(0, 2), at(3, 11)];
    }""")
    assert first < second  # "06" before "12345678", as the number is written
    phone = tablet.locator("input[type=tel]")
    assert (phone.get_attribute("dir"), phone.get_attribute("inputmode")) == ("ltr", "tel")

"""The words residents read: plain Dutch (B1, preferably A2) as the source, translations that say the same,
and dates in the order and words of each language."""

import datetime as dt
import gettext
import html
import re

import pytest
from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from flask_babel import force_locale

from app import schedule
from app.i18n import date_in_words
from config import BASE_DIR

TRANSLATIONS = BASE_DIR / "translations"
# Tuesday 24 November 2026, 09:00 in Delft.
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)

# Words a low-literate reader does not know, or Dutch that is not Dutch, each with the reason and what to say.
FORBIDDEN = [
    (r"\bdichtstbij staat", "'De dichtstbij' is not Dutch: say 'Wat het dichtstbij is, staat bovenaan'"),
    (r"\bhulpmiddelen\b", "jargon for the top bar: name what the buttons do ('Taal, hulp en voorlezen')"),
    (r"\bmen\b", "formal and vague: say 'ze' or 'mensen'"),
    (r"\btekens\b", "'characters' is unknown to many: say the text is too long, or count 'letters'"),
    (r"\bbon\b", "a till receipt: the code is not on one; say when the resident got the code"),
    (r"inloop", "welfare jargon: say 'binnenlopen' or 'zonder afspraak'"),
    # ("aanmelding", signing up as a volunteer, is everyday Dutch: A2 "zich aanmelden")
    (r"(?<!aan)melding", "an official's word: say 'bericht' or 'zorgen om iemand'"),
    (r"wijkteam", "residents do not know what a wijkteam is: say 'de hulp in uw wijk'"),
    (r"welzijnsorganisatie", "a long official compound: say 'organisaties die mensen helpen'"),
    (r"openbare ruimte", "abstract: name the place ('in de bibliotheek')"),
    (r"toegankelijk", "B2: say for whom ('voor wie slecht loopt of hoort')"),
]
# Makkelijk Lezen: on average under 12 words a sentence; none of our sentences is longer than this.
LONGEST_SENTENCE = 15


def catalogue(lang: str | None = None):
    path = TRANSLATIONS / "messages.pot" if lang is None else TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as po:
        return read_po(po, locale=lang)


def resident_sentences():
    """Every Dutch sentence residents can read: each msgid (both forms of a plural), split at . ? !"""
    for message in catalogue():
        for text in (message.id if isinstance(message.id, tuple) else (message.id,)):
            yield from (s for s in re.split(r"(?<=[.?!])\s+", text) if s)


def page(response) -> str:
    """The page's text with entities decoded (the apostrophe of "п'ятниця" is &#39; in the HTML)."""
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


# Dutch, the source ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "reason"), FORBIDDEN, ids=[p for p, _ in FORBIDDEN])
def test_no_resident_string_uses_a_word_residents_do_not_know(pattern, reason):
    found = [s for s in resident_sentences() if re.search(pattern, s, re.IGNORECASE)]
    assert found == [], reason


def test_no_resident_sentence_is_longer_than_fifteen_words():
    assert [s for s in resident_sentences() if len(s.split()) > LONGEST_SENTENCE] == []


def test_the_results_say_plainly_that_the_nearest_is_on_top(kiosk_client, make_activity, fixed_clock):
    make_activity()
    html = page(kiosk_client.get("/nl/find/results?near=kiosk&day=today"))
    assert "We vonden 1 activiteit. Wat het dichtstbij is, staat bovenaan." in html


def test_the_top_bar_is_named_after_its_buttons(client):
    assert 'aria-label="Taal, hulp en voorlezen"' in page(client.get("/nl/help"))


# Translations ----------------------------------------------------------------------------------------------


def polish_activities(count: int) -> str:
    """The Polish results sentence for `count`, in the form that Babel's plural rule for Polish picks."""
    message = catalogue("pl").get(("We vonden %(num)d activiteit. Wat het dichtstbij is, staat bovenaan.",
                                   "We vonden %(num)d activiteiten. Wat het dichtstbij is, staat bovenaan."))
    form = gettext.c2py(get_plural(Locale.parse("pl")).plural_expr)(count)
    return message.string[form] % {"num": count}


@pytest.mark.parametrize(("count", "words"), [(1, "1 zajęcie."), (2, "2 zajęcia."), (5, "5 zajęć."),
                                              (22, "22 zajęcia."), (25, "25 zajęć.")])
def test_polish_counts_activities_with_the_form_for_one_few_and_many(count, words):
    assert f"Znaleźliśmy {words}" in polish_activities(count)


@pytest.mark.parametrize(("count", "words"), [(1, "1 zajęcie."), (2, "2 zajęcia.")])
def test_polish_results_page_counts_activities(kiosk_client, make_activity, fixed_clock, count, words):
    for _ in range(count):
        make_activity()
    assert f"Znaleźliśmy {words}" in page(kiosk_client.get("/pl/find/results?near=kiosk&day=today"))


# The 7 weekdays in Ukrainian: nominative (what Babel gives) → accusative (what "на" needs).
UKRAINIAN_ACCUSATIVE = {
    "понеділок": "понеділок", "вівторок": "вівторок", "середа": "середу", "четвер": "четвер",
    "п'ятниця": "п'ятницю", "субота": "суботу", "неділя": "неділю",
}
WEEKDAY_AFTER_NA = re.compile(r"\bна\s+(" + "|".join(UKRAINIAN_ACCUSATIVE) + "|"
                              + "|".join(UKRAINIAN_ACCUSATIVE.values()) + ")", re.IGNORECASE)


@pytest.mark.parametrize("offset", range(7))
def test_ukrainian_puts_a_weekday_after_na_only_in_the_accusative(kiosk_client, make_activity, fixed_clock, offset):
    """Nothing on the day asked for: the button offers the next day with something, for every weekday."""
    asked = NOW.date() + dt.timedelta(days=offset + 1)
    next_day = asked + dt.timedelta(days=1)
    make_activity(rrule=f"FREQ=WEEKLY;BYDAY={schedule.DAY_CODES[next_day.weekday()]}")
    html = page(kiosk_client.get(f"/uk/find/results?near=kiosk&day={asked.isoformat()}"))
    with kiosk_client.application.test_request_context("/uk/"), force_locale("uk"):
        weekday = date_in_words(next_day, "EEEE")
    assert weekday in html
    apostrophes_alike = re.sub("[\u02bc\u2019]", "'", html)  # Babel writes пʼятниця with U+02BC
    assert all(word in UKRAINIAN_ACCUSATIVE.values() for word in WEEKDAY_AFTER_NA.findall(apostrophes_alike))


def test_no_ukrainian_string_puts_a_date_straight_after_na():
    """A date or day is filled in by Babel in the nominative: "на %(day)s" would read "на середа"."""
    assert [m.string for m in catalogue("uk") if m.id and re.search(r"\bна\s+%\(", str(m.string))] == []


def test_arabic_says_taqwim_wherever_dutch_says_agenda_or_kalender():
    strings = {m.id: m.string for m in catalogue("ar") if isinstance(m.id, str) and m.id}
    calendar = {mid: s for mid, s in strings.items() if re.search(r"agenda|kalender", mid, re.IGNORECASE)}
    assert len(calendar) >= 12
    assert {mid: s for mid, s in calendar.items() if "تقويم" not in s} == {}
    assert [s for s in strings.values() if re.search("مفكرة|رزنامة|أجندة", s)] == []


# "Coffee and walk in" is a category: drop in for coffee, no appointment. Not "free admission".
DROP_IN = {"ar": ("موعد", "دخول حر"), "tr": ("randevu", "serbest giriş"), "pl": ("bez umawiania", "wolne wejście"),
           "uk": ("без запису", "вільний вхід")}


@pytest.mark.parametrize("lang", sorted(DROP_IN))
def test_the_coffee_category_means_drop_in_without_appointment_not_free_entry(lang):
    without_appointment, free_entry = DROP_IN[lang]
    label = catalogue(lang).get("Binnenlopen voor koffie").string
    assert without_appointment in label and free_entry not in label


def test_the_translators_read_why_a_word_was_chosen():
    """`translate update` extracts `# Translators:` comments into the template and every catalogue."""
    comments = {m.id: " ".join(m.auto_comments) for m in catalogue() if m.auto_comments}
    assert "Translators: a category of activities: drop in for coffee" in comments["Binnenlopen voor koffie"]
    for ambiguous in ("Begin", "Taal", "Wat is uw code?", "Kaartje", "Bronnen"):
        assert ambiguous in comments
    assert comments["Begin"] == comments_in("ar")["Begin"]


def comments_in(lang: str) -> dict:
    return {m.id: " ".join(m.auto_comments) for m in catalogue(lang) if m.auto_comments}


# Dates ----------------------------------------------------------------------------------------------------

WEDNESDAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("lang", "day_and_month", "with_year"),
    [("nl", "woensdag 2 december", "2 december 2026"),
     ("en", "Wednesday, December 2", "December 2, 2026"),
     ("tr", "2 Aralık Çarşamba", "2 Aralık 2026"),
     ("ar", "الأربعاء، 2 ديسمبر", "2 ديسمبر 2026"),
     ("pl", "środa, 2 grudnia", "2 grudnia 2026"),
     ("uk", "середа, 2 грудня", "2 грудня 2026\u202fр.")],
)
def test_a_date_has_the_order_and_words_of_the_language(app, lang, day_and_month, with_year):
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        assert date_in_words(WEDNESDAY) == day_and_month
        assert date_in_words(WEDNESDAY, "yMMMMd") == with_year


def test_a_skeleton_is_matched_once_per_language_not_once_per_date(app, monkeypatch):
    from app import i18n

    matched = []
    real = i18n.match_skeleton
    monkeypatch.setattr(i18n, "match_skeleton", lambda *args: matched.append(args[0]) or real(*args))
    i18n.date_pattern.cache_clear()
    for lang in ("nl", "ar"):
        with app.test_request_context(f"/{lang}/"), force_locale(lang):
            days = {date_in_words(WEDNESDAY + dt.timedelta(days=n)) for n in range(20)}
            assert len(days) == 20
    assert matched == ["MMMMEEEEd", "MMMMEEEEd"]
    i18n.date_pattern.cache_clear()


def test_a_moment_is_shown_on_its_amsterdam_day(app):
    late_evening_utc = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)  # 00:30 on Wednesday in Amsterdam
    with app.test_request_context("/nl/"):
        assert date_in_words(late_evening_utc) == "woensdag 2 december"


@pytest.mark.parametrize(("lang", "thursday"), [("nl", "donderdag 26 november"), ("tr", "26 Kasım Perşembe"),
                                                ("ar", "الخميس، 26 نوفمبر")])
def test_the_days_to_choose_from_are_written_the_way_each_language_writes_them(kiosk_client, fixed_clock, lang,
                                                                               thursday):
    assert thursday in page(kiosk_client.get(f"/{lang}/find/when?near=kiosk"))


def test_dates_are_formatted_in_one_place():
    """Templates and code call date_in_words with a CLDR skeleton; nobody writes a pattern like "EEEE d MMMM"."""
    sources = [*BASE_DIR.glob("app/**/*.py"), *BASE_DIR.glob("templates/**/*.html")]
    own_patterns = [str(path.relative_to(BASE_DIR)) for path in sources if path.name != "i18n.py"
                    and re.search(r"\|dateformat\b|format_date\(|\bEEEE d\b", path.read_text())]
    assert own_patterns == []

"""Plurals through the running app: every plural message, in every language, reads the form that
Babel's own rule for the language picks, on residents' pages and in the back office alike."""

import math
import re

import pytest
from flask import session
from flask_babel import ngettext

from app import geo, schedule
from config import Config

from .conftest import TUESDAY_MORNING
from .plurals import NUMBERS, expected, plural_messages

KIOSK_POINT = {"lat": 51.9960, "lon": 4.3400}  # where make_kiosk puts the tablet
NINE_MINUTES_NORTH_M = 355  # straight line; along streets about 8.5 minutes, rounded up to 9


def page(response) -> str:
    return response.get_data(as_text=True)


def rendered(app, path: str, singular: str, plural: str, number: int, **session_values) -> str:
    """The message as a request for `path` renders it: a fresh app context, the request's own hooks."""
    with app.app_context(), app.test_request_context(path):
        session.update(session_values)
        app.preprocess_request()
        return ngettext(singular, plural, number)


@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_every_plural_message_of_the_residents_reads_the_form_babel_picks(app, lang):
    wrong = [
        (singular, number, text)
        for singular, plural in plural_messages()
        for number in NUMBERS
        if (text := rendered(app, f"/{lang}/", singular, plural, number)) != expected(lang, singular, number)
    ]
    assert wrong == []


@pytest.mark.parametrize("lang", Config.STAFF_LANGUAGES)
def test_every_plural_message_of_the_back_office_reads_the_form_babel_picks(app, lang):
    wrong = [
        (singular, number, text)
        for singular, plural in plural_messages("staff")
        for number in NUMBERS
        if (text := rendered(app, "/staff/sign-in", singular, plural, number, staff_lang=lang))
        != expected(lang, singular, number, "staff")
    ]
    assert plural_messages("staff") and wrong == []


@pytest.fixture
def tuesday_morning(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: TUESDAY_MORNING.replace(tzinfo=schedule.TZ))


@pytest.mark.parametrize(("lang", "nine_minutes"), [
    ("ar", "9 دقائق مشيًا"), ("pl", "9 minut pieszo"), ("uk", "9 хвилин пішки"), ("nl", "9 minuten lopen"),
])
def test_a_result_card_shows_a_nine_minute_walk_in_the_plural_of_the_language(
        kiosk_client, make_activity, make_place, tuesday_morning, lang, nine_minutes):
    north = KIOSK_POINT["lat"] + math.degrees(NINE_MINUTES_NORTH_M / geo.EARTH_RADIUS_M)
    assert geo.walking_minutes(geo.distance_m(north, KIOSK_POINT["lon"], KIOSK_POINT["lat"], KIOSK_POINT["lon"])) == 9
    make_activity(place=make_place(lat=north, lon=KIOSK_POINT["lon"]))
    html = page(kiosk_client.get(f"/{lang}/find/results?near=kiosk&day=today"))
    assert re.findall(r'<li class="meta-item">([^<]*\b9\b[^<]*)</li>', html) == [nine_minutes]


def test_a_staff_request_refused_before_any_view_still_gets_the_back_offices_words(strict_app):
    """The back office's catalogue is chosen before CSRF protection can refuse the request."""
    client = strict_app.test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page(client.get("/staff/sign-in"))).group(1)
    client.post("/staff/language", data={"language": "en", "next": "/staff/sign-in", "csrf_token": csrf})
    refused = client.post("/staff/sign-in", data={"email": "ria@delft.example", "password": "x"})
    assert refused.status_code == 400
    assert "We could not process that" in page(refused)


def test_the_inbox_counts_one_request_in_the_singular(staff_client, delft, make_request):
    make_request(delft)
    assert "<p>1 vraag</p>" in page(staff_client.get("/staff/"))
    staff_client.post("/staff/language", data={"language": "en", "next": "/staff/"})
    assert "<p>1 request</p>" in page(staff_client.get("/staff/"))


def countdown_sentences(html: str) -> list[str]:
    template = re.search(r'<template id="countdown-sentences">(.*?)</template>', html, re.S).group(1)
    return re.findall(r"<span>([^<]*)</span>", template)


@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_the_kiosk_countdown_has_a_sentence_in_the_right_plural_for_every_second_it_shows(kiosk_client, lang):
    sentences = countdown_sentences(page(kiosk_client.get(f"/{lang}/")))
    assert len(sentences) == Config.KIOSK_COUNTDOWN_SECONDS + 1  # from 0 up to the whole countdown
    singular = "Over %(num)d seconde beginnen we opnieuw."
    assert [sentences[n] for n in NUMBERS if n < len(sentences)] == [
        expected(lang, singular, n) for n in NUMBERS if n < len(sentences)]

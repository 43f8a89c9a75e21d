"""Start, home, language, help, about, health, headers and error pages, through the test client."""

import re

import pytest
from babel import Locale

from app import create_app
from app.extensions import db
from config import Config, TestConfig

from .test_finder import page

LANGUAGES = Config.LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_answers_in_its_language_and_direction(client, lang):
    for path in ("", "help", "about", "language?next=/nl/find"):
        response = client.get(f"/{lang}/{path}")
        assert response.status_code == 200, path
        direction = Locale.parse(lang).text_direction
        assert f'<html lang="{lang}" dir="{direction}">' in page(response), path


def test_start_offers_every_language_in_its_own_name_and_script(client):
    html = page(client.get("/"))
    for code, name in [("nl", "Nederlands"), ("en", "English"), ("ar", "العربية"), ("tr", "Türkçe"),
                       ("pl", "Polski"), ("uk", "Українська")]:
        direction = Locale.parse(code).text_direction
        assert f'href="/{code}/" hreflang="{code}" lang="{code}" dir="{direction}"' in html and name in html
    assert 'dir="rtl"><span class="choice-label">العربية' in html


def test_start_follows_the_browser_language_when_not_a_kiosk(client):
    assert '<html lang="pl"' in page(client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9"}))


def test_the_translations_are_used(client):
    assert "What would you like to do?" in page(client.get("/en/"))
    assert "ماذا تريد أن تفعل؟" in page(client.get("/ar/"))


def test_every_page_has_start_over_read_aloud_language_and_help(client):
    for path in ("/nl/", "/nl/find", "/nl/about", "/ar/help"):
        html = page(client.get(path))
        assert 'action="/start-over"' in html and "data-read-aloud" in html
        assert "/language?next=" in html and '/help"' in html


def test_the_language_page_links_to_the_same_page_in_each_language(client):
    html = page(client.get("/nl/language?next=/nl/find/when%3Fpc%3D2625"))
    assert 'href="/ar/find/when?pc=2625"' in html and 'href="/uk/find/when?pc=2625"' in html


@pytest.mark.parametrize("bad", ["https://evil.example/", "//evil.example/", "/xx/", "javascript:alert(1)",
                                 "/nl/\\evil", "/" + "a" * 5000])
def test_the_language_page_never_sends_anyone_elsewhere(client, bad):
    response = client.get("/nl/language", query_string={"next": bad})
    assert response.status_code == 200
    html = page(response)
    assert 'href="/en/"' in html
    assert not re.search(r'href="(https?:|//|javascript:|/\\)', html)


def test_help_shows_the_wijkteam_number_of_the_municipality(client, make_municipality):
    make_municipality(help_phone="14 015")
    html = page(client.get("/nl/help"))
    assert "Delft" in html and 'href="tel:14015"' in html and "112" in html


def test_about_names_the_open_data_sources_and_says_examples_are_invented(client):
    html = page(client.get("/en/about"))
    assert "© CBS, Wijk- en Buurtkaart (CC BY)" in html and "GeoNames" in html and "OpenMoji" in html
    assert "made up" in html


def test_healthz_is_200_when_the_database_answers(client):
    assert client.get("/healthz").status_code == 200


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path):
    class Broken(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path}/no/such/dir/db.sqlite"

    assert create_app(Broken).test_client().get("/healthz").status_code == 503


def test_pages_carry_strict_security_headers_and_are_never_cached(client):
    response = client.get("/nl/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers
    assert "Strict-Transport-Security" in client.get("/nl/", base_url="https://localhost").headers
    static = client.get("/static/css/app.css")
    assert "max-age" in static.headers["Cache-Control"]
    static.close()


@pytest.mark.parametrize("path", ["/xx/", "/nl/nothing-here", "/favicon.ico", "/nl/find/" + "x" * 3000])
def test_unknown_pages_get_a_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Naar het begin" in page(response) or "404" not in page(response)


def test_a_404_under_a_language_speaks_that_language(client):
    assert "This page does not exist" in page(client.get("/en/nothing-here"))


def test_no_page_uses_inline_script_or_style(client):
    for path in ("/", "/nl/", "/nl/find", "/nl/about"):
        html = page(client.get(path))
        assert "<script>" not in html and "style=" not in html and "onclick" not in html


@pytest.mark.parametrize("path", ["/nl/find/results?pc=26%0025", "/nl/find/results?area=WK%00", "/nl/calendar/%00",
                                  "/nl/find/neighbourhood?town=delft%00"])
def test_a_nul_byte_anywhere_is_a_400_not_a_500(client, path):
    assert client.get(path).status_code == 400


def test_a_nul_byte_in_a_cookie_is_a_400(client):
    client.set_cookie("vangnet_kiosk", "a\x00b")
    assert client.get("/nl/").status_code == 400


def test_behind_a_trusted_proxy_https_gets_hsts():
    class Proxied(TestConfig):
        TRUST_PROXY = True

    proxied = create_app(Proxied)
    response = proxied.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
    with proxied.app_context():
        db.engine.dispose()  # its own pool: on PostgreSQL an open connection would outlive the test

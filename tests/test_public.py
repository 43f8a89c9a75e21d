"""Start, home, language, help, about, health, headers and error pages, through the test client."""

import re

import pytest
from babel import Locale
from flask import url_for
from flask_babel import force_locale, gettext

from app import create_app
from app.drafts import MAX_AGE
from app.extensions import db
from app.static_files import static_url
from config import Config, TestConfig

from .helpers import page

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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_offers_i_have_a_code_with_a_pictogram_in_every_language(client, lang):
    html = page(client.get(f"/{lang}/"))
    choice = re.search(rf'<a class="choice" href="/{lang}/ask/status">(.*?)</a>', html, re.S)
    assert choice and re.search(r"pictograms/code\.[0-9a-f]+\.svg", choice.group(1))
    with force_locale(lang):
        assert gettext("Ik heb een code") in choice.group(1)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_offers_checking_a_request_with_a_code_in_every_language(client, lang):
    html = page(client.get(f"/{lang}/help"))
    link = re.search(rf'<a [^>]*href="/{lang}/ask/status"[^>]*>(.*?)</a>', html, re.S)
    assert link
    with force_locale(lang):
        assert gettext("Kijk hoe het gaat met een vraag") in link.group(1)


ABOUT_SECTIONS = {  # id → its heading in Dutch: what PRODUCT.md asks About to tell
    "who-sees": "Wie ziet uw antwoorden?",
    "how-long": "Hoe lang bewaren wij uw antwoorden?",
    "removal": "Wilt u dat wij uw gegevens wissen?",
    "sources": "Bronnen",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_about_says_who_sees_how_long_how_to_remove_and_the_sources_in_every_language(client, lang):
    html = page(client.get(f"/{lang}/about"))
    for section_id, heading in ABOUT_SECTIONS.items():
        section = re.search(rf'<section id="{section_id}"[^>]*>\s*<h2>(.*?)</h2>(.*?)</section>', html, re.S)
        assert section, section_id
        with force_locale(lang):
            assert section.group(1) == gettext(heading)
        assert lang == "nl" or section.group(1) != heading, section_id  # translated, not left in Dutch
        assert len(re.sub(r"<[^>]+>", "", section.group(2)).split()) >= 5, section_id


def test_about_tells_what_the_code_really_does_with_answers(app, client):
    """Drafts go after 24 hours (`privacy purge`); the rest repeats what the send page asks consent for."""
    html = page(client.get("/nl/about"))
    consent, _, _ = app.jinja_env.loader.get_source(app.jinja_env, "asks/send.html")
    assert "na 24 uur" in html and MAX_AGE.total_seconds() == 24 * 3600
    for promise in ("Als wij klaar zijn, wissen wij uw gegevens.",
                    "U mag altijd vragen wat wij van u weten. U mag ook vragen om alles te wissen."):
        assert promise in html and promise in consent
    assert "/nl/help" in html and "code" in html


def test_no_sentence_on_about_in_dutch_is_longer_than_fifteen_words(client):
    html = page(client.get("/nl/about"))
    main = re.search(r"<main[^>]*>(.*)</main>", html, re.S).group(1)
    text = re.sub(r"<[^>]+>", " ", main)
    sentences = [s.split() for s in re.split(r"(?<=[.?!:])\s+|\n", text) if s.strip()]
    long_ones = [" ".join(words) for words in sentences if len(words) > 15]
    assert len(sentences) > 20 and long_ones == []


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


def test_the_top_bar_is_made_once_per_language_yet_links_back_to_each_page_with_each_visitor_s_token(app):
    """ui.per_language: the frame of a page is rendered once per language and then only filled in."""
    first, second = app.test_client(), app.test_client()
    first.get("/nl/"), first.get("/ar/")
    rendered = []
    real_get_template = app.jinja_env.get_template

    def noted(name, *args, **kwargs):
        rendered.append(name)
        return real_get_template(name, *args, **kwargs)

    app.jinja_env.get_template = noted
    try:
        about = page(second.get("/nl/about"))
        home = page(first.get("/nl/"))
        arabic = page(second.get("/ar/about"))
    finally:
        app.jinja_env.get_template = real_get_template
    assert "_topbar.html" not in rendered and "_footer.html" not in rendered
    assert 'href="/nl/language?next=/nl/about' in about and 'href="/nl/language?next=/nl/' in home
    assert 'href="/ar/help"' in arabic and 'href="/nl/help"' in about
    tokens = [re.search(r'name="csrf_token" value="([^"]+)"', html).group(1) for html in (about, home)]
    assert tokens[0] != tokens[1]


def test_static_url_is_url_for_s_hashed_url(app):
    with app.test_request_context("/nl/"):
        for filename in ("css/app.css", "pictograms/meet.svg", "no/such.file"):
            assert static_url(filename) == url_for("static", filename=filename)

"""Languages: the language is the first part of every resident URL (`/ar/find`), so that a QR code
or a shared link keeps it. Pages outside the language prefix (`/`) use the kiosk's default language
or what the browser asks for."""

import datetime as dt
import re

from babel.dates import match_skeleton
from flask import Flask, abort, current_app, g, request, session
from flask_babel import Domain, format_date, get_locale
from flask_login import current_user
from werkzeug.routing import BaseConverter

from .extensions import babel

# Each language in its own name and script, as the start page shows it.
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
}


STAFF_BLUEPRINTS = ("auth", "inbox", "admin")


def staff_locale() -> str:
    """The back office speaks Dutch, or English for whoever chose it."""
    if current_user.is_authenticated:
        return current_user.language
    chosen = session.get("staff_lang")
    return chosen if chosen in current_app.config["STAFF_LANGUAGES"] else "nl"


def is_staff_request() -> bool:
    return request.blueprint in STAFF_BLUEPRINTS


def select_locale() -> str:
    if is_staff_request():
        return staff_locale()
    lang = g.get("lang")
    if lang:
        return lang
    prefix = request.path.split("/")[1]  # an error page under /ar/… speaks Arabic too
    if prefix in current_app.config["LANGUAGES"]:
        return prefix
    kiosk = g.get("kiosk")
    if kiosk is not None:
        return kiosk.default_language
    return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "nl"


def page_language() -> str:
    return str(get_locale())


def text_direction(lang: str) -> str:
    return "rtl" if lang in current_app.config["RTL_LANGUAGES"] else "ltr"


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


# A run of one pattern letter, or a quoted literal ('р'. in Ukrainian years) that is left alone.
PATTERN_FIELD = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*")
WEEKDAY_LETTERS = "Eec"


def date_in_words(value: dt.date | dt.datetime, skeleton: str = "MMMMEEEEd") -> str:
    """A date in the words and order of the page's language. The skeleton names the fields (CLDR:
    "MMMMEEEEd" weekday, day and month name; "yMMMMd" day, month name and year; "EEEE" the weekday);
    the language puts them in its own order: "woensdag 2 december", "2 Aralık Çarşamba". A datetime
    is shown on its Amsterdam day."""
    locale = get_locale()
    pattern = locale.datetime_skeletons[match_skeleton(skeleton, locale.datetime_skeletons)].pattern
    return format_date(value, with_weekday_width(pattern, skeleton.count("E")))


def with_weekday_width(pattern: str, width: int) -> str:
    """CLDR stores "MMMMEd" (short weekday) for "MMMMEEEEd": give the weekday the width asked for,
    as ICU's pattern generator does ("E d MMMM" → "EEEE d MMMM")."""

    def widen(field: re.Match) -> str:
        letter = field.group(1)
        if not width or letter is None or letter not in WEEKDAY_LETTERS:
            return field.group(0)
        return letter * max(width, 3)  # "c" alone would be the weekday's number

    return PATTERN_FIELD.sub(widen, pattern)


def same_page_in(lang: str, path: str) -> str:
    """The path of the same page in another language: `/nl/find?x=1` → `/ar/find?x=1`."""
    return re.sub(r"^/[a-z]{2}(?=/|$)", "/" + lang, path, count=1)


class LanguageConverter(BaseConverter):
    """Two lowercase letters: `/favicon.ico` or `/robots.txt` never look like a language."""

    regex = "[a-z]{2}"


def staff_catalogues(app: Flask) -> Domain:
    """The back office reads the residents' catalogue (the answers' labels, the form macro) with its
    own on top. Flask-Babel 4 merges several domains into one Translations object that takes the plural
    rule of the last domain it loads, even of one that has no catalogue for the locale: then it gets
    the two-form rule of gettext's default, and Arabic, Polish and Ukrainian lose their plurals
    (python-babel/flask-babel#241, not released). So the merge is kept to the back office, whose
    languages have both catalogues or (Dutch, the source) neither; residents' pages read `messages`
    alone (BABEL_DOMAIN). tests/test_catalogues.py holds the back office's languages to that."""
    directory = app.config["BABEL_TRANSLATION_DIRECTORIES"]
    return Domain([directory, directory], "messages;staff")


def init_app(app: Flask) -> None:
    app.url_map.converters["lang"] = LanguageConverter
    babel.init_app(app, locale_selector=select_locale)
    staff_domain = staff_catalogues(app)

    # A URL value preprocessor because these run before every before_request function: a refused
    # CSRF token or request is already answered with the back office's own error page and words.
    @app.url_value_preprocessor
    def choose_catalogues(endpoint, values):
        if is_staff_request():
            staff_domain.as_default()

    @app.url_value_preprocessor
    def pop_language(endpoint, values):
        if values and "lang" in values:
            lang = values.pop("lang")
            if lang not in app.config["LANGUAGES"]:
                abort(404)
            g.lang = lang

    @app.url_defaults
    def add_language(endpoint, values):
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = page_language()

    @app.context_processor
    def language_context():
        lang = page_language()
        return {
            "page_lang": lang,
            "page_dir": text_direction(lang),
            "languages": app.config["LANGUAGES"],
        }

    app.add_template_filter(language_name)
    app.add_template_filter(date_in_words)

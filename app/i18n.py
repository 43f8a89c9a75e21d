"""Languages: the language is the first part of every resident URL (`/ar/find`), so that a QR code
or a shared link keeps it. Pages outside the language prefix (`/`) use the kiosk's default language
or what the browser asks for."""

import datetime as dt
import functools
import json
import re

from babel import Locale, UnknownLocaleError
from babel.dates import match_skeleton
from flask import Flask, abort, current_app, g, has_request_context, request, session
from flask_babel import Domain, format_date, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape
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


# What read aloud says instead of a text in a language it has no voice for: never another voice.
TEXT_IS_IN = {
    "nl": _l("Deze tekst is in het Nederlands."),
    "en": _l("Deze tekst is in het Engels."),
    "ar": _l("Deze tekst is in het Arabisch."),
    "tr": _l("Deze tekst is in het Turks."),
    "pl": _l("Deze tekst is in het Pools."),
    "uk": _l("Deze tekst is in het Oekraïens."),
}
TEXT_IS_IN_ANOTHER_LANGUAGE = _l("Deze tekst is in een andere taal.")

def staff_locale() -> str:
    """The back office speaks Dutch, or English for whoever chose it."""
    if current_user.is_authenticated:
        return current_user.language
    chosen = session.get("staff_lang")
    return chosen if chosen in current_app.config["STAFF_LANGUAGES"] else "nl"


def is_staff_request() -> bool:
    """Every back-office page lives under /staff: its language is the staff member's, not the URL's."""
    return request.path == "/staff" or request.path.startswith("/staff/")


def select_locale() -> str:
    if not has_request_context():  # a command (`volunteers import`) speaks the source language
        return "nl"
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


def locale_without_database() -> str:
    """The page's language for an answer made while the database is gone: the back office's from the
    session (not the signed-in user's row), the resident's from the URL."""
    if is_staff_request():
        chosen = session.get("staff_lang")
        return chosen if chosen in current_app.config["STAFF_LANGUAGES"] else "nl"
    return select_locale()


def page_language() -> str:
    return str(get_locale())


@functools.cache
def text_direction(lang: str) -> str:
    """"rtl" or "ltr" for a language, as Babel (CLDR) knows it; "auto" for a code it does not know."""
    try:
        return Locale.parse(lang).text_direction
    except (UnknownLocaleError, ValueError):
        return "auto"


def lang_attrs(lang: str | None, always: bool = False) -> Markup:
    """The `lang` and `dir` of an element whose text is in another language than the page: nothing when
    it is the page's own language (unless `always`), only `dir="auto"` when the language is unknown
    (what a resident typed). The browser then sets it in the right direction, and read aloud knows
    which voice may read it."""
    if lang is None:
        return Markup(' dir="auto"')
    if lang == page_language() and not always:
        return Markup("")
    return Markup(' lang="%s" dir="%s"') % (lang, text_direction(lang))


def in_lang(text, lang: str | None, always: bool = False) -> Markup:
    """`text` in a span with its own `lang` and `dir` when its language is not the page's."""
    attrs = lang_attrs(lang, always)
    return Markup("<span%s>%s</span>") % (attrs, text) if attrs else escape(text)


def phone_number(number: str) -> Markup:
    """A phone number kept left to right: "0800 0113" must not become "0113 0800" in Arabic."""
    return Markup('<bdi dir="ltr" translate="no">%s</bdi>') % number


class WithNumbers:
    """A sentence whose phone numbers are placeholders: `WithNumbers(_l("Bel %(number)s"), number="112")`.

    The numbers are never translated; in HTML each one is kept left to right (`phone_number`), as plain
    text they are just put in.
    """

    def __init__(self, sentence, **numbers: str):
        self.sentence = sentence
        self.numbers = numbers

    def __str__(self) -> str:
        return str(self.sentence) % self.numbers

    def __html__(self) -> Markup:
        return escape(str(self.sentence)) % {key: phone_number(number) for key, number in self.numbers.items()}


def read_aloud_notes() -> str:
    """What read aloud says, in the page's language, for a part in a language it has no voice for.

    The same on every page of a language (and catalogue): made once per process, not on every request."""
    cache = current_app.extensions.setdefault("read_aloud_notes", {})
    key = (page_language(), has_request_context() and is_staff_request())
    notes = cache.get(key)
    if notes is None:
        languages = current_app.config["LANGUAGES"]
        by_code = {code: str(TEXT_IS_IN.get(code, TEXT_IS_IN_ANOTHER_LANGUAGE)) for code in languages}
        by_code["*"] = str(TEXT_IS_IN_ANOTHER_LANGUAGE)
        notes = cache[key] = json.dumps(by_code, ensure_ascii=False)
    return notes


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
    return format_date(value, date_pattern(str(get_locale()), skeleton))


@functools.lru_cache(maxsize=256)
def date_pattern(locale: str, skeleton: str) -> str:
    """The language's pattern for a skeleton, found once per process: matching a skeleton against
    CLDR's list took a tenth of a finder request (bench/finder-mix --profile), once per card."""
    skeletons = Locale.parse(locale).datetime_skeletons
    pattern = skeletons[match_skeleton(skeleton, skeletons)].pattern
    return with_weekday_width(pattern, skeleton.count("E"))


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
    app.add_template_filter(text_direction)
    app.add_template_filter(date_in_words)
    app.add_template_filter(in_lang)
    app.add_template_filter(phone_number)
    app.add_template_global(lang_attrs)
    app.add_template_global(read_aloud_notes)

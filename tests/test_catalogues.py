"""Every shipped language is complete: no empty or fuzzy entries, placeholders intact, and the
template holds exactly the strings in the code."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from app.cli import EXTRACT_OPTIONS
from config import BASE_DIR, Config

TRANSLATIONS = BASE_DIR / "translations"
SHIPPED = [lang for lang in Config.LANGUAGES if lang != "nl"]  # nl is the source language
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


# (language, catalogue): the residents' in every shipped language, the back office's in English.
CATALOGUES = [*((lang, "messages") for lang in SHIPPED), ("en", "staff")]
IDS = [f"{lang}-{domain}" for lang, domain in CATALOGUES]


def catalogue(lang: str, domain: str = "messages"):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as po:
        return read_po(po, locale=lang)


def ids_and_strings(message):
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return ids, strings


@pytest.mark.parametrize(("lang", "domain"), CATALOGUES, ids=IDS)
def test_catalogue_is_complete_without_fuzzy_entries(lang, domain):
    missing = [m.id for m in catalogue(lang, domain) if m.id and (m.fuzzy or not all(ids_and_strings(m)[1]))]
    assert missing == []


@pytest.mark.parametrize(("lang", "domain"), CATALOGUES, ids=IDS)
def test_placeholders_survive_translation(lang, domain):
    """The same placeholders; a plural form may leave out the number ("one", "two" in Arabic)."""
    broken = []
    for message in catalogue(lang, domain):
        ids, strings = ids_and_strings(message)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            found = set(PLACEHOLDER.findall(string))
            if found - expected or (len(ids) == 1 and found != expected):
                broken.append((message.id, string))
    assert broken == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_plural_forms_are_those_babel_knows(lang):
    plural = get_plural(Locale.parse(lang))
    assert catalogue(lang).plural_forms == f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


@pytest.mark.parametrize(("lang", "domain"), CATALOGUES, ids=IDS)
def test_catalogue_holds_exactly_the_strings_of_the_template(lang, domain):
    with open(TRANSLATIONS / f"{domain}.pot", "rb") as pot:
        template = {m.id for m in read_po(pot) if m.id}
    assert {m.id for m in catalogue(lang, domain) if m.id} == template


@pytest.mark.parametrize(("domain", "mapping"), [("messages", "babel.cfg"), ("staff", "babel-staff.cfg")])
def test_extract_leaves_the_template_unchanged(tmp_path: Path, domain, mapping):
    """Every string in the code is in the template, with its translator comments: nobody forgot
    `translate update`."""
    fresh = tmp_path / f"{domain}.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", *EXTRACT_OPTIONS, "-F", mapping,
         "-o", str(fresh), "."],
        check=True, cwd=BASE_DIR, capture_output=True,
    )
    with open(fresh, "rb") as new, open(TRANSLATIONS / f"{domain}.pot", "rb") as old:
        assert ids_and_comments(read_po(new)) == ids_and_comments(read_po(old))


def ids_and_comments(template):
    return {(m.id, tuple(m.auto_comments)) for m in template if m.id}


def test_the_back_office_catalogue_is_english_only():
    """Residents' languages stay free of back-office words: staff read Dutch or English."""
    assert sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/staff.po")) == ["en"]


def test_every_back_office_language_has_both_catalogues_it_reads():
    """Staff pages read `messages` and `staff` merged (app/i18n.py): a language with only one of the
    two would get gettext's two-form plural rule instead of its own."""
    languages = [lang for lang in Config.STAFF_LANGUAGES if lang != "nl"]  # nl is the source: neither
    missing = [(lang, domain) for lang in languages for domain in ("messages", "staff")
               if not (TRANSLATIONS / lang / "LC_MESSAGES" / f"{domain}.po").exists()]
    assert languages and missing == []

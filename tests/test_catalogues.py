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

from config import BASE_DIR, Config

TRANSLATIONS = BASE_DIR / "translations"
SHIPPED = [lang for lang in Config.LANGUAGES if lang != "nl"]  # nl is the source language
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalogue(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang)


def ids_and_strings(message):
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return ids, strings


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalogue_is_complete_without_fuzzy_entries(lang):
    missing = [m.id for m in catalogue(lang) if m.id and (m.fuzzy or not all(ids_and_strings(m)[1]))]
    assert missing == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_placeholders_survive_translation(lang):
    """The same placeholders; a plural form may leave out the number ("one", "two" in Arabic)."""
    broken = []
    for message in catalogue(lang):
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


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalogue_holds_exactly_the_strings_of_the_template(lang):
    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        template = {m.id for m in read_po(pot) if m.id}
    assert {m.id for m in catalogue(lang) if m.id} == template


def test_extract_leaves_the_template_unchanged(tmp_path: Path):
    """Every string in the code is in the template: nobody forgot `translate update`."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "--no-location", "--sort-output", "-o", str(fresh), "."],
        check=True, cwd=BASE_DIR, capture_output=True,
    )
    with open(fresh, "rb") as new, open(TRANSLATIONS / "messages.pot", "rb") as old:
        assert {m.id for m in read_po(new) if m.id} == {m.id for m in read_po(old) if m.id}

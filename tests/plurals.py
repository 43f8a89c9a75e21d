"""What a plural message should read, worked out apart from the app: Babel's CLDR plural rule for the
locale picks the category of a number ("one", "few", "many" …), and the category's place among the
locale's gettext forms gives the msgstr of the .po file (Dutch, the source, reads msgid / msgid_plural).

Gettext lists the forms in CLDR's order (zero, one, two, few, many, other); a locale whose "other" is
only for fractions (Polish, Ukrainian) has one gettext form fewer, so whole numbers never reach it.
"""

import functools

from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from config import BASE_DIR

TRANSLATIONS = BASE_DIR / "translations"
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
NUMBERS = (0, 1, 2, 3, 5, 11, 22, 101)


def form_index(lang: str, number: int) -> int:
    """Which msgstr[index] Babel's rule for `lang` gives `number`."""
    locale = Locale.parse(lang)
    categories = [c for c in CLDR_ORDER if c in locale.plural_form.rules or c == "other"]
    forms = categories[:get_plural(locale).num_plurals]
    return forms.index(locale.plural_form(number))


@functools.cache
def catalogue(lang: str, domain: str = "messages"):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as po:
        return read_po(po, locale=lang)


@functools.cache
def plural_messages(domain: str = "messages") -> list[tuple[str, str]]:
    """(singular, plural) of every plural message in the domain's template."""
    with open(TRANSLATIONS / f"{domain}.pot", "rb") as pot:
        return [m.id for m in read_po(pot) if isinstance(m.id, tuple)]


def forms(lang: str, singular: str, domain: str = "messages") -> tuple[str, ...]:
    """Every form of a plural message in `lang`: the .po file's msgstr, or the template's own in Dutch."""
    if lang == "nl":
        return next(ids for ids in plural_messages(domain) if ids[0] == singular)
    return catalogue(lang, domain).get(singular).string


def expected(lang: str, singular: str, number: int, domain: str = "messages") -> str:
    """The form Babel's rule picks for `number`, with the number filled in."""
    return forms(lang, singular, domain)[form_index(lang, number)] % {"num": number}

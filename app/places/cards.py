"""The finder's result cards, prepared in Python: every string a card shows, so that the template is one
flat macro without calls.

The card's data come as plain rows (finder.Card); what is the same on every card of a language (the
labels, the pictogram URLs) is made once per process and language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import format_currency, get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from .. import schedule
from ..categories import CATEGORIES
from ..i18n import in_lang, lang_attrs
from .finder import Result, Search


@dataclass(frozen=True)
class CardWords:
    """What every card of a page's language says the same way."""

    free: str
    example: str
    step_free: str
    signup_required: str
    walk_in: str
    dutch_attrs: Markup  # lang and dir of a place's (Dutch) name, empty on a Dutch page


@dataclass(frozen=True)
class CardView:
    href: str
    pictogram: str
    title: Markup
    when: str
    place_name: str
    is_example: bool
    walking: str
    cost: str
    step_free: bool
    signup: str


def card_words() -> CardWords:
    """The card's fixed words in the page's language, made once per process and language."""
    cache = current_app.extensions.setdefault("finder_card_words", {})
    locale = str(get_locale())
    words = cache.get(locale)
    if words is None:
        words = cache[locale] = CardWords(
            free=_("Gratis"), example=_("Voorbeeld"), step_free=_("Ingang zonder drempel"),
            signup_required=_("Aanmelden nodig"), walk_in=_("U kunt zo binnenlopen"), dutch_attrs=lang_attrs("nl"),
        )
    return words


def pictogram_url(name: str) -> str:
    """The fingerprinted URL of a pictogram, found once per process (url_for is slow at 20 cards a page)."""
    cache = current_app.extensions.setdefault("finder_pictogram_urls", {})
    url = cache.get(name)
    if url is None:
        url = cache[name] = url_for("static", filename=f"pictograms/{name}.svg")
    return url


HREF_MARK = 987_654_321_012_345


def card_views(results: list[Result], search: Search, now: dt.datetime) -> list[CardView]:
    words = card_words()
    # One url_for a page, not one a card: the address is the same but for the activity's number, which
    # is the first run of these digits in it (the path comes before the query string).
    before, after = url_for("places.activity", activity_id=HREF_MARK, **dict(search.origin.params)) \
        .split(str(HREF_MARK), 1)
    views = []
    for result in results:
        card = result.card
        views.append(CardView(
            href=f"{before}{card.id}{after}",
            pictogram=pictogram_url(CATEGORIES[card.category][1]),
            title=in_lang(card.title, card.title_lang),
            when=schedule.when_in_words(result.occurrence, now),
            place_name=card.place_name,
            is_example=card.is_example,
            walking=ngettext("%(num)d minuut lopen", "%(num)d minuten lopen", result.walking_minutes),
            cost=words.free if card.cost_cents == 0 else format_currency(card.cost_cents / 100, "EUR"),
            step_free=card.step_free,
            signup=words.signup_required if card.signup_required else words.walk_in,
        ))
    return views

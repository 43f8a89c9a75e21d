"""Walking the asking wizards in Chromium with touch: the answers of a whole request, and the steps."""

import re

from playwright.sync_api import expect

from .checks import assert_accessible, assert_touch_targets
from .conftest import tap

CANARY_NAME = "Xylofoonia"
CANARY_PHONE = "06 2468 1357"

# (step, option values to tap, text to fill): answers that do not depend on the page's language.
BUDDY = [
    ("for-whom", ["me"], None),
    ("wishes", ["walk", "games"], None),
    ("days", ["tu"], None),
    ("times", ["morning"], None),
    ("languages", [], None),  # the page language is ticked already
    ("preference", ["any"], None),
    ("where", ["postcode"], None),
    ("postcode", [], "2625"),
    ("contact", ["phone"], None),
    ("phone", [], CANARY_PHONE),
    ("name", [], CANARY_NAME),
]
WORRY = [
    ("urgency", ["worried"], None),
    ("worries", ["lonely", "house"], None),
    ("story", [], ""),
    ("where", ["neighbourhood"], None),
    ("town", ["first"], None),
    ("wijk", ["first"], None),
    ("street", [], ""),
    ("who", [], ""),
    ("contact", ["anonymous"], None),
]
HELP = [
    ("roles", ["maatje"], None),
    ("interests", ["walk", "coffee"], None),
    ("helps-whom", ["anyone"], None),
    ("days", ["tu"], None),
    ("times", ["afternoon"], None),
    ("languages", [], None),  # the page language is ticked already
    ("gender", ["unsaid"], None),
    ("postcode", [], "2625"),
    ("contact", ["phone"], None),
    ("phone", [], CANARY_PHONE),
    ("name", [], CANARY_NAME),  # the first name; the surname may stay empty
]
GO_ALONG = [
    ("for-whom", ["me"], None),
    ("languages", [], None),
    ("preference", ["woman"], None),
    ("contact", ["come_by"], None),
    ("name", [], CANARY_NAME),
]


def check_page(page):
    assert_accessible(page)
    assert_touch_targets(page)


def go_on(page):
    tap(page, page.locator("main form[novalidate] button[type=submit]"))


def answer(page, values, text):
    for value in values:
        option = page.locator("label.choice:has(input[type=radio])").first if value == "first" else \
            page.locator(f'label.choice:has(input[value="{value}"])')
        tap(page, option)
    if text is not None:
        page.locator(".field textarea, .field input:not([type=radio], [type=checkbox])").first.fill(text)
    go_on(page)


def walk(page, lang, wizard, steps, check=True):
    """Answer each page in turn, checking each as it is shown; ends on the check page."""
    for step, values, text in steps:
        expect(page).to_have_url(re.compile(f"/{lang}/ask/{wizard}/{step}$"))
        if check:
            check_page(page)
        answer(page, values, text)
    expect(page).to_have_url(re.compile(f"/{lang}/ask/{wizard}/check$"))

"""What a resident does at the tablet: find something today near the tablet and take it along (QR, ticket,
.ics). What every page has (language, read aloud, idle reset, start over) is in test_chrome.py."""

import re

from playwright.sync_api import expect

from .conftest import DESKTOP, TABLET, make_kiosk_browser, new_page, tap


def test_find_something_today_near_the_tablet_and_take_it_along(browser, live_url, demo, morning):
    for viewport in (TABLET, DESKTOP):
        page = new_page(browser, live_url, viewport)
        make_kiosk_browser(page, live_url)
        page.goto("/")
        tap(page, page.get_by_role("link", name="Nederlands"))
        tap(page, page.get_by_role("link", name=re.compile("Mensen ontmoeten")))
        tap(page, page.get_by_role("link", name=re.compile("Hier in de buurt")))
        tap(page, page.get_by_role("link", name=re.compile("Vandaag")))
        tap(page, page.get_by_role("link", name=re.compile("Laat alles zien")))
        expect(page.locator("h1")).to_have_text("Dit is er")
        first = page.locator(".result-card").first
        expect(first.locator(".result-when")).to_contain_text(re.compile(r"vandaag \d\d:\d\d"))
        expect(first).to_contain_text("lopen")
        tap(page, first.locator(".result-title a"))
        expect(page.get_by_role("img", name="QR-code voor deze pagina")).to_be_visible()
        expect(page.locator("svg.map .map-place")).to_have_count(1)
        expect(page.locator("svg.map .map-here")).to_have_count(1)
        ics = page.request.get(page.get_by_role("link", name=re.compile("Zet in mijn agenda")).get_attribute("href"))
        assert ics.headers["content-type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.body()
        tap(page, page.get_by_role("link", name=re.compile("Kaartje om te printen")))
        expect(page.locator(".ticket h1")).to_be_visible()
        expect(page.locator(".ticket svg.map")).to_be_visible()
        expect(page.locator("[data-print]")).to_be_hidden()  # this kiosk has no printer
        page.go_back()
        page.go_back()
        expect(page.locator("h1")).to_have_text("Dit is er")
        page.context.close()

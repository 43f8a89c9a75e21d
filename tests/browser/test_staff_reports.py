"""The reports page in Chromium: charts with their tables, period and municipality links, small numbers
hidden; 0 axe violations in Dutch and in English, and its links reached with the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Neighbourhood

from .checks import assert_accessible
from .staff import sign_in, staff_member


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_reports_page_passes_axe_with_charts_and_tables(desktop, demo, make_request, lang):
    buitenhof = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.code == "WK050325"))
    for index in range(7):
        make_request(buitenhof, channel="kiosk" if index < 5 else "phone", kind="concern" if index < 2 else "buddy")
    # A coordinator of two towns, so the municipality links show.
    sign_in(desktop, staff_member("coordinator", lang=lang, towns=("delft", "leiden")))
    desktop.goto("/staff/reports")
    expect(desktop.locator("svg.chart").first).to_be_visible()
    expect(desktop.locator("table").first).to_be_visible()
    assert_accessible(desktop)
    desktop.locator(".link-choices a").nth(2).click()  # the last 12 months, as a plain link
    expect(desktop).to_have_url(re.compile(r"period=12m"))
    expect(desktop.locator('.link-choices a[aria-current="page"]').first).to_have_text(
        "Laatste 12 maanden" if lang == "nl" else "Last 12 months")
    assert_accessible(desktop)
    desktop.goto("/staff/reports?period=12m&municipality=leiden")
    assert_accessible(desktop)

"""The reports page in Chromium: charts with their tables, period and municipality links, small numbers
hidden; 0 axe violations in Dutch and in English, and its links reached with the keyboard."""

import re
import secrets

import pyotp
import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Municipality, Neighbourhood, StaffMembership, StaffUser
from app.staff.auth.passwords import hash_password

from ..conftest import STAFF_PASSWORD
from .checks import assert_accessible

HASHED = hash_password(STAFF_PASSWORD)


def coordinator(lang: str) -> StaffUser:
    """A coordinator of Delft and Leiden (from the demo data), so the municipality links show."""
    towns = db.session.scalars(db.select(Municipality).where(Municipality.slug.in_(("delft", "leiden")))).all()
    staff = StaffUser(email=f"{secrets.token_hex(4)}@delft.example", name="Ria de Vries", password_hash=HASHED,
                      totp_secret=pyotp.random_base32(), totp_confirmed=True, language=lang)
    staff.memberships = [StaffMembership(municipality_id=town.id, role="coordinator") for town in towns]
    db.session.add(staff)
    db.session.commit()
    return staff


def sign_in(page, staff):
    page.goto("/staff/")
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(STAFF_PASSWORD)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/sign-in/code$"))
    page.keyboard.type(pyotp.TOTP(staff.totp_secret).now())
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/$"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_reports_page_passes_axe_with_charts_and_tables(desktop, demo, make_request, lang):
    buitenhof = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.code == "WK050325"))
    for index in range(7):
        make_request(buitenhof, channel="kiosk" if index < 5 else "phone", kind="concern" if index < 2 else "buddy")
    sign_in(desktop, coordinator(lang))
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

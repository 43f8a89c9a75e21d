"""A person's data (/staff/privacy) in Chromium: the search, what it found with export and erase, an erase
refused for want of a reason, and an erase done; 0 axe violations on each, in Dutch and in English."""

import re
import secrets

import pyotp
import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import BuddyRequest, Municipality, Neighbourhood, StaffMembership, StaffUser
from app.staff.auth.passwords import hash_password

from ..conftest import STAFF_PASSWORD
from .checks import assert_accessible


@pytest.fixture
def coordinator(demo):
    delft = db.session.scalar(db.select(Municipality).where(Municipality.slug == "delft"))
    staff = StaffUser(email=f"{secrets.token_hex(4)}@delft.example", name="Ria de Vries",
                      password_hash=hash_password(STAFF_PASSWORD), totp_secret=pyotp.random_base32(),
                      totp_confirmed=True)
    staff.memberships = [StaffMembership(municipality_id=delft.id, role="coordinator")]
    db.session.add(staff)
    db.session.commit()
    return staff


def sign_in(page, staff):
    page.goto("/staff/sign-in")
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(STAFF_PASSWORD)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/sign-in/code$"))
    page.locator("#code").fill(pyotp.TOTP(staff.totp_secret).now())
    page.locator("#code").press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/$"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_privacy_pages_pass_axe_and_erase_a_persons_request(desktop, coordinator, make_request, lang):
    buitenhof = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.code == "WK050325"))
    found_id = make_request(buitenhof, phone="+31612345678", first_name="Fenna").id
    coordinator.language = lang
    db.session.commit()
    sign_in(desktop, coordinator)
    desktop.goto("/staff/privacy")
    assert_accessible(desktop)
    desktop.locator("#phone").fill("06 12345678")
    desktop.locator("form.privacy-search button").click()
    expect(desktop.locator("#found-heading")).to_be_visible()
    assert_accessible(desktop)
    desktop.locator("form[action$='/erase'] button[type=submit]").click()  # no reason, no tick
    expect(desktop.locator(".error-summary")).to_be_visible()
    assert_accessible(desktop)
    desktop.locator("#reason").select_option("art17")
    desktop.locator("#sure").check()
    desktop.locator("form[action$='/erase'] button[type=submit]").click()
    expect(desktop.locator(".notice")).to_contain_text(re.compile("Gewist|Erased"))
    assert_accessible(desktop)
    db.session.expire_all()
    assert db.session.get(BuddyRequest, found_id) is None

"""A person's data (/staff/privacy) in Chromium: the search, what it found with export and erase, an erase
refused for want of a reason, and an erase done; 0 axe violations on each, in Dutch and in English."""

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import BuddyRequest, Neighbourhood

from .checks import assert_accessible
from .staff import sign_in, staff_member


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_privacy_pages_pass_axe_and_erase_a_persons_request(desktop, demo, make_request, lang):
    buitenhof = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.code == "WK050325"))
    found_id = make_request(buitenhof, phone="+31612345678", first_name="Fenna").id
    sign_in(desktop, staff_member("coordinator", lang=lang))
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

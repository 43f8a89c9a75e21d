"""Staff in Chromium: a staff member of the demo towns with a fresh authenticator secret, and signing
in (with the mouse and keys, or with the keyboard alone)."""

import re
import secrets

import pyotp
from playwright.sync_api import expect

from app.extensions import db
from app.models import Municipality, StaffMembership, StaffUser
from app.staff.auth.passwords import hash_password

from ..conftest import STAFF_PASSWORD
from .checks import assert_accessible

HASHED = hash_password(STAFF_PASSWORD)


def staff_member(role="administrator", enrolled=True, lang="nl", towns=("delft",)) -> StaffUser:
    """A staff member of these towns (from the demo data) who reads the back office in `lang`."""
    municipalities = db.session.scalars(db.select(Municipality).where(Municipality.slug.in_(towns))).all()
    staff = StaffUser(email=f"{secrets.token_hex(4)}@delft.example", name="Ria de Vries", password_hash=HASHED,
                      totp_secret=pyotp.random_base32() if enrolled else None, totp_confirmed=enrolled,
                      language=lang)
    staff.memberships = [StaffMembership(municipality_id=town.id, role=role) for town in municipalities]
    db.session.add(staff)
    db.session.commit()
    return staff


def sign_in(page, staff):
    """Password, then the code from the app."""
    page.goto("/staff/sign-in")
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(STAFF_PASSWORD)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/sign-in/code$"))
    page.locator("#code").fill(pyotp.TOTP(staff.totp_secret).now())
    page.locator("#code").press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/$"))


def keyboard_sign_in(page, staff):
    """Only the keyboard: type, Tab, Enter."""
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/sign-in"))
    page.locator("#email").focus()
    page.keyboard.type(staff.email)
    page.keyboard.press("Tab")
    page.keyboard.type(STAFF_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/sign-in/code$"))
    assert_accessible(page)
    page.keyboard.type(pyotp.TOTP(staff.totp_secret).now())
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/$"))

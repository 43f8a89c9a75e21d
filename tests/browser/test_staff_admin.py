"""The administration in Chromium: every new page passes axe in Dutch and English, in its empty, error,
filled and "someone else saved first" states; a tablet is placed by a tap on the map of the wijken (the
script fills in the coordinates, the neighbourhood follows), and its one-time link shows with its QR code."""

import re
import secrets

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import CrisisLine, Kiosk, Municipality, Neighbourhood, StaffInvitation, StaffMembership, StaffUser
from app.staff import invitations

from .checks import assert_accessible
from .staff import sign_in, staff_member

SCREENSHOT = "/tmp/vangnet-tablet-registration.png"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_tablet_is_placed_by_a_tap_on_the_map_and_every_tablet_page_passes_axe(desktop, demo, lang):
    sign_in(desktop, staff_member("administrator", lang=lang))
    desktop.goto("/staff/admin/tablets")
    assert desktop.evaluate("document.documentElement.lang") == lang
    assert_accessible(desktop)
    desktop.goto("/staff/admin/tablets/new")
    assert_accessible(desktop)
    desktop.locator("form[action*='/tablets/new'] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_visible()
    assert_accessible(desktop)
    desktop.locator("#name").fill(f"Bibliotheek Buitenhof {lang}")
    # A tap in the middle of the map of the wijken: the script turns it into coordinates.
    the_map = desktop.locator("svg[data-pick-place]")
    box = the_map.bounding_box()
    the_map.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.5})
    lat, lon = float(desktop.locator("#lat").input_value()), float(desktop.locator("#lon").input_value())
    assert 51.9 < lat < 52.1 and 4.2 < lon < 4.5
    expect(desktop.locator("svg[data-pick-place] .map-place circle")).to_have_count(1)
    desktop.locator("#default_language").select_option("ar")
    if lang == "nl":
        desktop.screenshot(path=SCREENSHOT, full_page=True)
    desktop.locator("form[action*='/tablets/new'] button[type=submit]").click()
    expect(desktop.locator(".one-time svg.qr")).to_be_visible()
    assert_accessible(desktop)
    kiosk = db.session.scalar(db.select(Kiosk).where(Kiosk.name == f"Bibliotheek Buitenhof {lang}"))
    delft = db.session.scalar(db.select(Municipality).where(Municipality.slug == "delft"))
    assert kiosk.neighbourhood.municipality_id == delft.id and kiosk.default_language == "ar"
    expect(desktop.locator(".one-time .link")).to_contain_text(f"/kiosk/activate/{kiosk.activation_token}")
    desktop.goto(f"/staff/admin/tablets/{kiosk.id}")
    assert_accessible(desktop)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_settings_neighbourhood_staff_and_audit_pages_pass_axe(desktop, demo, lang):
    sign_in(desktop, staff_member("administrator", lang=lang))
    delft = db.session.scalar(db.select(Municipality).where(Municipality.slug == "delft"))
    desktop.goto("/staff/admin/municipalities")
    expect(desktop).to_have_url(re.compile(rf"/staff/admin/municipalities/{delft.id}$"))
    assert_accessible(desktop)
    desktop.locator("#overdue_after_days").fill("nul")
    desktop.locator("#line-phone").fill("")
    desktop.locator(f"form[action$='/municipalities/{delft.id}'] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_visible()
    assert_accessible(desktop)
    line = db.session.scalar(db.select(CrisisLine).where(CrisisLine.municipality_id == delft.id))
    desktop.goto(f"/staff/admin/lines/{line.id}")
    assert_accessible(desktop)
    # Another administrator saves the line first: this page is told, with what is stored now.
    db.session.execute(db.update(CrisisLine).where(CrisisLine.id == line.id).values(version=CrisisLine.version + 1))
    db.session.commit()
    desktop.locator("#line-name").fill(f"Crisisdienst {lang}")
    desktop.locator("form[action*='/lines/'] button[type=submit]").click()
    expect(desktop.locator(".error-summary dl.facts")).to_be_visible()
    expect(desktop.locator("#line-name")).to_have_value(f"Crisisdienst {lang}")
    assert_accessible(desktop)
    desktop.goto("/staff/admin/neighbourhoods")
    expect(desktop.locator("svg.map-area").first).to_be_visible()
    assert_accessible(desktop)
    buurt = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.municipality_id == delft.id,
                                                             Neighbourhood.kind == "buurt"))
    desktop.goto(f"/staff/admin/neighbourhoods/{buurt.id}")
    desktop.locator("#team_email").fill("geen adres")
    desktop.locator("form[action*='/neighbourhoods/'] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_visible()
    assert_accessible(desktop)
    desktop.goto("/staff/admin/staff")
    assert_accessible(desktop)
    desktop.goto("/staff/admin/staff/invite")
    assert_accessible(desktop)
    desktop.locator("form[action$='/staff/invite'] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_visible()
    assert_accessible(desktop)
    desktop.locator("#name").fill("Sem Jansen")
    desktop.locator("#email").fill(f"sem-{lang}-{secrets.token_hex(3)}@delft.example")
    desktop.locator("form[action$='/staff/invite'] button[type=submit]").click()
    expect(desktop).to_have_url(re.compile(r"/staff/admin/staff/\d+$"))
    assert_accessible(desktop)
    desktop.goto("/staff/admin/audit?action=staff.invite")
    expect(desktop.locator("tbody tr")).not_to_have_count(0)
    assert_accessible(desktop)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_invitation_pages_pass_axe(desktop, demo, lang):
    delft = db.session.scalar(db.select(Municipality).where(Municipality.slug == "delft"))
    sem = StaffUser(email=f"{secrets.token_hex(4)}@delft.example", name="Sem", password_hash=invitations.NO_PASSWORD)
    sem.memberships = [StaffMembership(municipality_id=delft.id, role="coordinator")]
    db.session.add(sem)
    db.session.flush()
    invitations.invite(sem, None)  # no mail server here: the row is made all the same
    token = "t-" + secrets.token_hex(8)
    db.session.scalar(db.select(StaffInvitation).where(StaffInvitation.staff_id == sem.id)
                      ).token_hash = invitations.token_hash(token)
    db.session.commit()
    desktop.goto("/staff/sign-in")
    if lang == "en":
        desktop.locator("button[value=en]").click()
    desktop.goto(f"/staff/invite/{token}")
    assert desktop.evaluate("document.documentElement.lang") == lang
    assert_accessible(desktop)
    desktop.locator("#new").fill("kort")
    desktop.locator("#new").press("Enter")
    expect(desktop.locator(".error-summary")).to_be_visible()
    assert_accessible(desktop)
    desktop.locator("#new").fill("zeilboot kaasschaaf morgenrood")
    desktop.locator("#new").press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/sign-in/enrol$"))
    assert_accessible(desktop)
    assert desktop.goto(f"/staff/invite/{token}").status == 404
    assert_accessible(desktop)

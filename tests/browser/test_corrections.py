"""Suggest a correction in Chromium: a resident in Arabic on a tablet, with touch alone, from an activity
page to the thank-you page, read aloud in Arabic; the form (empty, with an error) and the thanks pass axe,
touch targets and 320 px in every shipped language; the kiosk's idle reset leaves nothing typed behind;
and an editor of the owning organisation resolves it in the back office (axe on the queue)."""

import re
import secrets

import pyotp
import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Activity, Correction, Organisation, Place, StaffUser
from app.staff.auth.passwords import hash_password
from config import Config

from ..conftest import STAFF_PASSWORD
from .checks import assert_accessible, assert_no_horizontal_scroll, assert_touch_targets
from .conftest import TABLET, make_kiosk_browser, tap
from .speech import spoken, with_voices

CANARY = "Xylofoonia zegt elf uur"


def first_activity() -> Activity:
    return db.session.scalar(db.select(Activity).order_by(Activity.id))


def send(page):
    tap(page, page.locator("main form[novalidate] button[type=submit]"))


def check_page(page):
    """axe, touch targets and reflow at 320 px; back to the tablet's size afterwards."""
    assert_accessible(page)
    assert_touch_targets(page)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(TABLET)


def test_a_resident_suggests_a_correction_in_arabic_with_touch_and_hears_it_read_aloud(tablet, live_url, demo):
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    with_voices(tablet, "nl-NL", "ar-SA")
    activity = first_activity()
    tablet.goto(f"/ar/activities/{activity.id}")
    tap(tablet, tablet.locator(f'main a[href="/ar/activities/{activity.id}/correction"]'))
    expect(tablet).to_have_url(re.compile(f"/ar/activities/{activity.id}/correction$"))
    assert tablet.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    tap(tablet, tablet.locator("[data-read-aloud]"))
    said = spoken(tablet)
    texts = [s["text"] for s in said]
    # The question, its hint and each choice, in Arabic by the Arabic voice (the listing's Dutch name by
    # the Dutch one), in the order of the page.
    question = texts.index("ما الذي ليس صحيحًا؟")
    choices = [texts.index(label) for label in ("لم يعد موجودًا", "الوقت غير صحيح", "العنوان غير صحيح")]
    assert question < choices[0] < choices[1] < choices[2]
    assert "لا نسألك شيئًا عن نفسك." in texts
    assert all((s["lang"], s["voiceLang"]) in {("ar", "ar-SA"), ("nl", "nl-NL")} for s in said)
    send(tablet)  # nothing chosen: the error summary takes focus
    expect(tablet.locator(".error-summary")).to_be_focused()
    check_page(tablet)
    tap(tablet, tablet.locator('label.choice:has(input[value="time"])'))
    tap(tablet, tablet.locator("#text"))
    tablet.locator("#text").fill("الساعة الحادية عشرة")
    send(tablet)
    expect(tablet).to_have_url(re.compile(f"/ar/activities/{activity.id}/correction/thanks$"))
    expect(tablet.locator("h1")).to_have_text("شكرًا لك")
    check_page(tablet)
    row = db.session.scalar(db.select(Correction).order_by(Correction.id.desc()))
    assert (row.activity_id, row.reason, row.text, row.language) == (activity.id, "time", "الساعة الحادية عشرة", "ar")
    tap(tablet, tablet.locator(f'main a[href="/ar/activities/{activity.id}"]'))
    expect(tablet).to_have_url(re.compile(f"/ar/activities/{activity.id}$"))


@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_the_form_its_error_and_the_thanks_pass_axe_touch_and_320_px(tablet, live_url, demo, lang):
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    place_id = first_activity().place_id
    tablet.goto(f"/{lang}/places/{place_id}")
    tap(tablet, tablet.locator(f'main a[href="/{lang}/places/{place_id}/correction"]'))
    expect(tablet).to_have_url(re.compile(f"/{lang}/places/{place_id}/correction$"))
    check_page(tablet)
    tablet.locator("#text").fill("<b>")
    send(tablet)
    expect(tablet.locator(".error-summary")).to_be_focused()
    assert tablet.locator(".error-message").count() == 2
    check_page(tablet)
    tap(tablet, tablet.locator('label.choice:has(input[value="gone"])'))
    tablet.locator("#text").fill("")
    send(tablet)
    expect(tablet).to_have_url(re.compile(f"/{lang}/places/{place_id}/correction/thanks$"))
    check_page(tablet)


def test_after_the_idle_reset_back_and_reload_show_nothing_typed(tablet, live_url, demo):
    make_kiosk_browser(tablet, live_url, idle_seconds=2)  # the countdown is 3 s in the browser tests
    activity = first_activity()
    tablet.goto(f"/nl/activities/{activity.id}/correction")
    tap(tablet, tablet.locator('label.choice:has(input[value="other"])'))
    tablet.locator("#text").fill(CANARY)
    tablet.wait_for_url(re.compile(r"^http://[^/]+/$"), timeout=15000)
    for _ in range(2):
        tablet.go_back()
        tablet.reload()
        html = tablet.content()
        assert CANARY not in html and 'value="other" checked' not in html, tablet.url
    assert db.session.scalar(db.select(db.func.count(Correction.id))) == 0


def test_an_editor_of_the_owning_organisation_resolves_it_in_the_back_office(desktop, demo):
    place = db.session.get(Place, first_activity().place_id)
    owner = Organisation(name=f"Welzijn {secrets.token_hex(3)}", municipality_id=place.neighbourhood.municipality_id)
    place.owner = owner
    editor = StaffUser(email=f"{secrets.token_hex(4)}@welzijn.example", name="Eva Editor",
                       password_hash=hash_password(STAFF_PASSWORD), totp_secret=pyotp.random_base32(),
                       totp_confirmed=True)
    editor.organisations = [owner]
    correction = Correction(place=place, reason="address", text="<i>Nummer 12</i>", language="ar")
    db.session.add_all([owner, editor, correction])
    db.session.commit()
    desktop.goto("/staff/sign-in")
    desktop.locator("#email").fill(editor.email)
    desktop.locator("#password").fill(STAFF_PASSWORD)
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/sign-in/code$"))
    desktop.locator("#code").fill(pyotp.TOTP(editor.totp_secret).now())
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/places$"))
    expect(desktop.locator(".staff-nav .count")).to_have_text(re.compile(r"^1"))
    desktop.locator(".staff-nav a", has_text="Correcties").click()
    expect(desktop).to_have_url(re.compile(r"/staff/corrections$"))
    row = desktop.locator("tbody tr", has_text=place.name)
    expect(row).to_contain_text("<i>Nummer 12</i>")  # shown as typed, never as markup
    assert_accessible(desktop)
    row.get_by_role("button", name="Opgelost").click()
    expect(desktop.locator(".notice")).to_contain_text("Afgehandeld: Opgelost.")
    expect(desktop.locator(".staff-nav .count")).to_have_count(0)
    assert_accessible(desktop)
    desktop.get_by_role("link", name="Afgehandeld").click()
    expect(desktop.locator("tbody")).to_contain_text("Opgelost, Eva Editor")
    assert_accessible(desktop)
    db.session.expire_all()
    assert (db.session.get(Correction, correction.id).status,
            db.session.get(Correction, correction.id).resolved_by_id) == ("fixed", editor.id)

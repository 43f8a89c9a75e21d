"""The back office in Chromium on a desktop: sign in with the keyboard alone (password, then the code
from the app), the inbox, a request with its actions, the staff list, enrolment, the password page,
the places list and form, and a place created with the keyboard alone; 0 axe violations on each, in
Dutch and in English."""

import datetime as dt
import re

import pyotp
import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import BuddyRequest, Municipality, Neighbourhood, Place, Volunteer

from ..conftest import STAFF_PASSWORD
from .checks import assert_accessible
from .conftest import DESKTOP, new_page, tap
from .staff import keyboard_sign_in, staff_member
from .wizards import BUDDY, go_on, walk


@pytest.fixture
def waiting(demo, make_request):
    """A buddy request and an urgent concern in Buitenhof, Delft."""
    buitenhof = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.code == "WK050325"))
    return [make_request(buitenhof, language="ar"), make_request(buitenhof, kind="concern", priority=1)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_back_office_pages_pass_axe_and_work_with_the_keyboard(desktop, waiting, lang):
    staff = staff_member()
    staff.language = lang
    db.session.commit()
    desktop.goto("/staff/sign-in")
    assert_accessible(desktop)
    keyboard_sign_in(desktop, staff)
    assert desktop.evaluate("document.documentElement.lang") == lang
    assert_accessible(desktop)
    desktop.goto("/staff/?overdue=1&kind=concern")
    assert_accessible(desktop)
    desktop.goto(f"/staff/requests/{waiting[1].reference}")
    assert_accessible(desktop)
    desktop.locator("button[value=spoke]").click()
    expect(desktop.locator(".timeline")).to_contain_text(re.compile("Gesproken|Spoke"))
    desktop.locator("#text").fill("Buurvrouw kijkt morgen even.")
    desktop.locator("form[action$='/note'] button").click()
    expect(desktop.locator(".timeline")).to_contain_text("Buurvrouw kijkt morgen even.")
    desktop.locator("form[action$='/status'] button").click()
    desktop.locator("#status").select_option("closed")
    desktop.locator("form[action$='/status'] button").click()
    expect(desktop.locator(".error-summary")).to_be_visible()  # closing needs a reason
    assert_accessible(desktop)
    desktop.goto("/staff/admin/staff")
    assert_accessible(desktop)
    desktop.goto("/staff/password")
    assert_accessible(desktop)
    assert desktop.goto("/staff/requests/AAAAAAAA").status == 404
    assert_accessible(desktop)


def test_first_sign_in_enrols_the_authenticator_app(desktop, demo):
    staff = staff_member(role="coordinator", enrolled=False)
    desktop.goto("/staff/sign-in")
    desktop.locator("#email").fill(staff.email)
    desktop.locator("#password").fill(STAFF_PASSWORD)
    desktop.locator("#password").press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/sign-in/enrol$"))
    expect(desktop.get_by_role("img", name=re.compile("QR"))).to_be_visible()
    assert_accessible(desktop)
    secret = desktop.locator(".secret").text_content().replace(" ", "")
    desktop.locator("#code").fill(pyotp.TOTP(secret).now())
    desktop.locator("#code").press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/$"))
    expect(desktop.get_by_role("button", name="Uitloggen")).to_be_visible()
    desktop.get_by_role("button", name="Uitloggen").click()
    expect(desktop).to_have_url(re.compile(r"/staff/sign-in$"))
    desktop.go_back()
    expect(desktop).to_have_url(re.compile(r"/staff/sign-in"))  # the inbox is gone after signing out


# Places ------------------------------------------------------------------------------------------

def tab_to(page, selector: str, presses: int = 60) -> None:
    """Press Tab until the element is focused: what someone without a mouse does."""
    for _ in range(presses):
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_places_pages_pass_axe(desktop, demo, lang):
    staff = staff_member(role="coordinator")
    staff.language = lang
    db.session.commit()
    keyboard_sign_in(desktop, staff)
    desktop.goto("/staff/places")
    expect(desktop.locator("tbody tr").first).to_be_visible()  # the demo's places of Delft
    assert_accessible(desktop)
    desktop.goto("/staff/places?stale=1&archived=1&q=niets")
    assert_accessible(desktop)
    desktop.goto("/staff/places/new")
    desktop.locator("#postcode").fill("9999 ZZ")
    desktop.locator("form[novalidate] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_focused()
    assert_accessible(desktop)
    desktop.goto("/staff/organisations")
    assert_accessible(desktop)
    desktop.goto("/staff/organisations/new")
    desktop.locator("form[novalidate] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_focused()
    assert_accessible(desktop)
    desktop.goto("/staff/places/new")
    desktop.get_by_role("link", name=re.compile("Alle plekken|All places")).click()
    desktop.locator("table.listing tbody a").first.click()
    expect(desktop).to_have_url(re.compile(r"/staff/places/\d+$"))
    assert_accessible(desktop)


def test_a_coordinator_creates_and_publishes_a_place_with_the_keyboard_alone(desktop, demo):
    staff = staff_member(role="coordinator")
    keyboard_sign_in(desktop, staff)
    tab_to(desktop, "a[href='/staff/places']")
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/places$"))
    tab_to(desktop, "a[href='/staff/places/new']")
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/places/new$"))
    tab_to(desktop, "#name")
    for text in ("Buurthuis Het Toetsenbord", "Toetslaan 12", "2625 ab", "Delft"):
        desktop.keyboard.type(text)
        desktop.keyboard.press("Tab")
    desktop.keyboard.press("Tab")  # past the organisation: none
    desktop.keyboard.type("015 212 3456")
    tab_to(desktop, "#step_free")
    desktop.keyboard.press("Space")
    tab_to(desktop, "#status")
    desktop.keyboard.press("ArrowDown")
    expect(desktop.locator("#status")).to_have_value("published")
    tab_to(desktop, "form[novalidate] button[type=submit]")
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/places/\d+$"))
    expect(desktop.locator(".notice")).to_contain_text("Plek opgeslagen.")
    assert_accessible(desktop)
    place = db.session.scalar(db.select(Place).where(Place.name == "Buurthuis Het Toetsenbord"))
    assert (place.status, place.postcode, place.step_free, place.phone) == ("published", "2625 AB", True,
                                                                            "+31152123456")
    assert place.neighbourhood.municipality.slug == "delft"


# Activities --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_activity_pages_pass_axe(desktop, demo, lang):
    staff = staff_member(role="coordinator")
    staff.language = lang
    db.session.commit()
    keyboard_sign_in(desktop, staff)
    desktop.goto("/staff/activities")
    expect(desktop.locator("tbody tr").first).to_be_visible()
    assert_accessible(desktop)
    desktop.locator("tbody a").first.click()
    expect(desktop.locator(".sentence")).to_be_visible()
    assert_accessible(desktop)
    desktop.locator("#duration").fill("30:00")
    desktop.locator("button[value=preview]").click()
    expect(desktop.locator(".error-summary")).to_be_focused()
    assert_accessible(desktop)


def test_a_coordinator_puts_in_a_weekly_activity_with_the_keyboard_alone_and_a_resident_finds_it(
        browser, live_url, demo, morning):
    desktop = new_page(browser, live_url, DESKTOP)  # Chromium's date and time fields: en-US, 12 hours
    staff = staff_member(role="coordinator")
    place = db.session.scalar(db.select(Place).where(Place.name.like("Voorbeeld: % Reinier de Graafbuurt")))
    keyboard_sign_in(desktop, staff)
    tab_to(desktop, "a[href='/staff/activities']")
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/activities$"))
    tab_to(desktop, "a[href='/staff/activities/new']")
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/activities/new$"))
    tab_to(desktop, "#place")
    desktop.keyboard.type(place.name)  # a select jumps to the option typed
    expect(desktop.locator("#place")).to_have_value(str(place.id))
    tab_to(desktop, "#category")
    desktop.keyboard.type("Muziek")
    expect(desktop.locator("#category")).to_have_value("music")
    tab_to(desktop, "#title_nl")
    desktop.keyboard.type("Toetsenbordkoor")
    tab_to(desktop, "#first_date")
    desktop.keyboard.type(f"{dt.date.today() - dt.timedelta(days=7):%m%d%Y}")
    tab_to(desktop, "#days")  # Monday; then on to the day of today, whichever it is
    for _ in range(dt.date.today().weekday()):
        desktop.keyboard.press("Tab")
    desktop.keyboard.press("Space")
    tab_to(desktop, "#start_time")
    desktop.keyboard.type("0800P")  # 20:00: after the pinned morning clock, still to come today
    tab_to(desktop, "#duration")
    desktop.keyboard.type("1:30")
    tab_to(desktop, "button[value=preview]")
    desktop.keyboard.press("Enter")
    expect(desktop.locator(".sentence")).to_contain_text("20:00–21:30")
    expect(desktop.locator(".coming-dates li")).to_have_count(8)
    tab_to(desktop, "#status", presses=200)  # past the 26 coming dates one could cancel
    desktop.keyboard.press("ArrowDown")
    tab_to(desktop, "button[value=save]")
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(re.compile(r"/staff/activities/\d+$"))
    expect(desktop.locator(".notice")).to_contain_text("Activiteit opgeslagen.")
    assert_accessible(desktop)
    # A resident looks for music today near postcode 2625, and finds it.
    desktop.goto("/nl/find/results?pc=2625&day=today&cat=music")
    expect(desktop.get_by_text("Toetsenbordkoor").first).to_be_visible()
    desktop.context.close()


# Phone intake ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_intake_pages_pass_axe_empty_and_with_errors(desktop, demo, lang):
    staff = staff_member(role="coordinator")
    staff.language = lang
    db.session.commit()
    keyboard_sign_in(desktop, staff)
    for kind in ("buddy", "go_along", "concern"):
        desktop.goto(f"/staff/intake/{kind}")
        assert_accessible(desktop)
    desktop.locator("form[novalidate] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_focused()
    assert_accessible(desktop)


# Volunteers --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_volunteer_pages_pass_axe(desktop, demo, lang, tmp_path):
    """The list (with filters), a volunteer's page, its form with errors, and the import with its report,
    on the demo's invented volunteers of Delft."""
    staff = staff_member(role="coordinator")
    staff.language = lang
    db.session.commit()
    keyboard_sign_in(desktop, staff)
    desktop.get_by_role("link", name=re.compile("^(Vrijwilligers|Volunteers)$")).click()
    expect(desktop).to_have_url(re.compile(r"/staff/volunteers$"))
    expect(desktop.locator("tbody tr").first).to_be_visible()
    assert_accessible(desktop)
    desktop.goto("/staff/volunteers?vog=lapsed&status=active&role=maatje")
    assert_accessible(desktop)
    desktop.goto("/staff/volunteers")
    desktop.locator("#q").fill("voorbeeld")
    desktop.locator("form.filters button[type=submit]").first.click()
    expect(desktop).to_have_url(re.compile(r"/staff/volunteers$"))  # the search is not in the address
    desktop.locator("tbody a").first.click()
    expect(desktop).to_have_url(re.compile(r"/staff/volunteers/\d+$"))
    assert_accessible(desktop)
    desktop.locator("#status").select_option("stopped")
    desktop.locator("form[action$='/status'] button").click()
    expect(desktop.locator(".error-summary")).to_be_focused()  # stopping needs a reason
    assert_accessible(desktop)
    desktop.get_by_role("link", name=re.compile("Gegevens veranderen|Change details")).click()
    desktop.locator("#vog_date").fill("2025-02-31")
    desktop.locator("#capacity").fill("11")
    desktop.locator("form[novalidate] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_focused()
    assert_accessible(desktop)
    desktop.goto("/staff/volunteers/new")
    assert_accessible(desktop)
    desktop.goto("/staff/volunteers/import")
    assert_accessible(desktop)
    bad = tmp_path / "vrijwilligers.csv"
    bad.write_text("first_name,last_name\nAnna,Voorbeeld\n", encoding="utf-8")
    desktop.locator("#file").set_input_files(str(bad))
    desktop.locator("form[enctype] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_visible()
    assert_accessible(desktop)


# Methods -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_method_pages_pass_axe(desktop, demo, lang):
    staff = staff_member(role="administrator")
    staff.language = lang
    db.session.commit()
    keyboard_sign_in(desktop, staff)
    desktop.goto("/staff/methods")
    assert_accessible(desktop)
    desktop.goto("/staff/methods/new")
    desktop.locator("form[novalidate] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_focused()
    assert_accessible(desktop)
    desktop.locator("#title").fill("Signaleringsoverleg")
    desktop.locator("#body").fill("# Zo doen we het\n\n- Elke maand\n- **Iedereen** uit de wijk\n")
    desktop.locator("form[novalidate] button[type=submit]").click()
    expect(desktop.locator("h1")).to_have_text("Signaleringsoverleg")
    expect(desktop.locator(".method strong")).to_have_text("Iedereen")
    assert_accessible(desktop)


# The signal meeting ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_signal_meeting_pages_pass_axe(desktop, waiting, lang):
    staff = staff_member(role="coordinator")
    staff.language = lang
    db.session.commit()
    keyboard_sign_in(desktop, staff)
    desktop.goto("/staff/signal-meeting")
    assert_accessible(desktop)
    desktop.goto("/staff/signal-meeting/WK050325")
    expect(desktop.locator("tbody tr").first).to_be_visible()  # the urgent worry is open
    assert_accessible(desktop)
    desktop.goto("/staff/signal-meeting/WK050325/print")
    assert_accessible(desktop)


# Suggestions and a match -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_suggestion_and_match_pages_pass_axe(desktop, demo, make_request, lang):
    """A request in Arabic → its suggestions with reasons → propose → the match with its forms (and their
    errors) → the first meeting planned → the printable ticket."""
    import datetime as dt

    from app.models import Volunteer

    buitenhof = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.code == "WK050325"))
    asked = make_request(buitenhof, language="ar", languages="ar", days="any", parts_of_day="afternoon",
                         wishes="walk", preference="woman")
    db.session.add(Volunteer(municipality_id=buitenhof.municipality_id, first_name="Amira", last_name="Voorbeeld",
                             postcode="2625", lat=buitenhof.lat + 0.005, lon=buitenhof.lon, languages="ar nl",
                             interests="walk", days="tu", parts_of_day="afternoon", gender="woman", roles="maatje",
                             status="active", vog_date=dt.date.today() - dt.timedelta(days=30)))
    db.session.add(Place(name="Buurthuis Voorbeeld", address="Laan 1", postcode="2625 AB", city="Delft",
                         lat=buitenhof.lat, lon=buitenhof.lon, neighbourhood_id=buitenhof.id, status="published"))
    staff = staff_member(role="coordinator")
    staff.language = lang
    db.session.commit()
    keyboard_sign_in(desktop, staff)
    desktop.goto(f"/staff/requests/{asked.reference}")
    desktop.locator(f"a[href='/staff/volunteers/for/{asked.reference}']").click()
    expect(desktop.locator(".suggestions li").first).to_contain_text("Amira")
    expect(desktop.locator(".reasons").first).to_contain_text("Arabisch" if lang == "nl" else "Arabic")
    assert_accessible(desktop)
    desktop.locator(".suggestions form button").first.click()
    expect(desktop).to_have_url(re.compile(r"/staff/volunteers/matches/\d+$"))
    assert_accessible(desktop)
    desktop.locator("#day").fill("2026-02-30")
    desktop.locator("form[action$='/meeting'] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_be_focused()
    assert_accessible(desktop)
    desktop.locator("#day").fill((dt.date.today() + dt.timedelta(days=7)).isoformat())
    desktop.locator("#time").fill("14:30")
    desktop.locator("input[name=place]").first.check()
    desktop.locator("form[action$='/meeting'] button[type=submit]").click()
    expect(desktop.locator("form[action$='/active']")).to_be_visible()
    assert_accessible(desktop)
    desktop.locator("a[href$='/ticket/resident']").click()
    expect(desktop.locator(".meeting-ticket")).to_contain_text("14:30")
    assert_accessible(desktop)


def test_a_tap_on_the_map_places_a_place_precisely_and_its_buurt_follows(desktop, demo):
    staff = staff_member(role="coordinator")
    place = db.session.scalar(db.select(Place).where(Place.name.like("Voorbeeld: % Reinier de Graafbuurt")))
    before = (place.lat, place.lon)
    keyboard_sign_in(desktop, staff)
    desktop.goto(f"/staff/places/{place.id}")
    outline = desktop.locator("svg[data-pick-place] path").first
    outline.scroll_into_view_if_needed()
    box = outline.bounding_box()
    desktop.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(desktop.locator("#lat")).not_to_have_value("")
    desktop.locator("form[novalidate] button[type=submit]").click()
    expect(desktop.locator(".notice")).to_contain_text("Plek opgeslagen.")
    db.session.expire_all()
    moved = db.session.get(Place, place.id)
    assert (moved.lat, moved.lon) != before
    assert moved.neighbourhood.municipality.slug == "delft"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_needs_attention_page_passes_axe(desktop, waiting, lang):
    staff = staff_member(role="coordinator")
    staff.language = lang
    db.session.commit()
    keyboard_sign_in(desktop, staff)
    desktop.get_by_role("link", name=re.compile("^(Aandacht nodig|Needs attention)$")).click()
    expect(desktop).to_have_url(re.compile(r"/staff/attention$"))
    assert_accessible(desktop)
    desktop.get_by_role("link", name=re.compile("^(Meegaan|Go-along)$")).click()
    expect(desktop).to_have_url(re.compile(r"/staff/volunteers/go-alongs$"))
    assert_accessible(desktop)


def test_a_maatje_asked_for_in_arabic_is_suggested_proposed_met_and_the_resident_reads_it_in_arabic(
        tablet, desktop, demo):
    """The issue's journey: a resident asks in Arabic on a tablet → a coordinator sees an Arabic-speaking
    volunteer suggested with its reasons → proposes, plans the first meeting, marks it active → the
    resident's code shows, in Arabic, that they have met their maatje (without naming anyone)."""
    tablet.goto("/ar/")
    tap(tablet, tablet.locator('a[href="/ar/ask/buddy/"]'))
    walk(tablet, "ar", "buddy", BUDDY, check=False)
    tap(tablet, tablet.locator("main a.button-primary"))
    tap(tablet, tablet.locator("label.choice:has(#consent)"))
    go_on(tablet)
    code = tablet.locator(".reference-code").text_content().strip()
    asked = db.session.scalar(db.select(BuddyRequest).where(BuddyRequest.reference == code.replace("-", "")))
    assert (asked.language, asked.languages) == ("ar", "ar")
    town = db.session.get(Municipality, asked.municipality_id)
    db.session.add(Volunteer(municipality_id=town.id, first_name="Amira", last_name="Voorbeeld", postcode="2625",
                             lat=51.996, lon=4.343, languages="ar nl", interests="walk", days="tu",
                             parts_of_day="morning", gender="woman", roles="maatje", status="active",
                             vog_date=dt.date.today() - dt.timedelta(days=30)))
    db.session.commit()

    keyboard_sign_in(desktop, staff_member(role="coordinator"))
    desktop.goto(f"/staff/requests/{asked.reference}")
    desktop.locator(f"a[href='/staff/volunteers/for/{asked.reference}']").click()
    expect(desktop.locator(".suggestions li").first).to_contain_text("Amira")
    expect(desktop.locator(".reasons").first).to_contain_text("spreekt Arabisch")
    desktop.locator(".suggestions form button").first.click()
    expect(desktop).to_have_url(re.compile(r"/staff/volunteers/matches/\d+$"))
    desktop.locator("#day").fill((dt.date.today() + dt.timedelta(days=3)).isoformat())
    desktop.locator("#time").fill("10:30")
    desktop.locator("input[name=place]").first.check()
    desktop.locator("form[action$='/meeting'] button[type=submit]").click()
    desktop.locator("form[action$='/active'] button[type=submit]").click()
    expect(desktop.locator(".notice")).to_be_visible()

    tablet.goto("/ar/ask/status")
    tablet.locator("#code").fill(code)
    go_on(tablet)
    expect(tablet.locator("main")).to_contain_text("لقد التقيت بمرافقك")
    expect(tablet.locator("main")).not_to_contain_text("Amira")
    assert_accessible(tablet)

"""Asking for help in the browser, with touch on a tablet: the buddy, go-along and worry wizards end to
end in every shipped language (axe and touch targets on every page, an error state, a change from the
check page), and the canary: nothing a resident typed survives submit, Start over or the idle reset."""

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import BuddyRequest, Concern, Volunteer
from config import Config

from .checks import assert_no_horizontal_scroll
from .conftest import TABLET, make_kiosk_browser, tap
from .wizards import BUDDY, CANARY_NAME, GO_ALONG, HELP, WORRY, answer, check_page, go_on, walk


def empty_answer_shows_the_error_summary(page):
    go_on(page)
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.title().startswith(page.locator(".error-summary .visually-hidden").first.text_content()
                                   if page.locator(".error-summary .visually-hidden").count() else "")
    check_page(page)


def change_an_answer(page, lang, wizard, step, value):
    """From the check page: change one answer (tick one more option) and come back to the check page."""
    tap(page, page.locator(f'a[href$="/ask/{wizard}/{step}?change=1"]'))
    expect(page).to_have_url(re.compile(f"/{lang}/ask/{wizard}/{step}\\?change=1$"))
    answer(page, [value], None)
    expect(page).to_have_url(re.compile(f"/{lang}/ask/{wizard}/check$"))


def send_and_confirm(page, lang, wizard):
    check_page(page)
    tap(page, page.locator("main a.button-primary"))  # all is right, go on
    expect(page).to_have_url(re.compile(f"/{lang}/ask/{wizard}/send$"))
    go_on(page)  # without consent: refused, and said
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page)
    tap(page, page.locator("label.choice:has(#consent)"))
    go_on(page)
    expect(page).to_have_url(re.compile(f"/{lang}/ask/{wizard}/done$"))
    check_page(page)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(TABLET)
    return page.locator(".reference-code").text_content().strip()


@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_the_buddy_wizard_end_to_end_with_a_change_from_the_check_page(tablet, live_url, demo, lang):
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    tablet.goto(f"/{lang}/")
    tap(tablet, tablet.locator(f'a[href="/{lang}/ask/buddy/"]'))
    empty_answer_shows_the_error_summary(tablet)
    walk(tablet, lang, "buddy", BUDDY)
    expect(tablet.locator(".check-answers")).to_contain_text(CANARY_NAME)
    tap(tablet, tablet.locator('a[href$="/ask/buddy/days?change=1"]'))
    tap(tablet, tablet.locator('label.choice:has(input[value="fr"])'))
    go_on(tablet)
    expect(tablet).to_have_url(re.compile(f"/{lang}/ask/buddy/check$"))
    code = send_and_confirm(tablet, lang, "buddy")
    request = db.session.scalar(db.select(BuddyRequest).order_by(BuddyRequest.id.desc()))
    assert (request.reference, request.language, request.days) == (code.replace("-", ""), lang, "tu fr")


@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_the_worry_wizard_end_to_end_anonymously_after_the_urgency_gate(tablet, live_url, demo, lang):
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    tablet.goto(f"/{lang}/")
    tap(tablet, tablet.locator(f'a[href="/{lang}/ask/worry/"]'))
    tap(tablet, tablet.locator('label.choice:has(input[value="danger"])'))
    go_on(tablet)
    expect(tablet.locator('a[href="tel:112"]').first).to_be_visible()
    check_page(tablet)
    tap(tablet, tablet.locator("main a.button-primary"))  # go on with the report
    expect(tablet).to_have_url(re.compile(f"/{lang}/ask/worry/worries$"))
    tap(tablet, tablet.locator("main p > a").last)  # back to the gate: answer it again, calmly this time
    walk(tablet, lang, "worry", WORRY)
    change_an_answer(tablet, lang, "worry", "worries", "money")
    code = send_and_confirm(tablet, lang, "worry")
    concern = db.session.scalar(db.select(Concern).order_by(Concern.id.desc()))
    assert concern.reference == code.replace("-", "") and concern.anonymous and concern.language == lang
    assert concern.worries == "lonely house money"
    tablet.goto(f"/{lang}/ask/status")
    tablet.locator("#code").fill(code.lower())
    go_on(tablet)
    expect(tablet.locator("main")).not_to_contain_text(CANARY_NAME)
    check_page(tablet)


@pytest.mark.parametrize("lang", ["nl", "ar", "pl"])
def test_someone_to_go_along_from_an_activity_page(tablet, live_url, demo, morning, lang):
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    tablet.goto(f"/{lang}/find/results?near=kiosk&day=week")
    tap(tablet, tablet.locator(".result-card .result-title a").first)
    tap(tablet, tablet.locator('main form[action*="/ask/go-along/"] button'))
    walk(tablet, lang, "go-along", GO_ALONG)
    expect(tablet.locator("main .notice")).to_be_visible()  # the activity and its date, filled in
    tap(tablet, tablet.locator('a[href$="/ask/go-along/preference?change=1"]'))
    answer(tablet, ["man"], None)
    expect(tablet).to_have_url(re.compile(f"/{lang}/ask/go-along/check$"))
    send_and_confirm(tablet, lang, "go-along")
    request = db.session.scalar(db.select(BuddyRequest).order_by(BuddyRequest.id.desc()))
    assert request.kind == "go_along" and request.activity_id is not None and request.contact_method == "come_by"
    assert request.preference == "man"


@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_i_would_like_to_help_end_to_end_and_the_code_tells_how_the_sign_up_stands(tablet, live_url, demo, lang):
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    tablet.goto(f"/{lang}/")
    tap(tablet, tablet.locator(f'a[href="/{lang}/ask/help/"]'))
    empty_answer_shows_the_error_summary(tablet)
    walk(tablet, lang, "help", HELP)
    expect(tablet.locator(".check-answers")).to_contain_text(CANARY_NAME)
    code = send_and_confirm(tablet, lang, "help")
    volunteer = db.session.scalar(db.select(Volunteer).order_by(Volunteer.id.desc()))
    assert (volunteer.reference, volunteer.language, volunteer.channel) == (code.replace("-", ""), lang, "kiosk")
    assert (volunteer.status, volunteer.roles, volunteer.helps_whom, volunteer.gender) == (
        "applicant", "maatje", "anyone", None)
    tablet.goto(f"/{lang}/ask/status")
    tablet.locator("#code").fill(code)
    go_on(tablet)
    expect(tablet.locator("main .notice h2")).to_be_visible()  # "your sign-up as a volunteer", in words
    check_page(tablet)


def typed_until_the_check_page(tablet, wizard="buddy", steps=BUDDY):
    tablet.goto(f"/nl/ask/{wizard}/")
    walk(tablet, "nl", wizard, steps, check=False)
    expect(tablet.locator(".check-answers")).to_contain_text(CANARY_NAME)


def nothing_of_the_canary_after_back_and_reload(tablet):
    for _ in range(3):
        tablet.go_back()
        tablet.reload()
        html = tablet.content()
        assert html.count(CANARY_NAME) == 0 and html.count("2468") == 0, tablet.url


@pytest.mark.parametrize(("wizard", "steps"), [("buddy", BUDDY), ("help", HELP)])
def test_after_sending_back_and_reload_show_nothing_of_the_resident(tablet, live_url, demo, wizard, steps):
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    typed_until_the_check_page(tablet, wizard, steps)
    tap(tablet, tablet.locator("main a.button-primary"))
    tap(tablet, tablet.locator("label.choice:has(#consent)"))
    go_on(tablet)
    expect(tablet.locator(".reference-code")).to_be_visible()
    nothing_of_the_canary_after_back_and_reload(tablet)


@pytest.mark.parametrize(("wizard", "steps"), [("buddy", BUDDY), ("help", HELP)])
def test_after_start_over_back_and_reload_show_nothing_of_the_resident(tablet, live_url, demo, wizard, steps):
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    typed_until_the_check_page(tablet, wizard, steps)
    tap(tablet, tablet.get_by_role("button", name="Opnieuw beginnen"))
    tablet.wait_for_url(re.compile(r"^http://[^/]+/$"))
    nothing_of_the_canary_after_back_and_reload(tablet)


def test_after_the_idle_reset_back_and_reload_show_nothing_of_the_resident(tablet, live_url, demo):
    make_kiosk_browser(tablet, live_url, idle_seconds=2)  # the countdown is 3 s in the browser tests
    typed_until_the_check_page(tablet)
    tablet.wait_for_url(re.compile(r"^http://[^/]+/$"), timeout=15000)
    nothing_of_the_canary_after_back_and_reload(tablet)


@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_the_other_pages_of_the_wizards_pass_too(tablet, live_url, demo, lang):
    """The pages off the paths above: who you are to them, town and wijk, e-mail, a contact person,
    a wrong phone number, a postcode outside Vangnet, and a wrong code on the status page."""
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    tablet.goto(f"/{lang}/ask/buddy/")
    walk(tablet, lang, "buddy", [
        ("for-whom", ["other"], None), ("relation", ["family"], None), *BUDDY[1:6],
        ("where", ["neighbourhood"], None), ("town", ["first"], None), ("wijk", ["first"], None),
        ("contact", ["email"], None), ("email", [], "naam@voorbeeld.nl"), ("name", [], "Ans"),
    ])
    tap(tablet, tablet.locator('a[href$="/ask/buddy/contact?change=1"]'))
    answer(tablet, ["contact_person"], None)
    expect(tablet).to_have_url(re.compile(f"/{lang}/ask/buddy/contact-person\\?change=1$"))
    check_page(tablet)
    tablet.locator("#contact_name").fill("Bram")
    tablet.locator("#contact_phone").fill("12345")
    go_on(tablet)
    expect(tablet.locator(".error-summary")).to_be_focused()
    expect(tablet.locator("#contact_phone")).to_have_value("12345")  # nothing typed is lost
    check_page(tablet)
    tablet.locator("#contact_phone").fill("06 12345678")
    go_on(tablet)
    expect(tablet).to_have_url(re.compile(f"/{lang}/ask/buddy/check$"))
    check_page(tablet)

    tablet.goto(f"/{lang}/ask/worry/")
    for step in WORRY[:3]:
        answer(tablet, *step[1:])
    answer(tablet, ["postcode"], None)
    expect(tablet).to_have_url(re.compile(f"/{lang}/ask/worry/postcode$"))
    check_page(tablet)
    answer(tablet, [], "3011")  # Rotterdam: outside this Vangnet
    expect(tablet.locator("main")).to_contain_text("Rotterdam")
    check_page(tablet)

    tablet.goto(f"/{lang}/ask/status")
    check_page(tablet)
    tablet.locator("#code").fill("AAAA-AAAA")
    go_on(tablet)
    expect(tablet.locator(".error-summary")).to_be_focused()
    check_page(tablet)

"""What is on every page: the language choice with right to left, read aloud in the page's own
language only, and a shared tablet that forgets the visitor (idle reset, start over)."""

import re

import pytest
from playwright.sync_api import expect

from ..plurals import expected
from .checks import assert_accessible
from .conftest import make_kiosk_browser, tap
from .speech import spoken, with_voices

# A speechSynthesis that records instead of speaking. Its voices come when the test says so
# (window.__voices(...)), as real ones arrive late, with a voiceschanged event.


START = re.compile(r"^http://[^/]+/$")  # the start page, not /en/


def session_cookie(page):
    return next((c["value"] for c in page.context.cookies() if c["name"] == "session"), None)


def test_choosing_arabic_gives_a_right_to_left_page_with_the_tools_mirrored(any_page):
    any_page.goto("/")
    tap(any_page, any_page.get_by_role("link", name="العربية"))
    expect(any_page).to_have_url(re.compile(r"/ar/$"))
    assert any_page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    width = any_page.viewport_size["width"]
    brand = any_page.locator(".brand").bounding_box()
    tools = any_page.locator(".tools").bounding_box()
    assert brand["x"] + brand["width"] > width * 0.75  # the start button sits on the right in Arabic
    assert brand["x"] > tools["x"]
    first_tool = any_page.locator(".tools .tool").first.bounding_box()
    assert first_tool["x"] > any_page.locator(".tools .tool").nth(1).bounding_box()["x"]  # and the row runs leftwards


def test_language_choice_in_dutch_runs_left_to_right(tablet):
    tablet.goto("/")
    tap(tablet, tablet.get_by_role("link", name="Nederlands"))
    expect(tablet).to_have_url(re.compile(r"/nl/$"))
    assert tablet.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["nl", "ltr"]
    assert tablet.locator(".brand").bounding_box()["x"] < tablet.locator(".tools").bounding_box()["x"]


def test_read_aloud_speaks_the_page_in_its_own_language_and_voice(tablet):
    with_voices(tablet, "en-US", "nl-NL", "ar-SA")
    tablet.goto("/nl/")
    tap(tablet, tablet.get_by_role("button", name="Voorlezen"))
    said = spoken(tablet)
    assert said[0] == {"text": "Wat wilt u doen?", "lang": "nl", "voiceLang": "nl-NL"}
    assert all(s["lang"] == "nl" and s["voiceLang"] == "nl-NL" for s in said)
    texts = [s["text"] for s in said]
    # A card's label and hint are two parts, in the order of the page; the bar above main is not read.
    assert texts[1:3] == ["Mensen ontmoeten", "Plekken en activiteiten in de buurt"]
    assert not {"Naar de inhoud", "Begin", "Taal", "Voorlezen", "Over Vangnet en privacy"} & set(texts)
    expect(tablet.get_by_role("button", name="Stop met lezen")).to_be_visible()
    expect(tablet.get_by_role("button", name="Voorlezen")).to_be_hidden()


def test_read_aloud_works_on_a_kiosk_too(tablet, live_url):
    """A kiosk page also carries the idle dialog's script: reading aloud must not trip over it."""
    make_kiosk_browser(tablet, live_url)
    with_voices(tablet, "nl-NL")
    tablet.goto("/nl/")
    tap(tablet, tablet.get_by_role("button", name="Voorlezen"))
    assert spoken(tablet)[0] == {"text": "Wat wilt u doen?", "lang": "nl", "voiceLang": "nl-NL"}


def test_read_aloud_in_arabic_uses_the_arabic_voice(tablet):
    with_voices(tablet, "nl-NL", "ar-SA")
    tablet.goto("/ar/")
    tap(tablet, tablet.locator("[data-read-aloud]"))
    said = spoken(tablet)
    assert said and {(s["lang"], s["voiceLang"]) for s in said} == {("ar", "ar-SA")}


def test_read_aloud_stays_hidden_without_a_voice_of_the_page_language(tablet):
    with_voices(tablet, "nl-NL", "en-US")
    tablet.goto("/ar/")
    expect(tablet.locator("[data-read-aloud]")).to_be_hidden()
    tablet.locator("[data-read-aloud]").dispatch_event("click")  # even a click that gets there says nothing
    assert spoken(tablet) == []
    tablet.goto("/en/")
    expect(tablet.get_by_role("button", name="Read aloud")).to_be_visible()


def test_read_aloud_waits_for_voices_that_arrive_late_and_knows_their_spellings(tablet):
    with_voices(tablet)
    tablet.goto("/nl/help")
    expect(tablet.locator("[data-read-aloud]")).to_be_hidden()
    tablet.evaluate("window.__voices(['en-GB', 'de-DE'])")
    expect(tablet.locator("[data-read-aloud]")).to_be_hidden()
    tablet.evaluate("window.__voices(['en-GB', 'nl_BE'])")  # Samsung and Chrome on Android write nl_BE
    tap(tablet, tablet.get_by_role("button", name="Voorlezen"))
    assert spoken(tablet)[0] == {"text": "Hulp van een mens", "lang": "nl", "voiceLang": "nl_BE"}


def test_read_aloud_speaks_in_sentences_and_stop_cancels(tablet):
    with_voices(tablet, "nl-NL")
    tablet.goto("/nl/about")
    tablet.evaluate("""() => {
        const p = document.createElement('p');
        p.textContent = 'Een lange zin zonder punt '.repeat(20);
        document.querySelector('main').append(p);
        const hidden = document.createElement('p');
        hidden.className = 'visually-hidden';
        hidden.textContent = 'Niet voorlezen.';
        document.querySelector('main').append(hidden);
    }""")
    tap(tablet, tablet.get_by_role("button", name="Voorlezen"))
    texts = [s["text"] for s in spoken(tablet)]
    assert texts[0] == "Over Vangnet en privacy"
    # One paragraph of two sentences gives two utterances.
    start = texts.index("Vangnet helpt u om mensen te ontmoeten in uw buurt.")
    assert texts[start + 1] == "De gemeente maakt Vangnet samen met organisaties die mensen helpen."
    assert all(len(text) <= 180 for text in texts)
    long_parts = [text for text in texts if "zonder punt" in text]
    assert len(long_parts) >= 3 and " ".join(long_parts) == ("Een lange zin zonder punt " * 20).strip()
    assert "Niet voorlezen." not in texts
    cancelled = tablet.evaluate("window.__cancelled")
    tap(tablet, tablet.get_by_role("button", name="Stop met lezen"))
    assert tablet.evaluate("window.__cancelled") > cancelled
    expect(tablet.get_by_role("button", name="Voorlezen")).to_be_visible()
    expect(tablet.get_by_role("button", name="Stop met lezen")).to_be_hidden()
    expect(tablet.locator(".reading")).to_have_count(0)


def test_after_the_idle_time_the_kiosk_asks_then_starts_over_in_its_own_language(tablet, live_url):
    make_kiosk_browser(tablet, live_url, idle_seconds=2, default_language="tr")
    tablet.goto("/en/")
    before = session_cookie(tablet)
    dialog = tablet.locator("#idle-dialog")
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=5000)
    expect(dialog.locator("[data-countdown]")).to_have_text(re.compile(r"^In ([23] seconds|1 second) we start over\.$"))
    assert_accessible(tablet)
    tap(tablet, tablet.get_by_role("button", name="Yes, I need more time"))
    expect(dialog).to_be_hidden()
    assert tablet.url.endswith("/en/")
    expect(dialog).to_be_visible(timeout=5000)  # asked again after another idle period
    tablet.keyboard.press("Escape")  # Escape is "more time" too
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=5000)
    tablet.wait_for_url(START, timeout=10000)  # nobody answered: start over
    assert tablet.evaluate("document.documentElement.lang") == "tr"
    after = session_cookie(tablet)
    assert after is not None and after != before


def test_more_time_tells_the_server_so_the_draft_outlives_the_idle_limit(tablet, live_url):
    """The server deletes a kiosk's draft left alone past idle time and countdown (5 s here); "Yes, I
    need more time" tells it someone is still there, and the answers stay."""
    make_kiosk_browser(tablet, live_url, idle_seconds=2)
    tablet.goto("/nl/ask/buddy/for-whom")
    tap(tablet, tablet.locator('label.choice:has(input[value="me"])'))
    tap(tablet, tablet.locator("main form[novalidate] button[type=submit]"))
    dialog = tablet.locator("#idle-dialog")
    for _ in range(2):  # 2 × (2 s idle + about 2 s of the countdown) > the server's 5 s
        expect(dialog).to_be_visible(timeout=5000)
        tablet.wait_for_timeout(1500)
        with tablet.expect_request(re.compile(r"/still-here$")):
            tap(tablet, tablet.get_by_role("button", name="Ja, ik wil meer tijd"))
    tablet.goto("/nl/ask/buddy/for-whom")
    expect(tablet.locator('input[value="me"]')).to_be_checked()


COUNTDOWN = "Over %(num)d seconde beginnen we opnieuw."


@pytest.mark.parametrize("lang", ["ar", "pl", "uk", "nl"])
def test_the_countdown_says_the_seconds_left_in_the_plural_of_the_language(tablet, live_url, app, monkeypatch, lang):
    """With the page's clock in the test's hands: the dialog at 22, 11, 5, 2 and 1 seconds left."""
    monkeypatch.setitem(app.config, "KIOSK_COUNTDOWN_SECONDS", 30)
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    tablet.clock.install()
    tablet.goto(f"/{lang}/")
    tablet.clock.pause_at(tablet.evaluate("Date.now()") / 1000 + 1)  # from here only the test moves time
    tablet.keyboard.press("Shift")  # a touch of the keyboard: the idle time starts again, now
    tablet.clock.run_for(600_000)  # idle: the dialog opens with 30 seconds to go
    expect(tablet.locator("#idle-dialog")).to_be_visible()
    countdown = tablet.locator("#idle-dialog [data-countdown]")
    expect(countdown).to_have_text(expected(lang, COUNTDOWN, 30))
    shown, elapsed = {}, 0
    for left in (22, 11, 5, 2, 1):
        tablet.clock.run_for(1000 * (30 - left) - elapsed)
        elapsed = 1000 * (30 - left)
        shown[left] = countdown.text_content()
    assert shown == {left: expected(lang, COUNTDOWN, left) for left in shown}


def test_start_over_goes_to_the_start_with_a_new_session_and_back_shows_nothing_kept(tablet, live_url):
    make_kiosk_browser(tablet, live_url, idle_seconds=600)
    tablet.goto("/nl/find/postcode")
    tablet.get_by_label("Wat is uw postcode?").fill("2625")
    before = session_cookie(tablet)
    tap(tablet, tablet.get_by_role("button", name="Opnieuw beginnen"))
    tablet.wait_for_url(START)
    expect(tablet.locator("h1")).to_have_text("Kies uw taal")
    after = session_cookie(tablet)
    assert after is not None and after != before
    tablet.go_back()
    expect(tablet.get_by_label("Wat is uw postcode?")).to_have_value("")


def test_the_error_summary_takes_focus(desktop):
    desktop.goto("/nl/find/postcode?pc=abc")
    expect(desktop.locator(".error-summary")).to_be_focused()


def test_dutch_names_and_addresses_keep_their_order_on_an_arabic_page(tablet, make_activity):
    activity = make_activity()
    tablet.goto(f"/ar/activities/{activity.id}/ticket")
    # Where "2625" and "Delft" of "2625 AA Delft" are drawn: left to right, also in right-to-left Arabic.
    postcode, town = tablet.evaluate("""() => {
        const node = [...document.querySelectorAll('.ticket [translate=no]')]
            .flatMap((el) => [...el.childNodes]).find((n) => n.nodeType === 3 && n.data.includes('2625 AA'));
        const at = (word) => {
            const range = document.createRange();
            const start = node.data.indexOf(word);
            range.setStart(node, start);
            range.setEnd(node, start + word.length);
            return range.getBoundingClientRect().x;
        };
        return [at('2625'), at('Delft')];
    }""")
    assert postcode < town


def test_a_confirmation_page_returns_to_the_start_by_itself_on_a_kiosk(tablet, live_url):
    make_kiosk_browser(tablet, live_url, idle_seconds=600)

    def as_confirmation_page(route):  # the attribute a confirmation page sets through {% block body_attrs %}
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("<body ", '<body data-return-after="1" ', 1))

    tablet.route("**/nl/help", as_confirmation_page)
    tablet.goto("/nl/help")
    tablet.wait_for_url(START, timeout=5000)


def test_where_i_am_now_sends_a_rounded_position_and_says_so_when_there_is_none(browser, live_url):
    phone = browser.new_context(base_url=live_url, viewport={"width": 360, "height": 740}, has_touch=True,
                                geolocation={"latitude": 52.012345, "longitude": 4.356789}, permissions=["geolocation"])
    page = phone.new_page()
    page.goto("/nl/find")
    page.get_by_role("button", name=re.compile("Waar ik nu ben")).tap()
    page.wait_for_url(re.compile(r"lat=52\.012&lon=4\.357$"))
    phone.clear_permissions()
    page.goto("/nl/find")
    expect(page.locator("[data-locate-error]")).to_be_hidden()
    page.get_by_role("button", name=re.compile("Waar ik nu ben")).tap()
    expect(page.locator("[data-locate-error]")).to_be_visible()
    phone.close()


def test_the_print_button_appears_with_javascript_and_prints(desktop, make_activity):
    activity = make_activity()
    desktop.add_init_script(script="window.print = () => { window.__printed = true; };")
    desktop.goto(f"/nl/activities/{activity.id}/ticket")
    tap(desktop, desktop.get_by_role("button", name="Printen"))
    assert desktop.evaluate("window.__printed") is True


def test_phone_numbers_keep_their_order_on_an_arabic_page(tablet, demo):
    """"0800 0113" must not turn into "0113 0800" between right-to-left words."""
    tablet.goto("/ar/ask/worry/urgency")
    tablet.locator('label.choice:has(input[value="crisis"])').click()
    tablet.locator("main form[novalidate] button[type=submit]").click()
    link = tablet.locator('a[href="tel:08000113"]')
    first, second = link.evaluate("""(a) => {
        const text = a.firstChild, at = (start) => {
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + 4);
            return range.getBoundingClientRect().x;
        };
        return [at(0), at(5)];
    }""")
    assert first < second

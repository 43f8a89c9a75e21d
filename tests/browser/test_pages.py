"""Every resident page, in every shipped language and in its states (empty, error, filled):
0 axe violations, touch targets of at least 48 x 48 px, and no sideways scrolling at 320 px."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Activity
from config import Config

from .checks import assert_accessible, assert_no_horizontal_scroll, assert_touch_targets
from .conftest import DESKTOP, PHONE, TABLET, make_kiosk_browser, new_page

# {lang} and {activity}/{place} are filled in per test.
RESIDENT_PAGES = [
    "/",
    "/{lang}/",
    "/{lang}/help",
    "/{lang}/about",
    "/{lang}/language?next=/{lang}/",
    "/{lang}/language?next=/{lang}/find",
    "/{lang}/find",
    "/{lang}/find/postcode",
    "/{lang}/find/postcode?pc=abc",  # error state
    "/{lang}/find/neighbourhood",
    "/{lang}/find/neighbourhood?town=delft",
    "/{lang}/find/when?near=kiosk",
    "/{lang}/find/what?pc=2625&day=today",
    "/{lang}/find/results?near=kiosk&day=week",  # filled
    "/{lang}/find/results?pc=2625&day=today&cat=music&free=1&part=morning",  # probably empty
    "/{lang}/activities/{activity}",
    "/{lang}/activities/{activity}/ticket",
    "/{lang}/places/{place}",
    "/{lang}/calendar",
    "/{lang}/calendar/delft",
    "/{lang}/calendar/delft/WK050325",
    "/{lang}/calendar/delft/WK050325/week",
    "/{lang}/no-such-page",  # the 404 page
]


def check_every_page(screen, lang, viewport, pages):
    activity = db.session.scalars(db.select(Activity).order_by(Activity.id)).first()
    for template in pages:
        path = template.format(lang=lang, activity=activity.id, place=activity.place_id)
        screen.set_viewport_size(viewport)
        response = screen.goto(path)
        assert response.status == (404 if "no-such-page" in path else 200), path
        expected_lang = lang if path != "/" else "nl"
        assert screen.evaluate("document.documentElement.lang") == expected_lang, path
        assert screen.evaluate("document.documentElement.dir") == ("rtl" if expected_lang == "ar" else "ltr"), path
        assert_accessible(screen)
        assert_touch_targets(screen)
        assert_no_horizontal_scroll(screen)


@pytest.mark.parametrize("viewport", [TABLET, DESKTOP], ids=["tablet", "desktop"])
@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_every_resident_page_passes_axe_touch_and_narrow_screen(browser, live_url, demo, lang, viewport):
    screen = new_page(browser, live_url, viewport)
    make_kiosk_browser(screen, live_url)
    check_every_page(screen, lang, viewport, RESIDENT_PAGES)
    screen.context.close()


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_every_resident_page_on_a_phone_passes_too(browser, live_url, demo, lang):
    """Off the kiosk the pages differ: a 'where I am now' button, links to other websites instead of QR codes."""
    screen = new_page(browser, live_url, PHONE, has_touch=True, locale="nl-NL")
    check_every_page(screen, lang, PHONE, [path for path in RESIDENT_PAGES if "near=kiosk" not in path])
    expect(screen.locator("[data-locate]")).to_have_count(0)  # the last page is the 404 page
    screen.goto(f"/{lang}/find")
    expect(screen.locator("[data-locate]")).to_be_visible()
    screen.context.close()

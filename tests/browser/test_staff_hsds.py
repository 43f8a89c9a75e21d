"""The HSDS page of the back office in Chromium: an administrator checks the corrected example package
(dry run: the report of what would change), then the shared examples (the list of broken rows), with
the keyboard; 0 axe violations on each state, in Dutch and in English."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Place

from .checks import assert_accessible
from .staff import sign_in, staff_member

CORRECTED = Path(__file__).parents[1] / "data" / "hsds-corrected"


def zip_of(folder: Path, target: Path) -> Path:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.write(path, path.name)
    target.write_bytes(data.getvalue())
    return target


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_hsds_page_and_its_reports_pass_axe(desktop, demo, shared_data, tmp_path, lang):
    sign_in(desktop, staff_member("administrator", lang=lang))
    desktop.goto("/staff/places")
    desktop.get_by_role("link", name=re.compile("HSDS")).click()
    expect(desktop).to_have_url(re.compile(r"/staff/places/hsds$"))
    assert_accessible(desktop)
    places = db.session.scalar(db.select(db.func.count()).select_from(Place))
    desktop.locator("#package").set_input_files(str(zip_of(CORRECTED, tmp_path / "corrected.zip")))
    desktop.locator("form[enctype] button[type=submit]").focus()
    desktop.keyboard.press("Enter")  # the dry run is ticked by default: nothing is stored
    # Frictionless takes some seconds.
    expect(desktop.locator(".import-report, .error-summary")).to_be_visible(timeout=60_000)
    assert_accessible(desktop)
    desktop.locator("#package").set_input_files(
        str(zip_of(Path(shared_data) / "hsds-3.0-examples", tmp_path / "examples.zip")))
    desktop.locator("form[enctype] button[type=submit]").click()
    expect(desktop.locator(".error-summary")).to_contain_text("organization_id", timeout=60_000)
    assert_accessible(desktop)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Place)) == places

"""Static files are linked under names that carry a hash of their content (app/static_files.py): a changed
file gets a new URL, every static URL a page links answers 200 under its hashed name with a year of
immutable caching, and the hashes are computed once, when the app starts, not per request."""

import re
import shutil
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import NotFound

from app import schedule, static_files
from app.static_files import StaticFiles
from config import BASE_DIR

from .conftest import TUESDAY_MORNING

STATIC = BASE_DIR / "app" / "static"
LINKS = re.compile(r'(?:href|src)="([^"#]+)"')


def static_urls(html: str) -> set[str]:
    return {url for url in LINKS.findall(html) if url.startswith("/static/")}


def test_a_changed_file_gets_a_new_url_and_its_old_url_is_gone(app, tmp_path):
    folder = tmp_path / "static"
    shutil.copytree(STATIC, folder)
    before = StaticFiles(str(folder))
    (folder / "css" / "app.css").write_text((folder / "css" / "app.css").read_text() + "\n.new { color: red }\n")
    after = StaticFiles(str(folder))

    assert after.hashed["css/app.css"] != before.hashed["css/app.css"]
    assert re.fullmatch(r"css/app\.[0-9a-f]{10}\.css", after.hashed["css/app.css"])
    assert after.hashed["js/app.js"] == before.hashed["js/app.js"]  # an unchanged file keeps its URL
    with app.test_request_context():
        response = after.serve(after.hashed["css/app.css"])
        assert response.status_code == 200
        response.close()
        with pytest.raises(NotFound):  # never another content under a name a browser keeps for a year
            after.serve(before.hashed["css/app.css"])


def test_templates_link_static_files_by_their_hashed_names(client):
    files = client.application.extensions["static_files"]
    urls = static_urls(client.get("/nl/").get_data(as_text=True))
    assert f"/static/{files.hashed['css/app.css']}" in urls
    assert f"/static/{files.hashed['js/app.js']}" in urls
    assert "/static/css/app.css" not in urls


def test_the_hashes_are_computed_when_the_app_starts_not_per_request(client, monkeypatch):
    def no_hashing(*args):
        raise AssertionError("a static file was hashed during a request")

    monkeypatch.setattr(static_files, "fingerprint", no_hashing)
    monkeypatch.setattr(static_files, "hashed_name", no_hashing)
    for path in ("/", "/nl/", "/nl/find"):
        assert client.get(path).status_code == 200


def test_a_hashed_url_is_kept_a_year_and_a_plain_one_an_hour(client):
    files = client.application.extensions["static_files"]
    hashed = client.get(f"/static/{files.hashed['css/app.css']}")
    assert hashed.status_code == 200
    assert hashed.get_data() == (STATIC / "css" / "app.css").read_bytes()
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    hashed.close()
    plain = client.get("/static/css/app.css")
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "public, max-age=3600"
    plain.close()
    missing = client.get("/static/css/app.0123456789.css")
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store"


def crawl(client, starts, limit=250) -> tuple[set[str], set[str]]:
    """Follow same-site links (not static files, not signing out) from `starts`: the pages seen and every
    static URL they link."""
    seen, assets, queue = set(), set(), list(starts)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        html = response.get_data(as_text=True)
        assets |= static_urls(html)
        for url in LINKS.findall(html):
            url = url.replace("&amp;", "&")
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not url.startswith("/") or url.startswith("/static/"):
                continue
            if "sign-out" in url or "activate" in url:
                continue
            queue.append(url)
    return seen, assets


@pytest.mark.parametrize("on_kiosk", [True, False], ids=["kiosk", "phone"])
def test_every_static_url_in_resident_pages_answers_200_under_its_hashed_name(
    request, app, delft, make_activity, make_place, monkeypatch, on_kiosk
):
    monkeypatch.setattr(schedule, "local_now", lambda: TUESDAY_MORNING.replace(tzinfo=schedule.TZ))
    place = make_place(postcode="2625 AA", neighbourhood_id=delft.id)
    make_activity(place=place)
    make_activity(title="Samen wandelen", category="outdoors", place=place)
    client = request.getfixturevalue("kiosk_client") if on_kiosk else app.test_client()
    pages, assets = crawl(client, ["/", "/nl/", "/ar/", "/nl/find/results?pc=2625&day=today",
                                   "/nl/find/results?pc=2625&day=week"])
    assert len(pages) > 30 and any("/place" in page or "/activity" in page for page in pages), sorted(pages)
    assert {"css/app.css", "js/app.js", "icons/favicon.svg"} <= {
        app.extensions["static_files"].original.get(url.removeprefix("/static/")) for url in assets
    }
    for url in sorted(assets):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
        response.close()


def test_every_static_url_in_staff_pages_answers_200_under_its_hashed_name(staff_client):
    pages, assets = crawl(staff_client, ["/staff/"], limit=60)
    files = staff_client.application.extensions["static_files"]
    assert f"/static/{files.hashed['css/staff.css']}" in assets
    for url in sorted(assets):
        response = staff_client.get(url)
        assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"], url
        response.close()


def test_no_script_or_style_sheet_links_a_static_file_by_a_name_that_bypasses_the_hash():
    """The JS and CSS link no static file (no service worker, no url() to a pictogram): a reference
    there would not be hashed and would change under a browser that kept the old one for a year."""
    for path in [*STATIC.rglob("*.js"), *STATIC.rglob("*.css")]:
        text = path.read_text()
        assert "/static/" not in text and not re.search(r"url\((?!['\"]?data:)", text), path
        assert "serviceWorker" not in text, f"{path}: a service worker must cache by the hashed names"

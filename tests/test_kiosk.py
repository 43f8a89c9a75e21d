"""Kiosks: created from the command line, activated once on the tablet, reset on Start over."""

import re

from app.extensions import db
from app.models import Kiosk

from .helpers import page


def create(app, *args):
    return app.test_cli_runner().invoke(args=["kiosk", "create", *args])


def test_kiosk_create_prints_a_one_time_activation_link(app, make_neighbourhood):
    make_neighbourhood(code="BU05032500")
    result = create(app, "--name", "Bibliotheek", "--lat", "51.997", "--lon", "4.339",
                    "--neighbourhood", "BU05032500", "--language", "ar", "--idle-seconds", "90")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"http://127\.0\.0\.1:5000/kiosk/activate/[\w-]{20,}\n", result.output)
    kiosk = db.session.scalar(db.select(Kiosk))
    assert (kiosk.default_language, kiosk.idle_seconds, kiosk.neighbourhood.code) == ("ar", 90, "BU05032500")


def test_kiosk_create_refuses_bad_values(app):
    assert create(app, "--name", "X", "--lat", "91", "--lon", "4").exit_code != 0
    assert create(app, "--name", "X", "--lat", "52", "--lon", "4", "--language", "xx").exit_code != 0
    assert create(app, "--name", "X", "--lat", "52", "--lon", "4", "--neighbourhood", "BU0").exit_code != 0
    assert create(app, "--name", "X", "--lat", "52", "--lon", "4", "--idle-seconds", "5").exit_code != 0
    assert db.session.scalar(db.select(Kiosk)) is None


def test_opening_the_link_asks_first_and_activates_once(app, client):
    token = create(app, "--name", "Bibliotheek", "--lat", "51.997", "--lon", "4.339").output.rsplit("/", 1)[1].strip()
    assert "Bibliotheek" in page(client.get(f"/kiosk/activate/{token}"))  # a GET changes nothing
    assert client.get_cookie("vangnet_kiosk") is None
    response = client.post(f"/kiosk/activate/{token}")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get_cookie("vangnet_kiosk").http_only
    assert "near=kiosk" in page(client.get("/nl/find"))
    assert app.test_client().post(f"/kiosk/activate/{token}").status_code == 404  # used up


def test_unknown_activation_links_are_404(client):
    for token in ("nope", "x" * 2000):
        assert client.get(f"/kiosk/activate/{token}").status_code == 404
    assert client.get("/kiosk/activate/%00").status_code == 400


def test_start_over_changes_the_session_clears_the_site_and_keeps_the_kiosk(kiosk_client):
    kiosk_client.get("/nl/find")
    before = kiosk_client.get_cookie("session").value
    response = kiosk_client.post("/start-over")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert kiosk_client.get_cookie("session").value != before
    assert kiosk_client.get_cookie("vangnet_kiosk").value == "test-kiosk-key"


def test_the_start_page_of_a_kiosk_is_in_its_default_language(client, make_kiosk):
    make_kiosk(browser_key="k", default_language="uk")
    client.set_cookie("vangnet_kiosk", "k")
    assert '<html lang="uk"' in page(client.get("/"))


def test_a_kiosk_page_carries_its_idle_time_for_the_dialog(kiosk_client):
    html = page(kiosk_client.get("/nl/"))
    assert 'data-kiosk="1" data-idle-seconds="120" data-countdown-seconds="30"' in html
    assert 'id="idle-dialog"' in html

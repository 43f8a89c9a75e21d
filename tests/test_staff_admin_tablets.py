"""Tablets under /staff/admin/tablets: administrators of the tablet's municipality register, change,
relink and switch off tablets; the activation link is shown once, also as a QR code; a switched-off
tablet's next page is the ordinary resident site; every change is audited; nothing of another town."""

import pytest

from app.extensions import db
from app.models import Kiosk

from .admin_world import actions, build_world, error_texts, kiosk_state
from .helpers import count, page

GOOD = {"name": "Wijkcentrum De Hoven", "lat": "51.9961", "lon": "4.3412", "default_language": "ar",
        "idle_seconds": "180", "has_printer": "y"}


@pytest.fixture
def world(app, town, make_staff, make_kiosk, totp_clock):
    return build_world(app, town, make_staff, make_kiosk, totp_clock)


def test_the_list_shows_my_towns_tablets_with_state_and_language_and_not_another_towns(world):
    html = page(world["admin"].get("/staff/admin/tablets"))
    assert "Bibliotheek Buitenhof" in html and "Reinier de Graafbuurt" in html and "Nederlands" in html
    assert "Nog nooit" in html and "Aan" in html
    assert "Bieb Merenwijk" not in html


def test_registering_a_tablet_derives_its_neighbourhood_and_shows_the_link_once_with_a_qr_code(world):
    response = world["admin"].post("/staff/admin/tablets/new", data=GOOD)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    kiosk = db.session.scalar(db.select(Kiosk).where(Kiosk.name == "Wijkcentrum De Hoven"))
    assert (kiosk.neighbourhood_id, kiosk.default_language, kiosk.idle_seconds, kiosk.has_printer, kiosk.active) == (
        world["buurt"].id, "ar", 180, True, True)
    html = page(response)
    assert f"/kiosk/activate/{kiosk.activation_token}" in html
    assert '<svg role="img" aria-label="QR-code van de activeringslink"' in html
    assert actions("tablet.create") == [("tablet.create", world["delft"].id, f"tablet {kiosk.id}")]
    # Afterwards the link is never shown again: not on the tablet's page, not in the list.
    for path in (f"/staff/admin/tablets/{kiosk.id}", "/staff/admin/tablets"):
        assert kiosk.activation_token not in page(world["admin"].get(path))


def test_the_activation_link_makes_the_tablet_and_the_tablet_is_then_seen(world, client):
    world["admin"].post("/staff/admin/tablets/new", data=GOOD)
    kiosk = db.session.scalar(db.select(Kiosk).where(Kiosk.name == "Wijkcentrum De Hoven"))
    client.post(f"/kiosk/activate/{kiosk.activation_token}")
    assert 'data-kiosk="1" data-idle-seconds="180"' in page(client.get("/nl/"))
    db.session.expire_all()
    assert kiosk.last_seen_at is not None and kiosk.activation_token is None
    assert "Aan" in page(world["admin"].get("/staff/admin/tablets"))


@pytest.mark.parametrize(("field", "value", "error"), [
    ("name", "", "Typ een naam"),
    ("name", " \u00a0", "Typ een naam"),
    ("name", "a" * 121, "Niet meer dan 120 tekens"),
    ("name", "<script>alert(1)</script>", "Gebruik alleen gewone tekst, zonder punthaken"),
    ("lat", "", "Tik op de kaart of typ de breedtegraad"),
    ("lat", "noord", "Typ een getal, bijvoorbeeld 52.0116"),
    ("lat", "1e309", "Deze plek ligt niet in Nederland. Kijk of de getallen goed zijn."),
    ("lon", "", "Tik op de kaart of typ de lengtegraad"),
    ("lon", "nan", "Deze plek ligt niet in Nederland. Kijk of de getallen goed zijn."),
    ("lon", "٣", "Deze plek ligt niet in Nederland. Kijk of de getallen goed zijn."),
    ("lat", "48.85", "Deze plek ligt niet in Nederland. Kijk of de getallen goed zijn."),
    ("default_language", "xx", "Kies een taal uit de lijst"),
    ("default_language", "", "Kies een taal uit de lijst"),
    ("idle_seconds", "", "Typ een aantal seconden, bijvoorbeeld 120"),
    ("idle_seconds", "²", "Typ een aantal seconden, bijvoorbeeld 120"),
    ("idle_seconds", "-5", "Typ een aantal seconden, bijvoorbeeld 120"),
    ("idle_seconds", "29", "Kies tussen 30 en 3600 seconden"),
    ("idle_seconds", "3601", "Kies tussen 30 en 3600 seconden"),
    ("idle_seconds", "9" * 400, "Typ een aantal seconden, bijvoorbeeld 120"),
])
def test_bad_input_in_any_field_is_said_next_to_it_and_nothing_is_registered(world, field, value, error):
    before = count(Kiosk)
    response = world["admin"].post("/staff/admin/tablets/new", data={**GOOD, field: value})
    assert response.status_code == 400
    assert error in error_texts(response)
    assert count(Kiosk) == before and actions("tablet.create") == []
    if field != "name":
        assert "Wijkcentrum De Hoven" in page(response)  # nothing typed is lost


def test_a_place_in_another_town_is_refused(world):
    response = world["admin"].post("/staff/admin/tablets/new", data={**GOOD, "lat": "52.175", "lon": "4.505"})
    assert response.status_code == 400
    assert "Deze plek ligt niet in een buurt van uw gemeente. Tik binnen de lijnen." in error_texts(response)


def test_the_form_shows_the_map_with_what_a_tap_needs(world):
    html = page(world["admin"].get("/staff/admin/tablets/new"))
    assert "data-pick-place" in html and 'data-kx="' in html and 'id="lat"' in html and 'id="lon"' in html


def test_changing_a_tablet_is_saved_and_audited_with_the_fields_that_changed(world):
    kiosk = world["our_kiosk"]
    response = world["admin"].post(f"/staff/admin/tablets/{kiosk.id}",
                                   data={**GOOD, "name": "Bieb Buitenhof", "version": "1"})
    assert response.status_code == 302
    state = kiosk_state(kiosk.id)
    assert state[0] == "Bieb Buitenhof" and state[4:7] == ("ar", 180, True) and state[8] == "delft-key"
    [(_, town, detail)] = actions("tablet.edit")
    assert town == world["delft"].id and detail.startswith(f"tablet {kiosk.id}: name lat lon default_language")


def test_a_new_link_replaces_the_old_one_and_the_tablet_in_use_stays_until_it_is_opened(world, client):
    kiosk = world["our_kiosk"]
    first = page(world["admin"].post(f"/staff/admin/tablets/{kiosk.id}/link"))
    token = kiosk_state(kiosk.id)[7]
    assert token and f"/kiosk/activate/{token}" in first
    world["admin"].post(f"/staff/admin/tablets/{kiosk.id}/link")
    assert client.get(f"/kiosk/activate/{token}").status_code == 404
    assert kiosk_state(kiosk.id)[8] == "delft-key"
    assert [a[0] for a in actions("tablet.link")] == ["tablet.link", "tablet.link"]


def test_a_switched_off_tablet_shows_the_plain_resident_site_on_its_next_page(world, client):
    kiosk = world["our_kiosk"]
    client.set_cookie("vangnet_kiosk", "delft-key")
    assert 'data-kiosk="1"' in page(client.get("/nl/"))
    assert world["admin"].post(f"/staff/admin/tablets/{kiosk.id}/off").status_code == 302
    html = page(client.get("/nl/"))
    assert 'data-kiosk="1"' not in html and client.get("/nl/").status_code == 200
    assert kiosk_state(kiosk.id)[7:] == (None, None, False)
    assert actions("tablet.off") == [("tablet.off", world["delft"].id, f"tablet {kiosk.id}")]
    assert "Uit" in page(world["admin"].get("/staff/admin/tablets"))


def test_a_switched_off_tablet_comes_back_with_a_new_link(world, client):
    kiosk = world["our_kiosk"]
    world["admin"].post(f"/staff/admin/tablets/{kiosk.id}/off")
    world["admin"].post(f"/staff/admin/tablets/{kiosk.id}/link")
    client.post(f"/kiosk/activate/{kiosk_state(kiosk.id)[7]}")
    assert 'data-kiosk="1"' in page(client.get("/nl/"))
    assert kiosk_state(kiosk.id)[9] is True


def test_a_tablet_is_seen_again_at_most_every_five_minutes(world, client, monkeypatch):
    import datetime as dt

    from app import kiosk as kiosk_module

    now = [dt.datetime(2026, 11, 24, 8, 0)]
    monkeypatch.setattr(kiosk_module, "utcnow", lambda: now[0])
    client.set_cookie("vangnet_kiosk", "delft-key")
    seen = []
    for minutes in (0, 4, 6):
        now[0] = dt.datetime(2026, 11, 24, 8, 0) + dt.timedelta(minutes=minutes)
        client.get("/nl/")
        db.session.expire_all()
        seen.append(db.session.get(Kiosk, world["our_kiosk"].id).last_seen_at)
    assert seen == [dt.datetime(2026, 11, 24, 8, 0), dt.datetime(2026, 11, 24, 8, 0), dt.datetime(2026, 11, 24, 8, 6)]


TABLET_ROUTES = [("GET", ""), ("POST", ""), ("POST", "/link"), ("POST", "/off")]


def test_another_towns_tablet_is_404_on_every_route_and_nothing_changes(world):
    theirs = world["their_kiosk"]
    before = kiosk_state(theirs.id)
    for method, action in TABLET_ROUTES:
        response = world["admin"].open(f"/staff/admin/tablets/{theirs.id}{action}", method=method, data=GOOD)
        assert response.status_code == 404, action
    assert kiosk_state(theirs.id) == before
    refused = actions("access.refused")
    assert len(refused) == len(TABLET_ROUTES) and {town for _, town, _ in refused} == {world["leiden"].id}
    assert actions("tablet.edit") == actions("tablet.link") == actions("tablet.off") == []
    assert world["admin"].get("/staff/admin/tablets/2147483647").status_code == 404


def test_coordinators_get_403_on_every_tablet_route_and_nothing_changes(world):
    ours = world["our_kiosk"]
    before, kiosks = kiosk_state(ours.id), count(Kiosk)
    assert world["coordinator"].get("/staff/admin/tablets").status_code == 403
    assert world["coordinator"].open("/staff/admin/tablets/new", method="POST", data=GOOD).status_code == 403
    for method, action in TABLET_ROUTES:
        assert world["coordinator"].open(f"/staff/admin/tablets/{ours.id}{action}", method=method,
                                         data=GOOD).status_code == 403
    assert kiosk_state(ours.id) == before and count(Kiosk) == kiosks


def test_every_admin_post_needs_its_csrf_token_and_changes_nothing_without_it(strict_app):
    """With CSRF on, signed in properly as an administrator: every POST route of the administration
    (from the URL map, so a route added later is checked too) refuses a form without a token."""
    import pyotp

    from app.models import AuditEvent, CrisisLine, Municipality, Neighbourhood, StaffMembership, StaffUser
    from app.staff.auth.passwords import hash_password

    from .conftest import STAFF_PASSWORD

    with strict_app.app_context():
        town = db.session.scalar(db.select(Municipality))
        wijk = db.session.scalar(db.select(Neighbourhood))
        admin = StaffUser(email="anna@delft.example", name="Anna", password_hash=hash_password(STAFF_PASSWORD),
                          totp_secret=pyotp.random_base32(), totp_confirmed=True)
        admin.memberships = [StaffMembership(municipality_id=town.id, role="administrator")]
        colleague = StaffUser(email="bram@delft.example", name="Bram", password_hash="x", totp_confirmed=True)
        colleague.memberships = [StaffMembership(municipality_id=town.id, role="coordinator")]
        kiosk = Kiosk(name="Bieb", lat=51.99, lon=4.34, neighbourhood_id=wijk.id, browser_key="k")
        line = CrisisLine(municipality_id=town.id, name="Crisisdienst", phone="0800 0113")
        db.session.add_all([admin, colleague, kiosk, line])
        db.session.commit()
        ids = {"staff_id": colleague.id, "kiosk_id": kiosk.id, "municipality_id": town.id, "line_id": line.id,
               "neighbourhood_id": wijk.id}
        secret = admin.totp_secret
    client = strict_app.test_client()

    def token(path):
        import re
        return re.search(r'name="csrf_token" value="([^"]+)"', page(client.get(path))).group(1)

    client.post("/staff/sign-in", data={"email": "anna@delft.example", "password": STAFF_PASSWORD,
                                        "csrf_token": token("/staff/sign-in")})
    client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now(),
                                             "csrf_token": token("/staff/sign-in/code")})
    assert client.get("/staff/admin/tablets").status_code == 200
    posts = [rule for rule in strict_app.url_map.iter_rules()
             if rule.endpoint.startswith("admin.") and "POST" in rule.methods]
    assert len(posts) >= 5
    with strict_app.app_context():
        before = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))
    for rule in posts:
        path = rule.build(ids, append_unknown=False)[1]
        assert client.post(path, data={**GOOD, "direction": "up", "version": "1"}).status_code == 400, path
    with strict_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == before
        stored = db.session.scalars(db.select(Kiosk)).all()
        assert [(k.name, k.browser_key, k.active) for k in stored] == [("Bieb", "k", True)]

"""The back office is secure by default: every staff route needs a signed-in user (checked from the
URL map), another municipality's request is a 404 on every object route and nothing changes,
administrator pages refuse coordinators, every POST needs its CSRF token, and the headers are strict."""

import re

import pytest

from app.extensions import db
from app.models import AuditEvent, BuddyRequest, Concern, Correction, Municipality, Place, RequestEvent, StaffUser

from .conftest import sign_in
from .helpers import page

# Pages a visitor who is not signed in may open: signing in itself and choosing its language.
OPEN_ROUTES = {"auth.sign_in", "auth.code", "auth.enrol", "auth.sign_out", "auth.language", "auth.invitation"}


def staff_rules(app):
    """Every back-office route: all of them live under /staff."""
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/staff")]


def example_path(rule) -> str:
    words = {"reference": "K7M4PXQ2", "kind": "buddy", "code": "WK050325", "token": "t", "side": "resident",
             "went": "yes"}
    values = {argument: words.get(argument, 1) for argument in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def test_the_url_map_has_the_staff_routes_we_test(app):
    assert {rule.endpoint for rule in staff_rules(app)} >= {
        "inbox.index", "inbox.show", "inbox.note", "inbox.contact", "inbox.status", "inbox.assign",
        "inbox.priority", "inbox.export", "admin.staff", "admin.toggle_active", "auth.password", "content.places",
        "content.new", "content.edit", "content.archive", "content.confirm", "activities.activities",
        "activities.new", "activities.edit", "activities.archive", "organisations.organisations", "inbox.intake",
        "corrections.index", "corrections.resolve", "methods.index", "methods.new", "methods.edit",
        "signal.choose", "signal.meeting", "signal.printable", "signal.action",
        "content.hsds", "content.hsds_export", "inbox.needs_attention",
        "volunteers.go_alongs", "volunteers.went"}


def test_every_staff_route_without_sign_in_goes_to_the_sign_in_page(app, client):
    checked = 0
    for rule in staff_rules(app):
        if rule.endpoint in OPEN_ROUTES:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(example_path(rule), method=method)
            assert response.status_code == 302, (rule.rule, method)
            assert response.headers["Location"].startswith("/staff/sign-in?next="), (rule.rule, method)
            checked += 1
    assert checked >= 17


@pytest.fixture
def delft_requests(delft, make_request):
    return [make_request(delft), make_request(delft, kind="go_along"), make_request(delft, kind="concern")]


@pytest.fixture
def leiden_client(app, make_staff, make_municipality, totp_clock):
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    client = app.test_client()
    client.staff = make_staff(email="lot@leiden.example", name="Lot", municipality=leiden, role="administrator")
    sign_in(client, client.staff, totp_clock)
    return client


def snapshot():
    rows = [*db.session.scalars(db.select(BuddyRequest)), *db.session.scalars(db.select(Concern))]
    db.session.expire_all()
    return [(r.reference, r.status, r.priority, r.assigned_to_id, r.first_contact_at) for r in rows]


ENDPOINTS = ("inbox.show", "inbox.export", "inbox.note", "inbox.contact", "inbox.status", "inbox.assign",
             "inbox.priority")
OBJECT_ACTIONS = [
    ("GET", "", {}),
    ("GET", "/export", {}),
    ("POST", "/note", {"text": "Ik zie dit niet"}),
    ("POST", "/contact", {"outcome": "spoke"}),
    ("POST", "/status", {"status": "closed", "reason": "other"}),
    ("POST", "/assign", {"me": "1"}),
    ("POST", "/priority", {"priority": "1"}),
]


def test_another_municipalitys_requests_are_404_on_every_object_route_and_nothing_changes(
        leiden_client, delft_requests):
    before = snapshot()
    for request in delft_requests:
        for method, action, data in OBJECT_ACTIONS:
            response = leiden_client.open(f"/staff/requests/{request.reference}{action}", method=method, data=data)
            assert response.status_code == 404, (request.reference, action)
    assert snapshot() == before
    assert db.session.scalar(db.select(db.func.count()).select_from(RequestEvent)) == 0
    refused = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "access.refused")).all()
    assert {(a.staff_id, a.reference, a.municipality_id, a.detail) for a in refused} == {
        (leiden_client.staff.id, r.reference, r.municipality_id, f"{method} {endpoint}")
        for r in delft_requests for (method, _, _), endpoint in zip(OBJECT_ACTIONS, ENDPOINTS, strict=True)}
    assert len(refused) == len(delft_requests) * len(OBJECT_ACTIONS)
    others = db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.action != "access.refused")).all()
    assert others == ["auth.sign_in"]


def test_another_municipalitys_requests_never_appear_in_lists_or_counts(leiden_client, delft_requests):
    html = page(leiden_client.get("/staff/"))
    for request in delft_requests:
        assert request.reference not in html
    assert "Maatje: <strong>0</strong>" in html and "Zorgmelding: <strong>0</strong>" in html
    for query in ("kind=concern", "overdue=1", "status=new", "neighbourhood=1"):
        assert "0 vragen" in page(leiden_client.get("/staff/?" + query))


def test_a_coordinator_of_two_municipalities_sees_both(app, make_staff, make_municipality, totp_clock, delft,
                                                       make_request, make_neighbourhood):
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    merenwijk = make_neighbourhood(code="WK054604", name="Merenwijk", kind="wijk", municipality=leiden)
    both = make_staff(municipality=[db.session.get(Municipality, delft.municipality_id), leiden])
    client = app.test_client()
    sign_in(client, both, totp_clock)
    first, second = make_request(delft), make_request(merenwijk)
    html = page(client.get("/staff/"))
    assert first.reference in html and second.reference in html


def test_administrator_pages_refuse_coordinators(staff_client, make_staff):
    other = make_staff(email="bram@delft.example", name="Bram")
    assert staff_client.get("/staff/admin/staff").status_code == 403
    assert staff_client.post(f"/staff/admin/staff/{other.id}/active").status_code == 403
    db.session.refresh(other)
    assert other.active


def test_an_administrator_disables_a_colleague_whose_session_ends(app, make_staff, totp_clock, delft):
    admin_client, colleague_client = app.test_client(), app.test_client()
    admin = make_staff(email="beheer@delft.example", name="Beheer", role="administrator")
    colleague = make_staff(email="bram@delft.example", name="Bram")
    sign_in(admin_client, admin, totp_clock)
    sign_in(colleague_client, colleague, totp_clock)
    assert "Bram" in page(admin_client.get("/staff/admin/staff"))
    assert admin_client.post(f"/staff/admin/staff/{colleague.id}/active").status_code == 302
    assert colleague_client.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    assert "staff.disabled" in [a.action for a in db.session.scalars(db.select(AuditEvent))]
    assert admin_client.post(f"/staff/admin/staff/{admin.id}/active").status_code == 403  # not yourself


def test_an_administrator_of_another_municipality_cannot_touch_our_staff(leiden_client, make_staff, delft):
    ours = make_staff(email="bram@delft.example", name="Bram",
                      municipality=db.session.get(Municipality, delft.municipality_id))
    assert "Bram" not in page(leiden_client.get("/staff/admin/staff"))
    assert leiden_client.post(f"/staff/admin/staff/{ours.id}/active").status_code == 404
    assert db.session.get(StaffUser, ours.id).active


def token(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', page(client.get(path))).group(1)


def test_every_staff_post_needs_its_csrf_token_and_writes_nothing_without_it(strict_app):
    """With CSRF on: signed in properly (with tokens), then every POST route without one."""
    import pyotp

    from app.references import new_reference
    from app.staff.auth.passwords import hash_password

    from .conftest import STAFF_PASSWORD

    with strict_app.app_context():
        town = db.session.scalar(db.select(Municipality))
        wijk = town.neighbourhoods[0]
        staff = StaffUser(email="ria@delft.example", name="Ria", password_hash=hash_password(STAFF_PASSWORD),
                          totp_secret=pyotp.random_base32(), totp_confirmed=True)
        from app.models import StaffMembership, utcnow

        staff.memberships = [StaffMembership(municipality_id=town.id, role="administrator")]
        request = BuddyRequest(reference=new_reference(), language="nl", municipality_id=town.id,
                               neighbourhood_id=wijk.id, for_whom="me", first_name="Fenna", contact_method="come_by",
                               consent_at=utcnow(), consent_version="t", submission_token="t")
        place = Place(name="Buurthuis", address="Laan 1", postcode="2625 AB", city="Delft", lat=51.99, lon=4.34,
                      neighbourhood_id=wijk.id)
        correction = Correction(place=place, reason="gone", language="nl")
        db.session.add_all([staff, request, place, correction])
        db.session.commit()
        secret, reference, staff_id, place_id = staff.totp_secret, request.reference, staff.id, place.id
        correction_id = correction.id
    client = strict_app.test_client()
    client.post("/staff/sign-in", data={"email": "ria@delft.example", "password": STAFF_PASSWORD,
                                        "csrf_token": token(client, "/staff/sign-in")})
    code_token = token(client, "/staff/sign-in/code")
    response = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now(), "csrf_token": code_token})
    assert response.headers["Location"] == "/staff/"
    for _method, action, data in OBJECT_ACTIONS:
        if _method == "POST":
            assert client.post(f"/staff/requests/{reference}{action}", data=data).status_code == 400, action
    assert client.post(f"/staff/admin/staff/{staff_id}/active").status_code == 400
    place_form = {"name": "Nieuw", "address": "Laan 2", "postcode": "2625 AB", "city": "Delft", "status": "draft",
                  "version": "1"}
    for path in ("/staff/places/new", f"/staff/places/{place_id}", f"/staff/places/{place_id}/archive"):
        assert client.post(path, data=place_form).status_code == 400, path
    resolve = client.post(f"/staff/corrections/{correction_id}/resolve", data={"outcome": "fixed", "version": "1"})
    assert resolve.status_code == 400
    assert client.post("/staff/password", data={"current": STAFF_PASSWORD, "new": "x" * 20}).status_code == 400
    assert client.post("/staff/sign-out").status_code == 400
    assert client.get("/staff/").status_code == 200  # still signed in: the sign-out without a token did nothing
    with strict_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(RequestEvent)) == 0
        stored = db.session.get(BuddyRequest, db.session.scalar(db.select(BuddyRequest.id)))
        assert (stored.status, stored.priority, stored.assigned_to_id) == ("new", 0, None)
        assert [(p.name, p.status, p.version) for p in db.session.scalars(db.select(Place))] == [
            ("Buurthuis", "published", 1)]
        assert db.session.scalar(db.select(Correction.status)) == "open"


def test_staff_pages_have_strict_headers_and_are_never_cached(staff_client, delft, make_request):
    request = make_request(delft)
    for path in ("/staff/", f"/staff/requests/{request.reference}", "/staff/sign-in"):
        response = staff_client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp, path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" in staff_client.get("/staff/sign-in", base_url="https://localhost").headers


def test_the_csv_export_of_a_request_is_never_cached_either(staff_client, delft, make_request):
    """It holds everything a resident told us: no browser or proxy may keep a copy."""
    response = staff_client.get(f"/staff/requests/{make_request(delft).reference}/export")
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"


def test_robots_are_told_to_stay_out_of_everything(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain" and "Disallow: /\n" in response.get_data(as_text=True)


def test_a_body_over_a_megabyte_is_refused_without_an_error_page_crash(client):
    response = client.post("/staff/sign-in", data={"email": "a@b.example", "password": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_errors_in_the_back_office_keep_the_back_office_layout(leiden_client, staff_client, delft_requests):
    html = page(leiden_client.get(f"/staff/requests/{delft_requests[0].reference}"))
    assert "Niet gevonden" in html and "Vangnet backoffice" in html and "Opnieuw beginnen" not in html
    html = page(staff_client.get("/staff/admin/staff"))  # a coordinator on an administrator page
    assert "Geen toegang" in html and "Vangnet backoffice" in html

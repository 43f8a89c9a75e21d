"""No input gives a 5xx: every route of the URL map, resident and staff (signed in), with a table of
hostile values in every path part, every query key and every form field the route reads.

Which keys a route reads is not written down here: a first, valid request records every key the view
asks for (`request.args` and `request.form` remember what was looked up), so a field added later is
walked too."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

from app.extensions import db
from app.models import Correction, CrisisLine, Kiosk, Match, Method, Municipality, Organisation, StaffUser, Volunteer

from .conftest import STAFF_PASSWORD, sign_in

HOSTILE = (
    "", " ", "\t", "\u00a0", "\u3000",  # blank in several ways
    "²", "①", "³³", "٣", "-1", "0", "2147483648", "9" * 400, "1e309", "nan", "0x10",  # numbers that are not
    "9999-12-31", "0001-01-01", "2026-02-30",  # dates at and past the edges
    "<script>alert(1)</script>", "\"'><svg onload=alert(1)>", "' OR '1'='1",
    "\r\nSet-Cookie: x=1", "/nl/\n", "/\\evil.example", "//evil.example", "https://evil.example",
    "\x00", "\x1b[31m", "../../etc/passwd", "%00", "😀" * 40, "ﷺ" * 200, "a" * 5000,
)

LOOKED_UP: set[str] = set()


class RecordingDict(ImmutableMultiDict):
    """Query and form data that note every key a view asks for, present or not."""

    def __getitem__(self, key):
        LOOKED_UP.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        LOOKED_UP.add(key)
        return super().__contains__(key)

    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's own signature
        LOOKED_UP.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        LOOKED_UP.add(key)
        return super().getlist(key, type)


class RecordingRequest(Request):
    parameter_storage_class = RecordingDict


@pytest.fixture
def recording_app(app, monkeypatch):
    monkeypatch.setattr(app, "request_class", RecordingRequest)
    return app


@pytest.fixture
def world(recording_app, delft, make_activity, make_kiosk, make_request, make_staff, totp_clock):
    """One of everything a route can name, and the three kinds of visitor: a kiosk, a signed-in
    administrator of Delft, and someone who is not signed in."""
    activity = make_activity()
    activity.place.neighbourhood = delft
    kiosk = make_kiosk(browser_key="walk-kiosk", activation_token="walk-token")
    town = db.session.get(Municipality, delft.municipality_id)
    colleague = make_staff(email="colleague@delft.example", name="Colleague", municipality=town)
    admin = make_staff(email="admin@delft.example", name="Admin", municipality=town, role="administrator")
    buddy, concern = make_request(delft), make_request(delft, kind="concern")
    organisation = Organisation(name="Welzijn Delft", municipality=town)
    method = Method(municipality=town, title="Intake", body="## Bellen")
    db.session.add_all([organisation, method])
    correction = Correction(place=activity.place, activity=activity, reason="time", language="nl")
    db.session.add(correction)
    volunteer = Volunteer(municipality_id=town.id, first_name="Bram", postcode="2625", email="bram@v.example")
    db.session.add(volunteer)
    # The administration's objects: a tablet of its own (the walk may switch it off), a crisis line.
    admin_kiosk = make_kiosk(name="Beheer-tablet", neighbourhood=delft)
    line = CrisisLine(municipality_id=town.id, name="Crisisdienst", phone="0800 0113")
    db.session.add(line)
    db.session.flush()
    match = Match(municipality_id=town.id, request_id=buddy.id, volunteer_id=volunteer.id, status="introduced")
    db.session.add(match)
    db.session.commit()
    staff_client = recording_app.test_client()
    assert sign_in(staff_client, admin, totp_clock).status_code == 302
    kiosk_client = recording_app.test_client()
    kiosk_client.set_cookie("vangnet_kiosk", "walk-kiosk")
    return {
        "valid": {"lang": "nl", "wizard": "buddy", "step": "for-whom", "activity_id": str(activity.id),
                  "place_id": str(activity.place_id), "staff_id": str(colleague.id), "reference": buddy.reference,
                  "token": "walk-token", "slug": town.slug, "code": delft.code, "filename": "css/app.css",
                  "organisation_id": str(organisation.id), "kind": "buddy", "correction_id": str(correction.id),
                  "volunteer_id": str(volunteer.id), "method_id": str(method.id),
                  "municipality_id": str(town.id), "kiosk_id": str(admin_kiosk.id),
                  "line_id": str(line.id), "neighbourhood_id": str(delft.id),
                  "match_id": str(match.id), "side": "resident", "went": "yes"},
        "references": (buddy.reference, concern.reference),
        "kiosk": kiosk_client, "staff": staff_client, "anonymous": recording_app.test_client(), "kiosk_row": kiosk,
    }


PLACE_FORM = {"name": "Buurthuis", "address": "Laan 1", "postcode": "2625 AB", "city": "Delft", "owner": "",
              "phone": "", "website": "", "lat": "", "lon": "", "status": "draft"}


VOLUNTEER_FORM = {"municipality": "", "status": "applicant", "first_name": "Anna", "last_name": "Voorbeeld",
                  "phone": "0612345678", "email": "", "postcode": "2625", "languages": "nl", "interests": "walk",
                  "days": "mo", "parts_of_day": "morning", "helps_whom": "older", "helps_whom_text": "",
                  "gender": "", "capacity": "1", "roles": "maatje", "vog_date": "2025-01-01",
                  "training_dates": ""}


def baseline_forms(world) -> dict[str, dict]:
    """A valid form for the POST routes whose fields only matter together (a reason with "closed"):
    each hostile value replaces one field of it."""
    return {
        "inbox.status": {"status": "closed", "reason": "helped", "version": "1"},
        "inbox.assign": {"staff_id": world["valid"]["staff_id"], "version": "1"},
        "inbox.contact": {"outcome": "no_answer", "version": "1"},
        "inbox.priority": {"priority": "1", "version": "1"},
        "inbox.note": {"text": "Gebeld."},
        "asks.go_along": {"date": ""},
        # A valid place form (a version that never matches: the walk reaches validation, saves nothing).
        "content.new": {**PLACE_FORM, "version": ""},
        "content.edit": {**PLACE_FORM, "version": "1"},
        "content.archive": {"version": "1"},
        "content.confirm": {"version": "1"},
        "activities.new": {**activity_form(world), "version": ""},
        "activities.edit": {**activity_form(world), "version": "1"},
        "activities.archive": {"version": "1"},
        "inbox.intake": {"channel": "phone", "consent": "y", "language": "nl", "municipality": "1",
                         "postcode": "", "wijk": "", "for_whom": "me", "wishes": "walk", "days": "tu",
                         "parts_of_day": "morning", "languages": "nl", "preference": "any", "first_name": "Amal",
                         "contact": "phone", "phone": "06 12345678"},
        "organisations.new": ORGANISATION_FORM,
        "organisations.edit": ORGANISATION_FORM,
        # A suggestion is stored for each harmless text; a hostile value replaces one field of a valid
        # resolve, so the walk never resolves the correction (and finds it open at each try).
        "places.correct_place": {"reason": "other", "text": ""},
        "places.correct_activity": {"reason": "other", "text": ""},
        "corrections.resolve": {"outcome": "fixed", "version": "1"},
        # A valid volunteer: each hostile value meets the form's checks; on edit and status, a value that
        # happens to be valid saves once, and every later try is refused as changed meanwhile.
        "volunteers.new": {**VOLUNTEER_FORM, "version": ""},
        "volunteers.edit": {**VOLUNTEER_FORM, "version": "1"},
        "volunteers.status": {"status": "stopped", "reason": "moved", "text": "", "version": "1"},
        "volunteers.note": {"text": "Gebeld."},
        "volunteers.index": {"q": "bram", "status": "active", "role": "maatje", "vog": "lapsed", "page": "1"},
        "volunteers.upload": {"municipality": "", "dry_run": "y"},
        "signal.action": {"reference": world["valid"]["reference"], "action": "Bellen", "taker": "1",
                          "due": "2026-12-24"},
        "methods.new": {"title": "Intake", "municipality": "1", "body": "## Bellen"},
        "methods.edit": {"title": "Intake", "municipality": "1", "body": "## Bellen", "version": "1"},
        # A person's data: a search that finds the walk's buddy request, and a complete erase of it.
        "privacy.export": {"phone": "", "email": "", "code": world["valid"]["reference"], "format": "json"},
        "privacy.erase": {"phone": "", "email": "", "code": world["valid"]["reference"],
                          "records": f"request:{world['valid']['reference']}-not-this-one", "reason": "art17",
                          "sure": "y"},
        **admin_baseline_forms(world),
        # Matches: a valid step; a value that happens to be valid changes the match once, every later
        # try is refused as changed meanwhile (the version no longer matches).
        "volunteers.propose": {"volunteer_id": world["valid"]["volunteer_id"], "version": "1"},
        "volunteers.meeting": {"day": (dt.date.today() + dt.timedelta(days=7)).isoformat(), "time": "14:30",
                               "place": "", "version": "1"},
        "volunteers.activate": {"version": "1"},
        "volunteers.checkin": {"outcome": "went_well", "version": "1"},
        "volunteers.end": {"reason": "moved", "version": "1"},
        "volunteers.went": {"version": "1"},
    }


TABLET_FORM = {"name": "Tablet", "lat": "51.996", "lon": "4.34", "default_language": "nl", "idle_seconds": "120"}


def admin_baseline_forms(world) -> dict[str, dict]:
    """The administration's forms (a version that never matches where there is one: nothing is saved)."""
    return {
        "admin.new_tablet": TABLET_FORM,
        "admin.edit_tablet": {**TABLET_FORM, "version": "0"},
        "admin.municipality": {"name": "Delft", "help_phone": "", "help_text": "", "overdue_after_days": "5",
                               "retention_months": "12", "retention_named_worry_months": "6", "version": "0"},
        "admin.add_line": {"line-name": "Crisisdienst", "line-phone": "0800 0113"},
        "admin.edit_line": {"line-name": "Crisisdienst", "line-phone": "0800 0113", "line-version": "0"},
        "admin.account": {f"town_{world['valid']['municipality_id']}": "coordinator", "version": "0"},
        "admin.invite": {"name": "Sem", "email": "sem@delft.example", "role": "coordinator",
                         "municipality": world["valid"]["municipality_id"], "organisation": "", "language": "en"},
        "admin.neighbourhood": {"team_name": "Buurtteam", "team_phone": "015 750 2800", "team_email": "a@b.example",
                                "version": "0"},
    }


ORGANISATION_FORM = {"name": "Buurtkerk", "municipality": "1", "website": "", "phone": "", "correction_email": ""}


def activity_form(world) -> dict:
    return {"place": world["valid"]["place_id"], "category": "coffee", "audience": "everyone", "cost": "0",
            "languages": "nl", "signup_required": "no", "status": "draft", "title_nl": "Koffie",
            "description_nl": "", "repeat": "weekly", "first_date": "2026-11-03", "days": "TU", "every": "1",
            "nth": "1", "weekday": "MO", "end_date": "", "start_time": "10:00", "duration": "2:00",
            "action": "preview"}


def visitor_for(rule) -> str:
    """The back office's pages are walked signed in (but for signing in itself), the rest as a kiosk."""
    if rule.endpoint in ("auth.password", "auth.language"):
        return "staff"
    if rule.endpoint.startswith("auth."):
        return "anonymous"
    return "staff" if rule.rule.startswith("/staff") else "kiosk"


def path_with(rule, values: dict) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([a-z_]+)>", lambda m: quote(values[m.group(1)], safe=""), rule.rule)


def ask(client, method: str, path: str, query: dict | None = None, form: dict | None = None) -> int:
    """The status code, or 500 for an exception the app let through."""
    try:
        response = client.open(path, method=method, query_string=query, data=form)
    except Exception:  # noqa: BLE001 - any exception here is a 500 in production
        return 500
    return response.status_code


def routes(app):
    # Signing out would end the walk's session; it has no input of its own (tested in test_staff_auth).
    skip = {"static", "auth.sign_out"}
    return [(rule, method) for rule in app.url_map.iter_rules() if rule.endpoint not in skip
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


def keys_read(client, method: str, path: str) -> set[str]:
    """The keys the route looks up; a POST gets a form of one unknown field, as an empty form is no
    form to Flask-WTF (it would read no field at all)."""
    LOOKED_UP.clear()
    ask(client, method, path, form={"walk": "1"} if method == "POST" else None)
    return set(LOOKED_UP) - {"csrf_token", "walk"}


def test_every_route_answers_every_hostile_value_without_a_5xx(recording_app, world):
    failures, baselines = [], baseline_forms(world)
    for rule, method in routes(recording_app):
        client = world[visitor_for(rule)]
        path = path_with(rule, world["valid"])
        baseline = baselines.get(rule.endpoint, {}) if method == "POST" else {}
        keys = keys_read(client, method, path)
        for value in HOSTILE:
            for part in rule.arguments - {"filename"}:
                hostile_path = path_with(rule, {**world["valid"], part: value})
                if (status := ask(client, method, hostile_path)) >= 500:
                    failures.append((rule.endpoint, method, f"path {part}", value[:20], status))
            for key in keys:
                # The rest of a valid form only beside one of its own fields: with any other field it
                # would make a valid change (close the request) and every later try would be refused.
                form = {**baseline, key: value} if key in baseline else {key: value}
                where = {"form": form} if method == "POST" else {"query": {key: value}}
                if (status := ask(client, method, path, **where)) >= 500:
                    failures.append((rule.endpoint, method, key, value[:20], status))
    assert failures == [], "\n".join(map(repr, failures))


def test_the_walk_reaches_the_signed_in_pages_and_reads_their_fields(recording_app, world):
    """The walk above proves something only if the staff pages answered it, not the sign-in page."""
    staff = world["staff"]
    assert ask(staff, "GET", "/staff/") == 200
    assert {"kind", "status", "page", "neighbourhood"} <= keys_read(staff, "GET", "/staff/")
    reference = world["references"][0]
    assert {"status", "reason"} <= keys_read(staff, "POST", f"/staff/requests/{reference}/status")
    place_fields = {"name", "address", "postcode", "city", "owner", "lat", "lon", "status", "version"}
    assert place_fields <= keys_read(staff, "POST", f"/staff/places/{world['valid']['place_id']}")
    assert {"q", "neighbourhood", "organisation", "stale", "archived"} <= keys_read(staff, "GET", "/staff/places")
    volunteer = f"/staff/volunteers/{world['valid']['volunteer_id']}"
    assert {"first_name", "postcode", "languages", "vog_date", "capacity", "roles", "version"} <= keys_read(
        staff, "POST", f"{volunteer}/edit")
    assert {"q", "status", "role", "neighbourhood", "vog", "page"} <= keys_read(staff, "POST", "/staff/volunteers")
    assert {"status", "reason", "text"} <= keys_read(staff, "POST", f"{volunteer}/status")
    match = f"/staff/volunteers/matches/{world['valid']['match_id']}"
    assert {"day", "time", "place", "version"} <= keys_read(staff, "POST", f"{match}/meeting")
    assert {"volunteer_id", "version"} <= keys_read(staff, "POST", f"/staff/volunteers/for/{reference}/propose")
    assert "date" in keys_read(world["kiosk"], "GET", f"/nl/activities/{world['valid']['activity_id']}/ticket")
    correction = f"/nl/activities/{world['valid']['activity_id']}/correction"
    assert {"reason", "text"} <= keys_read(world["kiosk"], "POST", correction)
    resolve = f"/staff/corrections/{world['valid']['correction_id']}/resolve"
    assert {"outcome", "version"} <= keys_read(staff, "POST", resolve)
    admin = "/staff/admin"
    assert {"name", "lat", "lon", "default_language", "idle_seconds", "has_printer", "version"} <= keys_read(
        staff, "POST", f"{admin}/tablets/{world['valid']['kiosk_id']}")
    assert {"line-name", "line-phone", "line-version"} <= keys_read(
        staff, "POST", f"{admin}/lines/{world['valid']['line_id']}")
    assert {"team_name", "team_phone", "team_email", "version"} <= keys_read(
        staff, "POST", f"{admin}/neighbourhoods/{world['valid']['neighbourhood_id']}")
    assert {f"town_{world['valid']['municipality_id']}", "organisations", "version"} <= keys_read(
        staff, "POST", f"{admin}/staff/{world['valid']['staff_id']}")
    assert {"name", "email", "role", "municipality", "organisation", "language"} <= keys_read(
        staff, "POST", f"{admin}/staff/invite")
    assert db.session.scalar(db.select(StaffUser).where(StaffUser.email == "admin@delft.example")).active
    assert db.session.get(Kiosk, world["kiosk_row"].id).browser_key == "walk-kiosk"



@pytest.mark.parametrize("blank", [" ", "\t", "\u00a0"])
def test_closing_with_a_reason_of_only_blank_is_refused_not_a_500(staff_client, delft, make_request, blank):
    found = make_request(delft)
    response = staff_client.post(f"/staff/requests/{found.reference}/status",
                                 data={"status": "closed", "reason": blank, "version": "1"})
    assert response.status_code == 400
    db.session.refresh(found)
    assert found.status == "new"



def test_assigning_a_colleague_id_of_only_blank_is_refused_not_a_500(staff_client, delft, make_request):
    found = make_request(delft)
    response = staff_client.post(f"/staff/requests/{found.reference}/assign", data={"staff_id": " ", "version": "1"})
    assert response.status_code == 400


@pytest.mark.parametrize("number", ["²", "①", "³³", "٣"])
def test_an_inbox_page_or_wijk_of_unicode_digits_is_ignored(staff_client, number):
    assert staff_client.get("/staff/", query_string={"page": number, "neighbourhood": number}).status_code == 200


def test_a_ticket_or_going_along_on_the_last_day_there_is_falls_back_to_the_next_date(kiosk_client, make_activity):
    activity = make_activity()
    ticket = kiosk_client.get(f"/nl/activities/{activity.id}/ticket?date=9999-12-31")
    assert ticket.status_code == 200
    going = kiosk_client.post(f"/nl/ask/go-along/{activity.id}", data={"date": "9999-12-31"})
    assert going.status_code == 302 and "/ask/go-along/" in going.headers["Location"]


@pytest.mark.parametrize("target", ["/staff/\r\nSet-Cookie: x=1", "/staff/\n", "/staff/\r"])
def test_a_next_with_a_line_break_after_the_second_step_leads_to_the_inbox(client, make_staff, totp_clock, target):
    import pyotp

    staff = make_staff()
    totp_clock[0] += 30
    first = client.post("/staff/sign-in", query_string={"next": target},
                        data={"email": staff.email, "password": STAFF_PASSWORD})
    assert first.status_code == 302
    second = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(staff.totp_secret).at(totp_clock[0])})
    assert second.status_code == 302 and second.headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200  # signed in


@pytest.mark.parametrize("target", ["/nl/\r\n", "/nl/find\n", "/staff/\r\nX: 1"])
def test_a_next_with_a_line_break_on_the_language_switches_is_not_followed(client, staff_client, target):
    html = client.get("/nl/language", query_string={"next": target}).get_data(as_text=True)
    assert 'href="/ar/"' in html  # the home page in each language, not the page with a line break
    switched = staff_client.post("/staff/language", data={"language": "en", "next": target})
    assert switched.status_code == 302 and switched.headers["Location"] == "/staff/"

"""Places under /staff/places: create, edit, archive with every bad input refused next to its field;
the scoping of listings (an editor keeps only their organisations', a coordinator their towns');
no lost update between two editors; and only published places reach residents, everywhere."""

import datetime as dt
import re

import pytest
from click.testing import CliRunner

from app import listings, schedule
from app.extensions import db
from app.models import AuditEvent, ListingChange, Organisation, Place, StaffUser

from .conftest import editor_client, sign_in
from .helpers import count, page

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)  # a Tuesday


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


def valid_form(**changes) -> dict:
    return {"name": "Buurthuis De Linde", "address": "Lindelaan 4", "postcode": "2625ab", "city": "Delft",
            "owner": "", "phone": "015 212 3456", "website": "https://delinde.example", "step_free": "y",
            "status": "draft", **changes}


@pytest.fixture
def place_of_b(town, make_place):
    return make_place(name="Bibliotheek Buitenhof", neighbourhood=town["buurt"], owner=town["b"],
                      organisation="Bibliotheek B", postcode="2625 AB")


def stored(place_id):
    db.session.expire_all()
    found = db.session.get(Place, place_id)
    return (found.name, found.status, found.version, found.phone)


# Creating and editing ---------------------------------------------------------------------------

def test_a_coordinator_creates_a_draft_placed_by_its_postcode_in_its_buurt(staff_client, town):
    response = staff_client.post("/staff/places/new", data=valid_form(owner=str(town["a"].id)))
    assert response.status_code == 302
    place = db.session.scalar(db.select(Place))
    assert (place.name, place.postcode, place.status, place.owner_id, place.organisation) == (
        "Buurthuis De Linde", "2625 AB", "draft", town["a"].id, "Welzijn A")
    assert (place.lat, place.lon, place.neighbourhood_id) == (51.995, 4.345, town["buurt"].id)
    assert (place.phone, place.step_free, place.hearing_loop, place.last_checked) == (
        "+31152123456", True, False, NOW.date())
    assert response.headers["Location"] == f"/staff/places/{place.id}"
    assert "Plek opgeslagen." in page(staff_client.get(response.headers["Location"]))
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "place.create"))
    assert (audit.staff_id, audit.municipality_id, audit.detail) == (
        staff_client.staff.id, town["delft"].id, f"place {place.id}")


def test_typed_coordinates_win_over_the_postcode_centre(staff_client, town):
    staff_client.post("/staff/places/new", data=valid_form(lat="51,9961", lon=" 4.3401 "))
    place = db.session.scalar(db.select(Place))
    assert (place.lat, place.lon, place.neighbourhood_id) == (51.9961, 4.3401, town["buurt"].id)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "", "Typ de naam van de plek"),
    ("name", "   \t ", "Typ de naam van de plek"),
    ("name", "x" * 161, "Niet meer dan 160 tekens"),
    ("name", "<script>alert(1)</script>", "Gebruik alleen gewone tekst, zonder punthaken"),
    ("address", " ", "Typ de straat en het huisnummer"),
    ("address", "a" * 201, "Niet meer dan 200 tekens"),
    ("city", "<b>Delft</b>", "Gebruik alleen gewone tekst, zonder punthaken"),
    ("postcode", "", "Typ de postcode"),
    ("postcode", "2625", "Typ een postcode als 2625 AB"),
    ("postcode", "2625 AB" * 1000, "Typ een postcode als 2625 AB"),
    ("postcode", "9999 ZZ", "Deze postcode kennen we niet"),
    ("postcode", "3011 AB", "Hier vinden we geen buurt"),
    ("postcode", "2312 AB", "Dit adres ligt niet in uw gemeente"),
    ("owner", "999999", "Kies een organisatie uit de lijst"),
    ("owner", "nul", "Kies een organisatie uit de lijst"),
    ("phone", "bel maar", "Typ een telefoonnummer"),
    ("website", "javascript:alert(1)", "Typ een webadres dat begint met https://"),
    ("website", "https://x.example/" + "a" * 300, "Niet meer dan 300 tekens"),
    ("lat", "noord", "Typ een getal"),
    ("lat", "nan", "Deze plek ligt niet in Nederland"),
    ("status", "archived", "Kies concept of gepubliceerd"),
])
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(staff_client, town, field, value, message):
    data = valid_form(**{field: value})
    if field == "lat":
        data["lon"] = "4.34"
    response = staff_client.post("/staff/places/new", data=data)
    html = page(response)
    assert response.status_code == 400
    assert message in html
    error_field = "lon" if value == "nan" else field
    assert f'id="{error_field}-error"' in html and 'class="error-summary"' in html
    assert count(Place) == 0


def test_an_organisation_of_another_town_is_not_a_choice(staff_client, town):
    html = page(staff_client.get("/staff/places/new"))
    assert "Welzijn A" in html and "Kerk L" not in html
    response = staff_client.post("/staff/places/new", data=valid_form(owner=str(town["l"].id)))
    assert response.status_code == 400 and "Kies een organisatie uit de lijst" in page(response)
    assert count(Place) == 0


def test_editing_saves_the_change_counts_the_version_and_names_the_fields_in_the_audit(staff_client, place_of_b,
                                                                                   town):
    form = valid_form(name="Bibliotheek Buitenhof", owner=str(town["b"].id), status="published", version="1",
                      postcode="2625 AB")
    response = staff_client.post(f"/staff/places/{place_of_b.id}", data=form)
    assert response.status_code == 302
    assert stored(place_of_b.id) == ("Bibliotheek Buitenhof", "published", 2, "+31152123456")
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "place.edit"))
    assert audit.detail.startswith(f"place {place_of_b.id}: ") and "phone" in audit.detail
    assert "name" not in audit.detail.split(": ")[1].split()


def history_row(html: str, field: str) -> tuple[str, str]:
    """The old and new value of the history line of this field."""
    match = re.search(rf"<td>{re.escape(field)}</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>", html)
    assert match, html
    return match.groups()


def test_the_history_says_yes_and_no_in_the_readers_language_also_in_lines_kept_in_dutch(staff_client, place_of_b):
    change = listings.Change(by=staff_client.staff, source="editor")
    change.set(place_of_b, {"step_free": True})
    db.session.add_all([  # lines kept before yes and no were stored in no language
        ListingChange(place=place_of_b, source="import", field="hearing_loop", old="ja", new="nee"),
        ListingChange(place=place_of_b, source="import", field="name", old="ja", new="Bibliotheek Buitenhof")])
    db.session.commit()
    assert db.session.scalar(db.select(ListingChange.new).where(ListingChange.field == "step_free")) == "true"
    dutch = page(staff_client.get(f"/staff/places/{place_of_b.id}"))
    assert history_row(dutch, "Zonder drempels of trappen te bereiken") == ("nee", "ja")
    assert history_row(dutch, "Ringleiding") == ("ja", "nee")
    staff_client.staff.language = "en"
    db.session.commit()
    english = page(staff_client.get(f"/staff/places/{place_of_b.id}"))
    assert history_row(english, "Step-free: no thresholds or stairs") == ("no", "yes")
    assert history_row(english, "Hearing loop") == ("yes", "no")
    assert history_row(english, "Name") == ("ja", "Bibliotheek Buitenhof")  # a name is never translated


def test_a_save_from_a_page_someone_changed_since_is_refused_and_changes_nothing(staff_client, place_of_b, town):
    url = f"/staff/places/{place_of_b.id}"
    first = staff_client.post(url, data=valid_form(name="Eerste", version="1", owner=str(town["b"].id)))
    assert first.status_code == 302
    second = staff_client.post(url, data=valid_form(name="Tweede", version="1", owner=str(town["b"].id)))
    assert second.status_code == 302
    assert "Iemand anders heeft deze plek net veranderd" in page(staff_client.get(url))
    assert stored(place_of_b.id)[:3] == ("Eerste", "draft", 2)
    archive = staff_client.post(f"{url}/archive", data={"version": "1"})
    assert archive.status_code == 302 and stored(place_of_b.id)[1] == "draft"


def test_archiving_hides_the_place_from_the_list_but_not_from_the_archive(staff_client, place_of_b):
    response = staff_client.post(f"/staff/places/{place_of_b.id}/archive", data={"version": "1"})
    assert response.status_code == 302
    assert stored(place_of_b.id)[1:3] == ("archived", 2)
    assert "Bibliotheek Buitenhof" not in page(staff_client.get("/staff/places"))
    assert "Bibliotheek Buitenhof" in page(staff_client.get("/staff/places?archived=1"))
    assert db.session.scalar(db.select(AuditEvent.action).where(AuditEvent.action == "place.archive"))


def test_the_list_searches_by_name_and_filters(staff_client, town, make_place):
    make_place(name="Buurthuis Oost", neighbourhood=town["buurt"], owner=town["a"], last_checked=dt.date(2026, 1, 1))
    make_place(name="Bibliotheek", neighbourhood=town["buurt"], owner=town["b"], last_checked=dt.date(2026, 11, 1))
    make_place(name="Elders", neighbourhood=town["leiden_buurt"])

    def names(query=""):
        html = page(staff_client.get("/staff/places" + query))
        return {name for name in ("Buurthuis Oost", "Bibliotheek", "Elders") if f">{name}</a>" in html}

    assert names() == {"Buurthuis Oost", "Bibliotheek"}
    assert names("?q=oost") == {"Buurthuis Oost"}
    assert names("?q=%25") == set()
    assert names(f"?organisation={town['b'].id}") == {"Bibliotheek"}
    assert names("?stale=1") == {"Buurthuis Oost"}
    assert names(f"?neighbourhood={town['buurt'].parent_id}") == {"Buurthuis Oost", "Bibliotheek"}
    assert names("?neighbourhood=²&organisation=x&page=0") == {"Buurthuis Oost", "Bibliotheek"}


# Scoping -----------------------------------------------------------------------------------------

def test_an_editor_sees_and_keeps_only_their_organisations_places(app, totp_clock, town, place_of_b, make_place):
    own = make_place(name="Welzijnshuis", neighbourhood=town["buurt"], owner=town["a"])
    client = editor_client(app, totp_clock, town["a"])
    assert client.get("/staff/").headers["Location"] == "/staff/places"  # no requests for an editor
    html = page(client.get("/staff/places"))
    assert "Welzijnshuis" in html and "Bibliotheek Buitenhof" not in html
    form_html = page(client.get("/staff/places/new"))
    assert "Welzijn A" in form_html and "Bibliotheek B" not in form_html and "Geen organisatie" not in form_html
    assert client.post("/staff/places/new", data=valid_form(owner="")).status_code == 400
    assert client.post("/staff/places/new", data=valid_form(owner=str(town["a"].id))).status_code == 302
    assert client.get(f"/staff/places/{own.id}").status_code == 200


def matrix(client, place_id):
    """View (with its history), edit, archive, "alles klopt nog", a new activity at the place."""
    url = f"/staff/places/{place_id}"
    return [client.get(url).status_code,
            client.post(url, data=valid_form(name="Overgenomen", version="1")).status_code,
            client.post(f"{url}/archive", data={"version": "1"}).status_code,
            client.post(f"{url}/confirm", data={"version": "1"}).status_code]


def test_another_organisations_or_towns_place_is_404_on_every_route_and_nothing_changes(
        app, totp_clock, town, place_of_b, make_staff):
    editor = editor_client(app, totp_clock, town["a"])
    leiden = app.test_client()
    leiden.staff = make_staff(email="lot@leiden.example", name="Lot", municipality=town["leiden"],
                              role="administrator")
    sign_in(leiden, leiden.staff, totp_clock)
    before = stored(place_of_b.id)
    assert matrix(editor, place_of_b.id) == [404, 404, 404, 404]
    assert matrix(leiden, place_of_b.id) == [404, 404, 404, 404]
    assert matrix(editor, 999999) == [404, 404, 404, 404]
    assert stored(place_of_b.id) == before
    assert db.session.get(Place, place_of_b.id).last_checked == place_of_b.last_checked
    refused = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "access.refused")).all()
    assert {(a.staff_id, a.municipality_id) for a in refused} == {
        (editor.staff.id, town["delft"].id), (leiden.staff.id, town["delft"].id)}
    assert len(refused) == 8
    assert "Bibliotheek Buitenhof" not in page(leiden.get("/staff/places"))


def test_staff_create_makes_an_editor_of_an_organisation_by_name_or_id(app, town):
    runner = CliRunner()
    args = ["create", "--email", "Eva@A.example", "--name", "Eva", "--role", "editor", "--password-stdin"]
    from app.staff.auth.cli import staff_cli

    with app.app_context():
        result = runner.invoke(staff_cli, [*args, "--organisation", "Welzijn A", "--organisation", str(town["b"].id)],
                               input="lantaarnpaal fietsbel regenjas\n")
        assert result.exit_code == 0, result.output
        assert "Created editor eva@a.example for Welzijn A, Bibliotheek B." in result.output
        for wrong in (["--organisation", "Onbekend"], ["--municipality", "delft", "--organisation", "Welzijn A"], []):
            args[2] = "iemand@a.example"
            refused = runner.invoke(staff_cli, [*args, *wrong], input="lantaarnpaal fietsbel regenjas\n")
            assert refused.exit_code == 2, wrong
    editor = db.session.scalar(db.select(StaffUser).where(StaffUser.email == "eva@a.example"))
    assert {o.name for o in editor.organisations} == {"Welzijn A", "Bibliotheek B"} and editor.memberships == []
    assert count(StaffUser) == 1


# Residents see published places only ------------------------------------------------------------

@pytest.mark.parametrize("status", ["draft", "archived"])
def test_a_draft_or_archived_place_is_invisible_to_residents_everywhere(client, town, make_place, make_activity,
                                                                         status):
    hidden = make_activity(title="Verborgen koffie", place=make_place(
        name="Verborgen huis", neighbourhood=town["buurt"], status=status))
    shown = make_activity(title="Open koffie", place=make_place(name="Open huis", neighbourhood=town["buurt"]))
    results = page(client.get("/nl/find/results?lat=51.996&lon=4.340&day=today"))
    calendar = page(client.get("/nl/calendar/delft?day=2026-11-24"))
    feed = page(client.get("/feeds/GM0503.ics?lang=nl"))
    for html in (results, calendar, feed):
        assert "Open koffie" in html and "Verborgen koffie" not in html
    for path in (f"/nl/places/{hidden.place_id}", f"/nl/activities/{hidden.id}",
                 f"/nl/activities/{hidden.id}/ticket", f"/nl/activities/{hidden.id}.ics"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/nl/ask/go-along/{hidden.id}").status_code == 404
    assert client.get(f"/nl/places/{shown.place_id}").status_code == 200


def test_staff_organisation_adds_an_organisation_once(app, town):
    from app.staff.auth.cli import staff_cli

    args = ["organisation", "--name", "Buurtkerk", "--municipality", "delft", "--email", "kerk@example.nl"]
    with app.app_context():
        first = CliRunner().invoke(staff_cli, args)
        again = CliRunner().invoke(staff_cli, args)
    added = db.session.scalar(db.select(Organisation).where(Organisation.name == "Buurtkerk"))
    assert first.output == f"Organisation {added.id}: Buurtkerk (Delft).\n"
    assert (added.municipality_id, added.correction_email) == (town["delft"].id, "kerk@example.nl")
    assert again.exit_code == 2 and count(Organisation) == 4


# Organisations -----------------------------------------------------------------------------------

def test_a_coordinator_adds_and_changes_an_organisation_of_their_town_in_the_browser(staff_client, town):
    response = staff_client.post("/staff/organisations/new", data={
        "name": "Buurtkerk De Ark", "municipality": str(town["delft"].id), "website": "https://ark.example",
        "phone": "015 212 3456", "correction_email": "Tips@Ark.example"})
    assert response.status_code == 302
    ark = db.session.scalar(db.select(Organisation).where(Organisation.name == "Buurtkerk De Ark"))
    assert (ark.municipality_id, ark.phone, ark.correction_email) == (town["delft"].id, "+31152123456",
                                                                      "tips@ark.example")
    assert db.session.scalar(db.select(AuditEvent.detail).where(AuditEvent.action == "organisation.create")) == (
        f"organisation {ark.id}")
    html = page(staff_client.get("/staff/organisations"))
    assert "Buurtkerk De Ark" in html and "Welzijn A" in html and "Kerk L" not in html
    response = staff_client.post(f"/staff/organisations/{ark.id}", data={
        "name": "Welzijn A", "municipality": str(town["delft"].id)})
    assert response.status_code == 400 and "al een organisatie met deze naam" in page(response)
    response = staff_client.post(f"/staff/organisations/{ark.id}", data={
        "name": "<b>Ark</b>", "municipality": str(town["leiden"].id), "correction_email": "geen adres",
        "website": "ark"})
    html = page(response)
    assert response.status_code == 400
    for message in ("Gebruik alleen gewone tekst", "Kies een gemeente uit de lijst", "Typ een e-mailadres",
                    "Typ een webadres"):
        assert message in html


def test_organisations_of_another_town_and_for_editors_answer_404(app, staff_client, town, totp_clock):
    assert staff_client.get(f"/staff/organisations/{town['l'].id}").status_code == 404
    editor = editor_client(app, totp_clock, town["a"])
    assert "Welzijn A" in page(editor.get("/staff/organisations"))
    assert editor.get(f"/staff/organisations/{town['a'].id}").status_code == 404
    assert editor.get("/staff/organisations/new").status_code == 404
    response = editor.post("/staff/organisations/new", data={"name": "X", "municipality": str(town["delft"].id)})
    assert response.status_code == 404
    assert db.session.scalar(db.select(Organisation).where(Organisation.name == "X")) is None


def test_the_place_form_has_the_map_of_its_towns_wijken_to_tap_the_place_on(staff_client, place_of_b):
    html = page(staff_client.get(f"/staff/places/{place_of_b.id}"))
    svg = html[html.index('<svg class="map map-area"'):]
    svg = svg[:svg.index("</svg>")]
    assert "data-pick-place" in svg and 'class="map-place"' in svg and 'role="img"' in svg
    assert "data-pick-place" in page(staff_client.get("/staff/places/new"))

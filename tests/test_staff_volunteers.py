"""Volunteers under /staff/volunteers: create, edit, status and notes with every bad input refused next
to its field; the list's search and filters; the VOG's three years; scoping by municipality (another
town's volunteer is a 404 on every route, logged, and nothing changes); audit rows for every view and
change; no lost update between two coordinators; CSRF on every POST."""

import datetime as dt

import pytest

from app import schedule
from app.extensions import db
from app.models import AuditEvent, Municipality, Volunteer, VolunteerEvent

from .conftest import sign_in
from .helpers import count, count_queries, page

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)  # a Tuesday
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


def valid_form(**changes) -> dict:
    form = {"municipality": "", "status": "applicant", "first_name": "Anna", "last_name": "Voorbeeld",
            "phone": "06 12345678", "email": " Anna@Voorbeeld.Example ", "postcode": "2625ab",
            "languages": ["nl", "ar"], "interests": ["walk", "coffee"], "days": ["tu", "mo"],
            "parts_of_day": ["afternoon"], "helps_whom": ["older"], "helps_whom_text": "Graag in de buurt",
            "gender": "woman", "capacity": "2", "roles": ["maatje", "go_along"], "vog_date": "2025-01-15",
            "training_dates": "2025-03-01 2025-02-01", "version": "", **changes}
    return {key: value for key, value in form.items() if value is not None}


@pytest.fixture
def volunteer(town):
    """Bram of Delft: active maatje, VOG of two years ago."""
    row = Volunteer(municipality_id=town["delft"].id, first_name="Bram", last_name="Voorbeeld",
                    phone="+31612345670", email="bram@voorbeeld.example", postcode="2625",
                    neighbourhood_id=town["buurt"].id, lat=51.995, lon=4.345, languages="nl", interests="walk",
                    days="mo", parts_of_day="morning", roles="maatje", status="active", vog_date=dt.date(2024, 11, 1))
    db.session.add(row)
    db.session.commit()
    return row


def stored(volunteer_id):
    db.session.expire_all()
    row = db.session.get(Volunteer, volunteer_id)
    return (row.first_name, row.status, row.version, row.phone)


def actions(name: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == name).order_by(AuditEvent.id)))


@pytest.fixture
def leiden_client(app, make_staff, totp_clock, town):
    """A coordinator of Leiden only."""
    client = app.test_client()
    client.staff = make_staff(email="lot@leiden.example", name="Lot", municipality=town["leiden"])
    assert sign_in(client, client.staff, totp_clock).status_code == 302
    return client


# Creating --------------------------------------------------------------------------------------

def test_a_coordinator_registers_a_volunteer_placed_in_the_buurt_of_the_postcode(staff_client, town):
    response = staff_client.post("/staff/volunteers/new", data=valid_form())
    assert response.status_code == 302
    row = db.session.scalar(db.select(Volunteer))
    assert response.headers["Location"] == f"/staff/volunteers/{row.id}"  # a number, no name
    assert (row.first_name, row.last_name, row.phone, row.email, row.postcode) == (
        "Anna", "Voorbeeld", "+31612345678", "anna@voorbeeld.example", "2625 AB")
    assert (row.municipality_id, row.neighbourhood_id, row.lat, row.lon) == (
        town["delft"].id, town["buurt"].id, 51.995, 4.345)
    # Keys as BuddyRequest keeps them: space-separated, in the order of their choices.
    assert (row.languages, row.interests, row.days, row.parts_of_day, row.roles) == (
        "nl ar", "walk coffee", "mo tu", "afternoon", "maatje go_along")
    assert (row.helps_whom, row.helps_whom_text, row.gender, row.capacity, row.status) == (
        "older", "Graag in de buurt", "woman", 2, "applicant")
    assert (row.vog_date, row.training_days) == (dt.date(2025, 1, 15), [dt.date(2025, 2, 1), dt.date(2025, 3, 1)])
    event = db.session.scalar(db.select(VolunteerEvent))
    assert (event.kind, event.value, event.staff_id) == ("created", "applicant", staff_client.staff.id)
    [audit] = actions("volunteer.create")
    assert (audit.staff_id, audit.municipality_id, audit.detail) == (
        staff_client.staff.id, town["delft"].id, f"volunteer {row.id}")
    html = page(staff_client.get(response.headers["Location"]))
    assert "Vrijwilliger opgeslagen." in html and "Anna Voorbeeld" in html and "06 12345678" in html


def test_an_existing_volunteer_can_be_registered_as_active_and_only_the_phone_or_email_is_enough(staff_client,
                                                                                                town):
    assert staff_client.post("/staff/volunteers/new", data=valid_form(email="", status="active")).status_code == 302
    assert staff_client.post("/staff/volunteers/new", data=valid_form(phone="", email="b@c.example")).status_code == 302
    assert [(v.status, v.email) for v in db.session.scalars(db.select(Volunteer).order_by(Volunteer.id))] == [
        ("active", None), ("applicant", "b@c.example")]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("first_name", "", "Typ de voornaam"),
    ("first_name", " \t ", "Typ de voornaam"),
    ("first_name", "x" * 61, "Niet meer dan 60 tekens"),
    ("first_name", "<script>alert(1)</script>", "Gebruik alleen gewone tekst, zonder punthaken"),
    ("last_name", "", "Typ de achternaam"),
    ("last_name", "y" * 81, "Niet meer dan 80 tekens"),
    ("last_name", "\"'><svg onload=alert(1)>", "Gebruik alleen gewone tekst"),
    ("phone", "bel maar", "Dit is geen telefoonnummer"),
    ("phone", "06" * 300, "Dit is geen telefoonnummer"),
    ("email", "anna@", "Dit is geen e-mailadres"),
    ("email", "<a@b.nl>", "Dit is geen e-mailadres"),
    ("email", "a" * 250 + "@b.nl", "Dit is geen e-mailadres"),
    ("postcode", "", "Typ de postcode"),
    ("postcode", "26", "Typ een postcode als 2625 of 2625 AB"),
    ("postcode", "2625 AB" * 500, "Typ een postcode als 2625 of 2625 AB"),
    ("postcode", "²625", "Typ een postcode als 2625 of 2625 AB"),
    ("postcode", "9999", "Deze postcode kennen we niet"),
    ("languages", ["nl", "klingon"], "Onbekende taal: klingon"),
    ("interests", ["<script>"], "Onbekende interesse"),
    ("days", ["any"], "Onbekende dag: any"),
    ("parts_of_day", ["night"], "Onbekende deel van de dag: night"),
    ("helps_whom", ["everyone"], "Onbekende keuze: everyone"),
    ("helps_whom_text", "<b>ouderen</b>", "Gebruik alleen gewone tekst"),
    ("helps_whom_text", "z" * 201, "Niet meer dan 200 tekens"),
    ("gender", "x", "Kies vrouw, man of niet gezegd"),
    ("capacity", "0", "Typ een getal van 1 tot en met 10"),
    ("capacity", "11", "Typ een getal van 1 tot en met 10"),
    ("capacity", "²", "Typ een getal van 1 tot en met 10"),
    ("capacity", "9" * 400, "Typ een getal van 1 tot en met 10"),
    ("roles", [], "Kies minstens één rol"),
    ("roles", ["maatje", "boss"], "Onbekende rol: boss"),
    ("vog_date", "2025-02-31", "Deze datum bestaat niet"),
    ("vog_date", "31-02-2025", "Typ een datum als 2026-03-31"),
    ("vog_date", "2027-01-01", "Deze datum kan niet"),
    ("vog_date", "9999-12-31", "Deze datum kan niet"),
    ("training_dates", "2025-01-01 gisteren", "Typ een datum als 2026-03-31"),
    ("training_dates", " ".join(["2025-01-01"] * 11), "Niet meer dan 10 datums"),
    ("status", "stopped", "Kies een status uit de lijst"),
    ("municipality", "nul", "Kies een gemeente uit de lijst"),
])
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(staff_client, town, field, value, message):
    response = staff_client.post("/staff/volunteers/new", data=valid_form(**{field: value}))
    html = page(response)
    assert response.status_code == 400
    assert message in html
    assert f'id="{field}-error"' in html and 'class="error-summary"' in html
    assert "<script>" not in html and "<svg" not in html and "<b>" not in html  # what was typed comes back as text
    assert count(Volunteer) == 0 and actions("volunteer.create") == []


def test_without_a_phone_or_an_email_address_there_is_no_way_to_reach_them(staff_client, town):
    response = staff_client.post("/staff/volunteers/new", data=valid_form(phone=" ", email=""))
    assert response.status_code == 400
    assert "Typ een telefoonnummer of een e-mailadres (of allebei)" in page(response)
    assert count(Volunteer) == 0


def test_another_municipality_is_not_a_choice_when_creating(staff_client, town):
    response = staff_client.post("/staff/volunteers/new", data=valid_form(municipality=str(town["leiden"].id)))
    assert response.status_code == 400 and "Kies een gemeente uit de lijst" in page(response)
    assert count(Volunteer) == 0


def test_a_volunteer_living_across_the_border_belongs_to_the_town_that_registers_them(staff_client, town):
    """The Vliegende Brigade is city-wide: someone from Leiden may volunteer in Delft."""
    assert staff_client.post("/staff/volunteers/new", data=valid_form(postcode="2312")).status_code == 302
    row = db.session.scalar(db.select(Volunteer))
    assert (row.municipality_id, row.neighbourhood_id) == (town["delft"].id, town["leiden_buurt"].id)


# The volunteer's page, editing, status, notes --------------------------------------------------

def test_each_view_of_a_volunteer_is_in_the_audit_log_and_the_page_says_everything(staff_client, volunteer):
    html = page(staff_client.get(f"/staff/volunteers/{volunteer.id}"))
    staff_client.get(f"/staff/volunteers/{volunteer.id}")
    for text in ("Bram Voorbeeld", "06 12345670", "bram@voorbeeld.example", "Reinier de Graafbuurt", "Actief",
                 "Maatje", "Wandelen", "Maandag", "Ochtend", "geldig tot 1 november 2027"):
        assert text in html, text
    views = actions("volunteer.view")
    assert [(a.staff_id, a.municipality_id, a.detail) for a in views] == [
        (staff_client.staff.id, volunteer.municipality_id, f"volunteer {volunteer.id}")] * 2


def test_the_edit_form_shows_the_volunteer_as_they_are(staff_client, volunteer):
    html = page(staff_client.get(f"/staff/volunteers/{volunteer.id}/edit"))
    assert 'value="Bram"' in html and 'value="06 12345670"' in html and 'value="2024-11-01"' in html
    assert 'name="roles" value="maatje" checked' in html and 'name="days" value="mo" checked' in html
    assert 'name="days" value="tu" checked' not in html
    assert actions("volunteer.edit") == []
    assert [a.detail for a in actions("volunteer.view")] == [f"volunteer {volunteer.id}"]  # seeing the form is a view


def test_unchecking_every_language_clears_them(staff_client, volunteer):
    form = valid_form(email="bram@voorbeeld.example", version="1")
    del form["languages"]
    assert staff_client.post(f"/staff/volunteers/{volunteer.id}/edit", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).languages == ""


def test_editing_saves_the_change_counts_the_version_and_names_the_fields(staff_client, volunteer):
    form = valid_form(first_name="Bram", email="bram@voorbeeld.example", version="1",
                      municipality=str(volunteer.municipality_id))
    response = staff_client.post(f"/staff/volunteers/{volunteer.id}/edit", data=form)
    assert response.status_code == 302 and response.headers["Location"] == f"/staff/volunteers/{volunteer.id}"
    assert stored(volunteer.id) == ("Bram", "active", 2, "+31612345678")
    [audit] = actions("volunteer.edit")
    assert audit.detail.startswith(f"volunteer {volunteer.id}: ") and "phone" in audit.detail
    assert "first_name" not in audit.detail and "Bram" not in audit.detail  # field names only, no personal data
    event = db.session.scalar(db.select(VolunteerEvent).where(VolunteerEvent.kind == "edited"))
    assert "languages" in event.value.split() and event.staff_id == staff_client.staff.id
    assert "gegevens veranderd: telefoon, talen, interesses, dagen" in page(staff_client.get(
        f"/staff/volunteers/{volunteer.id}"))


def test_a_save_from_a_page_a_colleague_changed_since_is_refused_and_changes_nothing(staff_client, volunteer):
    url = f"/staff/volunteers/{volunteer.id}"
    form = valid_form(email="bram@voorbeeld.example", version="1")
    assert staff_client.post(f"{url}/edit", data={**form, "first_name": "Eerste"}).status_code == 302
    second = staff_client.post(f"{url}/edit", data={**form, "first_name": "Tweede"})
    assert second.status_code == 302 and second.headers["Location"] == url
    assert "Een collega heeft deze vrijwilliger net veranderd" in page(staff_client.get(url))
    assert stored(volunteer.id)[:3] == ("Eerste", "active", 2)
    stale_status = staff_client.post(f"{url}/status", data={"status": "paused", "version": "1"})
    assert stale_status.status_code == 302 and stored(volunteer.id)[1:3] == ("active", 2)
    assert len(actions("volunteer.edit")) == 1 and actions("volunteer.status") == []


def test_two_saves_of_the_same_version_at_once_store_only_the_first(app, staff_client, volunteer):
    """The version check in the UPDATE itself: a colleague's save lands between our read and our write."""
    from app.staff.volunteers import keeping

    with app.test_request_context():
        mine = db.session.get(Volunteer, volunteer.id)
        mine.first_name = "Mijn"
        with db.engine.begin() as other:
            other.execute(db.update(Volunteer).where(Volunteer.id == volunteer.id).values(first_name="Collega",
                                                                                            version=2))
        keeping.event(mine, "edited", value="first_name")
        from app.staff import changes

        response = changes.save("/back", "Opgeslagen", "Veranderd")
        assert response.status_code == 302
    assert stored(volunteer.id)[:3] == ("Collega", "active", 2)


def test_a_status_change_follows_the_allowed_paths_and_stopping_needs_a_reason(staff_client, volunteer):
    url = f"/staff/volunteers/{volunteer.id}/status"
    wrong = staff_client.post(url, data={"status": "applicant", "version": "1"})
    assert wrong.status_code == 400 and "Kies een status uit de lijst" in page(wrong)
    no_reason = staff_client.post(url, data={"status": "stopped", "reason": "", "version": "1"})
    assert no_reason.status_code == 400 and "Kies waarom de vrijwilliger stopt" in page(no_reason)
    unknown = staff_client.post(url, data={"status": "stopped", "reason": "<script>", "version": "1"})
    assert unknown.status_code == 400
    reason_without_stop = staff_client.post(url, data={"status": "paused", "reason": "moved", "version": "1"})
    assert reason_without_stop.status_code == 400 and "Een reden hoort alleen bij stoppen" in page(reason_without_stop)
    long_text = staff_client.post(url, data={"status": "stopped", "reason": "moved", "text": "x" * 501, "version": "1"})
    assert long_text.status_code == 400 and "Niet meer dan 500 tekens" in page(long_text)
    assert stored(volunteer.id)[1:3] == ("active", 1)
    done = staff_client.post(url, data={"status": "stopped", "reason": "moved", "text": "Naar Zwolle", "version": "1"})
    assert done.status_code == 302
    db.session.expire_all()
    row = db.session.get(Volunteer, volunteer.id)
    assert (row.status, row.stopped_reason, row.version) == ("stopped", "moved", 2)
    [audit] = actions("volunteer.status")
    assert audit.detail == f"volunteer {volunteer.id}: stopped moved"
    html = page(staff_client.get(f"/staff/volunteers/{volunteer.id}"))
    assert "Gestopt (Verhuisd)" in html and "Naar Zwolle" in html
    back = staff_client.post(url, data={"status": "intake", "version": "2"})
    assert back.status_code == 302 and stored(volunteer.id)[1:3] == ("intake", 3)
    assert db.session.get(Volunteer, volunteer.id).stopped_reason is None


def test_a_note_goes_on_the_timeline_with_who_and_when(staff_client, volunteer):
    url = f"/staff/volunteers/{volunteer.id}/note"
    assert staff_client.post(url, data={"text": "  "}).status_code == 400
    too_long = staff_client.post(url, data={"text": "x" * 2001})
    assert too_long.status_code == 400 and "niet meer dan 2000 tekens" in page(too_long)
    assert staff_client.post(url, data={"text": "Intake gepland <b>dinsdag</b>"}).status_code == 302
    html = page(staff_client.get(f"/staff/volunteers/{volunteer.id}"))
    assert "Intake gepland &lt;b&gt;dinsdag&lt;/b&gt;" in html and "Ria de Vries" in html
    [audit] = actions("volunteer.note")
    assert audit.detail == f"volunteer {volunteer.id}" and "Intake" not in audit.detail


# The list ----------------------------------------------------------------------------------------

@pytest.fixture
def crowd(town, volunteer):
    """Bram (active maatje, VOG valid), and three more of Delft, one of Leiden."""
    def add(first, **kwargs):
        kwargs.setdefault("municipality_id", town["delft"].id)
        row = Volunteer(first_name=first, last_name="Voorbeeld", postcode="2625", phone=None,
                        email=f"{first.lower()}@voorbeeld.example", **kwargs)
        db.session.add(row)
        return row

    add("Cas", status="applicant", roles="expert", vog_date=dt.date(2023, 12, 1))  # lapses 1 Dec 2026
    add("Dewi", status="paused", roles="buurtteam go_along", vog_date=dt.date(2023, 11, 1))  # lapsed
    add("Eef", status="intake", roles="maatje", neighbourhood_id=town["buurt"].id)  # no VOG
    add("Lotte", municipality_id=town["leiden"].id, status="active", roles="maatje")
    db.session.commit()


def listed(client, method="get", **values) -> set[str]:
    html = page(getattr(client, method)("/staff/volunteers", **({"data": values} if method == "post" else
                                                                  {"query_string": values})))
    return {name for name in ("Bram", "Cas", "Dewi", "Eef", "Lotte") if f">{name} Voorbeeld</a>" in html}


def test_the_list_filters_by_status_role_neighbourhood_and_vog(staff_client, crowd, town):
    assert listed(staff_client) == {"Bram", "Cas", "Dewi", "Eef"}
    assert listed(staff_client, status="paused") == {"Dewi"}
    assert listed(staff_client, role="go_along") == {"Dewi"}
    assert listed(staff_client, role="maatje") == {"Bram", "Eef"}
    assert listed(staff_client, neighbourhood=str(town["wijk"].id)) == {"Bram", "Eef"}
    assert listed(staff_client, vog="lapsing") == {"Cas"}
    assert listed(staff_client, vog="lapsed") == {"Dewi"}
    assert listed(staff_client, vog="missing") == {"Eef"}
    assert listed(staff_client, status="<script>", role="x", neighbourhood="²", vog="0", page="-1") == {
        "Bram", "Cas", "Dewi", "Eef"}
    html = page(staff_client.get("/staff/volunteers"))
    assert "Verloopt binnenkort" in html and "Verlopen" in html and "4 vrijwilligers" in html


def test_the_list_runs_as_many_statements_for_forty_volunteers_as_for_four(staff_client, crowd, town):
    def statements() -> int:
        with count_queries() as ran:
            assert staff_client.get("/staff/volunteers").status_code == 200
        return len(ran)

    few = statements()
    db.session.add_all([Volunteer(municipality_id=town["delft"].id, first_name=f"V{n}", postcode="2625",
                                  neighbourhood_id=town["buurt"].id, roles="maatje") for n in range(36)])
    db.session.commit()
    assert statements() == few


def test_the_search_by_name_comes_by_post_so_no_name_is_in_an_address(staff_client, crowd):
    assert listed(staff_client, "post", q="dew") == {"Dewi"}
    assert listed(staff_client, "post", q="cas voorbeeld") == {"Cas"}
    assert listed(staff_client, "post", q="eef@voorbeeld") == {"Eef"}
    assert listed(staff_client, "post", q="%") == set()
    assert listed(staff_client, "post", q="lotte") == set()  # Leiden's
    assert listed(staff_client, q="dew") == {"Bram", "Cas", "Dewi", "Eef"}  # a name in the address is not read
    assert 'method="post"' in page(staff_client.get("/staff/volunteers"))


def test_the_menu_links_the_volunteers_and_their_pages_are_never_cached(staff_client, volunteer):
    assert 'href="/staff/volunteers"' in page(staff_client.get("/staff/"))
    for path in ("/staff/volunteers", f"/staff/volunteers/{volunteer.id}", f"/staff/volunteers/{volunteer.id}/edit",
                 "/staff/volunteers/new", "/staff/volunteers/import"):
        response = staff_client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store", path


# The VOG ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("vog_date", "state"), [
    (None, "missing"),
    (dt.date(2026, 11, 24), "valid"),  # today
    (dt.date(2026, 11, 25), "lapsed"),  # a date still to come is no certificate yet
    (dt.date(2024, 1, 24), "valid"),  # lapses 24 January 2027: 61 days from today
    (dt.date(2024, 1, 23), "lapsing"),  # lapses 23 January 2027: 60 days from today
    (dt.date(2023, 11, 25), "lapsing"),  # the last valid day is today
    (dt.date(2023, 11, 24), "lapsed"),  # three years ago today
])
def test_a_vog_is_valid_three_years_and_warns_sixty_days_before(town, vog_date, state):
    row = Volunteer(municipality_id=town["delft"].id, first_name="V", postcode="2625", vog_date=vog_date)
    db.session.add(row)
    db.session.commit()
    assert row.vog_state(TODAY) == state
    in_sql = db.session.scalar(db.select(Volunteer.id).where(Volunteer.vog_valid_on(TODAY))) == row.id
    assert in_sql == row.vog_valid_on(TODAY) == (state in ("valid", "lapsing"))


@pytest.mark.parametrize("day", [dt.date(2027, 2, 27), dt.date(2027, 2, 28), dt.date(2027, 3, 1),
                                 dt.date(2028, 2, 28), dt.date(2028, 2, 29), dt.date(2028, 3, 1)])
def test_python_and_sql_agree_on_the_vog_around_29_february(town, day):
    dates = [dt.date(2024, 2, 28), dt.date(2024, 2, 29), dt.date(2024, 3, 1), dt.date(2025, 2, 28),
             dt.date(2025, 3, 1)]
    rows = [Volunteer(municipality_id=town["delft"].id, first_name="V", postcode="2625", vog_date=d) for d in dates]
    db.session.add_all(rows)
    db.session.commit()
    in_sql = set(db.session.scalars(db.select(Volunteer.id).where(Volunteer.vog_valid_on(day))))
    assert in_sql == {row.id for row in rows if row.vog_valid_on(day)}
    assert rows[1].vog_valid_until == dt.date(2027, 3, 1)


def test_the_volunteers_page_says_a_lapsed_vog_clearly(staff_client, volunteer):
    volunteer.vog_date = dt.date(2023, 6, 1)
    db.session.commit()
    html = page(staff_client.get(f"/staff/volunteers/{volunteer.id}"))
    assert "verlopen op 1 juni 2026: niet voorstellen voor een koppeling" in html
    volunteer.vog_date = dt.date(2024, 1, 1)
    db.session.commit()
    assert "verloopt op 1 januari 2027" in page(staff_client.get(f"/staff/volunteers/{volunteer.id}"))


# Scoping -------------------------------------------------------------------------------------------

def matrix(client, volunteer_id) -> list[int]:
    url = f"/staff/volunteers/{volunteer_id}"
    return [client.get(url).status_code, client.get(f"{url}/edit").status_code,
            client.post(f"{url}/edit", data=valid_form(first_name="Overgenomen", version="1")).status_code,
            client.post(f"{url}/status", data={"status": "paused", "version": "1"}).status_code,
            client.post(f"{url}/note", data={"text": "Van Leiden"}).status_code]


def test_another_towns_volunteer_is_404_on_every_route_logged_and_unchanged(leiden_client, volunteer, town):
    before = stored(volunteer.id)
    assert matrix(leiden_client, volunteer.id) == [404] * 5
    assert matrix(leiden_client, 999999) == [404] * 5
    assert stored(volunteer.id) == before
    refused = actions("access.refused")
    assert len(refused) == 5
    assert {(a.staff_id, a.municipality_id) for a in refused} == {(leiden_client.staff.id, town["delft"].id)}
    assert "Bram" not in " ".join(a.detail for a in refused)
    assert count(VolunteerEvent) == 0 and actions("volunteer.view") == []
    assert "Bram" not in page(leiden_client.get("/staff/volunteers"))
    assert "Bram" not in page(leiden_client.post("/staff/volunteers", data={"q": "bram"}))


def test_an_editor_without_a_municipality_has_no_volunteers(app, totp_clock, town, volunteer):
    import pyotp

    from app.models import StaffUser

    from .conftest import staff_password_hash

    editor = StaffUser(email="eva@a.example", name="Eva", password_hash=staff_password_hash(),
                       totp_secret=pyotp.random_base32(), totp_confirmed=True)
    db.session.add(editor)
    db.session.commit()
    client = app.test_client()
    sign_in(client, editor, totp_clock)
    for path in ("/staff/volunteers", f"/staff/volunteers/{volunteer.id}", "/staff/volunteers/import"):
        assert client.get(path).headers["Location"] == "/staff/places", path
    assert 'href="/staff/volunteers"' not in page(client.get("/staff/places"))


def test_without_signing_in_every_volunteer_page_leads_to_the_sign_in(client, volunteer):
    for path in ("/staff/volunteers", f"/staff/volunteers/{volunteer.id}"):
        assert client.get(path).headers["Location"].startswith("/staff/sign-in")


# CSRF ----------------------------------------------------------------------------------------------

def test_every_volunteer_post_needs_its_csrf_token_and_writes_nothing_without_it(strict_app):
    import re

    import pyotp

    from app.models import StaffMembership, StaffUser
    from app.staff.auth.passwords import hash_password

    from .conftest import STAFF_PASSWORD

    with strict_app.app_context():
        town = db.session.scalar(db.select(Municipality))
        staff = StaffUser(email="ria@delft.example", name="Ria", password_hash=hash_password(STAFF_PASSWORD),
                          totp_secret=pyotp.random_base32(), totp_confirmed=True)
        staff.memberships = [StaffMembership(municipality_id=town.id, role="coordinator")]
        row = Volunteer(municipality_id=town.id, first_name="Bram", postcode="2625", email="b@v.example")
        db.session.add_all([staff, row])
        db.session.commit()
        secret, volunteer_id, town_id = staff.totp_secret, row.id, town.id

    client = strict_app.test_client()

    def token(path):
        return re.search(r'name="csrf_token" value="([^"]+)"', page(client.get(path))).group(1)

    client.post("/staff/sign-in", data={"email": "ria@delft.example", "password": STAFF_PASSWORD,
                                        "csrf_token": token("/staff/sign-in")})
    code_token = token("/staff/sign-in/code")
    assert client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now(),
                                                    "csrf_token": code_token}).headers["Location"] == "/staff/"
    url = f"/staff/volunteers/{volunteer_id}"
    posts = {"/staff/volunteers/new": valid_form(municipality=str(town_id)),
             f"{url}/edit": valid_form(version="1"), f"{url}/status": {"status": "intake", "version": "1"},
             f"{url}/note": {"text": "Gebeld"}, "/staff/volunteers": {"q": "bram"},
             "/staff/volunteers/import": {"municipality": str(town_id)}}
    for path, data in posts.items():
        assert client.post(path, data=data).status_code == 400, path
    with_token = client.post(f"{url}/note", data={"text": "Gebeld", "csrf_token": token(url)})
    assert with_token.status_code == 302  # the same post with its token works
    with strict_app.app_context():
        row = db.session.get(Volunteer, volunteer_id)
        assert (row.first_name, row.status, row.version) == ("Bram", "applicant", 1)
        assert db.session.scalar(db.select(db.func.count()).select_from(Volunteer)) == 1
        assert [e.kind for e in db.session.scalars(db.select(VolunteerEvent))] == ["note"]


def test_the_volunteer_pages_speak_english_to_staff_who_chose_it(staff_client, volunteer):
    staff_client.staff.language = "en"
    db.session.commit()
    html = page(staff_client.get(f"/staff/volunteers/{volunteer.id}"))
    assert 'lang="en"' in html and "Change details" in html and "valid until November 1, 2027" in html
    assert "Walk" in html and "Monday" in html  # the buddy wishes' and days' words, from the residents' catalogue
    wrong = staff_client.post("/staff/volunteers/new", data=valid_form(vog_date="2025-02-31", interests=["x"]))
    assert "This date does not exist" in page(wrong) and "Unknown interest: x" in page(wrong)

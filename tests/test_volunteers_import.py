"""Volunteers from the coordinators' spreadsheet (CSV), by command and by upload: a good file is
imported; any bad row (each reported with its row, column and what is wrong) imports nothing; a second
import of the same file changes nothing (known by e-mail, else phone); a dry run writes nothing."""

import datetime as dt
import io

import pytest
from click.testing import CliRunner

from app import schedule
from app.extensions import db
from app.models import AuditEvent, Volunteer, VolunteerEvent
from app.staff.volunteers import importing, volunteers_cli

from .helpers import count, page

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)
HEADER = ",".join(importing.COLUMNS)
ANNA = ("Anna,Voorbeeld,06 12345678,Anna@Voorbeeld.example,2625 AB,nl ar,walk coffee,tu mo,afternoon,woman,2,"
        "2025-01-15,active,maatje go_along")
BRAM = "Bram,de Test,+31612345670,,2625,nl,games,sa,morning evening,,,,,expert"
CAS = "Cas,Proef,,cas@voorbeeld.example,2312,en,,,,man,10,2024-02-29,paused,buurtteam"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def run_command(app, data: bytes, *options: str, tmp_path=None):
    path = tmp_path / "vrijwilligers.csv"
    path.write_bytes(data)
    with app.app_context():
        return CliRunner().invoke(volunteers_cli, ["import", str(path), "--municipality", "delft", *options])


def volunteers() -> list[tuple]:
    db.session.expire_all()
    return [(v.first_name, v.email, v.phone, v.status, v.version)
            for v in db.session.scalars(db.select(Volunteer).order_by(Volunteer.id))]


def test_a_good_file_is_imported_with_every_column_in_its_place(app, town, tmp_path):
    result = run_command(app, csv_file(ANNA, BRAM, CAS), tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output == "Imported: 3 row(s), 3 new, 0 changed, 0 unchanged.\n"
    anna, bram, cas = db.session.scalars(db.select(Volunteer).order_by(Volunteer.id))
    assert (anna.first_name, anna.last_name, anna.phone, anna.email, anna.postcode, anna.neighbourhood_id) == (
        "Anna", "Voorbeeld", "+31612345678", "anna@voorbeeld.example", "2625 AB", town["buurt"].id)
    assert (anna.languages, anna.interests, anna.days, anna.parts_of_day, anna.gender, anna.capacity) == (
        "nl ar", "walk coffee", "mo tu", "afternoon", "woman", 2)
    assert (anna.vog_date, anna.status, anna.roles, anna.municipality_id) == (
        dt.date(2025, 1, 15), "active", "maatje go_along", town["delft"].id)
    assert (bram.email, bram.capacity, bram.status, bram.gender, bram.vog_date, bram.parts_of_day) == (
        None, 1, "applicant", None, None, "morning evening")
    assert (cas.phone, cas.capacity, cas.vog_date, cas.municipality_id) == (None, 10, dt.date(2024, 2, 29),
                                                                           town["delft"].id)
    events = db.session.scalars(db.select(VolunteerEvent).order_by(VolunteerEvent.id)).all()
    assert [(e.kind, e.value, e.text, e.staff_id) for e in events] == [
        ("created", "active", "import", None), ("created", "applicant", "import", None),
        ("created", "paused", "import", None)]
    audit = [(a.action, a.detail) for a in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert audit[-1] == ("volunteer.import", "command: 3 new, 0 changed")
    assert audit[0] == ("volunteer.create", f"volunteer {anna.id}: import")


def test_a_second_import_of_the_same_file_changes_nothing(app, town, tmp_path):
    run_command(app, csv_file(ANNA, BRAM, CAS), tmp_path=tmp_path)
    before = volunteers()
    again = run_command(app, csv_file(ANNA, BRAM, CAS), tmp_path=tmp_path)
    assert again.output == "Imported: 3 row(s), 0 new, 0 changed, 3 unchanged.\n"
    assert volunteers() == before and count(VolunteerEvent) == 3


def test_a_known_volunteer_is_updated_by_email_else_by_phone_never_duplicated(app, town, tmp_path):
    run_command(app, csv_file(ANNA, BRAM), tmp_path=tmp_path)
    anna = ANNA.replace("06 12345678", "0611111111").replace("active,", "paused,")
    bram = "Bram-Jan,de Test,+31612345670,,2625,nl,games,sa,morning evening,,3,,,expert"
    result = run_command(app, csv_file(anna, bram), tmp_path=tmp_path)
    assert result.output == "Imported: 2 row(s), 0 new, 2 changed, 0 unchanged.\n", result.output
    assert volunteers() == [("Anna", "anna@voorbeeld.example", "+31611111111", "paused", 2),
                            ("Bram-Jan", None, "+31612345670", "applicant", 2)]
    kinds = [(e.kind, e.value) for e in db.session.scalars(db.select(VolunteerEvent).order_by(VolunteerEvent.id))]
    assert ("imported", "phone") in kinds and ("status", "paused") in kinds
    assert ("imported", "first_name capacity") in kinds


def test_a_volunteer_stopped_in_the_spreadsheet_gets_a_reason_a_coordinator_can_change(app, town, tmp_path):
    run_command(app, csv_file(ANNA.replace("active,", "stopped,"), BRAM), tmp_path=tmp_path)
    bram_stops = BRAM.replace(",,,,,expert", ",,,,stopped,expert")
    result = run_command(app, csv_file(ANNA, bram_stops), tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    anna, bram = db.session.scalars(db.select(Volunteer).order_by(Volunteer.id))
    assert (anna.status, anna.stopped_reason) == ("active", None)  # back again: no reason left behind
    assert (bram.status, bram.stopped_reason) == ("stopped", "other")
    statuses = [e.value for e in db.session.scalars(db.select(VolunteerEvent).where(VolunteerEvent.kind == "status"))]
    assert statuses == ["active", "stopped other"]
    first = db.session.scalars(db.select(VolunteerEvent).where(VolunteerEvent.volunteer_id == anna.id)).first()
    assert (first.kind, first.value) == ("created", "stopped")


def test_the_same_person_in_another_town_is_another_volunteer(app, town, tmp_path):
    run_command(app, csv_file(ANNA), tmp_path=tmp_path)
    path = tmp_path / "leiden.csv"
    path.write_bytes(csv_file(ANNA))
    with app.app_context():
        result = CliRunner().invoke(volunteers_cli, ["import", str(path), "--municipality", "leiden"])
    assert result.exit_code == 0 and count(Volunteer) == 2


BAD_CELLS = [
    ("first_name", "", "Typ de voornaam"),
    ("first_name", "<script>alert(1)</script>", "Gebruik alleen gewone tekst, zonder punthaken"),
    ("last_name", "x" * 81, "Niet meer dan 80 tekens"),
    ("phone", "bel maar", "Dit is geen telefoonnummer"),
    ("email", "anna@", "Dit is geen e-mailadres"),
    ("postcode", "", "Typ de postcode"),
    ("postcode", "26251", "Typ een postcode als 2625 of 2625 AB"),
    ("postcode", "9999", "Deze postcode kennen we niet"),
    ("languages", "nl klingon", "Onbekende taal: klingon"),
    ("interests", "walk knitting", "Onbekende interesse: knitting"),
    ("days", "ma di", "Onbekende dag: ma di. Kies uit: mo tu we th fr sa su"),
    ("parts_of_day", "night", "Onbekende deel van de dag: night"),
    ("gender", "f", "Schrijf woman, man of laat het leeg"),
    ("capacity", "0", "Typ een getal van 1 tot en met 10"),
    ("capacity", "11", "Typ een getal van 1 tot en met 10"),
    ("capacity", "twee", "Typ een getal van 1 tot en met 10"),
    ("vog_date", "2025-02-31", "Deze datum bestaat niet. Kijk of de dag en de maand goed zijn."),
    ("vog_date", "31-02-2025", "Typ een datum als 2026-03-31 (jaar-maand-dag)"),
    ("vog_date", "2027-01-01", "Deze datum kan niet"),
    ("status", "actief", "Onbekende status. Kies uit: applicant intake active paused stopped"),
    ("roles", "", "Noem minstens één rol"),
    ("roles", "maatje chef", "Onbekende rol: chef"),
]


def with_cell(row: str, column: str, value: str) -> str:
    cells = row.split(",")
    cells[importing.COLUMNS.index(column)] = value
    return ",".join(cells)


@pytest.mark.parametrize(("column", "value", "message"), BAD_CELLS)
def test_one_bad_cell_imports_nothing_and_says_row_column_and_what(app, town, tmp_path, column, value, message):
    result = run_command(app, csv_file(BRAM, with_cell(ANNA, column, value), CAS), tmp_path=tmp_path)
    assert result.exit_code == 1
    assert f"Rij 3, kolom {column}: {message}" in result.output
    assert "Nothing imported: 1 problem(s) in 3 row(s)." in result.output
    assert count(Volunteer) == 0 and count(VolunteerEvent) == 0
    assert db.session.scalar(db.select(AuditEvent.id)) is None


def test_every_bad_row_is_reported_at_once(app, town, tmp_path):
    rows = [with_cell(BRAM, "vog_date", "2025-02-31"), with_cell(CAS, "days", "xx"),
            with_cell(with_cell(ANNA, "phone", ""), "email", ""), "Dewi,Proef,0612345679", ANNA, ANNA]
    result = run_command(app, csv_file(*rows), tmp_path=tmp_path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:5] == [
        "Rij 2, kolom vog_date: Deze datum bestaat niet. Kijk of de dag en de maand goed zijn.",
        "Rij 3, kolom days: Onbekende dag: xx. Kies uit: mo tu we th fr sa su",
        "Rij 4, kolom email: Vul een telefoonnummer of een e-mailadres in",
        "Rij 5, kolom -: Deze rij heeft 3 kolommen in plaats van 14",
        "Rij 7, kolom email: Deze persoon staat ook al in rij 6"]
    assert count(Volunteer) == 0


@pytest.mark.parametrize(("data", "message"), [
    (csv_file(ANNA, header="first_name,last_name,phone"),
     "De eerste rij moet precies deze kolommen noemen: " + HEADER + ". Nu staat er: first_name,last_name,phone"),
    (csv_file(ANNA, header=HEADER.replace("email", "e-mail")), "De eerste rij moet precies deze kolommen noemen"),
    (csv_file(ANNA.replace(",", ";"), header=HEADER.replace(",", ";")),
     "Zet komma's tussen de kolommen, geen puntkomma's"),
    ((HEADER + "\nAnna,Müller").encode("latin-1") + b"\xff", "Het bestand is geen UTF-8-tekst"),
    (b"", "Het bestand is leeg."),
    (b"\r\n \r\n", "Het bestand is leeg."),
    (csv_file(ANNA) + b'"Anna,Voorbeeld', "Dit is geen goed CSV-bestand"),
    (csv_file(*[ANNA] * 8000), "Het bestand is te groot: niet meer dan 512 kB."),
    (csv_file(*[f"A,B,,a{n}@v.example,2625,,,,,,,,,maatje" for n in range(5001)]),
     "Te veel rijen: niet meer dan 5000."),
], ids=["short header", "renamed column", "semicolons", "latin-1", "empty", "blank lines", "open quote",
        "too big", "too many rows"])
def test_a_wrong_file_is_refused_with_a_clear_message(app, town, tmp_path, data, message):
    result = run_command(app, data, tmp_path=tmp_path)
    assert result.exit_code == 1
    assert message in result.output
    assert count(Volunteer) == 0


def test_a_spreadsheets_byte_order_mark_and_quoted_cells_are_fine(app, town, tmp_path):
    quoted = '"Anna","Voorbeeld, van","06 12345678",,2625,"nl ar",,,,,,,,"maatje"'
    result = run_command(app, b"\xef\xbb\xbf" + csv_file(quoted), tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(Volunteer.last_name)) == "Voorbeeld, van"


def test_a_dry_run_checks_everything_and_writes_nothing(app, town, tmp_path):
    result = run_command(app, csv_file(ANNA, BRAM), "--dry-run", tmp_path=tmp_path)
    assert result.exit_code == 0
    assert result.output == "Checked, nothing stored: 2 row(s), 2 new, 0 changed, 0 unchanged.\n"
    assert count(Volunteer) == 0 and count(VolunteerEvent) == 0 and count(AuditEvent) == 0
    bad = run_command(app, csv_file(with_cell(ANNA, "capacity", "99")), "--dry-run", tmp_path=tmp_path)
    assert bad.exit_code == 1 and "Rij 2, kolom capacity" in bad.output


def test_an_unknown_municipality_is_refused(app, town, tmp_path):
    path = tmp_path / "v.csv"
    path.write_bytes(csv_file(ANNA))
    with app.app_context():
        result = CliRunner().invoke(volunteers_cli, ["import", str(path), "--municipality", "atlantis"])
    assert result.exit_code == 2 and "no municipality with slug 'atlantis'" in result.output


# The upload in the back office ------------------------------------------------------------------

def upload(client, data: bytes, municipality, dry_run=False, name="vrijwilligers.csv"):
    form = {"municipality": str(municipality.id), "file": (io.BytesIO(data), name)}
    if dry_run:
        form["dry_run"] = "y"
    return client.post("/staff/volunteers/import", data=form, content_type="multipart/form-data")


def test_a_coordinator_uploads_the_spreadsheet_and_sees_what_happened(staff_client, town):
    html = page(staff_client.get("/staff/volunteers/import"))
    assert HEADER in html and "mo tu we th fr sa su" in html
    checked = upload(staff_client, csv_file(ANNA, BRAM), town["delft"], dry_run=True)
    assert checked.status_code == 200 and "Er is nog niets opgeslagen" in page(checked) and count(Volunteer) == 0
    response = upload(staff_client, csv_file(ANNA, BRAM), town["delft"])
    assert response.status_code == 200
    assert "2 rijen: 2 nieuw, 0 veranderd, 0 hetzelfde." in page(response)
    again = upload(staff_client, csv_file(ANNA, BRAM), town["delft"])
    assert "2 rijen: 0 nieuw, 0 veranderd, 2 hetzelfde." in page(again) and count(Volunteer) == 2
    imports = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "volunteer.import")
                                 .order_by(AuditEvent.id)).all()
    assert [(a.staff_id, a.municipality_id) for a in imports] == [(staff_client.staff.id, town["delft"].id)] * 3
    assert imports[0].detail == "check: 2 rows, 0 problems, 2 new, 0 changed"
    events = db.session.scalars(db.select(VolunteerEvent)).all()
    assert {e.staff_id for e in events} == {staff_client.staff.id}


def test_an_upload_with_a_bad_row_shows_every_problem_and_imports_nothing(staff_client, town):
    response = upload(staff_client, csv_file(ANNA, with_cell(BRAM, "vog_date", "2025-02-31")), town["delft"])
    html = page(response)
    assert response.status_code == 400
    assert "Niets geïmporteerd" in html
    assert "<td>3</td><td>vog_date</td><td>Deze datum bestaat niet." in html
    assert count(Volunteer) == 0


@pytest.mark.parametrize("data", [b"\xff\xfe" + "naam".encode("utf-16-le"), b"<script>alert(1)</script>",
                                  csv_file(*[ANNA] * 1000)], ids=["utf-16", "script", "too big"])
def test_an_upload_of_a_wrong_file_never_fails_the_page(staff_client, town, monkeypatch, data):
    # A limit of 100 kB here: the test client spools a bigger upload to a file that it never closes.
    monkeypatch.setattr(importing, "MAX_BYTES", 100 * 1024)
    response = upload(staff_client, data, town["delft"])
    assert response.status_code == 400 and "Niets geïmporteerd" in page(response)
    assert "<script>alert" not in page(response) and count(Volunteer) == 0


def test_an_upload_needs_a_file_and_one_of_my_municipalities(staff_client, town):
    no_file = staff_client.post("/staff/volunteers/import", data={"municipality": str(town["delft"].id)})
    assert no_file.status_code == 400 and "Kies een bestand" in page(no_file)
    elsewhere = upload(staff_client, csv_file(ANNA), town["leiden"])
    assert elsewhere.status_code == 400 and "Kies een gemeente uit de lijst" in page(elsewhere)
    assert count(Volunteer) == 0


def test_demo_volunteers_are_invented_and_go_through_the_import(app, town):
    from app.demo.volunteers import demo_rows, load_volunteers

    rows = demo_rows("delft", ["2625"], 4)
    assert all("voorbeeld.invalid" in row for row in rows)
    with app.app_context():
        load_volunteers()
        first = count(Volunteer)
        load_volunteers()
    assert first > 0 and count(Volunteer) == first  # idempotent
    assert all(v.email.endswith("@voorbeeld.invalid") for v in db.session.scalars(db.select(Volunteer)))

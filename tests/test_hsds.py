"""HSDS 3.0 import and export: the shared examples refused with their broken rows named; the corrected
copy imported, exported, the export validated and imported again into an empty database, field by
field the same; a second import changes nothing; a dry run stores nothing; bad packages (wrong header,
broken reference, impossible schedules, a place outside the town, a huge or broken upload) refused
with file, row and field and nothing half-saved; the upload and download only for administrators."""

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from app import listings, schedule
from app.extensions import db
from app.models import (
    Activity,
    ActivityText,
    AuditEvent,
    Cancellation,
    ListingChange,
    Municipality,
    Organisation,
    Place,
    StaffUser,
)
from app.staff.content.hsds import package
from app.staff.content.hsds.importer import import_package
from app.staff.content.hsds.package import PackageRefused

from .conftest import sign_in, staff_password_hash
from .helpers import count, page

CORRECTED = Path(__file__).parent / "data" / "hsds-corrected"
LOCATION = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
SAL = "e94c9f38-1e8f-4564-91d4-d53501ab1765"
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


@pytest.fixture
def corrected(tmp_path) -> Path:
    """A copy of the corrected examples that a test may change."""
    folder = tmp_path / "package"
    shutil.copytree(CORRECTED, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def new_organisations(town) -> int:
    """Organisations beside the three the `town` fixture made (Welzijn A, Bibliotheek B, Kerk L)."""
    own = [town[key].id for key in ("a", "b", "l")]
    return db.session.scalar(db.select(db.func.count()).select_from(Organisation).where(Organisation.id.not_in(own)))


def run(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(args=["hsds", *map(str, args)])


def edit_csv(folder: Path, file: str, row: int, **values) -> None:
    """Change cells of one data row (2 = the first row under the header), keeping the rest as it was."""
    import csv

    with (folder / file).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for column, value in values.items():
        rows[row - 1][header.index(column)] = value
    with (folder / file).open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def refused(folder: Path, municipality) -> list:
    with pytest.raises(PackageRefused) as caught:
        import_package(folder, municipality)
    db.session.rollback()
    return [(p.file, p.row, p.field, p.code) for p in caught.value.problems]


def listing_rows() -> dict:
    """Every place and activity with every field an import or export carries, keyed by HSDS id."""
    db.session.expire_all()
    places = {}
    for place in db.session.scalars(db.select(Place)):
        activities = {a.hsds_id: (
            a.category, a.rrule, a.first_date, a.start_time, a.duration_minutes, a.cost_cents, a.languages,
            a.signup_required, a.audience, a.status, a.weekdays, a.text("nl").title, a.text("nl").description)
            for a in place.activities}
        places[place.hsds_id] = (
            place.name, place.address, place.postcode, place.city, round(place.lat, 6), round(place.lon, 6),
            place.neighbourhood.code, place.phone, place.website, place.organisation,
            place.owner.name if place.owner else None, place.step_free, place.accessible_toilet, place.hearing_loop,
            place.status, activities)
    return places


def empty_listings() -> None:
    for model in (ListingChange, Cancellation, ActivityText, Activity, Place, Organisation):
        db.session.execute(db.delete(model))
    db.session.commit()


# The shared examples and their corrected copy ----------------------------------------------------

def test_the_shared_examples_are_refused_with_their_broken_rows_named_and_nothing_imported(app, town, shared_data):
    result = run(app, "import", Path(shared_data) / "hsds-3.0-examples", "--municipality", "delft")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    for file, column, value in (
            ("locations.csv", "organization_id", "985e4a42-bd9f-4edc-911d-0243a4640aca"),
            ("contacts.csv", "organization_id", "ae67a707-5893-4225-b0b1-320ab9cb596b"),
            ("contacts.csv", "service_at_location_id", "93eaf18d-1cd2-4ec7-bffb-3c9172ee5070"),
            ("taxonomy_terms.csv", "taxonomy_id", "07ff6aee-a219-438c-b694-d2fcb6c5373b"),
            ("organizations.csv", "parent_organization_id", "cd09a387-91f4-4555-94ec-e799c35344cd"),
            ("taxonomy_terms.csv", "parent_id", "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2")):
        assert any(line.startswith(file) and " 2" in line and column in line and value in line for line in lines), \
            (file, column, result.output)
    assert "6 problem(s): nothing was imported" in result.output
    assert (new_organisations(town), count(Place), count(Activity), count(ListingChange)) == (0, 0, 0, 0)


def test_the_corrected_copy_imports_cleanly_every_field_mapped_and_in_the_history(app, town):
    result = run(app, "import", CORRECTED, "--municipality", "delft")
    assert result.exit_code == 0, result.output
    assert "place: 1 new" in result.output and "activity: 1 new" in result.output
    place = db.session.scalar(db.select(Place))
    assert (place.hsds_id, place.name, place.address, place.postcode, place.city) == (
        LOCATION, "MyCity Civic Center", "Main Street 1", "2625 AB", "Delft")
    assert (place.lat, place.lon, place.neighbourhood_id) == (51.9965, 4.341, town["buurt"].id)
    assert place.status == "published"
    assert (place.phone, place.website, place.owner.name, place.organisation) == (
        "+31152123456", "http://example.com", "MyCity Civic Center Trust", "MyCity Civic Center Trust")
    # "induction loops for hearing aids. Wheelchair access is possible on all levels."
    assert (place.hearing_loop, place.step_free, place.accessible_toilet) == (True, True, False)
    activity = place.activities[0]
    assert (activity.hsds_id, activity.text("nl").title, activity.status) == (SAL, "Community Counselling", "published")
    assert activity.rrule == "FREQ=WEEKLY;BYDAY=TH,FR;WKST=MO;UNTIL=20271231T235959"
    assert (activity.first_date, activity.start_time, activity.duration_minutes) == (
        dt.date(2026, 1, 1), dt.time(10, 0), 480)
    assert (activity.languages, activity.cost_cents, activity.category, activity.audience) == ("ur", 350, "advice",
                                                                                              "everyone")
    assert new_organisations(town) == 4
    sources = {change.source for change in db.session.scalars(db.select(ListingChange))}
    assert sources == {"import"} and count(ListingChange) > 10
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "hsds.import"))
    assert audit.municipality_id == town["delft"].id and "place: 1 new" in audit.detail


def test_a_second_import_updates_duplicates_nothing_and_records_history_only_for_changes(app, town, corrected):
    assert run(app, "import", corrected, "--municipality", "delft").exit_code == 0
    before, history = listing_rows(), count(ListingChange)
    again = run(app, "import", corrected, "--municipality", "delft")
    assert again.exit_code == 0 and "place: 0 new, 0 changed, 1 unchanged" in again.output
    assert listing_rows() == before and count(ListingChange) == history
    assert (count(Place), count(Activity), new_organisations(town)) == (1, 1, 4)
    edit_csv(corrected, "services.csv", 2, name="Gesprekken in de buurt")
    assert run(app, "import", corrected, "--municipality", "delft").exit_code == 0
    changes = db.session.scalars(db.select(ListingChange).where(ListingChange.id > history)).all()
    assert [(c.field, c.old, c.new) for c in changes] == [("title:nl", "Community Counselling",
                                                           "Gesprekken in de buurt")]
    assert count(Activity) == 1


def test_a_place_whose_owner_is_gone_from_the_package_loses_the_owner_and_its_name(town, corrected):
    import_package(corrected, town["delft"])
    edit_csv(corrected, "locations.csv", 2, organization_id="")
    summary = import_package(corrected, town["delft"])
    db.session.commit()
    place = db.session.scalar(db.select(Place))
    assert (place.owner_id, place.organisation) == (None, None)
    assert summary.changes == [("place", "MyCity Civic Center", ["organisation", "owner_id"])]


def test_a_dry_run_shows_what_would_change_and_stores_nothing(app, town):
    result = run(app, "import", CORRECTED, "--municipality", "delft", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would import (dry run, nothing stored)" in result.output and "MyCity Civic Center:" in result.output
    assert (new_organisations(town), count(Place), count(Activity), count(ListingChange), count(AuditEvent)) == (0,) * 5


def test_the_import_reports_its_progress_place_by_place_and_activity_by_activity(town):
    steps = []
    import_package(CORRECTED, town["delft"], progress=lambda done, total: steps.append((done, total)))
    assert steps == [(1, 2), (2, 2)]


def test_the_command_line_names_the_problems_in_english(app, town, corrected):
    edit_csv(corrected, "addresses.csv", 2, postal_code="ABC 1234")
    result = run(app, "import", corrected, "--municipality", "delft")
    assert 'addresses.csv, row 2, field postal_code: "ABC 1234" is not a Dutch postcode like 2625 AB.' in result.output


def test_a_zip_imports_like_a_folder(app, town, tmp_path):
    archive = tmp_path / "hsds.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in CORRECTED.glob("*.csv"):
            zipped.write(path, f"export/{path.name}")
    assert run(app, "import", archive, "--municipality", "delft").exit_code == 0
    assert count(Place) == 1


# Export and the round trip --------------------------------------------------------------------

@pytest.fixture
def made_in_vangnet(town, make_place):
    """A place and activities kept in the editor, without HSDS ids: what HSDS can say of them."""
    owner = Organisation(name="Welzijn Delft", municipality=town["delft"], phone="+31152120000",
                         correction_email="plekken@welzijn.example", website="https://welzijn.example")
    place = make_place(name="Buurthuis De Linde", neighbourhood=town["buurt"], owner=owner, organisation=owner.name,
                       postcode="2625 AB", phone="+31152123457", step_free=True, accessible_toilet=True,
                       is_example=False, status="published")
    change = listings.Change(by=None, source="editor")
    for n, (rule, start, minutes, fields) in enumerate((
            ("FREQ=MONTHLY;BYDAY=-1FR", dt.time(19, 30), 300, {"category": "music", "audience": "seniors",
                                                              "cost_cents": 250, "languages": "nl ar"}),
            ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630T235959", dt.time(10, 0), 90,
             {"category": "language", "signup_required": True, "languages": "nl en uk"}),
            (None, dt.time(14, 0), 120, {"category": "coffee", "audience": "newcomers"}))):
        activity = Activity(place=place, status="published", rrule=rule, first_date=dt.date(2026, 9, 4 + n),
                            start_time=start, duration_minutes=minutes, **fields)
        db.session.add(activity)
        change.text(activity, "nl", f"Activiteit {n}", "Kom gerust.")
    db.session.add(Activity(place=place, status="draft", category="games", first_date=dt.date(2026, 9, 1),
                            start_time=dt.time(9, 0), texts=[ActivityText(lang="nl", title="Nog een concept")]))
    db.session.commit()
    return place


def test_an_export_passes_the_same_validation_and_imports_into_an_empty_database_the_same(
        app, town, made_in_vangnet, tmp_path):
    assert run(app, "import", CORRECTED, "--municipality", "delft").exit_code == 0
    exported = run(app, "export", tmp_path / "out", "--municipality", "delft")
    assert exported.exit_code == 0, exported.output
    assert "Exported 2 places and 4 activities" in exported.output  # the draft stays in Vangnet
    assert package.validate(tmp_path / "out") == []
    before = listing_rows()
    assert None not in before and len(before) == 2  # the export gave the editor's rows their HSDS ids for good
    empty_listings()
    again = run(app, "import", tmp_path / "out", "--municipality", "delft")
    assert again.exit_code == 0, again.output
    after = listing_rows()
    made_here = made_in_vangnet_key(before)
    before[made_here][-1].pop(next(k for k, v in before[made_here][-1].items() if v[9] == "draft"))
    assert after == before
    # Importing the export into the database it came from matches every row: nothing new, nothing changed.
    assert "place: 0 new, 0 changed, 2 unchanged" in run(app, "import", tmp_path / "out", "--municipality",
                                                          "delft").output


def made_in_vangnet_key(rows: dict) -> str:
    return next(key for key, value in rows.items() if value[0] == "Buurthuis De Linde")


def test_an_export_is_audited_and_leaves_out_what_hsds_cannot_say(app, town, made_in_vangnet, tmp_path):
    activity = made_in_vangnet.activities[0]
    activity.rrule = "FREQ=YEARLY;BYMONTH=5"
    db.session.commit()
    result = run(app, "export", tmp_path / "out", "--municipality", "delft")
    assert "left out Activiteit 0: HSDS cannot say its schedule" in result.output
    assert package.validate(tmp_path / "out") == []
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "hsds.export"))
    assert (audit.municipality_id, audit.detail) == (town["delft"].id, "1 places, 2 activities")


# Bad packages: every problem named with its file, row and field; nothing stored ------------------

@pytest.mark.parametrize(("file", "row", "values", "expected"), [
    ("schedules.csv", 2, {"valid_from": "2027-02-31"}, ("schedules.csv", 2, "valid_from", "type-error")),
    ("schedules.csv", 2, {"closes_at": "40:00:00"}, ("schedules.csv", 2, "closes_at", "type-error")),
    ("schedules.csv", 2, {"closes_at": "10:00:00"}, ("schedules.csv", 2, "closes_at", "schedule_no_duration")),
    ("schedules.csv", 2, {"byday": "XX"}, ("schedules.csv", 2, "byday", "schedule_impossible")),
    ("schedules.csv", 2, {"interval": "0"}, ("schedules.csv", 2, "interval", "schedule_impossible")),
    ("schedules.csv", 2, {"byday": ",".join(["MO", "TU", "WE"] * 30)}, ("schedules.csv", 2, "byday",
                                                                        "schedule_impossible")),
    ("schedules.csv", 2, {"freq": "MONTHLY", "byday": "", "bymonthday": "32"},
     ("schedules.csv", 2, "bymonthday", "schedule_impossible")),
    ("schedules.csv", 2, {"valid_to": "2025-01-01"}, ("schedules.csv", 2, "valid_to", "schedule_ends_before_start")),
    ("schedules.csv", 2, {"byweekno": "41"}, ("schedules.csv", 2, "byweekno", "schedule_unsupported")),
    ("schedules.csv", 2, {"freq": "DAILY"}, ("schedules.csv", 2, "freq", "constraint-error")),
    ("locations.csv", 2, {"latitude": "52.175", "longitude": "4.505"}, ("locations.csv", 2, "latitude", "outside")),
    ("locations.csv", 2, {"organization_id": "00000000-0000-4000-8000-000000000000"},
     ("locations.csv", 2, "organization_id", "foreign-key")),
    ("service_at_location.csv", 2, {"location_id": "00000000-0000-4000-8000-000000000000"},
     ("service_at_location.csv", 2, "location_id", "foreign-key")),
    ("locations.csv", 2, {"name": "<script>alert(1)</script>"}, ("locations.csv", 2, "name", "markup")),
    ("locations.csv", 2, {"url": "javascript:alert(1)"}, ("locations.csv", 2, "url", "bad_url")),
    ("addresses.csv", 2, {"postal_code": "ABC 1234"}, ("addresses.csv", 2, "postal_code", "bad_postcode")),
    ("phones.csv", 2, {"number": "12"}, ("phones.csv", 2, "number", "bad_phone")),
    ("cost_options.csv", 2, {"currency": "gbp"}, ("cost_options.csv", 2, "currency", "bad_cost")),
    ("cost_options.csv", 2, {"amount": "NaN"}, ("cost_options.csv", 2, "amount", "bad_cost")),
    ("locations.csv", 2, {"latitude": "inf"}, ("locations.csv", 2, "latitude", "outside")),
    ("organizations.csv", 1, {"name": "naam"}, ("organizations.csv", None, "name", "incorrect-label")),
])
def test_a_bad_package_is_refused_with_file_row_and_field_and_nothing_is_stored(town, corrected, file, row, values,
                                                                              expected):
    edit_csv(corrected, file, row, **values)
    assert expected in refused(corrected, town["delft"])
    assert (new_organisations(town), count(Place), count(Activity), count(ListingChange)) == (0, 0, 0, 0)


def test_the_cli_says_a_bad_schedule_in_words_and_imports_nothing(app, town, corrected):
    edit_csv(corrected, "schedules.csv", 2, valid_from="2027-02-31")
    result = run(app, "import", corrected, "--municipality", "delft")
    assert result.exit_code == 1
    assert any(line.startswith("schedules.csv") and "valid_from" in line and "2027-02-31" in line
               for line in result.output.splitlines()), result.output
    assert count(Place) == 0


def test_a_place_without_coordinates_lies_at_its_postcodes_centre(town, corrected):
    edit_csv(corrected, "locations.csv", 2, latitude="", longitude="")
    import_package(corrected, town["delft"])
    place = db.session.scalar(db.select(Place))
    assert (place.lat, place.lon, place.neighbourhood_id) == (51.995, 4.345, town["buurt"].id)


def test_a_missing_file_is_an_empty_table_whose_references_are_refused(town, corrected):
    (corrected / "organizations.csv").unlink()
    problems = refused(corrected, town["delft"])
    assert ("locations.csv", 2, "organization_id", "foreign-key") in problems
    assert ("services.csv", 2, "organization_id", "foreign-key") in problems


def test_an_unknown_municipality_is_a_usage_error(app, town):
    result = run(app, "import", CORRECTED, "--municipality", "nergens")
    assert result.exit_code == 2 and "no municipality with slug 'nergens'" in result.output


# The back office: upload and download for administrators ---------------------------------------

def zipped(folder: Path = CORRECTED) -> io.BytesIO:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.write(path, path.name)
    data.seek(0)
    return data


@pytest.fixture
def admin(app, town, make_staff, totp_clock):
    client = app.test_client()
    client.staff = make_staff(email="ad@delft.example", name="Ad", municipality=town["delft"], role="administrator")
    assert sign_in(client, client.staff, totp_clock).status_code == 302
    return client


def upload(client, data, dry_run=False, municipality=None, name="hsds.zip"):
    form = {"package": (data, name), "municipality": str(municipality or client.staff.memberships[0].municipality_id)}
    if dry_run:
        form["dry_run"] = "y"
    return client.post("/staff/places/hsds", data=form, content_type="multipart/form-data")


def test_an_administrator_sees_a_dry_run_then_imports_the_upload(admin, town):
    assert "HSDS importeren en exporteren" in page(admin.get("/staff/places"))
    trial = upload(admin, zipped(), dry_run=True)
    assert trial.status_code == 200
    assert "Proefimport: dit zou er veranderen" in page(trial) and "MyCity Civic Center" in page(trial)
    assert count(Place) == 0
    done = upload(admin, zipped())
    assert done.status_code == 200 and "Het pakket is geïmporteerd." in page(done)
    assert count(Place) == 1
    changes = db.session.scalars(db.select(ListingChange)).all()
    assert {(c.source, c.staff_id) for c in changes} == {("import", admin.staff.id)}
    actions = [a.action for a in db.session.scalars(db.select(AuditEvent).where(AuditEvent.action.like("hsds%")))]
    assert actions == ["hsds.import"]


def test_the_shared_examples_uploaded_show_every_broken_row_and_store_nothing(admin, town, shared_data):
    response = upload(admin, zipped(Path(shared_data) / "hsds-3.0-examples"))
    assert response.status_code == 400
    text = page(response)
    assert "Het pakket heeft 6 fouten. Er is niets opgeslagen." in text
    assert "locations.csv, rij 2, veld organization_id: Verwijst naar 985e4a42-bd9f-4edc-911d-0243a4640aca" in text
    assert count(Place) == 0 and new_organisations(town) == 0
    assert db.session.scalar(db.select(AuditEvent.action).where(AuditEvent.action.like("hsds%"))) == \
        "hsds.import_refused"


@pytest.mark.parametrize(("data", "message"), [
    (b"PK\x03\x04 not really a zip", "Dit is geen zip-bestand."),
    (b"id,name\n1,2\n", "Dit is geen zip-bestand."),
    (None, "In de zip staan geen HSDS-bestanden"),
])
def test_a_broken_upload_is_explained_never_a_500(admin, town, data, message):
    if data is None:
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as archive:
            archive.writestr("../../etc/passwd", "root")
        data = data.getvalue()
    response = upload(admin, io.BytesIO(data))
    assert response.status_code == 400 and message in page(response)
    assert count(Place) == 0


def test_a_huge_upload_is_refused_next_to_the_field(admin, town):
    # A body built by hand: the test client would spool a file this large to disk and leave it open.
    body = (b"--cut\r\nContent-Disposition: form-data; name=\"package\"; filename=\"hsds.zip\"\r\n\r\n"
            + b"x" * (2 * 1024 * 1024) + b"\r\n--cut--\r\n")
    response = admin.post("/staff/places/hsds", data=body, content_type="multipart/form-data; boundary=cut")
    assert response.status_code == 413
    assert "Dit bestand is te groot: niet meer dan 1 MB." in page(response)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(admin, town, monkeypatch):
    monkeypatch.setattr(package, "MAX_UNPACKED_BYTES", 1000)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("locations.csv", "x" * 100_000)
    data.seek(0)
    response = upload(admin, data)
    assert response.status_code == 400 and "Uitgepakt is het pakket groter dan" in page(response)


def test_an_upload_without_a_file_says_so(admin, town):
    response = admin.post("/staff/places/hsds", data={"municipality": str(town["delft"].id)})
    assert response.status_code == 400 and "Kies een zip-bestand" in page(response)


def test_an_administrator_downloads_the_export_as_a_valid_zip(admin, town, made_in_vangnet, tmp_path):
    response = admin.get(f"/staff/places/hsds/{town['delft'].id}/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        archive.extractall(tmp_path)
        assert len([name for name in archive.namelist() if name.endswith(".csv")]) == 21
    assert package.validate(tmp_path) == []
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "hsds.export"))
    assert (audit.staff_id, audit.municipality_id) == (admin.staff.id, town["delft"].id)


def other_staff(app, totp_clock, town, make_staff):
    """A coordinator of Delft, an administrator of Leiden and an editor of a Delft organisation."""
    import pyotp

    editor = StaffUser(email="eva@a.example", name="Eva", password_hash=staff_password_hash(),
                       totp_secret=pyotp.random_base32(), totp_confirmed=True, organisations=[town["a"]])
    db.session.add(editor)
    db.session.commit()
    clients = []
    for staff in (make_staff(email="co@delft.example", municipality=town["delft"], role="coordinator"),
                  make_staff(email="ad@leiden.example", municipality=town["leiden"], role="administrator"), editor):
        client = app.test_client()
        client.staff = staff
        assert sign_in(client, staff, totp_clock).status_code == 302
        clients.append(client)
    return clients


def test_a_coordinator_or_an_editor_gets_404_on_the_upload_and_download(app, totp_clock, town, make_staff):
    coordinator, _leiden, editor = other_staff(app, totp_clock, town, make_staff)
    for client in (coordinator, editor):
        assert client.get("/staff/places/hsds").status_code == 404
        assert client.get(f"/staff/places/hsds/{town['delft'].id}/export").status_code == 404
        assert upload(client, zipped(), municipality=town["delft"].id).status_code == 404
        assert "HSDS importeren" not in page(client.get("/staff/places"))
    assert count(Place) == 0 and new_organisations(town) == 0
    assert not db.session.scalar(db.select(AuditEvent).where(AuditEvent.action.like("hsds%")))


def test_an_administrator_of_another_town_can_neither_load_nor_download_this_town(app, totp_clock, town, make_staff):
    leiden = other_staff(app, totp_clock, town, make_staff)[1]
    assert leiden.get(f"/staff/places/hsds/{town['delft'].id}/export").status_code == 404
    response = upload(leiden, zipped(), municipality=town["delft"].id)
    assert response.status_code == 400 and "Kies een gemeente uit de lijst" in page(response)
    assert "Delft" not in page(leiden.get("/staff/places/hsds"))
    assert count(Place) == 0


def test_the_upload_needs_its_csrf_token(strict_app):
    import re

    import pyotp

    from app.models import StaffMembership

    from .conftest import STAFF_PASSWORD

    with strict_app.app_context():
        delft = db.session.scalar(db.select(Municipality))
        staff = StaffUser(email="ad@delft.example", name="Ad", password_hash=staff_password_hash(),
                          totp_secret=pyotp.random_base32(), totp_confirmed=True,
                          memberships=[StaffMembership(municipality_id=delft.id, role="administrator")])
        db.session.add(staff)
        db.session.commit()
        secret, town_id = staff.totp_secret, delft.id
    client = strict_app.test_client()

    def token(path):
        return re.search(r'name="csrf_token" value="([^"]+)"', page(client.get(path))).group(1)

    client.post("/staff/sign-in", data={"email": "ad@delft.example", "password": STAFF_PASSWORD,
                                        "csrf_token": token("/staff/sign-in")})
    client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now(),
                                             "csrf_token": token("/staff/sign-in/code")})
    form = {"package": (zipped(), "hsds.zip"), "municipality": str(town_id), "dry_run": "y"}
    assert client.post("/staff/places/hsds", data=form, content_type="multipart/form-data").status_code == 400
    form = {"package": (zipped(), "hsds.zip"), "municipality": str(town_id), "dry_run": "y",
            "csrf_token": token("/staff/places/hsds")}
    with_token = client.post("/staff/places/hsds", data=form, content_type="multipart/form-data")
    assert with_token.status_code in (200, 400) and "Dat konden we niet verwerken" not in page(with_token)
    with strict_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Place)) == 0

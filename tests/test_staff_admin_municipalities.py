"""A municipality's settings under /staff/admin/municipalities: name, Help phone and text, overdue days,
retention periods and crisis lines (add, edit, remove, order), for its administrators only; a version
keeps two administrators from overwriting each other; every change is audited; nothing of another town."""

import pytest

from app.extensions import db
from app.models import CrisisLine, Municipality

from .admin_world import actions, build_world, error_texts
from .helpers import count, page

SETTINGS = {"name": "Delft", "help_phone": "14 015", "help_text": "Balie in de bibliotheek.",
            "overdue_after_days": "4", "retention_months": "18", "retention_named_worry_months": "6", "version": "1"}


@pytest.fixture
def world(app, town, make_staff, make_kiosk, totp_clock):
    world = build_world(app, town, make_staff, make_kiosk, totp_clock)
    for town_, name in ((town["delft"], "Crisisdienst GGZ Delfland"), (town["leiden"], "Crisisdienst Leiden")):
        db.session.add_all([CrisisLine(municipality_id=town_.id, name="113 Zelfmoordpreventie", phone="0800 0113",
                                       position=0),
                            CrisisLine(municipality_id=town_.id, name=name, phone="088 357 1000", position=1)])
    db.session.commit()
    return world


def settings_of(town_id: int) -> tuple:
    db.session.expire_all()
    town = db.session.get(Municipality, town_id)
    return (town.name, town.help_phone, town.help_text, town.overdue_after_days, town.retention_months,
            town.retention_named_worry_months, town.version)


def lines_of(town_id: int) -> list[tuple]:
    db.session.expire_all()
    query = db.select(CrisisLine).where(CrisisLine.municipality_id == town_id)
    return [(line.name, line.phone) for line in db.session.scalars(query.order_by(CrisisLine.position, CrisisLine.id))]


def test_a_new_municipality_keeps_requests_12_months_and_worries_that_name_someone_6():
    town = Municipality(code="GM0392", slug="haarlem", name="Haarlem")
    db.session.add(town)
    db.session.commit()
    assert (town.retention_months, town.retention_named_worry_months) == (12, 6)


def test_an_administrator_of_one_town_goes_straight_to_its_settings(world):
    response = world["admin"].get("/staff/admin/municipalities")
    assert response.headers["Location"] == f"/staff/admin/municipalities/{world['delft'].id}"


def test_the_settings_are_saved_with_a_new_version_and_audited_with_the_fields_that_changed(world):
    town = world["delft"]
    response = world["admin"].post(f"/staff/admin/municipalities/{town.id}", data=SETTINGS)
    assert response.status_code == 302
    assert settings_of(town.id) == ("Delft", "14 015", "Balie in de bibliotheek.", 4, 18, 6, 2)
    assert actions("municipality.edit") == [
        ("municipality.edit", town.id, "help_phone help_text overdue_after_days retention_months")]


def test_a_second_administrator_with_an_old_page_is_told_and_overwrites_nothing(world):
    town = world["delft"]
    world["admin"].post(f"/staff/admin/municipalities/{town.id}", data=SETTINGS)
    late = world["admin"].post(f"/staff/admin/municipalities/{town.id}",
                               data={**SETTINGS, "overdue_after_days": "9"}, follow_redirects=True)
    assert "Iemand anders heeft deze instellingen net veranderd" in page(late)
    assert settings_of(town.id)[3] == 4 and len(actions("municipality.edit")) == 1


@pytest.mark.parametrize(("field", "value", "error"), [
    ("name", "", "Typ de naam"),
    ("name", "<b>Delft</b>", "Gebruik alleen gewone tekst, zonder punthaken"),
    ("name", "D" * 121, "Niet meer dan 120 tekens"),
    ("help_phone", "bel ons", "Typ een telefoonnummer, bijvoorbeeld 015 212 3456"),
    ("help_phone", "9" * 41, "Niet meer dan 40 tekens"),
    ("help_phone", "\r\nSet-Cookie: x=1", "Typ een telefoonnummer, bijvoorbeeld 015 212 3456"),
    ("help_text", "x" * 301, "Niet meer dan 300 tekens"),
    ("help_text", "<script>alert(1)</script>", "Gebruik alleen gewone tekst, zonder punthaken"),
    ("overdue_after_days", "", "Typ een aantal dagen, bijvoorbeeld 5"),
    ("overdue_after_days", "vijf", "Typ een aantal dagen, bijvoorbeeld 5"),
    ("overdue_after_days", "0", "Kies tussen 1 en 60 werkdagen"),
    ("overdue_after_days", "61", "Kies tussen 1 en 60 werkdagen"),
    ("retention_months", "٣", "Typ een aantal maanden, bijvoorbeeld 12"),
    ("retention_months", "121", "Kies tussen 1 en 120 maanden"),
    ("retention_months", "2147483648", "Typ een aantal maanden, bijvoorbeeld 12"),
    ("retention_named_worry_months", "-1", "Typ een aantal maanden, bijvoorbeeld 6"),
    ("retention_named_worry_months", "24", "Niet langer dan gesloten vragen in het algemeen"),
])
def test_bad_input_in_any_setting_is_said_next_to_it_and_nothing_changes(world, field, value, error):
    town = world["delft"]
    before = settings_of(town.id)
    response = world["admin"].post(f"/staff/admin/municipalities/{town.id}", data={**SETTINGS, field: value})
    assert response.status_code == 400
    assert error in error_texts(response)
    assert settings_of(town.id) == before and actions("municipality.edit") == []


def test_an_empty_help_phone_and_text_are_stored_as_none(world):
    town = world["delft"]
    world["admin"].post(f"/staff/admin/municipalities/{town.id}", data={**SETTINGS, "help_phone": "", "help_text": " "})
    assert settings_of(town.id)[1:3] == (None, None)


def test_crisis_lines_are_added_last_edited_moved_and_removed_and_each_change_is_audited(world):
    town, admin = world["delft"], world["admin"]
    assert admin.post(f"/staff/admin/municipalities/{town.id}/lines",
                      data={"line-name": "Huisartsenpost Delft", "line-phone": "088 - 502 0900"}).status_code == 302
    assert lines_of(town.id)[-1] == ("Huisartsenpost Delft", "088 - 502 0900")
    added = db.session.scalar(db.select(CrisisLine).where(CrisisLine.name == "Huisartsenpost Delft"))
    renamed = {"line-name": "Huisartsenpost", "line-phone": "088 502 0900", "line-version": "1"}
    assert admin.post(f"/staff/admin/lines/{added.id}", data=renamed).status_code == 302
    assert admin.post(f"/staff/admin/lines/{added.id}/move", data={"direction": "up"}).status_code == 302
    assert [name for name, _ in lines_of(town.id)] == [
        "113 Zelfmoordpreventie", "Huisartsenpost", "Crisisdienst GGZ Delfland"]
    admin.post(f"/staff/admin/lines/{added.id}/move", data={"direction": "up"})
    admin.post(f"/staff/admin/lines/{added.id}/move", data={"direction": "up"})  # first already: nothing
    assert lines_of(town.id)[0] == ("Huisartsenpost", "088 502 0900")
    assert admin.post(f"/staff/admin/lines/{added.id}/remove").status_code == 302
    assert [name for name, _ in lines_of(town.id)] == ["113 Zelfmoordpreventie", "Crisisdienst GGZ Delfland"]
    assert [(a, t) for a, t, _ in actions() if a.startswith("crisis_line")] == [
        ("crisis_line.add", town.id), ("crisis_line.edit", town.id), ("crisis_line.move", town.id),
        ("crisis_line.move", town.id), ("crisis_line.remove", town.id)]
    assert "Huisartsenpost" not in page(admin.get(f"/staff/admin/municipalities/{town.id}"))


@pytest.mark.parametrize(("field", "value", "error"), [
    ("line-name", "", "Typ de naam"),
    ("line-name", "<i>x</i>", "Gebruik alleen gewone tekst, zonder punthaken"),
    ("line-phone", "", "Typ het telefoonnummer"),
    ("line-phone", "113113113113", "Typ een telefoonnummer, bijvoorbeeld 0800 0113"),
    ("line-phone", "0800 0113 <b>", "Typ een telefoonnummer, bijvoorbeeld 0800 0113"),
])
def test_a_bad_crisis_line_is_said_next_to_the_field_and_not_added_or_changed(world, field, value, error):
    town, admin = world["delft"], world["admin"]
    before, lines = lines_of(town.id), count(CrisisLine)
    good = {"line-name": "Huisartsenpost", "line-phone": "088 502 0900"}
    response = admin.post(f"/staff/admin/municipalities/{town.id}/lines", data={**good, field: value})
    assert response.status_code == 400 and error in error_texts(response)
    line = db.session.scalar(db.select(CrisisLine).where(CrisisLine.municipality_id == town.id))
    response = admin.post(f"/staff/admin/lines/{line.id}", data={**good, field: value})
    assert response.status_code == 400 and error in error_texts(response)
    assert lines_of(town.id) == before and count(CrisisLine) == lines


@pytest.mark.parametrize("direction", ["", "sideways", "UP", "<script>"])
def test_a_move_other_than_up_or_down_is_refused(world, direction):
    line = db.session.scalar(db.select(CrisisLine).where(CrisisLine.municipality_id == world["delft"].id))
    before = lines_of(world["delft"].id)
    assert world["admin"].post(f"/staff/admin/lines/{line.id}/move", data={"direction": direction}).status_code == 400
    assert lines_of(world["delft"].id) == before


def test_another_towns_settings_and_lines_are_404_on_every_route_and_nothing_changes(world):
    leiden, admin = world["leiden"], world["admin"]
    line = db.session.scalar(db.select(CrisisLine).where(CrisisLine.municipality_id == leiden.id))
    before, lines = settings_of(leiden.id), lines_of(leiden.id)
    form = {**SETTINGS, "name": "Overgenomen", "line-name": "X", "line-phone": "0800 0113", "direction": "down"}
    routes = [("GET", f"/staff/admin/municipalities/{leiden.id}"),
              ("POST", f"/staff/admin/municipalities/{leiden.id}"),
              ("POST", f"/staff/admin/municipalities/{leiden.id}/lines"), ("GET", f"/staff/admin/lines/{line.id}"),
              ("POST", f"/staff/admin/lines/{line.id}"), ("POST", f"/staff/admin/lines/{line.id}/move"),
              ("POST", f"/staff/admin/lines/{line.id}/remove")]
    for method, path in routes:
        assert admin.open(path, method=method, data=form).status_code == 404, path
    assert settings_of(leiden.id) == before and lines_of(leiden.id) == lines
    assert [t for a, t, _ in actions("access.refused")] == [leiden.id] * len(routes)
    assert [a for a, _, _ in actions() if a != "access.refused"] == ["auth.sign_in"]
    assert "Leiden" not in page(admin.get(f"/staff/admin/municipalities/{world['delft'].id}"))


def test_coordinators_get_403_on_every_settings_route(world):
    town, coordinator = world["delft"], world["coordinator"]
    line = db.session.scalar(db.select(CrisisLine).where(CrisisLine.municipality_id == town.id))
    before = settings_of(town.id), lines_of(town.id)
    for method, path in [("GET", "/staff/admin/municipalities"), ("GET", f"/staff/admin/municipalities/{town.id}"),
                         ("POST", f"/staff/admin/municipalities/{town.id}"),
                         ("POST", f"/staff/admin/municipalities/{town.id}/lines"),
                         ("GET", f"/staff/admin/lines/{line.id}"), ("POST", f"/staff/admin/lines/{line.id}"),
                         ("POST", f"/staff/admin/lines/{line.id}/move"),
                         ("POST", f"/staff/admin/lines/{line.id}/remove")]:
        assert coordinator.open(path, method=method, data={**SETTINGS, "direction": "up"}).status_code == 403, path
    assert (settings_of(town.id), lines_of(town.id)) == before


def test_residents_see_the_new_help_phone_and_text_at_once(world, client):
    town, admin = world["delft"], world["admin"]
    admin.post(f"/staff/admin/municipalities/{town.id}", data={**SETTINGS, "help_phone": "015 260 2600"})
    html = page(client.get("/nl/help"))
    assert "015 260 2600" in html and "Balie in de bibliotheek." in html

"""Neighbourhoods under /staff/admin/neighbourhoods: my municipalities' wijken and buurten on our own
map, each with a buurtteam contact that administrators of that municipality keep (and only they)."""

import json

import pytest

from app.extensions import db
from app.models import Neighbourhood

from .admin_world import actions, build_world, error_texts
from .helpers import page

TEAM = {"team_name": "Buurtteam Buitenhof", "team_phone": "015 750 2800", "team_email": "Buitenhof@Buurtteam.example"}
SQUARE = {"type": "Polygon", "coordinates": [[[4.33, 51.99], [4.35, 51.99], [4.35, 52.0], [4.33, 52.0], [4.33, 51.99]]]}


@pytest.fixture
def world(app, town, make_staff, make_kiosk, totp_clock):
    town["buurt"].parent.outline = json.dumps(SQUARE)
    db.session.commit()
    return build_world(app, town, make_staff, make_kiosk, totp_clock)


def team_of(area_id: int) -> tuple:
    db.session.expire_all()
    area = db.session.get(Neighbourhood, area_id)
    return area.team_name, area.team_phone, area.team_email


def test_the_list_shows_my_wijken_and_buurten_on_our_map_and_not_another_towns(world):
    html = page(world["admin"].get("/staff/admin/neighbourhoods"))
    assert "Buitenhof" in html and "Reinier de Graafbuurt" in html and "BU05032500" in html
    assert '<svg class="map map-area"' in html and "<title>Buitenhof</title>" in html
    assert "Merenwijk" not in html


def test_a_buurtteam_is_saved_shown_and_audited(world):
    buurt = world["buurt"]
    response = world["admin"].post(f"/staff/admin/neighbourhoods/{buurt.id}", data={**TEAM, "version": "1"})
    assert response.status_code == 302
    assert team_of(buurt.id) == ("Buurtteam Buitenhof", "015 750 2800", "buitenhof@buurtteam.example")
    assert "Buurtteam Buitenhof" in page(world["admin"].get("/staff/admin/neighbourhoods"))
    assert actions("neighbourhood.team") == [
        ("neighbourhood.team", world["delft"].id, "BU05032500: team_name team_phone team_email")]
    world["admin"].post(f"/staff/admin/neighbourhoods/{buurt.id}", data={"team_name": "", "team_phone": "",
                                                                         "team_email": "", "version": "2"})
    assert team_of(buurt.id) == (None, None, None)


@pytest.mark.parametrize(("field", "value", "error"), [
    ("team_name", "x" * 121, "Niet meer dan 120 tekens"),
    ("team_name", "<script>", "Gebruik alleen gewone tekst, zonder punthaken"),
    ("team_phone", "bel ons", "Typ een telefoonnummer, bijvoorbeeld 015 212 3456"),
    ("team_phone", "😀" * 41, "Niet meer dan 40 tekens"),
    ("team_email", "buurtteam", "Typ een e-mailadres zoals naam@voorbeeld.nl"),
    ("team_email", "a@b.nl<script>", "Typ een e-mailadres zoals naam@voorbeeld.nl"),
    ("team_email", "a" * 250 + "@b.nl", "Niet meer dan 254 tekens"),
])
def test_bad_input_in_any_team_field_is_said_next_to_it_and_nothing_changes(world, field, value, error):
    buurt = world["buurt"]
    response = world["admin"].post(f"/staff/admin/neighbourhoods/{buurt.id}", data={**TEAM, field: value})
    assert response.status_code == 400 and error in error_texts(response)
    assert team_of(buurt.id) == (None, None, None) and actions("neighbourhood.team") == []


def test_another_towns_neighbourhood_is_404_and_nothing_changes(world):
    theirs = world["leiden_buurt"]
    assert world["admin"].get(f"/staff/admin/neighbourhoods/{theirs.id}").status_code == 404
    assert world["admin"].post(f"/staff/admin/neighbourhoods/{theirs.id}", data=TEAM).status_code == 404
    assert team_of(theirs.id) == (None, None, None)
    assert [town for _, town, _ in actions("access.refused")] == [world["leiden"].id] * 2


def test_coordinators_get_403_and_nothing_changes(world):
    buurt = world["buurt"]
    assert world["coordinator"].get("/staff/admin/neighbourhoods").status_code == 403
    assert world["coordinator"].get(f"/staff/admin/neighbourhoods/{buurt.id}").status_code == 403
    assert world["coordinator"].post(f"/staff/admin/neighbourhoods/{buurt.id}", data=TEAM).status_code == 403
    assert team_of(buurt.id) == (None, None, None)

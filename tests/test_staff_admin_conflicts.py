"""Two administrators on the same edit page of the administration (a tablet, a municipality's settings,
a crisis line, a buurtteam, someone's roles): both save, the first is kept, the second is told on the
same page, which still holds what they typed beside what is stored now; saving again after that is a
choice. A version from a form that is not the page's (tampered, not a number) is that same clear
answer, never a 500. Writes that are no edit (a tablet noting when it was last seen, a crisis line moved
in its list) do not put an open page out of date."""

import re
from html import unescape

import pytest

from app.extensions import db
from app.models import CrisisLine, Kiosk, Municipality, Neighbourhood, StaffMembership, StaffUser

from .admin_world import actions, build_world, signed_in
from .helpers import at_once, page

TABLET = {"lat": "51.9961", "lon": "4.3412", "default_language": "nl", "idle_seconds": "120"}
SETTINGS = {"help_phone": "14 015", "overdue_after_days": "5", "retention_months": "12",
            "retention_named_worry_months": "6"}
CHANGED_MEANWHILE = "Wat u typte, staat nog in het formulier."


@pytest.fixture
def world(app, town, make_staff, make_kiosk, totp_clock):
    world = build_world(app, town, make_staff, make_kiosk, totp_clock)
    world.people["second_admin"] = make_staff(email="bas@delft.example", name="Bas Beheer", municipality=town["delft"],
                                              role="administrator")
    db.session.add(CrisisLine(municipality_id=town["delft"].id, name="113 Zelfmoordpreventie", phone="0800 0113"))
    db.session.add(CrisisLine(municipality_id=town["delft"].id, name="Crisisdienst GGZ", phone="088 357 1000",
                              position=1))
    db.session.commit()
    return world


def first_line(world) -> CrisisLine:
    return db.session.scalar(db.select(CrisisLine).where(CrisisLine.municipality_id == world["delft"].id)
                             .order_by(CrisisLine.position))


# Each edit form: its page, the text field both administrators type in, the rest of a valid form, and
# how to read the stored value back.
EDITS = {
    "tablet": (lambda w: f"/staff/admin/tablets/{w['our_kiosk'].id}", "name", "version", TABLET,
               lambda w: db.session.get(Kiosk, w["our_kiosk"].id).name),
    "settings": (lambda w: f"/staff/admin/municipalities/{w['delft'].id}", "name", "version", SETTINGS,
                 lambda w: db.session.get(Municipality, w["delft"].id).name),
    "crisis line": (lambda w: f"/staff/admin/lines/{first_line(w).id}", "line-name", "line-version",
                    {"line-phone": "0800 0113"}, lambda w: first_line(w).name),
    "buurtteam": (lambda w: f"/staff/admin/neighbourhoods/{w['buurt'].id}", "team_name", "version",
                  {"team_phone": "015 750 2800", "team_email": ""},
                  lambda w: db.session.get(Neighbourhood, w["buurt"].id).team_name),
}


def version_on(html: str, name: str = "version") -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html).group(1)


def stored(world, read):
    db.session.expire_all()
    return read(world)


@pytest.mark.parametrize("edit", EDITS)
def test_of_two_administrators_saving_the_same_page_the_second_is_told_and_keeps_what_they_typed(world, edit):
    path, field, version, rest, read = EDITS[edit]
    path = path(world)
    first, second = world["admin"], world["second_admin"]
    first_seen, second_seen = (version_on(page(client.get(path)), version) for client in (first, second))
    assert first_seen == second_seen

    saved = first.post(path, data={**rest, field: "Eerste versie", version: first_seen})
    late = second.post(path, data={**rest, field: "Tweede versie", version: second_seen})

    assert saved.status_code == 302 and late.status_code == 409
    html = unescape(page(late))
    assert "Iemand anders" in html and CHANGED_MEANWHILE in html
    assert re.search(r'value="Tweede versie"|>Tweede versie<', html)  # what they typed, still in the form
    assert "<dd>Eerste versie</dd>" in html  # what is stored now, beside it
    assert stored(world, read) == "Eerste versie"  # nothing of the first save is lost
    # Having seen both, saving again is a choice: the page now carries the version of now.
    again = second.post(path, data={**rest, field: "Tweede versie", version: version_on(html, version)})
    assert again.status_code == 302 and stored(world, read) == "Tweede versie"


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("version_sent", ["", "abc", "1.0", "-1", "٣", "2147483648", "9" * 400, "0", None])
def test_a_version_that_is_not_the_pages_is_a_clear_answer_and_changes_nothing(world, edit, version_sent):
    path, field, version, rest, read = EDITS[edit]
    before = stored(world, read)
    data = {**rest, field: "Overschreven"}
    if version_sent is not None:
        data[version] = version_sent
    response = world["admin"].post(path(world), data=data)
    assert response.status_code == 409 and "Iemand anders" in page(response)
    assert stored(world, read) == before
    assert [a for a, _, _ in actions() if a not in ("auth.sign_in", "access.refused")] == []


def test_a_tablet_noting_it_was_seen_does_not_put_the_administrators_page_out_of_date(world, client):
    kiosk = world["our_kiosk"]
    path = f"/staff/admin/tablets/{kiosk.id}"
    seen = version_on(page(world["admin"].get(path)))
    client.set_cookie("vangnet_kiosk", "delft-key")
    db.session.get(Kiosk, kiosk.id).last_seen_at = None
    db.session.commit()
    assert client.get("/nl/").status_code == 200
    db.session.expire_all()
    assert db.session.get(Kiosk, kiosk.id).last_seen_at is not None
    response = world["admin"].post(path, data={**TABLET, "name": "Bieb Buitenhof", "version": seen})
    assert response.status_code == 302 and stored(world, EDITS["tablet"][4]) == "Bieb Buitenhof"


def test_moving_a_crisis_line_does_not_put_its_open_page_out_of_date(world):
    line = first_line(world)
    path = f"/staff/admin/lines/{line.id}"
    seen = version_on(page(world["admin"].get(path)), "line-version")
    assert world["second_admin"].post(f"/staff/admin/lines/{line.id}/move", data={"direction": "down"}
                                      ).status_code == 302
    response = world["admin"].post(path, data={"line-name": "113", "line-phone": "0800 0113", "line-version": seen})
    assert response.status_code == 302
    db.session.expire_all()
    assert (db.session.get(CrisisLine, line.id).name, db.session.get(CrisisLine, line.id).position) == ("113", 1)


def roles_of(staff_id: int) -> list[tuple]:
    db.session.expire_all()
    return sorted((m.municipality_id, m.role) for m in db.session.scalars(
        db.select(StaffMembership).where(StaffMembership.staff_id == staff_id)))


def test_of_two_administrators_changing_someones_roles_the_second_is_told_and_keeps_their_choice(world):
    ria, delft = world.people["coordinator"], world["delft"]
    path, town = f"/staff/admin/staff/{ria.id}", f"town_{delft.id}"
    first_seen, second_seen = (version_on(page(world[who].get(path))) for who in ("admin", "second_admin"))
    assert world["admin"].post(path, data={town: "administrator", "version": first_seen}).status_code == 302
    late = world["second_admin"].post(path, data={town: "coordinator", "organisations": [str(world["a"].id)],
                                                  "version": second_seen})
    assert late.status_code == 409
    html = page(late)
    assert "Iemand anders heeft de rollen van Ria de Vries net veranderd." in html
    assert re.search(r'<option selected value="coordinator">|<option value="coordinator" selected>', html)
    assert re.search(rf'checked[^>]*value="{world["a"].id}"|value="{world["a"].id}"[^>]*checked', html)
    assert "<dd>Beheerder</dd>" in html
    assert roles_of(ria.id) == [(delft.id, "administrator")]
    assert db.session.get(StaffUser, ria.id).organisations == []
    assert [d for _, _, d in actions("staff.roles")] == [f"staff {ria.id}: GM0503:administrator"]
    again = world["second_admin"].post(path, data={town: "coordinator", "version": version_on(html)})
    assert again.status_code == 302 and roles_of(ria.id) == [(delft.id, "coordinator")]


@pytest.mark.parametrize("version_sent", ["", "x", "-1", "2147483648", None])
def test_a_roles_form_without_the_pages_version_changes_no_role(world, version_sent):
    ria, delft = world.people["coordinator"], world["delft"]
    data = {f"town_{delft.id}": "administrator"} | ({"version": version_sent} if version_sent is not None else {})
    response = world["admin"].post(f"/staff/admin/staff/{ria.id}", data=data)
    assert response.status_code == 409 and "Iemand anders" in page(response)
    assert roles_of(ria.id) == [(delft.id, "coordinator")] and actions("staff.roles") == []


def test_signing_in_does_not_put_a_page_of_that_persons_roles_out_of_date(world):
    ria, delft = world.people["coordinator"], world["delft"]
    path = f"/staff/admin/staff/{ria.id}"
    seen = version_on(page(world["admin"].get(path)))
    signed_in(world.app, ria, world.clock)  # writes her row: the code step used, the language
    response = world["admin"].post(path, data={f"town_{delft.id}": "administrator", "version": seen})
    assert response.status_code == 302 and roles_of(ria.id) == [(delft.id, "administrator")]



def saving(client, path: str, name: str, version: str):
    return lambda: client.post(path, data={**TABLET, "name": name, "version": version})


def test_two_administrators_saving_a_tablet_at_the_same_moment_one_wins_and_the_other_is_told(
        race_app, town, make_staff, make_kiosk, totp_clock):
    """Threads released together on a database with real concurrent connections: the version is checked
    and counted in one UPDATE, so never both win."""
    world = build_world(race_app, town, make_staff, make_kiosk, totp_clock)
    world.people["second_admin"] = make_staff(email="bas@delft.example", name="Bas Beheer", municipality=town["delft"],
                                              role="administrator")
    kiosk, first, second = world["our_kiosk"], world["admin"], world["second_admin"]
    path = f"/staff/admin/tablets/{kiosk.id}"
    for trial in range(10):
        seen = version_on(page(first.get(path)))
        answers = at_once(saving(first, path, f"Anna {trial}", seen), saving(second, path, f"Bas {trial}", seen))
        assert sorted(answer.status_code for answer in answers) == [302, 409]
        winner = "Anna" if answers[0].status_code == 302 else "Bas"
        db.session.expire_all()
        assert (db.session.get(Kiosk, kiosk.id).name, db.session.get(Kiosk, kiosk.id).version) == (
            f"{winner} {trial}", int(seen) + 1)
    assert len(actions("tablet.edit")) == 10

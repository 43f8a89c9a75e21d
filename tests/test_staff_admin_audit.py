"""The audit log under /staff/admin/audit: my municipalities' rows only (and my staff's sign-ins),
filtered by person, action, request code and period (Amsterdam days), 50 to a page, and as CSV; the
download is itself audited; coordinators are refused."""

import csv
import datetime as dt
import io

import pytest

from app.extensions import db
from app.models import AuditEvent
from app.references import formatted

from .admin_world import build_world
from .helpers import count_queries, page


@pytest.fixture
def world(app, town, make_staff, make_kiosk, make_request, totp_clock):
    world = build_world(app, town, make_staff, make_kiosk, totp_clock)
    delft, leiden = world["delft"], world["leiden"]
    ria, lot = world.people["coordinator"], world.people["leiden_admin"]
    ours = make_request(world["buurt"])
    theirs = make_request(world["leiden_buurt"])
    rows = [
        # Amsterdam time is UTC+1 in November: 23:30 UTC on the 23rd is 00:30 on the 24th.
        AuditEvent(at=dt.datetime(2026, 11, 23, 22, 30), staff_id=ria.id, action="request.view",
                   reference=ours.reference, municipality_id=delft.id),
        AuditEvent(at=dt.datetime(2026, 11, 23, 23, 30), staff_id=ria.id, action="request.export",
                   reference=ours.reference, municipality_id=delft.id),
        AuditEvent(at=dt.datetime(2026, 11, 25, 9, 0), staff_id=ria.id, action="auth.sign_in"),
        AuditEvent(at=dt.datetime(2026, 11, 25, 9, 5), staff_id=lot.id, action="request.view",
                   reference=theirs.reference, municipality_id=leiden.id),
        AuditEvent(at=dt.datetime(2026, 11, 25, 9, 6), staff_id=lot.id, action="auth.sign_in"),
        AuditEvent(at=dt.datetime(2026, 11, 26, 9, 0), staff_id=ria.id, action="place.edit",
                   municipality_id=delft.id, detail="=HYPERLINK(\"x\")"),
    ]
    db.session.add_all(rows)
    db.session.commit()
    world["ours"], world["theirs"] = ours, theirs
    return world


def shown(response) -> list[str]:
    """The actions on the page, in order."""
    import re
    return re.findall(r'<td translate="no">([a-z_.]+)</td>', page(response))


def test_only_my_towns_rows_and_my_staffs_sign_ins_are_shown_newest_first(world):
    html = page(world["admin"].get("/staff/admin/audit", query_string={"person": world.people["coordinator"].id}))
    assert shown(world["admin"].get("/staff/admin/audit", query_string={"person": world.people["coordinator"].id})
                 ) == ["place.edit", "auth.sign_in", "request.export", "request.view"]
    assert formatted(world["theirs"].reference) not in html
    everyone = page(world["admin"].get("/staff/admin/audit"))
    assert "Lot" not in everyone and formatted(world["theirs"].reference) not in everyone


@pytest.mark.parametrize(("query", "expected"), [
    ({"action": "request.export"}, ["request.export"]),
    ({"reference": "ours"}, ["request.export", "request.view"]),
    ({"from": "2026-11-24", "to": "2026-11-24"}, ["request.export"]),
    ({"from": "2026-11-26"}, ["place.edit"]),
    ({"to": "2026-11-23"}, ["request.view"]),
    ({"reference": "theirs"}, []),
])
def test_the_filters_narrow_the_log(world, query, expected):
    if "reference" in query:
        code = world[query["reference"]].reference
        query = {"reference": formatted(code).lower()}
    query = {"person": world.people["coordinator"].id, **query}
    assert shown(world["admin"].get("/staff/admin/audit", query_string=query)) == expected


def test_another_persons_filter_of_another_town_shows_nothing(world):
    lot = world.people["leiden_admin"]
    assert shown(world["admin"].get("/staff/admin/audit", query_string={"person": lot.id})) == []


@pytest.mark.parametrize("value", ["", "²", "abc", "2026-02-30", "0001-01-01", "9999-12-31", "9" * 400, "<script>",
                                   "-1", "2147483648"])
def test_nonsense_in_any_filter_is_ignored_not_a_500(world, value):
    for key in ("person", "action", "reference", "from", "to", "page"):
        assert world["admin"].get("/staff/admin/audit", query_string={key: value}).status_code == 200, key


def test_the_log_pages_by_50_with_the_same_queries_on_every_page(world):
    ria = world.people["coordinator"]
    db.session.add_all([AuditEvent(at=dt.datetime(2026, 11, 1, 9, 0) + dt.timedelta(minutes=i), staff_id=ria.id,
                                   action="request.view", municipality_id=world["delft"].id) for i in range(120)])
    db.session.commit()
    first = page(world["admin"].get("/staff/admin/audit", query_string={"person": ria.id}))
    assert "Pagina 1 van 3" in first and first.count("<tr>") == 51
    with count_queries() as first_queries:
        world["admin"].get("/staff/admin/audit", query_string={"person": ria.id})
    with count_queries() as last_queries:
        last = page(world["admin"].get("/staff/admin/audit", query_string={"person": ria.id, "page": "3"}))
    assert "Pagina 3 van 3" in last and last.count("<tr>") == 1 + 124 - 100
    assert len(first_queries) == len(last_queries)


def test_the_csv_has_the_filtered_rows_disarms_formulas_and_is_itself_audited(world):
    ria = world.people["coordinator"]
    response = world["admin"].get("/staff/admin/audit.csv", query_string={"person": ria.id, "from": "2026-11-24"})
    assert response.mimetype == "text/csv" and response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Moment (UTC)", "Medewerker", "Actie", "Code", "Gemeente", "Detail"]
    assert [row[2] for row in rows[1:]] == ["place.edit", "auth.sign_in", "request.export"]
    assert rows[1][5] == "'=HYPERLINK(\"x\")" and rows[1][4] == "Delft"
    exported = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "audit.export")).all()
    assert [(e.staff_id, e.municipality_id, e.detail) for e in exported] == [
        (world.people["admin"].id, world["delft"].id, f"person={ria.id} from=2026-11-24")]


def test_coordinators_get_403_and_no_export_is_written(world):
    assert world["coordinator"].get("/staff/admin/audit").status_code == 403
    assert world["coordinator"].get("/staff/admin/audit.csv").status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "audit.export")) == 0

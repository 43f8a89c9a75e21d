"""Every request has a neighbourhood: a request given by postcode gets the wijk whose CBS outline holds
the postcode's centre (real CBS outlines and GeoNames centres of Delft), a go-along the wijk of its
activity's buurt, and the migration gives existing requests theirs."""

import json
import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app, geo
from app.demo.opendata import load_areas
from app.extensions import db
from app.models import BuddyRequest, Concern, Neighbourhood, Postcode
from config import TestConfig

from .wizards import BUDDY_ANSWERS, GO_ALONG_ANSWERS, WORRY_ANSWERS, walk

BEFORE = "93d67a9f9380"  # the revision before this branch's
THIS = "dccb165a5c3c"


@pytest.fixture
def real_delft():
    areas = load_areas({"GM0503"})
    db.session.commit()  # the wizard's requests run in sessions of their own
    return areas


def holding_wijk(pc4: str):
    """Worked out apart from the app: the Delft wijk whose outline holds the postcode's centre."""
    centre = db.session.get(Postcode, pc4)
    wijken = db.session.scalars(sa.select(Neighbourhood).where(Neighbourhood.kind == "wijk"))
    return [n for n in wijken if n.outline and geo.outline_contains(json.loads(n.outline), centre.lat, centre.lon)]


def with_postcode(answers, pc4):
    return [(step, {"postcode": pc4} if step == "postcode" else data) for step, data in answers]


@pytest.mark.parametrize("pc4, wijk_code", [("2625", "WK050325"), ("2611", "WK050311")])
def test_a_buddy_request_by_postcode_gets_the_wijk_that_holds_the_postcodes_centre(client, real_delft, pc4,
                                                                                   wijk_code):
    [expected] = holding_wijk(pc4)
    assert expected.code == wijk_code  # Buitenhof; Binnenstad
    walk(client, with_postcode(BUDDY_ANSWERS, pc4))
    client.post("/nl/ask/buddy/send", data={"consent": "y", "submission": sent_token(client)})
    request = db.session.scalar(db.select(BuddyRequest))
    assert (request.postcode, request.neighbourhood_id, request.municipality_id) == (
        pc4, expected.id, expected.municipality_id)


def sent_token(client, wizard="buddy") -> str:
    html = client.get(f"/nl/ask/{wizard}/send").get_data(as_text=True)
    return re.search(r'name="submission" type="hidden" value="([^"]+)"', html).group(1)


def test_a_worry_by_postcode_gets_its_wijk_too(client, real_delft):
    walk(client, with_postcode(WORRY_ANSWERS, "2624"), wizard="worry")
    client.post("/nl/ask/worry/send", data={"consent": "y", "submission": sent_token(client, "worry")})
    concern = db.session.scalar(db.select(Concern))
    [expected] = holding_wijk("2624")
    assert concern.neighbourhood_id == expected.id and expected.kind == "wijk"


def test_wijk_at_answers_none_outside_the_municipality_and_a_buurts_wijk_where_the_wijk_has_no_outline(
        real_delft, make_neighbourhood):
    centre = db.session.get(Postcode, "2625")
    buitenhof = geo.wijk_at(centre.lat, centre.lon, centre.municipality_id)
    assert buitenhof.code == "WK050325"
    assert geo.wijk_at(centre.lat, centre.lon, centre.municipality_id + 999) is None
    assert geo.wijk_at(52.10, 4.10, centre.municipality_id) is None  # the North Sea
    buitenhof.outline = None  # CBS gives some wijken only as a point: the buurt's outline decides
    db.session.commit()
    assert geo.wijk_at(centre.lat, centre.lon, centre.municipality_id) == buitenhof
    buurt = geo.neighbourhood_at(centre.lat, centre.lon)
    assert buurt.kind == "buurt" and geo.wijk_of(buurt) == buitenhof and geo.wijk_of(buitenhof) == buitenhof


def test_a_go_along_counts_in_the_wijk_of_its_activitys_buurt(client, real_delft, make_activity, make_place):
    buurt = geo.neighbourhood_at(51.9975, 4.3382)  # Reinier de Graafbuurt
    activity = make_activity(place=make_place(neighbourhood_id=buurt.id))
    assert client.post(f"/nl/ask/go-along/{activity.id}", data={"date": ""}).status_code == 302
    walk(client, GO_ALONG_ANSWERS, wizard="go-along")
    client.post("/nl/ask/go-along/send", data={"consent": "y", "submission": sent_token(client, "go-along")})
    request = db.session.scalar(db.select(BuddyRequest))
    assert request.neighbourhood_id == buurt.parent_id and buurt.parent.code == "WK050325"


# --- The migration fills the neighbourhood of requests made before ---

SQUARE = {"type": "Polygon", "coordinates": [[[4.0, 52.0], [4.1, 52.0], [4.1, 52.1], [4.0, 52.1], [4.0, 52.0]]]}
EAST = {"type": "Polygon", "coordinates": [[[4.1, 52.0], [4.2, 52.0], [4.2, 52.1], [4.1, 52.1], [4.1, 52.0]]]}


def test_the_migration_gives_existing_requests_the_wijk_of_their_postcode_or_buurt(tmp_path):
    class Fresh(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'fill.sqlite'}"

    fresh = create_app(Fresh)
    with fresh.app_context():
        upgrade(revision=BEFORE)
        run = db.session.execute
        run(sa.text("INSERT INTO municipality (id, code, slug, name) VALUES (1, 'GM0001', 'a', 'A')"))
        for id_, code, kind, parent, outline in ((1, "WK000101", "wijk", None, SQUARE),
                                                 (2, "WK000102", "wijk", None, EAST),
                                                 (3, "BU00010201", "buurt", 2, None)):
            run(sa.text("INSERT INTO neighbourhood (id, code, kind, name, municipality_id, parent_id, lat, lon, "
                        "outline) VALUES (:id, :code, :kind, :code, 1, :parent, 52.05, 4.05, :outline)"),
                {"id": id_, "code": code, "kind": kind, "parent": parent,
                 "outline": json.dumps(outline) if outline else None})
        run(sa.text("INSERT INTO postcode (pc4, place_name, lat, lon, municipality_id) VALUES "
                    "('1111', 'A', 52.05, 4.15, 1), ('2222', 'A', 53.0, 5.0, 1)"))
        requests = [("b1", "buddy_request", "1111", None), ("b2", "buddy_request", None, 3),
                    ("b3", "buddy_request", "2222", None), ("c1", "concern", "1111", None),
                    ("c2", "concern", "1111", 1)]
        for token, table, pc4, neighbourhood in requests:
            extra = ("kind, for_whom, wishes, days, parts_of_day, languages, first_name, contact_method",
                     "'buddy', 'me', '', '', '', '', 'F', 'phone'") if table == "buddy_request" else \
                    ("urgency, worries, anonymous", "'worried', 'lonely', 1")
            run(sa.text(f"INSERT INTO {table} (reference, language, municipality_id, neighbourhood_id, postcode, "
                        f"consent_at, consent_version, submission_token, created_at, status, {extra[0]}) VALUES "
                        f"(:token, 'nl', 1, :n, :pc4, '2026-01-01', 't', :token, '2026-01-01', 'new', {extra[1]})"),
                        {"token": token, "n": neighbourhood, "pc4": pc4})
        db.session.commit()
        upgrade(revision=THIS)
        found = {row.submission_token: row.neighbourhood_id for model in (BuddyRequest, Concern)
                 for row in db.session.execute(sa.select(model.submission_token, model.neighbourhood_id))}
        # By postcode: the east wijk holds 1111's centre; 2222 lies in no wijk; a buurt becomes its wijk;
        # a neighbourhood chosen earlier stays.
        assert found == {"b1": 2, "b2": 2, "b3": None, "c1": 2, "c2": 1}
        db.engine.dispose()

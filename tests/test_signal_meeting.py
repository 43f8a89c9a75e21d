"""The signal meeting at /staff/signal-meeting/<wijk code>: open worries and stuck requests of one wijk
with only code, kind, worries, days waiting and handler; an agreed action into the timeline; every
print audited; another municipality's wijk answers 404."""

import datetime as dt
import re

import pytest

from app.extensions import db
from app.models import AuditEvent, Municipality, RequestEvent, utcnow

from .helpers import page


@pytest.fixture
def meeting(delft, make_neighbourhood, make_request):
    """In Buitenhof (and its buurt): a worry, a request waiting 10 days without contact, one contacted
    yesterday, one whose last note is five weeks old, a closed worry; and a worry in another wijk."""
    town = db.session.get(Municipality, delft.municipality_id)
    buurt = make_neighbourhood(code="BU05032500", name="Reinier de Graafbuurt", municipality=town, parent=delft)
    other_wijk = make_neighbourhood(code="WK050301", name="Binnenstad", kind="wijk", municipality=town)
    now = utcnow()
    rows = {
        "worry": make_request(buurt, kind="concern", worries="lonely money", about_name="Meneer Jansen",
                              description="Hij eet slecht", created_at=now - dt.timedelta(days=3)),
        "waiting": make_request(delft, created_at=now - dt.timedelta(days=10)),
        "fresh": make_request(delft, created_at=now - dt.timedelta(days=10), first_contact_at=now,
                              status="contacted"),
        "quiet": make_request(delft, created_at=now - dt.timedelta(days=60), first_contact_at=now - dt.timedelta(
            days=50), status="contacted"),
        "closed": make_request(delft, kind="concern", status="closed", closed_reason="helped"),
        "elsewhere": make_request(other_wijk, kind="concern"),
    }
    db.session.add_all([
        RequestEvent(buddy_request_id=rows["fresh"].id, kind="contact", value="reached", at=now - dt.timedelta(days=1)),
        RequestEvent(buddy_request_id=rows["quiet"].id, kind="note", text="Gebeld", at=now - dt.timedelta(days=35)),
    ])
    db.session.commit()
    return rows


def codes_on(html: str) -> set[str]:
    return set(re.findall(r'id="item-([0-9A-Z]{8})"', html))


def test_the_list_holds_open_worries_and_stuck_requests_of_the_wijk_and_nothing_personal(staff_client, meeting):
    html = page(staff_client.get("/staff/signal-meeting/WK050325"))
    assert codes_on(html) == {meeting[key].reference for key in ("worry", "waiting", "quiet")}
    assert "Iemand is veel alleen of trekt zich terug, Iemand heeft geldproblemen" in html
    for personal in ("Meneer Jansen", "Hij eet slecht", "Fenna", "+3161"):
        assert personal not in html
    assert re.search(rf'id="item-{meeting["quiet"].reference}".*?<td>60</td>', html, re.S)


def test_an_agreed_action_goes_into_the_requests_timeline_and_the_audit_log(staff_client, meeting):
    worry = meeting["worry"]
    response = staff_client.post("/staff/signal-meeting/WK050325/action", data={
        "reference": worry.reference, "action": "Buurtteam gaat langs", "taker": str(staff_client.staff.id),
        "due": (dt.date.today() + dt.timedelta(days=7)).isoformat()})
    assert response.status_code == 302
    line = db.session.scalar(db.select(RequestEvent).where(RequestEvent.concern_id == worry.id))
    assert line.kind == "agreed" and "Buurtteam gaat langs" in line.text and staff_client.staff.name in line.text
    assert "afgesproken in het signaleringsoverleg" in page(staff_client.get(f"/staff/requests/{worry.reference}"))
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "signal.action")).reference == (
        worry.reference)


@pytest.mark.parametrize("change", [{"action": ""}, {"action": "<b>x</b>"}, {"taker": "999"}, {"due": "gisteren"},
                                    {"due": "2020-01-01"}])
def test_a_bad_action_is_refused_with_a_message_and_nothing_stored(staff_client, meeting, change):
    form = {"reference": meeting["worry"].reference, "action": "Bellen", "taker": str(staff_client.staff.id),
            "due": (dt.date.today() + dt.timedelta(days=7)).isoformat(), **change}
    response = staff_client.post("/staff/signal-meeting/WK050325/action", data=form, follow_redirects=True)
    assert response.status_code == 200 and "notice" in page(response)
    assert db.session.scalar(db.select(RequestEvent).where(RequestEvent.kind == "agreed")) is None


def test_an_item_of_another_wijk_or_town_cannot_be_acted_on(staff_client, meeting, make_municipality,
                                                            make_neighbourhood):
    form = {"reference": meeting["elsewhere"].reference, "action": "Bellen", "taker": str(staff_client.staff.id),
            "due": dt.date.today().isoformat()}
    assert staff_client.post("/staff/signal-meeting/WK050325/action", data=form).status_code == 404
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    make_neighbourhood(code="WK054604", name="Merenwijk", kind="wijk", municipality=leiden)
    assert staff_client.get("/staff/signal-meeting/WK054604").status_code == 404
    assert staff_client.get("/staff/signal-meeting/WK054604/print").status_code == 404
    assert "Merenwijk" not in page(staff_client.get("/staff/signal-meeting"))


def test_every_print_is_in_the_audit_log(staff_client, meeting):
    html = page(staff_client.get("/staff/signal-meeting/WK050325/print"))
    assert meeting["worry"].reference[:4] in html and "<form" not in html.split('class="print-page"')[1].split(
        "</div>")[0]
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "signal.print"))
    assert audit.detail == "WK050325: 3 items" and audit.staff_id == staff_client.staff.id


def test_a_request_whose_match_needs_attention_is_on_the_list(staff_client, meeting, make_request, delft):
    from app.models import Match, Volunteer

    now = utcnow()
    matched = make_request(delft, status="matched", first_contact_at=now, created_at=now - dt.timedelta(days=20))
    due = make_request(delft, status="matched", first_contact_at=now, created_at=now - dt.timedelta(days=20))
    fine = make_request(delft, status="matched", first_contact_at=now, created_at=now - dt.timedelta(days=20))
    volunteer = Volunteer(municipality_id=delft.municipality_id, first_name="Bram", postcode="2625")
    db.session.add(volunteer)
    db.session.flush()
    for row, outcome, checkin in ((matched, "needs_attention", dt.date.today() + dt.timedelta(days=30)),
                                  (due, None, dt.date.today() - dt.timedelta(days=1)),
                                  (fine, "went_well", dt.date.today() + dt.timedelta(days=30))):
        db.session.add_all([Match(municipality_id=delft.municipality_id, request_id=row.id, volunteer_id=volunteer.id,
                                  status="active", checkin_outcome=outcome, checkin_due=checkin),
                            RequestEvent(buddy_request_id=row.id, kind="contact", value="reached", at=now)])
    db.session.commit()
    on_list = codes_on(page(staff_client.get("/staff/signal-meeting/WK050325")))
    assert matched.reference in on_list and due.reference in on_list and fine.reference not in on_list

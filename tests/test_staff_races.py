"""Two colleagues acting on the same request at the same moment: one change wins, the other gets "a
colleague changed this just now" and the fresh page; never a silent overwrite, never a forbidden
status path. Threads are released together, on a database that several connections share (a SQLite
file, or the suite's PostgreSQL)."""

from app.extensions import db
from app.models import RequestEvent
from app.staff.inbox.handling import TRANSITIONS

from .conftest import sign_in
from .helpers import at_once, page

TRIALS = 20
COLLEAGUE_CHANGED = "Een collega heeft deze vraag net veranderd."


def changes_of(found) -> list[tuple[str, str]]:
    column = getattr(RequestEvent, found.TIMELINE_COLUMN)
    events = db.session.scalars(db.select(RequestEvent).where(column == found.id, RequestEvent.kind.in_(
        ("status", "contact"))).order_by(RequestEvent.id))
    return [(event.kind, event.value) for event in events]


def statuses_follow_the_allowed_paths(changes) -> bool:
    current = "new"
    for kind, value in changes:
        if kind == "status":
            if value not in TRANSITIONS[current]:
                return False
            current = value
    return True


def test_a_close_and_a_spoke_at_the_same_moment_one_wins_the_other_is_told(
        race_app, make_neighbourhood, make_staff, make_request, totp_clock):
    wijk = make_neighbourhood(code="WK050325", name="Buitenhof", kind="wijk")
    ria, sem = make_staff(), make_staff(email="sem@delft.example", name="Sem")
    closer, caller = race_app.test_client(), race_app.test_client()
    sign_in(closer, ria, totp_clock), sign_in(caller, sem, totp_clock)
    outcomes = []
    for _trial in range(TRIALS):
        found = make_request(wijk)
        url = f"/staff/requests/{found.reference}"
        close, spoke = at_once(
            lambda url=url: closer.post(f"{url}/status", data={"status": "closed", "reason": "helped", "version": "1"}),
            lambda url=url: caller.post(f"{url}/contact", data={"outcome": "spoke", "version": "1"}),
        )
        assert close.status_code == spoke.status_code == 302
        told = [COLLEAGUE_CHANGED in page(client.get(url)) for client in (closer, caller)]
        db.session.expire_all()
        changes = changes_of(found)
        assert statuses_follow_the_allowed_paths(changes), changes
        if changes == [("status", "closed")]:
            assert found.status == "closed" and told == [False, True]
        else:
            assert changes == [("contact", "spoke"), ("status", "contacted")], changes
            assert found.status == "contacted" and told == [True, False]
        outcomes.append(found.status)
    assert len(outcomes) == TRIALS


def test_a_change_from_a_page_a_colleague_has_changed_since_is_refused(staff_client, delft, make_request):
    found = make_request(delft)
    url = f"/staff/requests/{found.reference}"
    assert staff_client.post(f"{url}/priority", data={"priority": "1", "version": "1"}).status_code == 302
    stale = staff_client.post(f"{url}/status", data={"status": "closed", "reason": "helped", "version": "1"})
    assert stale.status_code == 302 and COLLEAGUE_CHANGED in page(staff_client.get(url))
    db.session.refresh(found)
    assert found.status == "new" and found.priority == 1 and found.version == 2

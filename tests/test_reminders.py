"""The proactive net: what needs attention is counted per municipality (overdue requests, quiet matches,
check-ins due, VOGs to renew, applicants), shown in the inbox and at /staff/attention, and mailed to the
coordinators once a day with counts and links only: `reminders send` run twice sends one e-mail."""

import datetime as dt
import email
from email import policy

import pytest

from app import schedule
from app.extensions import db
from app.models import DigestSent, Match, Municipality, RequestEvent, Volunteer
from app.staff.inbox import attention
from app.staff.inbox.reminders import daily

from .helpers import count_queries, page

NOW = dt.datetime(2026, 12, 2, 8, 30, tzinfo=schedule.TZ)  # a Wednesday morning
UTC_NOW = NOW.astimezone(dt.UTC).replace(tzinfo=None)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


@pytest.fixture
def net(delft, make_request, make_staff):
    """In Delft: one overdue request, one quiet match, one check-in due, one VOG lapsing, one applicant;
    and a fresh request and a lively match that need nothing."""
    town = db.session.get(Municipality, delft.municipality_id)
    make_staff(email="coordinator@delft.example", municipality=town)
    overdue = make_request(delft, created_at=UTC_NOW - dt.timedelta(days=14), first_name="Canary-Fenna")
    make_request(delft, created_at=UTC_NOW - dt.timedelta(hours=2))
    valid = dt.date(2025, 6, 1)
    helper = Volunteer(municipality_id=town.id, first_name="Bram", postcode="2625", status="active", vog_date=valid)
    lapsing = Volunteer(municipality_id=town.id, first_name="Canary-Kees", postcode="2625", status="active",
                        vog_date=dt.date(2024, 1, 15))
    applicant = Volunteer(municipality_id=town.id, first_name="Sem", postcode="2625", status="applicant")
    db.session.add_all([helper, lapsing, applicant])
    db.session.flush()
    matches = {}
    for name, active_days_ago, checkin, touched_days_ago in (("quiet", 40, NOW.date() + dt.timedelta(days=5), 35),
                                                             ("due", 50, NOW.date() - dt.timedelta(days=1), 2),
                                                             ("lively", 40, NOW.date() + dt.timedelta(days=5), 3)):
        request = make_request(delft, status="matched", first_contact_at=UTC_NOW - dt.timedelta(days=60))
        matches[name] = Match(municipality_id=town.id, request_id=request.id, volunteer_id=helper.id, status="active",
                              active_at=UTC_NOW - dt.timedelta(days=active_days_ago), checkin_due=checkin)
        db.session.add_all([matches[name], RequestEvent(buddy_request_id=request.id, kind="contact", value="reached",
                                                        at=UTC_NOW - dt.timedelta(days=touched_days_ago))])
    db.session.commit()
    return {"overdue": overdue, "lapsing": lapsing, "applicant": applicant, **matches}


def test_the_inbox_count_takes_as_many_queries_for_three_towns_as_for_one_and_each_town_keeps_its_own_term(
        delft, make_municipality, make_neighbourhood, make_request):
    """A request of eight days (six working days) is overdue where the term is two or three working days,
    not where it is ten."""
    delft_ = db.session.get(Municipality, delft.municipality_id)
    delft_.overdue_after_days = 3
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden", overdue_after_days=2)
    rotterdam = make_municipality(code="GM0599", slug="rotterdam", name="Rotterdam", overdue_after_days=10)
    eight_days_ago = UTC_NOW - dt.timedelta(days=8)
    make_request(delft, kind="concern", created_at=eight_days_ago)
    for town, wijk in ((leiden, "WK054604"), (rotterdam, "WK059901")):
        make_request(make_neighbourhood(code=wijk, name=town.name, municipality=town), created_at=eight_days_ago)
    db.session.add(Volunteer(municipality_id=rotterdam.id, first_name="Sem", postcode="3011", status="applicant"))
    db.session.commit()
    towns = [delft_, leiden, rotterdam]
    ids = [town.id for town in towns]
    with count_queries() as for_one:
        one = attention.total(ids[:1], UTC_NOW, NOW.date())
    with count_queries() as for_three:
        three = attention.total(ids, UTC_NOW, NOW.date())
    assert len(for_one) == len(for_three) and (one, three) == (1, 3)
    found = attention.counts_of(towns, UTC_NOW, NOW.date())
    assert [(found[town.id]["overdue"], found[town.id]["applicants"]) for town in towns] == [(1, 0), (1, 0), (0, 1)]


def test_each_part_of_the_net_is_counted_and_listed_for_the_coordinators_town(staff_client, net):
    html = page(staff_client.get("/staff/attention"))
    row = html[html.index('<th scope="row">'):html.index("</tr>", html.index('<th scope="row">'))]
    for expected in ('/staff/?overdue=1">1</a>', "<td>1</td><td>1</td>", 'vog=lapsing">1</a>',
                     'status=applicant">1</a>'):
        assert expected in row, row
    for listed in ("quiet", "due"):
        assert f"/staff/volunteers/matches/{net[listed].id}" in html
    assert f"/staff/volunteers/matches/{net['lively'].id}" not in html
    assert "Canary-Kees" in html  # the VOG list names the volunteer, for staff only
    assert "Aandacht nodig</a>: <strong>5</strong>" in page(staff_client.get("/staff/"))


def test_the_digest_goes_once_a_day_with_counts_and_links_and_nothing_personal(app, net, mail_to):
    inbox = mail_to()
    for _ in range(2):
        result = app.test_cli_runner().invoke(args=["reminders", "send"])
        assert result.exit_code == 0, result.output
    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert envelope.rcpt_tos == ["coordinator@delft.example"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    body = message.get_content()
    assert "Delft" in message["Subject"] and "2 december" in message["Subject"]
    assert "Vragen zonder eerste contact na de termijn: 1" in body
    assert "https://vangnet.example/staff/?overdue=1" in body
    assert "Koppels zonder contact in vier weken: 1" in body and "Aanmeldingen van vrijwilligers" in body
    assert "Canary" not in body and net["overdue"].reference not in body
    assert db.session.scalar(db.select(db.func.count()).select_from(DigestSent)) == 1


def test_the_jobs_run_sends_it_from_seven_in_the_morning_and_a_dead_mail_server_is_tried_again(app, net, mail_to):
    mail_to(running=False)
    early = dt.datetime(2026, 12, 2, 5, 30)  # 06:30 in Amsterdam
    assert daily(early) == {"sent": 0, "skipped": 0}
    assert daily(UTC_NOW)["sent"] == 0  # nothing listens: not sent, and not marked as sent
    assert db.session.scalar(db.select(db.func.count()).select_from(DigestSent)) == 0
    inbox = mail_to()
    assert daily(UTC_NOW)["sent"] == 1 and daily(UTC_NOW)["sent"] == 0
    assert len(inbox.envelopes) == 1

"""Notice of new requests: a real SMTP server on loopback (aiosmtpd) receives what coordinators are sent.
It reaches each active coordinator of the request's municipality once, names no resident, and a mail
server that is down or silent never keeps a resident from their confirmation."""

import logging
import socket
from collections import Counter
from urllib.parse import urlsplit

import pytest

from app import notify
from app.asks.requests import make_request
from app.asks.wizards import WIZARDS
from app.extensions import db
from app.models import BuddyRequest, Concern, Municipality, utcnow
from app.references import formatted

from .conftest import MAIL_FROM, PUBLIC_URL, Inbox
from .helpers import count, page
from .wizards import CANARY_E164, CANARY_NAME, CANARY_PHONE, WORRY_ANSWERS, send, walk, walk_worry

DELFT_COORDINATORS = ["ria@delft.example", "sem@delft.example"]

# What residents told the wizards in these tests, in the forms it could leak in: none may be in a mail.
BUDDY_SAID = (CANARY_NAME, CANARY_PHONE, CANARY_E164, "1357", "9246", "2625", "walk", "coffee", "Wandelen",
              "Koffie", "woman", "vrouw", "العربية", "Arabisch", "morning", "Ochtend", "Dinsdag")
WORRY_SAID = ("gordijnen", "Papsouwselaan", "lonely", "not_seen", "2625", "worried")


class RefusingRia(Inbox):
    """A server that knows every address but Ria's."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("ria@"):
            return "550 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def readable(message) -> str:
    """Every header and the body, decoded; not the Message-ID and Date, whose digits are random or the clock's."""
    headers = [f"{name}: {value}" for name, value in message.items() if name not in ("Message-ID", "Date")]
    return "\n".join([*headers, message.get_content()])


def notify_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "app.notify"]


@pytest.fixture
def inbox(mail_to) -> Inbox:
    return mail_to()


@pytest.fixture
def coordinators(delft, make_staff, make_municipality):
    """Two active coordinators of Delft, and three staff members who must get nothing."""
    town = db.session.get(Municipality, delft.municipality_id)
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    for address in DELFT_COORDINATORS:
        make_staff(email=address, municipality=town)
    make_staff(email="oud@delft.example", municipality=town, active=False)
    make_staff(email="beheer@delft.example", municipality=town, role="administrator")
    make_staff(email="piet@leiden.example", municipality=leiden)
    return DELFT_COORDINATORS


def send_buddy_request(client) -> str:
    walk(client)
    response, _data = send(client)
    assert response.status_code == 302 and response.headers["Location"] == "/nl/ask/buddy/done"
    return db.session.scalar(db.select(BuddyRequest.reference))


def test_a_buddy_request_reaches_each_active_coordinator_of_its_municipality_once(client, inbox, coordinators):
    send_buddy_request(client)
    assert inbox.recipients() == Counter(coordinators)  # not Leiden's, not the inactive one, not the administrator
    assert [envelope.mail_from for envelope in inbox.envelopes] == [MAIL_FROM]


def test_the_notice_says_kind_place_and_link_and_nothing_the_resident_said(client, inbox, coordinators):
    reference = send_buddy_request(client)
    [message] = inbox.messages()
    assert message["Subject"] == "Vangnet: nieuwe vraag in Delft"  # by postcode: no wijk, so the municipality
    body = message.get_content()
    assert "Er wacht een nieuwe vraag om een maatje in Delft." in body
    assert f"{PUBLIC_URL}/staff/requests/{reference}" in body
    text = readable(message)
    assert "Bcc" not in message and not [address for address in coordinators if address in text]
    # The reference is random: left out, it cannot happen to contain a canary's digits.
    assert [said for said in BUDDY_SAID if said in text.replace(reference, "")] == []


def test_a_concern_says_zorgmelding_and_its_wijk(client, inbox, coordinators, delft):
    answers = [*WORRY_ANSWERS[:3], ("where", {"where": "neighbourhood"}), ("wijk", {"wijk": str(delft.id)}),
               *WORRY_ANSWERS[5:]]
    walk_worry(client, answers)
    response, _data = send(client, "worry")
    assert response.headers["Location"] == "/nl/ask/worry/done"
    reference = db.session.scalar(db.select(Concern.reference))
    [message] = inbox.messages()
    assert message["Subject"] == "Vangnet: nieuwe zorgmelding in Buitenhof"
    assert "Er wacht een nieuwe zorgmelding in Buitenhof." in message.get_content()
    assert f"{PUBLIC_URL}/staff/requests/{reference}" in message.get_content()
    assert [said for said in WORRY_SAID if said in readable(message).replace(reference, "")] == []
    assert inbox.recipients() == Counter(coordinators)


def test_a_go_along_request_says_someone_to_go_along(inbox, coordinators, delft):
    row = BuddyRequest(
        kind="go_along", reference="K7M4PXQ2", language="nl", municipality_id=delft.municipality_id,
        neighbourhood_id=delft.id, for_whom="me", first_name=CANARY_NAME, contact_method="phone", phone=CANARY_E164,
        consent_at=utcnow(), consent_version="test", submission_token="go-along-token",
    )
    db.session.add(row)
    db.session.commit()
    notify.notify_new_request(row)
    [message] = inbox.messages()
    assert message["Subject"] == "Vangnet: nieuwe vraag in Buitenhof"
    assert "Er wacht een nieuwe vraag om iemand die meegaat in Buitenhof." in message.get_content()
    assert CANARY_NAME not in readable(message) and "1357" not in readable(message)


def test_a_request_found_again_sends_no_second_notice(app, client, inbox, coordinators):
    walk(client)
    _response, data = send(client)
    client.post("/nl/ask/buddy/send", data=data)  # a double tap: the view finds the first
    # Two sends in a race: both reach make_request, the second meets the unique token and finds the first.
    answers = {"for-whom": {"for_whom": "me"}, "where": {"where": "postcode"}, "postcode": {"postcode": "2625"},
               "contact": {"contact": "phone"}, "phone": {"phone": CANARY_E164}, "name": {"first_name": CANARY_NAME}}
    with app.test_request_context("/nl/ask/buddy/send"):
        again = make_request(WIZARDS["buddy"], answers, data["submission"])
    assert again.reference == db.session.scalar(db.select(BuddyRequest.reference))
    assert count(BuddyRequest) == 1 and len(inbox.envelopes) == 1


def assert_kept_and_confirmed(client, caplog) -> str:
    reference = db.session.scalar(db.select(BuddyRequest.reference))
    assert count(BuddyRequest) == 1
    assert formatted(reference) in page(client.get("/nl/ask/buddy/done"))
    [record] = notify_records(caplog)
    assert record.levelno == logging.WARNING and reference in record.getMessage()
    assert [said for said in (*BUDDY_SAID, "@") if said in record.getMessage().replace(reference, "")] == []
    return record.getMessage()


def test_with_the_mail_server_down_the_request_is_kept_and_the_resident_sees_the_confirmation(
        client, coordinators, mail_to, caplog):
    with socket.socket() as nobody_listens:
        nobody_listens.bind(("127.0.0.1", 0))  # bound but never listening: every connection is refused
        mail_to(running=False, port=nobody_listens.getsockname()[1])
        walk(client)
        with caplog.at_level(logging.WARNING, logger="app.notify"):
            response, _data = send(client)
    assert response.status_code == 302 and response.headers["Location"] == "/nl/ask/buddy/done"
    assert assert_kept_and_confirmed(client, caplog).endswith("not sent: ConnectionRefusedError")


def test_a_mail_server_that_never_answers_holds_the_resident_no_longer_than_the_timeout(
        client, coordinators, mail_to, caplog, monkeypatch):
    monkeypatch.setattr(notify, "TIMEOUT_SECONDS", 0.5)  # 10 s in production; the same code path
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # the kernel accepts the connection; no greeting ever comes
        mail_to(running=False, port=silent.getsockname()[1])
        walk(client)
        with caplog.at_level(logging.WARNING, logger="app.notify"):
            response, _data = send(client)
    assert response.status_code == 302 and response.headers["Location"] == "/nl/ask/buddy/done"
    assert assert_kept_and_confirmed(client, caplog).endswith("not sent: SMTPServerDisconnected")


def test_one_refused_coordinator_does_not_stop_the_others(client, coordinators, mail_to, caplog):
    handler = mail_to(handler=RefusingRia())
    with caplog.at_level(logging.WARNING, logger="app.notify"):
        send_buddy_request(client)
    assert handler.recipients() == Counter(["sem@delft.example"])
    [record] = notify_records(caplog)
    assert record.getMessage().endswith("refused for 1 of 2 coordinators") and "ria@" not in record.getMessage()


def test_without_a_mail_server_nothing_is_sent_and_the_log_names_no_one(app, client, inbox, coordinators,
                                                                         monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    with caplog.at_level(logging.INFO, logger="app.notify"):
        reference = send_buddy_request(client)
    assert inbox.envelopes == [] and count(BuddyRequest) == 1
    assert [record.getMessage() for record in notify_records(caplog)] == [
        f"e-mail off: no notice sent of request {reference}"]


def test_the_link_in_the_notice_opens_the_request_for_a_signed_in_coordinator(client, inbox, staff_client):
    reference = send_buddy_request(client)
    assert inbox.recipients() == Counter([staff_client.staff.email])
    [link] = [line for line in inbox.messages()[0].get_content().splitlines() if line.startswith(PUBLIC_URL)]
    response = staff_client.get(urlsplit(link).path)
    assert response.status_code == 200 and formatted(reference) in page(response)


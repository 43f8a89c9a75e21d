"""Notice of new requests: one short e-mail to the coordinators of the request's municipality.

The e-mail holds no personal data: only what kind of request waits, in which neighbourhood, and a
link to its staff page. Whoever follows the link signs in and sees the rest there, where each view
is logged. Mail is a courtesy: when it cannot go, the resident's request is stored all the same.
"""

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from flask import current_app

from .extensions import db
from .models import Correction, HelpRequest, StaffMembership, StaffUser

log = logging.getLogger(__name__)

# Staff read Dutch. Plain Dutch strings, not gettext: the resident's page language must not pick the
# language of an e-mail to staff.
WAITING = {
    "buddy": "Er wacht een nieuwe vraag om een maatje",
    "go_along": "Er wacht een nieuwe vraag om iemand die meegaat",
    "concern": "Er wacht een nieuwe zorgmelding",
}
SUBJECTS = {"buddy": "nieuwe vraag", "go_along": "nieuwe vraag", "concern": "nieuwe zorgmelding"}
TIMEOUT_SECONDS = 10  # the resident waits for this on the send button


def notify_new_request(row: HelpRequest) -> None:
    """Tell each active coordinator of the request's municipality that it waits; never raises for mail."""
    if not current_app.config["MAIL_SERVER"]:
        log.info("e-mail off: no notice sent of request %s", row.reference)
        return
    recipients = coordinator_addresses(row.municipality_id)
    if not recipients:
        log.info("no active coordinator to notify of request %s", row.reference)
        return
    try:
        refused = deliver(notice(row), recipients)
    except (smtplib.SMTPException, OSError) as error:
        # The class name only: the text of a refusal names addresses.
        log.warning("notice of request %s not sent: %s", row.reference, type(error).__name__)
        return
    if refused:
        log.warning("notice of request %s refused for %d of %d coordinators", row.reference, len(refused),
                    len(recipients))


def coordinator_addresses(municipality_id: int) -> list[str]:
    return list(db.session.scalars(
        db.select(StaffUser.email).join(StaffUser.memberships)
        .where(StaffMembership.municipality_id == municipality_id, StaffMembership.role == "coordinator",
               StaffUser.active.is_(True))
        .order_by(StaffUser.email)
    ))


def notice(row: HelpRequest) -> EmailMessage:
    """The e-mail: kind, neighbourhood (else the municipality) and the staff link; nothing the resident said."""
    kind = row.kind
    where = row.neighbourhood.name if row.neighbourhood else row.municipality.name
    link = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/staff/requests/{row.reference}"
    return new_message(f"Vangnet: {SUBJECTS[kind]} in {where}",
                       f"{WAITING[kind]} in {where}.\n\nBekijken in Vangnet (na inloggen):\n{link}\n")


def new_message(subject: str, content: str) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = config["MAIL_FROM"]
    message["To"] = "undisclosed-recipients:;"
    message["Date"] = formatdate(localtime=True)
    # A domain of our own: without one, make_msgid asks DNS for this host's name while the resident waits.
    message["Message-ID"] = make_msgid(domain=parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost")
    message.set_content(content)
    return message


def deliver(message: EmailMessage, recipients: list[str]) -> dict:
    """Send it; the answer is what the server refused, by address (empty when all went well)."""
    # One message with the coordinators as envelope recipients only (Bcc): one SMTP transaction while
    # the resident waits, colleagues' addresses not passed around, and one refused address does not
    # stop the others (smtplib raises only when every recipient is refused).
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=TIMEOUT_SECONDS) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        return smtp.send_message(message, to_addrs=recipients)


# --- A resident's correction of a listing: to the e-mail for corrections of the organisation that keeps it ---

# In the staff's Dutch, like the notices above. The resident's own words stay in the back office: they
# may hold what the resident should not have written (a name, a phone number).
CORRECTION_WORDS = {"gone": "het is er niet meer", "time": "een tijd klopt niet",
                    "address": "het adres klopt niet", "other": "er klopt iets anders niet"}


def notify_correction(correction: Correction) -> None:
    """Tell the owning organisation (Organisation.correction_email) what a resident said is wrong with
    its listing; nothing when it has no such address or e-mail is off. Never raises for mail."""
    owner = correction.place.owner
    address = owner.correction_email if owner is not None else None
    if not current_app.config["MAIL_SERVER"] or not address:
        log.info("no e-mail of correction %s: e-mail off, or no address for corrections", correction.id)
        return
    try:
        refused = deliver(correction_notice(correction), [address])
    except (smtplib.SMTPException, OSError) as error:
        log.warning("notice of correction %s not sent: %s", correction.id, type(error).__name__)
        return
    if refused:
        log.warning("notice of correction %s refused by the mail server", correction.id)


def correction_notice(correction: Correction) -> EmailMessage:
    """The e-mail: which listing, what is wrong in a few words, and the link to the queue."""
    name = correction.place.name
    if correction.activity is not None:
        name = f"{correction.activity.text('nl').title} ({name})"
    link = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/staff/corrections"
    return new_message(f"Vangnet: correctie voor {name}",
                       f"Een bewoner zegt over {name}: {CORRECTION_WORDS[correction.reason]}.\n\n"
                       f"Bekijken en afhandelen in Vangnet (na inloggen):\n{link}\n")
def send_one(address: str, subject: str, body: str) -> bool:
    """One e-mail to one staff member (an invitation): True when the server took it. Never raises for
    mail; the log names no address."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        log.info("e-mail off: %s not sent", subject.split(":")[0])
        return False
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, config["MAIL_FROM"], address
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost")
    message.set_content(body)
    try:
        return not deliver(message, [address])
    except (smtplib.SMTPException, OSError) as error:
        log.warning("%s not sent: %s", subject.split(":")[0], type(error).__name__)
        return False

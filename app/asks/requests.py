"""From a finished draft to a request row (or, for "I would like to help", a volunteer who applies):
routing to a municipality, and making it exactly once."""

import datetime as dt

from flask import g
from sqlalchemy.exc import IntegrityError

from .. import choices, geo
from ..extensions import db
from ..help_requests import first_request
from ..i18n import page_language
from ..models import BuddyRequest, Concern, HelpRequest, Neighbourhood, Postcode, Volunteer, VolunteerEvent, utcnow
from ..notify import notify_new_request
from ..references import new_reference
from .forms import CONSENT_VERSION, HELP_CONSENT_VERSION
from .questions import chosen_town_id
from .wizards import URGENT, Wizard, answer


def find_by_token(token: str) -> HelpRequest | Volunteer | None:
    """The request (or volunteer) an earlier press of the same send button made, if any."""
    if not token:
        return None
    return first_request(lambda model: db.select(model).where(model.submission_token == token)) or \
        db.session.scalar(db.select(Volunteer).where(Volunteer.submission_token == token))


def place_of(answers: dict) -> tuple[int | None, int | None, str | None]:
    """(municipality id, neighbourhood id, postcode) from where the resident said they live."""
    activity = answers.get("_activity", {})
    if activity.get("municipality_id"):
        # The activity's place lies in a buurt: the request counts in its wijk.
        wijk = geo.wijk_of(db.session.get(Neighbourhood, activity.get("neighbourhood_id") or 0))
        return activity["municipality_id"], wijk.id if wijk else None, None
    pc4 = answer(answers, "postcode", "postcode")
    if pc4:
        postcode = db.session.get(Postcode, pc4)
        if postcode is None:
            return None, None, pc4
        wijk = geo.wijk_at(postcode.lat, postcode.lon, postcode.municipality_id)  # the wijk holding its centre
        return postcode.municipality_id, wijk.id if wijk else None, pc4
    wijk = answer(answers, "wijk", "wijk")
    if wijk and wijk != "unknown":
        neighbourhood = db.session.get(Neighbourhood, int(wijk))
        return (neighbourhood.municipality_id if neighbourhood else None), int(wijk), None
    return chosen_town_id(answers), None, None


def joined(values) -> str:
    return " ".join(values or [])


def contact_fields(answers: dict) -> dict:
    return {
        "contact_method": answer(answers, "contact", "contact"),
        "phone": answer(answers, "phone", "phone"),
        "email": answer(answers, "email", "email"),
        "first_name": answer(answers, "name", "first_name"),
    }


def buddy_request(wizard: Wizard, answers: dict) -> BuddyRequest:
    municipality_id, neighbourhood_id, pc4 = place_of(answers)
    activity = answers.get("_activity", {})
    return BuddyRequest(
        kind=wizard.kind, municipality_id=municipality_id, neighbourhood_id=neighbourhood_id, postcode=pc4,
        activity_id=activity.get("id"),
        activity_date=dt.date.fromisoformat(activity["date"]) if activity.get("date") else None,
        for_whom=answer(answers, "for-whom", "for_whom"), relation=answer(answers, "relation", "relation"),
        wishes=joined(answer(answers, "wishes", "wishes")), days=joined(answer(answers, "days", "days")),
        parts_of_day=joined(answer(answers, "times", "parts_of_day")),
        languages=joined(answer(answers, "languages", "languages")),
        preference=answer(answers, "preference", "preference"),
        contact_person_name=answer(answers, "contact-person", "contact_name"),
        contact_person_phone=answer(answers, "contact-person", "contact_phone"),
        **contact_fields(answers),
    )


def concern(answers: dict) -> Concern:
    municipality_id, neighbourhood_id, pc4 = place_of(answers)
    contact = contact_fields(answers)
    anonymous = contact["contact_method"] == "anonymous"
    return Concern(
        municipality_id=municipality_id, neighbourhood_id=neighbourhood_id, postcode=pc4,
        urgency=answer(answers, "urgency", "urgency"), worries=joined(answer(answers, "worries", "worries")),
        priority=1 if answer(answers, "urgency", "urgency") in URGENT else 0,  # first in the inbox
        description=answer(answers, "story", "description") or None,
        street=answer(answers, "street", "street") or None, about_name=answer(answers, "who", "about_name") or None,
        anonymous=anonymous, reporter_name=contact["first_name"], contact_method=None if anonymous else
        contact["contact_method"], phone=contact["phone"], email=contact["email"],
    )


WEEKDAYS = [key for key in choices.DAYS if key != "any"]


def volunteer(answers: dict) -> Volunteer:
    """An applicant of the municipality where they live, placed at their postcode's centre for matching."""
    centre = db.session.get(Postcode, answer(answers, "postcode", "postcode"))
    buurt = geo.neighbourhood_at(centre.lat, centre.lon)
    days = answer(answers, "days", "days") or []
    gender = answer(answers, "gender", "gender")
    email = answer(answers, "email", "email")
    return Volunteer(
        municipality_id=centre.municipality_id, status="applicant", postcode=centre.pc4, lat=centre.lat,
        lon=centre.lon, neighbourhood_id=buurt.id if buurt else None,
        roles=joined(answer(answers, "roles", "roles")), interests=joined(answer(answers, "interests", "interests")),
        helps_whom=joined(answer(answers, "helps-whom", "helps_whom")),
        days=joined(WEEKDAYS if "any" in days else days), parts_of_day=joined(answer(answers, "times", "parts_of_day")),
        languages=joined(answer(answers, "languages", "languages")),
        gender=gender if gender in ("woman", "man") else None,
        phone=answer(answers, "phone", "phone"), email=email.lower() if email else None,
        first_name=answer(answers, "name", "first_name"), last_name=answer(answers, "name", "last_name") or "",
        consent_version=HELP_CONSENT_VERSION,
    )


def request_row(wizard: Wizard, answers: dict) -> HelpRequest:
    row = concern(answers) if wizard.kind == "concern" else buddy_request(wizard, answers)
    row.kiosk_id = g.kiosk.id if g.get("kiosk") is not None else None
    row.consent_version = CONSENT_VERSION
    return row


def make_request(wizard: Wizard, answers: dict, token: str) -> HelpRequest | Volunteer:
    """Store the request (or the volunteer) once: a second send with the same token finds the first
    (unique column)."""
    kept = wizard.kept_answers(answers)
    applies = wizard.kind == "volunteer"
    row = volunteer(kept) if applies else request_row(wizard, kept)
    row.reference = new_reference()
    row.language = page_language()
    row.channel = "kiosk" if g.get("kiosk") is not None else "web"
    row.consent_at = utcnow()
    row.submission_token = token
    db.session.add(row)
    try:
        db.session.flush()
        if applies:  # the first line of their timeline: they signed up themselves
            db.session.add(VolunteerEvent(volunteer_id=row.id, kind="created", value="applicant", text=row.channel))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        earlier = find_by_token(token)
        if earlier is None:
            raise
        return earlier
    if not applies:
        notify_new_request(row)
    return row

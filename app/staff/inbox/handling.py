"""What staff do with a request: status along the allowed paths, contact attempts, notes,
assigning, priority. Each change adds a line to the timeline and a row to the audit log."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...extensions import db
from ...models import RequestEvent, StaffMembership, StaffUser, utcnow
from .. import audit

STATUS_NAMES = {
    "new": _l("Nieuw"),
    "in_progress": _l("In behandeling"),
    "contacted": _l("Contact gehad"),
    "matched": _l("Gekoppeld"),
    "referred": _l("Doorverwezen"),
    "closed": _l("Afgesloten"),
}
# new → in progress → contacted → matched or referred → closed; closed can be opened again.
TRANSITIONS = {
    "new": ("in_progress", "contacted", "referred", "closed"),
    "in_progress": ("contacted", "referred", "closed"),
    "contacted": ("in_progress", "matched", "referred", "closed"),
    "matched": ("closed",),
    "referred": ("closed",),
    "closed": ("in_progress",),
}
CLOSE_REASONS = {
    "helped": _l("Geholpen"),
    "not_needed": _l("Niet meer nodig"),
    "no_contact": _l("Geen contact gekregen"),
    "duplicate": _l("Dubbele vraag"),
    "elsewhere": _l("Elders geholpen"),
    "other": _l("Andere reden"),
}
CONTACT_OUTCOMES = {
    "no_answer": _l("Geen antwoord"),
    "left_message": _l("Bericht ingesproken"),
    "spoke": _l("Gesproken"),
    "wrong_number": _l("Verkeerd nummer"),
}
KIND_NAMES = {"buddy": _l("Maatje"), "go_along": _l("Meegaan"), "concern": _l("Zorgmelding")}


CHANNEL_NAMES = {"kiosk": _l("Een tablet"), "web": _l("De website"), "phone": _l("De telefoon"),
                 "desk": _l("De balie")}


def event(request, kind: str, value: str | None = None, text: str | None = None) -> None:
    db.session.add(RequestEvent(kind=kind, value=value, text=text, staff_id=current_user.id,
                                **{request.TIMELINE_COLUMN: request.id}))


def viewed(request) -> None:
    event(request, "viewed")
    audit.record("request.view", request)


def add_note(request, text: str) -> None:
    event(request, "note", text=text)
    audit.record("request.note", request)


def contact_attempt(request, outcome: str) -> None:
    """A call or visit and how it went; speaking to the person is the first contact."""
    event(request, "contact", value=outcome)
    if outcome == "spoke":
        request.first_contact_at = request.first_contact_at or utcnow()
        if request.status in ("new", "in_progress"):
            change_status(request, "contacted")
    audit.record("request.contact", request, detail=outcome)


def change_status(request, status: str, reason: str | None = None) -> None:
    request.status = status
    request.closed_reason = reason if status == "closed" else None
    request.closed_at = utcnow() if status == "closed" else None
    event(request, "status", value=status, text=str(CLOSE_REASONS[reason]) if reason else None)
    audit.record("request.status", request, detail=f"{status} {reason or ''}".strip())


def colleagues(request) -> list[StaffUser]:
    """Active staff of the request's municipality: the people it can be assigned to."""
    return list(db.session.scalars(
        db.select(StaffUser).join(StaffMembership)
        .where(StaffMembership.municipality_id == request.municipality_id, StaffUser.active)
        .order_by(StaffUser.name)
    ))


def assign(request, staff: StaffUser | None) -> None:
    request.assigned_to_id = staff.id if staff else None
    event(request, "assigned", value=str(staff.id) if staff else None, text=staff.name if staff else None)
    audit.record("request.assign", request, detail=str(staff.id) if staff else "nobody")


def set_priority(request, priority: int) -> None:
    request.priority = priority
    event(request, "priority", value=str(priority))
    audit.record("request.priority", request, detail=str(priority))

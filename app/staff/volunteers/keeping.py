"""What staff (or an import) do with a volunteer: create, change, a status with its reason, a note.
Each adds a line to the volunteer's timeline and a row to the audit log (no personal data in it: the
volunteer's number and the names of the fields that changed)."""

from flask import g
from flask_login import current_user

from ... import geo
from ...extensions import db
from ...models import Postcode, Volunteer, VolunteerEvent
from .. import audit


def staff_id() -> int | None:
    return current_user.id if getattr(current_user, "is_authenticated", False) else None


def event(volunteer: Volunteer, kind: str, value: str | None = None, text: str | None = None) -> None:
    db.session.add(VolunteerEvent(volunteer_id=volunteer.id, kind=kind, value=value, text=text, staff_id=staff_id()))


def record(action: str, volunteer: Volunteer, detail: str = "") -> None:
    audit.record(action, municipality_id=volunteer.municipality_id,
                 detail=f"volunteer {volunteer.id}{': ' + detail if detail else ''}"[:200])


def apply(volunteer: Volunteer, values: dict, centre: Postcode | None) -> list[str]:
    """Copy the values onto the volunteer, placed by their postcode's centre; the fields that changed."""
    changed = [name for name, value in values.items() if getattr(volunteer, name) != value]
    for name, value in values.items():
        setattr(volunteer, name, value)
    if centre is not None and ("postcode" in changed or volunteer.lat is None):
        volunteer.lat, volunteer.lon = centre.lat, centre.lon
        volunteer.neighbourhood_id = neighbourhood_id(centre)
    return changed


def neighbourhood_id(centre: Postcode) -> int | None:
    """The buurt of a postcode's centre, looked up once per postcode in a request or command (an
    import of thousands of rows shares a few dozen postcodes; each lookup tests CBS outlines)."""
    known = g.setdefault("neighbourhood_of_postcode", {})
    if centre.pc4 not in known:
        found = geo.neighbourhood_at(centre.lat, centre.lon)
        known[centre.pc4] = found.id if found else None
    return known[centre.pc4]


def create(municipality_id: int, values: dict, centre: Postcode, status: str, how: str = "created",
           stopped_reason: str | None = None) -> Volunteer:
    volunteer = Volunteer(municipality_id=municipality_id, status=status, stopped_reason=stopped_reason)
    apply(volunteer, values, centre)
    db.session.add(volunteer)
    db.session.flush()
    event(volunteer, "created", value=status, text="import" if how == "imported" else None)
    record("volunteer.create", volunteer, "import" if how == "imported" else "")
    return volunteer


def edit(volunteer: Volunteer, values: dict, centre: Postcode, how: str = "edited") -> list[str]:
    changed = apply(volunteer, values, centre)
    if changed:
        event(volunteer, how, value=" ".join(changed)[:200])
        record("volunteer.edit", volunteer, ("import " if how == "imported" else "") + " ".join(changed))
    return changed


def change_status(volunteer: Volunteer, status: str, reason: str | None = None, text: str | None = None) -> None:
    volunteer.status = status
    volunteer.stopped_reason = reason if status == "stopped" else None
    event(volunteer, "status", value=f"{status} {reason or ''}".strip(), text=text or None)
    record("volunteer.status", volunteer, f"{status} {reason or ''}".strip())


def add_note(volunteer: Volunteer, text: str) -> None:
    event(volunteer, "note", text=text)
    record("volunteer.note", volunteer)


def viewed(volunteer: Volunteer) -> None:
    record("volunteer.view", volunteer)

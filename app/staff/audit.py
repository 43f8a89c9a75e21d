"""The audit log: every view of a request, every change, every export, every sign-in, failed
sign-in and sign-out. Rows are only ever added (app.models refuses changes; PostgreSQL too)."""

from flask_login import current_user

from ..extensions import db
from ..models import AuditEvent


def record(action: str, request=None, staff_id: int | None = None, detail: str | None = None,
           municipality_id: int | None = None) -> None:
    """Add an audit row to the session; the caller's commit stores it with the change it records.
    A change of a listing has no request: it names its municipality and says which place in `detail`."""
    # Outside a request (a command such as `volunteers import`) there is no one signed in.
    if staff_id is None and getattr(current_user, "is_authenticated", False):
        staff_id = current_user.id
    db.session.add(AuditEvent(
        action=action, staff_id=staff_id, detail=detail,
        reference=request.reference if request is not None else None,
        municipality_id=request.municipality_id if request is not None else municipality_id,
    ))

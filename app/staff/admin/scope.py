"""What an administrator may change: the municipalities where they are administrator, and what lies
in them. Anything else answers 404 (its existence does not leak) and the refusal is in the audit log
of its own municipality."""

from flask import abort, request
from flask_login import current_user

from ...extensions import db
from ...models import Kiosk, Municipality, Neighbourhood
from .. import audit


def administered_ids() -> list[int]:
    return [m.municipality_id for m in current_user.memberships if m.role == "administrator"]


def administered() -> list[Municipality]:
    return list(db.session.scalars(
        db.select(Municipality).where(Municipality.id.in_(administered_ids())).order_by(Municipality.name)))


def refuse(municipality_id: int | None, what: str):
    """404; when the object exists elsewhere, its municipality's audit log says who asked for it."""
    if municipality_id is not None:
        audit.record("access.refused", municipality_id=municipality_id,
                     detail=f"{request.method} {request.endpoint} {what}"[:200])
        db.session.commit()
    abort(404)


def municipality_or_404(municipality_id: int) -> Municipality:
    found = db.session.get(Municipality, municipality_id)
    if found is None or found.id not in administered_ids():
        refuse(found.id if found else None, f"municipality {municipality_id}")
    return found


def neighbourhood_or_404(neighbourhood_id: int) -> Neighbourhood:
    found = db.session.get(Neighbourhood, neighbourhood_id)
    if found is None or found.municipality_id not in administered_ids():
        refuse(found.municipality_id if found else None, f"neighbourhood {neighbourhood_id}")
    return found


def kiosk_municipality_id(kiosk: Kiosk) -> int | None:
    return kiosk.neighbourhood.municipality_id if kiosk.neighbourhood is not None else None


def kiosks_query():
    """The tablets standing in my municipalities (a tablet belongs where its neighbourhood is)."""
    mine = db.select(Neighbourhood.id).where(Neighbourhood.municipality_id.in_(administered_ids()))
    return db.select(Kiosk).where(Kiosk.neighbourhood_id.in_(mine))


def kiosk_or_404(kiosk_id: int) -> Kiosk:
    found = db.session.get(Kiosk, kiosk_id)
    if found is None or kiosk_municipality_id(found) not in administered_ids():
        refuse(kiosk_municipality_id(found) if found else None, f"tablet {kiosk_id}")
    return found

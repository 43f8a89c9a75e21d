"""Shared by the administration tests (tests/test_staff_admin*.py): Delft and Leiden, each with an
administrator, and Delft's coordinator; every admin route with a real object of each town."""

import re

from app.extensions import db
from app.models import AuditEvent, Kiosk, StaffUser

from .conftest import sign_in
from .helpers import page


def signed_in(app, staff, clock):
    client = app.test_client()
    client.staff = staff
    assert sign_in(client, staff, clock).status_code == 302
    return client


class World(dict):
    """The town's rows; a signed-in client (argon2 is slow on purpose) only once a test asks for it."""

    def __init__(self, app, clock, people, **rows):
        super().__init__(**rows)
        self.app, self.clock, self.people = app, clock, people

    def __missing__(self, key):
        client = self[key] = signed_in(self.app, self.people[key], self.clock)
        return client


def build_world(app, town, make_staff, make_kiosk, clock) -> World:
    """`town` (conftest) plus: an administrator and a coordinator of Delft, an administrator of Leiden,
    and a tablet in each town."""
    delft, leiden = town["delft"], town["leiden"]
    admin = make_staff(email="beheer@delft.example", name="Anna Beheer", municipality=delft, role="administrator")
    coordinator = make_staff(email="ria@delft.example", name="Ria de Vries", municipality=delft)
    leiden_admin = make_staff(email="lot@leiden.example", name="Lot", municipality=leiden, role="administrator")
    ours = make_kiosk(name="Bibliotheek Buitenhof", neighbourhood=town["buurt"], browser_key="delft-key")
    theirs = make_kiosk(name="Bieb Merenwijk", neighbourhood=town["leiden_buurt"], lat=52.175, lon=4.505,
                        browser_key="leiden-key", activation_token="leiden-token")
    people = {"admin": admin, "coordinator": coordinator, "leiden_admin": leiden_admin}
    return World(app, clock, people, **town, our_kiosk=ours, their_kiosk=theirs)


def actions(action: str | None = None) -> list[tuple]:
    query = db.select(AuditEvent.action, AuditEvent.municipality_id, AuditEvent.detail).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return [tuple(row) for row in db.session.execute(query)]


def kiosk_state(kiosk_id: int) -> tuple:
    db.session.expire_all()
    k = db.session.get(Kiosk, kiosk_id)
    return (k.name, k.lat, k.lon, k.neighbourhood_id, k.default_language, k.idle_seconds, k.has_printer,
            k.activation_token, k.browser_key, k.active)


def staff_state() -> list[tuple]:
    db.session.expire_all()
    return [(s.email, s.name, s.active, s.totp_confirmed, s.totp_secret, sorted((m.municipality_id, m.role)
             for m in s.memberships)) for s in db.session.scalars(db.select(StaffUser).order_by(StaffUser.id))]


def error_texts(response) -> list[str]:
    return re.findall(r'class="error-message"><span class="visually-hidden">[^<]*</span> ([^<]*)</p>', page(response))

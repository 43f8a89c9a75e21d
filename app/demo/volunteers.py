"""Invented demo volunteers (every one named "… Voorbeeld", with an address at voorbeeld.invalid and no
phone number, so nobody real is ever called), a few per demo municipality. They go through the same
import as a coordinator's spreadsheet, so `demo load` run twice adds nobody twice."""

from __future__ import annotations

import random

from ..extensions import db
from ..models import Municipality, Postcode
from ..staff.volunteers import importing

FIRST_NAMES = ("Anna", "Bram", "Cor", "Dewi", "Eef", "Fatma", "Gijs", "Hanna", "Ilse", "Joost", "Karim", "Lieke",
               "Mehmet", "Noor", "Olga", "Piet", "Rania", "Sem", "Tess", "Wim")
LANGUAGES = ("nl", "nl en", "nl ar", "nl tr", "nl pl", "nl uk", "nl en fr", "nl so")
INTERESTS = ("walk coffee", "games", "activity shopping", "creative music", "dutch coffee", "computer", "walk")
DAYS = ("mo", "tu th", "we", "fr sa", "mo we fr", "su", "tu")
PARTS = ("morning", "afternoon", "evening", "morning afternoon")
STATUSES = ("active", "active", "active", "applicant", "intake", "paused")
ROLES = ("maatje", "maatje", "go_along", "maatje go_along", "expert", "buurtteam")
PER_MUNICIPALITY = 4


def demo_rows(slug: str, postcodes: list[str], number: int) -> list[str]:
    """CSV rows (columns of `importing.COLUMNS`) of invented volunteers, the same on every run."""
    rng = random.Random(slug)
    rows = []
    for n in range(number):
        first = rng.choice(FIRST_NAMES)
        vog = f"{rng.choice((2023, 2024, 2025, 2026))}-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
        rows.append(",".join((
            first, "Voorbeeld", "", f"{first.lower()}.{slug}.{n}@voorbeeld.invalid", rng.choice(postcodes),
            rng.choice(LANGUAGES), rng.choice(INTERESTS), rng.choice(DAYS), rng.choice(PARTS),
            rng.choice(("woman", "man", "")), str(rng.randint(1, 3)), vog if n % 5 else "", rng.choice(STATUSES),
            rng.choice(ROLES))))
    return rows


def load_volunteers() -> int:
    """A few invented volunteers in each municipality that has postcodes; how many rows were read."""
    rows = 0
    for municipality in db.session.scalars(db.select(Municipality).order_by(Municipality.id)).all():
        postcodes = list(db.session.scalars(db.select(Postcode.pc4).where(Postcode.municipality_id == municipality.id)
                                            .order_by(Postcode.pc4).limit(20)))
        if not postcodes:
            continue
        data = "\r\n".join((",".join(importing.COLUMNS), *demo_rows(municipality.slug, postcodes, PER_MUNICIPALITY)))
        report = importing.run(data.encode(), municipality)
        if not report.ok:
            raise RuntimeError("; ".join(map(str, report.problems)))
        rows += report.rows
    return rows

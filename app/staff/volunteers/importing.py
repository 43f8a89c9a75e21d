"""The spreadsheet coordinators keep today, as CSV: checked whole before anything is stored. One bad
row and nothing is imported; the report names every bad row (its row number in the spreadsheet, the
column, what is wrong, in plain Dutch). A volunteer already known in the municipality (by e-mail,
else by phone) is updated, so a second import of the same file changes nothing.

Used by `flask --app wsgi volunteers import`, the upload in the back office and `demo load`."""

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import choices
from ...extensions import db
from ...models import VOLUNTEER_GENDERS, VOLUNTEER_ROLES, VOLUNTEER_STATUSES, Municipality, Volunteer
from . import keeping, values

COLUMNS = ("first_name", "last_name", "phone", "email", "postcode", "languages", "interests", "days",
           "parts_of_day", "gender", "capacity", "vog_date", "status", "roles")
MAX_BYTES = 512 * 1024  # a town's volunteers fit many times over; a bigger file is a mistake
MAX_ROWS = 5000


@dataclass
class Problem:
    row: int | None  # the row in the spreadsheet (the header is row 1); None: the whole file
    column: str | None
    message: object  # lazy: said in the reader's language

    def __str__(self) -> str:
        if self.row is None:
            return str(self.message)
        return _("Rij %(row)d, kolom %(column)s: %(message)s", row=self.row, column=self.column or "-",
                 message=self.message)


@dataclass
class Report:
    dry_run: bool
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Row:
    number: int
    values: dict
    centre: object
    status: str


def run(data: bytes, municipality: Municipality, dry_run: bool = False) -> Report:
    """Check every row; store them all only if every row is right and this is not a dry run."""
    report = Report(dry_run=dry_run)
    lines = read(data, report)
    rows = [row for row in (check(number, cells, report) for number, cells in lines) if row is not None]
    report.rows = len(lines)
    unique(rows, report)
    if report.ok:
        known = volunteers_of(municipality)
        for row in rows:
            store(row, municipality, known, report)
    if report.ok and not dry_run:
        db.session.commit()
    else:
        db.session.rollback()
    return report


def read(data: bytes, report: Report) -> list[tuple[int, list[str]]]:
    """The data rows with their row numbers, after the header; problems of the whole file to the report."""
    if len(data) > MAX_BYTES:
        return fail(report, _l("Het bestand is te groot: niet meer dan %(kb)d kB.", kb=MAX_BYTES // 1024))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return fail(report, _l("Het bestand is geen UTF-8-tekst. Bewaar het in uw spreadsheet als ‘CSV UTF-8’."))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        lines = [(number, cells) for number, cells in enumerate(reader, 1) if any(cell.strip() for cell in cells)]
    except csv.Error:
        return fail(report, _l("Dit is geen goed CSV-bestand. Bewaar het in uw spreadsheet als ‘CSV UTF-8’."))
    if not lines:
        return fail(report, _l("Het bestand is leeg."))
    if not header_ok(lines[0][1], report):
        return []
    if len(lines) - 1 > MAX_ROWS:
        return fail(report, _l("Te veel rijen: niet meer dan %(rows)d.", rows=MAX_ROWS))
    return lines[1:]


def fail(report: Report, message) -> list:
    report.problems.append(Problem(None, None, message))
    return []


def header_ok(cells: list[str], report: Report) -> bool:
    found = tuple(cell.strip() for cell in cells)
    if found == COLUMNS:
        return True
    if len(found) == 1 and tuple(found[0].split(";")) == COLUMNS:
        fail(report, _l("Zet komma's tussen de kolommen, geen puntkomma's. Bewaar het bestand als ‘CSV UTF-8’."))
        return False
    # Plain text, translated now: a lazy string counts as safe HTML to Jinja, and `found` is the file's.
    fail(report, _("De eerste rij moet precies deze kolommen noemen: %(expected)s. Nu staat er: %(found)s",
                   expected=",".join(COLUMNS), found=",".join(found)[:200]))
    return False


# Each column: the rule of `values` that checks it (the form uses the same rules).
KEYS = {
    "languages": (tuple(choices.SPOKEN_LANGUAGES), _l("taal")),
    "interests": (tuple(choices.WISHES), _l("interesse")),
    "days": (values.DAY_KEYS, _l("dag")),
    "parts_of_day": (tuple(choices.PARTS_OF_DAY), _l("deel van de dag")),
    "roles": (VOLUNTEER_ROLES, _l("rol")),
}


def check(number: int, cells: list[str], report: Report) -> Row | None:
    """One data row as the values to store, or None with its problems in the report."""
    if len(cells) != len(COLUMNS):
        report.problems.append(Problem(number, None, _l("Deze rij heeft %(found)d kolommen in plaats van %(wanted)d",
                                                        found=len(cells), wanted=len(COLUMNS))))
        return None
    cell = dict(zip(COLUMNS, (value.strip() for value in cells), strict=True))
    checked, before = {}, len(report.problems)
    rules = {
        "first_name": lambda v: values.text(v, 60, _l("Typ de voornaam")),
        "last_name": lambda v: values.text(v, 80, _l("Typ de achternaam")),
        "phone": values.phone, "email": values.email, "postcode": values.postcode,
        **{column: (lambda v, k=keys: values.keys(v, *k)) for column, keys in KEYS.items()},
        "gender": gender, "capacity": lambda v: values.capacity(v or "1"), "vog_date": values.date,
        "status": status,
    }
    for column, rule in rules.items():
        try:
            checked[column] = rule(cell[column])
        except values.Invalid as invalid:
            report.problems.append(Problem(number, column, invalid.message))
    if "roles" in checked and not checked["roles"]:
        report.problems.append(Problem(number, "roles", _l("Noem minstens één rol")))
    if not cell["phone"] and not cell["email"]:
        report.problems.append(Problem(number, "email", _l("Vul een telefoonnummer of een e-mailadres in")))
    if len(report.problems) > before:
        return None
    postcode, centre = checked.pop("postcode")
    row_status = checked.pop("status")
    return Row(number, {**checked, "postcode": postcode}, centre, row_status)


def gender(value: str) -> str | None:
    if value and value not in VOLUNTEER_GENDERS:
        raise values.Invalid(_l("Schrijf woman, man of laat het leeg"))
    return value or None


def status(value: str) -> str:
    if value and value not in VOLUNTEER_STATUSES:
        raise values.Invalid(_l("Onbekende status. Kies uit: %(allowed)s", allowed=" ".join(VOLUNTEER_STATUSES)))
    return value or "applicant"


# A stopped volunteer always has a reason; the spreadsheet has no column for it: "other" until a
# coordinator writes the real one on the volunteer's page.
STOP_REASON = "other"


def identity(row: Row) -> tuple[str, str]:
    return ("email", row.values["email"]) if row.values["email"] else ("phone", row.values["phone"])


def unique(rows: list[Row], report: Report) -> None:
    """The same person twice in one file is a mistake the coordinator should see."""
    seen: dict[tuple, int] = {}
    for row in rows:
        key = identity(row)
        if key in seen:
            report.problems.append(Problem(row.number, key[0], _l("Deze persoon staat ook al in rij %(row)d",
                                                                  row=seen[key])))
        seen.setdefault(key, row.number)


def volunteers_of(municipality: Municipality) -> dict[tuple[str, str], Volunteer]:
    """The municipality's volunteers by ("email", address) and by ("phone", number), in one query."""
    known: dict[tuple[str, str], Volunteer] = {}
    for volunteer in db.session.scalars(db.select(Volunteer).where(Volunteer.municipality_id == municipality.id)
                                        .order_by(Volunteer.id.desc())):
        known.update({(column, getattr(volunteer, column)): volunteer
                      for column in ("email", "phone") if getattr(volunteer, column)})
    return known  # the oldest wins where two share an address or number


def existing(row: Row, known: dict) -> Volunteer | None:
    """The volunteer with the row's e-mail address, else with its phone number."""
    for column in ("email", "phone"):
        found = known.get((column, row.values[column])) if row.values[column] else None
        if found is not None:
            return found
    return None


def store(row: Row, municipality: Municipality, known: dict, report: Report) -> None:
    found = existing(row, known)
    reason = STOP_REASON if row.status == "stopped" else None
    if found is None:
        keeping.create(municipality.id, row.values, row.centre, row.status, how="imported", stopped_reason=reason)
        report.created += 1
        return
    changed = keeping.edit(found, row.values, row.centre, how="imported")
    if found.status != row.status:
        keeping.change_status(found, row.status, reason)
        changed.append("status")
    if changed:
        report.updated += 1
    else:
        report.unchanged += 1

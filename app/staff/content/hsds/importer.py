"""Import an HSDS 3.0 package into one municipality: organisations, places (locations with their
address, phone and accessibility) and activities (one per service_at_location, with the service's
texts, schedule, languages, cost and status).

All or nothing: first every problem is collected (the schema's, then ours: a place outside the
municipality, a schedule we cannot keep); only a package without any is applied, through
app.listings.Change (source "import"), so each changed field is in the listing's history. Rows are
matched on their HSDS id within the municipality: a second import changes only what changed."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import or_

from .... import geo, listings
from ....extensions import db
from ....models import Activity, Municipality, Neighbourhood, Organisation, Place, StaffUser
from ....phones import e164
from . import mapping
from .package import PackageRefused, Problem, read, validate

POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})", re.ASCII)
LIMITS = {"name": 160, "address": 200, "city": 80, "website": 300, "email": 254, "title": 160}


@dataclass
class Summary:
    """What an import did (or, in a dry run, would do): counts per kind, and which fields changed."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    changes: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (kind, name, fields)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, id): not a place we can show

    def count(self, kind: str, name: str, is_new: bool, fields: list[str]) -> None:
        bucket = self.created if is_new else self.updated if fields else self.unchanged
        bucket[kind] += 1
        if fields:
            self.changes.append((kind, name, sorted(set(fields))))

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


class Tables:
    """The package's rows, with look-ups by a referencing column."""

    def __init__(self, tables: dict[str, list[dict]]):
        self.tables = tables
        self.indexes: dict[tuple[str, str], dict[str, list[dict]]] = {}

    def rows(self, file: str) -> list[dict]:
        return self.tables.get(file, [])

    def by(self, file: str, column: str) -> dict[str, list[dict]]:
        if (file, column) not in self.indexes:
            found = defaultdict(list)
            for row in self.rows(file):
                if row.get(column):
                    found[row[column]].append(row)
            self.indexes[file, column] = found
        return self.indexes[file, column]


def import_package(folder: Path, municipality: Municipality, by: StaffUser | None = None,
                   progress: Callable[[int, int], None] | None = None, today: dt.date | None = None) -> Summary:
    """Check and apply the package in `folder` to the session (the caller commits, or rolls back for
    a dry run). Raises PackageRefused with every problem, before changing anything. `progress(done,
    total)` hears of each place and activity saved."""
    problems = validate(folder)
    if problems:
        raise PackageRefused(problems)
    plan = Plan(Tables(read(folder)), municipality, today or dt.date.today())
    plan.check()
    if plan.problems:
        raise PackageRefused(plan.problems)
    return plan.apply(listings.Change(by=by, source="import"), progress or (lambda done, total: None))


class Plan:
    """The package read as our rows: checked first (`check`), then applied (`apply`)."""

    def __init__(self, tables: Tables, municipality: Municipality, today: dt.date):
        self.t, self.municipality, self.today = tables, municipality, today
        self.problems: list[Problem] = []
        self.organisations: dict[str, dict] = {}
        self.places: dict[str, dict] = {}
        self.activities: dict[str, dict] = {}
        self.summary = Summary()

    def refuse(self, code: str, file: str, row: dict, column: str | None, **values) -> None:
        self.problems.append(Problem(code, file, row.get("_row"), column, values))

    # --- Checking ---

    def check(self) -> None:
        for row in self.t.rows("organizations.csv"):
            self.organisations[row["id"]] = self.organisation_values(row)
        self.check_organisation_names()
        locations = {row["id"]: row for row in self.t.rows("locations.csv")}
        for sal in self.t.rows("service_at_location.csv"):
            if sal["location_id"] not in self.places and sal["location_id"] in locations:
                self.places[sal["location_id"]] = self.place_values(locations[sal["location_id"]])
        for row in locations.values():
            if row["id"] not in self.places and row.get("location_type") == "physical":
                self.places[row["id"]] = self.place_values(row)
            elif row["id"] not in self.places:
                self.summary.skipped.append(("locations.csv", row["id"]))
        services = {row["id"]: row for row in self.t.rows("services.csv")}
        for sal in self.t.rows("service_at_location.csv"):
            self.activities[sal["id"]] = self.activity_values(sal, services[sal["service_id"]])

    def check_organisation_names(self) -> None:
        """A name is the organisation's key in the municipality: two with one name cannot both be kept."""
        taken = dict(db.session.execute(db.select(Organisation.name, Organisation.hsds_id).where(
            Organisation.municipality_id == self.municipality.id, Organisation.hsds_id.is_not(None))).all())
        seen = set()
        for row in self.t.rows("organizations.csv"):
            name = self.organisations[row["id"]]["name"]
            if name in seen or taken.get(name, row["id"]) != row["id"]:
                self.refuse("name_taken", "organizations.csv", row, "name", value=name)
            seen.add(name)

    def text(self, file: str, row: dict, column: str, limit_name: str, required: bool = False) -> str | None:
        value = (row.get(column) or "").strip() or None
        if value is None and required:
            self.refuse("required", file, row, column)
        elif value and len(value) > LIMITS[limit_name]:
            self.refuse("too_long", file, row, column, max=LIMITS[limit_name])
        elif value and ("<" in value or ">" in value):
            self.refuse("markup", file, row, column)
        return value

    def web_address(self, file: str, row: dict, column: str) -> str | None:
        value = self.text(file, row, column, "website")
        if value and not re.fullmatch(r"https?://[^\s]+", value):
            self.refuse("bad_url", file, row, column)
        return value

    def organisation_values(self, row: dict) -> dict:
        file = "organizations.csv"
        phone = next((p for p in self.t.by("phones.csv", "organization_id").get(row["id"], [])
                      if not p.get("location_id") and not p.get("service_id")), None)
        return {"name": self.text(file, row, "name", "name", required=True),
                "website": self.web_address(file, row, "website"),
                "correction_email": self.text(file, row, "email", "email"),
                "phone": self.phone(phone) if phone else None}

    def phone(self, row: dict) -> str | None:
        number = e164((row.get("number") or "").strip().strip('"').strip())
        if number is None:
            self.refuse("bad_phone", "phones.csv", row, "number", value=row.get("number"))
        return number

    def place_values(self, row: dict) -> dict:
        file = "locations.csv"
        if row.get("location_type") != "physical":
            self.refuse("not_physical", file, row, "location_type", value=row.get("location_type"))
        address = self.address_of(row)
        phones = self.t.by("phones.csv", "location_id").get(row["id"], [])
        texts = [f"{a.get('description') or ''}. {a.get('details') or ''}"
                 for a in self.t.by("accessibility.csv", "location_id").get(row["id"], [])]
        organisation = self.organisations.get(row.get("organization_id") or "")
        values = {"name": self.text(file, row, "name", "name", required=True), **address,
                  "phone": self.phone(phones[0]) if phones else None, "website": self.web_address(file, row, "url"),
                  **({"organisation": organisation["name"]} if organisation else {}), **mapping.accessibility(texts)}
        return {**values, **self.where(row, address), "owner": row.get("organization_id") or None}

    def address_of(self, location: dict) -> dict:
        addresses = self.t.by("addresses.csv", "location_id").get(location["id"], [])
        address = next((a for a in addresses if a.get("address_type") == "physical"), None)
        if address is None:
            self.refuse("no_address", "locations.csv", location, "id")
            return {"address": None, "postcode": None, "city": None}
        file = "addresses.csv"
        street = " ".join(filter(None, ((address.get("address_1") or "").strip(),
                                        (address.get("address_2") or "").strip())))
        match = POSTCODE.fullmatch((address.get("postal_code") or "").strip())
        if match is None:
            self.refuse("bad_postcode", file, address, "postal_code", value=address.get("postal_code"))
        return {"address": self.text(file, {**address, "address_1": street}, "address_1", "address", required=True),
                "postcode": f"{match.group(1)} {match.group(2).upper()}" if match else None,
                "city": self.text(file, address, "city", "city", required=True)}

    def where(self, row: dict, address: dict) -> dict:
        """The coordinates (else the postcode's centre) and the buurt, which must be in the municipality."""
        lat, lon = row.get("latitude"), row.get("longitude")
        if (lat is None) != (lon is None):
            self.refuse("half_coordinates", "locations.csv", row, "longitude" if lon is None else "latitude")
            return {}
        if lat is None:
            centre = geo.postcode_centroid(address["postcode"][:4]) if address.get("postcode") else None
            if centre is None:
                self.refuse("no_coordinates", "locations.csv", row, "latitude")
                return {}
            lat, lon = centre.lat, centre.lon
        lat, lon = float(lat), float(lon)
        buurt = geo.neighbourhood_at(lat, lon) if geo.in_netherlands(lat, lon) else None
        if buurt is None or buurt.municipality_id != self.municipality.id:
            self.refuse("outside", "locations.csv", row, "latitude", municipality=self.municipality.name,
                        lat=lat, lon=lon)
            return {}
        return {"lat": lat, "lon": lon, "neighbourhood_id": buurt.id}

    def activity_values(self, sal: dict, service: dict) -> dict:
        file = "services.csv"
        values = {"title": self.text(file, service, "name", "title", required=True),
                  "description": (service.get("description") or sal.get("description") or "").strip(),
                  "status": mapping.STATUS_OF[service["status"]], "place": sal["location_id"],
                  "signup_required": mapping.signup_required(service.get("application_process")),
                  **self.terms(service), "cost_cents": self.cost(service),
                  "languages": self.languages(service, sal)}
        if "<" in values["description"] or ">" in values["description"]:
            self.refuse("markup", file, service, "description")
        return {**values, **self.schedule(sal)}

    def terms(self, service: dict) -> dict:
        """Category and audience from our own taxonomy terms (as our export writes them)."""
        codes = {term["id"]: term.get("code") for term in self.t.rows("taxonomy_terms.csv")}
        links = self.t.by("attributes.csv", "link_id").get(service["id"], [])
        linked = {codes.get(link["taxonomy_term_id"]) for link in links}
        category = next((key for key in mapping.CATEGORIES if key in linked), "advice")
        audience = next((key for key in mapping.AUDIENCES if key in linked), "everyone")
        return {"category": category, "audience": audience}

    def cost(self, service: dict) -> int:
        options = [o for o in self.t.by("cost_options.csv", "service_id").get(service["id"], [])
                   if o.get("amount") is not None]
        for option in options:
            if not option["amount"].is_finite():
                self.refuse("bad_cost", "cost_options.csv", option, "amount")
                return 0
        if not options:
            return 0
        option = min(options, key=lambda o: o["amount"])
        if (option.get("currency") or "EUR").upper() != "EUR" or option["amount"] < 0 or option["amount"] > 10000:
            self.refuse("bad_cost", "cost_options.csv", option, "amount" if option["amount"] < 0 else "currency")
            return 0
        return mapping.cents(option["amount"])

    def languages(self, service: dict, sal: dict) -> str:
        rows = [r for r in self.t.by("languages.csv", "service_id").get(service["id"], [])
                if r.get("location_id") in (None, "", sal["location_id"])]
        codes = []
        for row in rows:
            code = mapping.language_code(row.get("code"))
            if code is None:
                self.refuse("bad_language", "languages.csv", row, "code", value=row.get("code"))
            elif code not in codes:
                codes.append(code)
        text = " ".join(codes) or "nl"
        if len(text) > 60:
            self.refuse("too_many_languages", "languages.csv", rows[0], "code")
        return text

    def schedule(self, sal: dict) -> dict:
        rows = self.t.by("schedules.csv", "service_at_location_id").get(sal["id"]) or [
            r for r in self.t.by("schedules.csv", "service_id").get(sal["service_id"], [])
            if not r.get("service_at_location_id") and r.get("location_id") in (None, "", sal["location_id"])]
        if len(rows) != 1:
            self.refuse("no_schedule" if not rows else "schedules", "service_at_location.csv", sal, "id")
            return {}
        try:
            return mapping.schedule_values(rows[0], self.today)
        except mapping.ScheduleError as error:
            self.refuse(error.code, "schedules.csv", rows[0], error.field, **error.values)
            return {}

    # --- Applying ---

    def apply(self, change: listings.Change, progress: Callable[[int, int], None]) -> Summary:
        total, done = len(self.places) + len(self.activities), 0
        organisations = {hsds_id: self.save_organisation(hsds_id, values)
                         for hsds_id, values in self.organisations.items()}
        db.session.flush()  # the organisations' ids, for their places
        places = {}
        for hsds_id, values in self.places.items():
            places[hsds_id] = self.save_place(change, hsds_id, values, organisations)
            done += 1
            progress(done, total)
        db.session.flush()  # the places' ids, for their activities
        for hsds_id, values in self.activities.items():
            self.save_activity(change, hsds_id, values, places[values["place"]])
            done += 1
            progress(done, total)
        db.session.flush()
        return self.summary

    def existing(self, model, hsds_id: str):
        if model is Organisation:
            query = db.select(Organisation).where(Organisation.municipality_id == self.municipality.id)
        else:
            mine = or_(Place.neighbourhood_id.in_(db.select(Neighbourhood.id).where(
                Neighbourhood.municipality_id == self.municipality.id)), Place.owner_id.in_(
                db.select(Organisation.id).where(Organisation.municipality_id == self.municipality.id)))
            query = db.select(Place).where(mine) if model is Place else \
                db.select(Activity).join(Activity.place).where(mine)
        return db.session.scalar(query.where(model.hsds_id == hsds_id).limit(1))

    def save_organisation(self, hsds_id: str, values: dict) -> Organisation:
        """Matched on its HSDS id, else on its name in the municipality (then it gets the id)."""
        found = self.existing(Organisation, hsds_id) or db.session.scalar(db.select(Organisation).where(
            Organisation.municipality_id == self.municipality.id, Organisation.name == values["name"],
            Organisation.hsds_id.is_(None)))
        is_new = found is None
        organisation = found or Organisation(municipality_id=self.municipality.id)
        wanted = {**values, "hsds_id": hsds_id}
        changed = [name for name, value in wanted.items() if getattr(organisation, name) != value]
        for name in changed:
            setattr(organisation, name, wanted[name])
        db.session.add(organisation)
        self.summary.count("organisation", values["name"], is_new, changed)
        return organisation

    def save_place(self, change: listings.Change, hsds_id: str, values: dict, organisations: dict) -> Place:
        place = self.existing(Place, hsds_id)
        is_new = place is None
        if is_new:
            place = Place(hsds_id=hsds_id, status="published", last_checked=self.today)
            db.session.add(place)
        owner = organisations.get(values["owner"]) if values["owner"] else None
        fields = {**{k: v for k, v in values.items() if k != "owner"}, "owner_id": owner and owner.id}
        if owner is None and place.owner_id is not None:
            fields["organisation"] = None  # the owner's name went with the owner; a name of our own stays
        before = len(change.fields)
        change.set(place, fields)
        self.summary.count("place", values["name"], is_new, change.fields[before:])
        return place

    def save_activity(self, change: listings.Change, hsds_id: str, values: dict, place: Place) -> None:
        activity = self.existing(Activity, hsds_id)
        is_new = activity is None
        if is_new:
            activity = Activity(hsds_id=hsds_id, place=place)
            db.session.add(activity)
        before = len(change.fields)
        fields = {k: v for k, v in values.items() if k not in ("title", "description", "place")}
        # A package without a first date keeps the one we have (else today): a re-import changes nothing.
        fields["first_date"] = fields["first_date"] or activity.first_date or self.today
        change.set(activity, {**fields, "place_id": place.id})
        change.text(activity, "nl", values["title"], values["description"])
        self.summary.count("activity", values["title"], is_new, change.fields[before:])

"""Export a municipality's published places and activities as an HSDS 3.0 package (all 21 files,
empty ones with their header) that passes the same validation as an import.

Rows made in Vangnet get an HSDS id at their first export, kept for good: importing the export back
into the same database matches them instead of adding them twice. Which of our fields HSDS cannot
carry (cancelled dates, translations, drafts) is in the README's HSDS section."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from ....choices import SPOKEN_LANGUAGES
from ....extensions import db
from ....models import Activity, Municipality, Neighbourhood, Organisation, Place
from . import mapping
from .package import write


@dataclass
class Exported:
    tables: dict[str, list[dict]] = field(default_factory=dict)
    places: int = 0
    activities: int = 0
    left_out: list[str] = field(default_factory=list)  # activities whose schedule HSDS cannot say

    def add(self, file: str, row: dict) -> None:
        self.tables.setdefault(file, []).append(row)


def export_package(folder: Path, municipality: Municipality) -> Exported:
    """Write the package into `folder` (which exists); the caller commits the HSDS ids given."""
    exported = Exported()
    places = published_places(municipality)
    organisations = {o.id: o for o in db.session.scalars(
        db.select(Organisation).where(Organisation.municipality_id == municipality.id).order_by(Organisation.id))}
    organisations.update({p.owner.id: p.owner for p in places if p.owner is not None})
    for organisation in organisations.values():
        give_id(organisation, "organisation", municipality.code)
        add_organisation(exported, organisation)
    for place in places:
        add_place(exported, place, municipality)
    write(folder, exported.tables)
    return exported


def published_places(municipality: Municipality) -> list[Place]:
    in_town = or_(Place.neighbourhood_id.in_(db.select(Neighbourhood.id).where(
        Neighbourhood.municipality_id == municipality.id)), Place.owner_id.in_(
        db.select(Organisation.id).where(Organisation.municipality_id == municipality.id)))
    return list(db.session.scalars(
        db.select(Place).where(in_town, Place.status == "published")
        .options(selectinload(Place.owner), selectinload(Place.activities).selectinload(Activity.texts))
        .order_by(Place.id)))


def give_id(row, kind: str, code: str) -> str:
    if not row.hsds_id:
        row.hsds_id = mapping.stable_id(kind, code, row.id)
    return row.hsds_id


def add_organisation(exported: Exported, organisation: Organisation) -> None:
    exported.add("organizations.csv", {
        "id": organisation.hsds_id, "name": organisation.name, "description": organisation.name,
        "email": organisation.correction_email, "website": organisation.website})
    if organisation.phone:
        exported.add("phones.csv", {"id": mapping.stable_id("phone", organisation.hsds_id),
                                    "organization_id": organisation.hsds_id, "number": organisation.phone,
                                    "type": "voice"})


def town_organisation(exported: Exported, municipality: Municipality) -> str:
    """Services need an organisation in HSDS; a place without one gets the municipality's."""
    hsds_id = mapping.stable_id("municipality", municipality.code)
    if all(row["id"] != hsds_id for row in exported.tables.get("organizations.csv", [])):
        name = f"Gemeente {municipality.name}"
        exported.add("organizations.csv", {"id": hsds_id, "name": name, "description": name})
    return hsds_id


def add_place(exported: Exported, place: Place, municipality: Municipality) -> None:
    location = give_id(place, "place", municipality.code)
    owner = place.owner.hsds_id if place.owner else None
    exported.add("locations.csv", {
        "id": location, "location_type": "physical", "url": place.website, "organization_id": owner,
        "name": place.name, "latitude": place.lat, "longitude": place.lon})
    exported.add("addresses.csv", {
        "id": mapping.stable_id("address", location), "location_id": location, "address_1": place.address,
        "city": place.city, "region": municipality.name, "state_province": municipality.name,
        "postal_code": place.postcode, "country": "NL", "address_type": "physical"})
    if place.phone:
        exported.add("phones.csv", {"id": mapping.stable_id("phone", location), "location_id": location,
                                    "number": place.phone, "type": "voice"})
    for flag, text in mapping.ACCESSIBILITY_TEXTS.items():
        if getattr(place, flag):
            exported.add("accessibility.csv", {"id": mapping.stable_id("accessibility", location, flag),
                                               "location_id": location, "description": text})
    exported.places += 1
    for activity in sorted(place.activities, key=lambda a: a.id):
        if activity.status == "published":
            add_activity(exported, activity, location, owner or town_organisation(exported, municipality),
                         municipality)


def add_activity(exported: Exported, activity: Activity, location: str, organisation: str,
                 municipality: Municipality) -> None:
    dutch = activity.text("nl")
    hours = mapping.schedule_row(activity.rrule, activity.first_date, activity.start_time, activity.duration_minutes)
    if hours is None:
        exported.left_out.append(dutch.title)
        return
    sal = give_id(activity, "activity", municipality.code)
    service = mapping.stable_id("service", sal)
    exported.add("services.csv", {
        "id": service, "organization_id": organisation, "name": dutch.title, "description": dutch.description,
        "status": "active", "application_process": mapping.SIGN_UP_TEXT if activity.signup_required
        else mapping.WALK_IN_TEXT, "assured_date": activity.place.last_checked})
    exported.add("service_at_location.csv", {"id": sal, "service_id": service, "location_id": location})
    exported.add("schedules.csv", {"id": mapping.stable_id("schedule", sal), "service_id": service,
                                   "location_id": location, "service_at_location_id": sal, **hours})
    for code in activity.language_codes:
        exported.add("languages.csv", {"id": mapping.stable_id("language", sal, code), "service_id": service,
                                       "location_id": location, "code": code,
                                       "name": SPOKEN_LANGUAGES.get(code, (code,))[0]})
    if activity.cost_cents:
        exported.add("cost_options.csv", {"id": mapping.stable_id("cost", sal), "service_id": service,
                                          "option": "Bijdrage", "currency": "EUR",
                                          "amount": Decimal(activity.cost_cents) / 100})
    add_terms(exported, service, {"category": activity.category, "audience": activity.audience})
    exported.activities += 1


def add_terms(exported: Exported, service: str, keys: dict[str, str]) -> None:
    """Category and audience as terms of our own two taxonomies, linked to the service."""
    for kind, key in keys.items():
        name, _choices = mapping.TAXONOMIES[kind]
        taxonomy, term = mapping.stable_id("taxonomy", kind), mapping.term_ids(kind).get(key)
        if term is None:
            continue
        if all(row["id"] != taxonomy for row in exported.tables.get("taxonomies.csv", [])):
            exported.add("taxonomies.csv", {"id": taxonomy, "name": name, "description": name, "version": "1"})
        if all(row["id"] != term for row in exported.tables.get("taxonomy_terms.csv", [])):
            exported.add("taxonomy_terms.csv", {"id": term, "code": key, "name": key, "description": f"{name}: {key}",
                                                "taxonomy": name, "taxonomy_id": taxonomy, "language": "nl"})
        exported.add("attributes.csv", {"id": mapping.stable_id("attribute", service, kind), "link_id": service,
                                        "taxonomy_term_id": term, "link_type": kind, "link_entity": "service"})

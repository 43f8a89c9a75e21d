"""The invented part of the demo: example places and activities in real buurten (every place named
"Voorbeeld: …" and marked is_example, so no page presents it as real) and the two demo kiosks."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable

from .. import geo, listings, schedule
from ..extensions import db
from ..models import (
    Activity,
    Kiosk,
    Neighbourhood,
    Place,
    Postcode,
    new_activation_token,
)
from .example_kinds import ACTIVITY_TEMPLATES, EXAMPLE_AREAS, PLACE_KINDS, SCHEDULES
from .opendata import slugify

BUSY_WIJK = "WK050325"  # Buitenhof, where the demo kiosk stands
# (name, buurt, has a printer): the tablets of Delft voor Elkaar and of Leiden's wijkcentrum.
KIOSKS = (
    ("Voorbeeld: Bibliotheek Buitenhof", "BU05032500", True),
    ("Voorbeeld: Wijkcentrum Meerburg", "BU05460400", False),
)
# Telephone area codes, for example numbers that cannot exist (no subscriber number starts with 0).
AREA_CODES = {"Delft": "015", "Leiden": "071", "Tilburg": "013"}
# What volunteers at a place speak besides Dutch, for activities that do not say so themselves.
PLACE_LANGUAGES = ("nl", "nl", "nl en", "nl ar", "nl tr", "nl pl uk")

# Which kinds of activity suit which time of day (by Dutch title), so that no "Koffie-ochtend" starts
# at seven in the evening.
MORNING = ("Koffie-ochtend", "Bewegen voor ouderen", "Samen tuinieren", "Vrouwenochtend", "Digicafé",
           "Spreekuur geldzaken", "Taalcafé", "Creatief atelier")
AFTERNOON = ("Spelletjesmiddag", "Bewegen voor ouderen", "Creatief atelier", "Samen tuinieren", "Taalcafé",
             "Digicafé", "Spreekuur geldzaken", "Praatgroep Samen Sterk")
EVENING = ("Samen eten", "Buurtkoor", "Taalcafé", "Praatgroep Samen Sterk", "Creatief atelier")
# Late on Saturday, until one at night: the activity that runs past midnight.
LATE_EVENING = {"category": "coffee", "minutes": 180, "languages": "nl en", "texts": {
    "nl": ("Zaterdagavond-inloop", "Voor wie 's avonds niet alleen wil zijn. Er is thee, soep en tijd voor "
           "een gesprek. U kunt gewoon binnenlopen, tot 1 uur 's nachts."),
    "en": ("Saturday night drop-in", "For anyone who would rather not be alone in the evening. There is tea, "
           "soup and time for a chat. You can just walk in, until one o'clock at night."),
    "ar": ("سهرة السبت المفتوحة", "لمن لا يريد أن يبقى وحده في المساء. يوجد شاي وحساء ووقت للحديث. "
           "يمكنك الدخول مباشرة حتى الساعة الواحدة ليلًا."),
    "tr": ("Cumartesi akşamı açık kapı", "Akşamları yalnız kalmak istemeyenler için. Çay, çorba ve sohbet "
           "için zaman var. Gece saat bire kadar doğrudan içeri girebilirsiniz."),
    "pl": ("Otwarty sobotni wieczór", "Dla każdego, kto nie chce być wieczorem sam. Jest herbata, zupa "
           "i czas na rozmowę. Można po prostu wejść, do pierwszej w nocy."),
    "uk": ("Відкритий суботній вечір", "Для всіх, хто не хоче бути ввечері на самоті. Є чай, суп і час "
           "для розмови. Можна просто зайти, до першої години ночі."),
}}
TEMPLATES = {template["texts"]["nl"][0]: template for template in (*ACTIVITY_TEMPLATES, LATE_EVENING)}
# Start times move by up to an hour, staying in their part of the day, so that not all start on the hour.
SHIFTS = (0, -30, 30, -60, 60)


# Example places, activities and kiosks ------------------------------------------------------------


def example_point(buurt: Neighbourhood, n: int) -> tuple[float, float]:
    """A point near the buurt's label point, inside its outline (else its wijk's) when CBS gives one."""
    outline = buurt.outline or (buurt.parent.outline if buurt.parent else None)
    geometry = json.loads(outline) if outline else None
    for step in range(12):
        angle, radius = n * 2.4 + step * 0.7, 0.0012 / (1 + step * 0.3)
        lat = buurt.lat + radius * 0.6 * math.sin(angle)
        lon = buurt.lon + radius * math.cos(angle)
        if geometry is None or geo.outline_contains(geometry, lat, lon):
            return round(lat, 6), round(lon, 6)
    return buurt.lat, buurt.lon


def nearest_pc4(postcodes: list[Postcode], municipality_id: int, lat: float, lon: float) -> str | None:
    """The PC4 whose GeoNames centroid is nearest, within the municipality: the likeliest real postcode."""
    candidates = [p for p in postcodes if p.municipality_id == municipality_id]
    return min(candidates, key=lambda p: geo.distance_m(lat, lon, p.lat, p.lon)).pc4 if candidates else None


def example_places(neighbourhoods: dict[str, Neighbourhood], today: dt.date) -> list[Place]:
    """The example places of EXAMPLE_AREAS, created or brought up to date (their check dates are
    set once, so that some stay older than six months)."""
    postcodes = list(db.session.scalars(db.select(Postcode).where(Postcode.municipality_id.is_not(None))))
    rows = [example_place_row(neighbourhoods[code], city, postcode, postcodes, n, i)
            for n, (code, city, postcode, places_there) in enumerate(EXAMPLE_AREAS) for i in range(places_there)]
    existing = {p.name: p for p in db.session.scalars(
        db.select(Place).where(Place.name.in_([row["name"] for row in rows])))}
    places, change = [], listings.Change(by=None, source="demo")
    for seed, row in enumerate(rows):
        place = existing.get(row["name"])
        if place is None:
            place = Place(last_checked=today - dt.timedelta(days=20 + (seed * 37) % 300), status="published")
            db.session.add(place)
        change.set(place, row)
        places.append(place)
    db.session.flush()
    return places


def example_place_row(buurt: Neighbourhood, city: str, postcode: str, postcodes: list, n: int, i: int) -> dict:
    seed = n * 7 + i
    kind, organisation = PLACE_KINDS[(n * 3 + i) % len(PLACE_KINDS)]
    name = f"Voorbeeld: {kind} {buurt.name}" + (f" {i + 1}" if i else "")
    lat, lon = example_point(buurt, n * 5 + i)
    pc4 = nearest_pc4(postcodes, buurt.municipality_id, lat, lon) or postcode[:4]
    return {
        "name": name, "address": f"Voorbeeldstraat {seed + 1}", "postcode": f"{pc4} {postcode[-2:]}",
        "city": city, "lat": lat, "lon": lon, "neighbourhood_id": buurt.id,
        "organisation": f"Voorbeeld {organisation} {city}",
        "phone": f"{AREA_CODES[city]} 000 00 {seed % 100:02d}" if seed % 3 else None,
        "website": f"https://example.org/{slugify(name)}" if seed % 4 == 0 else None,
        "step_free": seed % 4 != 3, "accessible_toilet": seed % 3 == 0, "hearing_loop": seed % 5 == 0,
        "is_example": True,
    }


def activity_plan(n: int, taken: Iterable[str] = ()) -> tuple[dict, str | None, dt.time]:
    """The n-th example activity: a schedule, a kind of activity that suits its time of day (other
    than those `taken`), and a start time moved a little within that part of the day."""
    rule, start = SCHEDULES[n % len(SCHEDULES)]
    titles = titles_for(start)
    free = [titles[(n + k) % len(titles)] for k in range(len(titles))]
    title = next((t for t in free if t not in taken), free[0])
    moved = (dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=SHIFTS[n % len(SHIFTS)])).time()
    keep = start.hour >= 21 or moved.hour < 9 or titles_for(moved) != titles
    return TEMPLATES[title], rule, start if keep else moved


def titles_for(start: dt.time) -> tuple[str, ...]:
    if start.hour >= 21:
        return (LATE_EVENING["texts"]["nl"][0],)
    return MORNING if start.hour < 12 else AFTERNOON if start.hour < 18 else EVENING


def activity_fields(template: dict, rule: str | None, start: dt.time, languages: str) -> dict:
    return {
        "category": template["category"], "rrule": rule, "start_time": start,
        "duration_minutes": template.get("minutes", 120), "cost_cents": template.get("cost", 0),
        "languages": template.get("languages", languages), "signup_required": template.get("signup", False),
        "audience": template.get("audience", "everyone"),
    }


def first_date(current: dt.date | None, rule: str | None, n: int, today: dt.date) -> dt.date:
    """A single date in the coming weeks; a recurring one started in the past, so it is running now."""
    if rule is None:
        return current if current and current >= today else today + dt.timedelta(days=n % 20)
    return current if current and current <= today else today - dt.timedelta(days=90)


def example_activities(places: list[Place], today: dt.date) -> None:
    """Three activities a place (four in Buitenhof), matched on (place, Dutch title). Schedules cycle
    in order, and Buitenhof's places come first: each of its days has mornings, afternoons and
    evenings, twice over, so that "today near the kiosk" always finds something."""
    existing = {(a.place_id, a.text("nl").title): a for a in db.session.scalars(
        db.select(Activity).where(Activity.place_id.in_([p.id for p in places])))}
    n = 0
    for p, place in enumerate(places):
        taken = set()
        for _ in range(4 if place.neighbourhood.parent and place.neighbourhood.parent.code == BUSY_WIJK else 3):
            template, rule, start = activity_plan(n, taken)
            taken.add(template["texts"]["nl"][0])
            activity = existing.pop((place.id, template["texts"]["nl"][0]), None)
            fields = activity_fields(template, rule, start, PLACE_LANGUAGES[p % len(PLACE_LANGUAGES)])
            save_activity(activity or Activity(place=place), template, fields, n, today)
            n += 1
    for (_, title), stale in existing.items():
        if title in TEMPLATES:  # made by an older demo set; staff's own activities stay
            db.session.delete(stale)


def save_activity(activity: Activity, template: dict, fields: dict, n: int, today: dt.date) -> None:
    """Through the editor's way of saving (app.listings): the demo's changes are in the history too."""
    is_new, change = activity.id is None, listings.Change(by=None, source="demo")
    if is_new:
        activity.status = "published"
    db.session.add(activity)
    change.set(activity, {**fields, "first_date": first_date(activity.first_date, fields["rrule"], n, today)})
    texts = template["texts"]
    for lang in ("nl", *sorted(set(texts) - {"nl"})):  # the Dutch first: translations are written from it
        change.text(activity, lang, *texts[lang])
    if is_new and activity.rrule and n % 9 == 0:
        change.cancellations(activity, [date_in_two_weeks(activity, today)])


def date_in_two_weeks(activity: Activity, today: dt.date) -> dt.date:
    """A date the activity would happen on, two weeks or more from today: one to cancel."""
    rule = schedule.parse_rule(activity.rrule, activity.first_date, activity.start_time)
    found = rule.after(dt.datetime.combine(today + dt.timedelta(days=14), dt.time.min)) if rule else None
    return found.date() if found else today + dt.timedelta(days=14)


def load_kiosks(neighbourhoods: dict[str, Neighbourhood]) -> list[Kiosk]:
    """The two demo kiosks, created once; one never activated has a one-time activation link."""
    kiosks = []
    for name, code, printer in KIOSKS:
        kiosk = db.session.scalar(db.select(Kiosk).where(Kiosk.name == name))
        if kiosk is None:
            lat, lon = example_point(neighbourhoods[code], 99)
            kiosk = Kiosk(name=name, lat=lat, lon=lon, neighbourhood_id=neighbourhoods[code].id,
                          default_language="nl", idle_seconds=120, has_printer=printer)
            db.session.add(kiosk)
        if kiosk.activated_at is None and kiosk.activation_token is None:
            kiosk.activation_token = new_activation_token()
        kiosks.append(kiosk)
    return kiosks

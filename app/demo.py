"""Demo data: the real CBS neighbourhoods and GeoNames postcodes from ../shared/data, example places
and activities in real buurten (every one marked "Voorbeeld"), two kiosks, and a national-scale set
for benchmarks.

`demo load` is idempotent: rows are matched on their natural keys (CBS code, postcode, place name,
activity title at a place), so a second run adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import random
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import func, insert, update

from . import geo, schedule
from .demo_examples import ACTIVITY_TEMPLATES, EXAMPLE_AREAS, PLACE_KINDS, SCHEDULES
from .extensions import db
from .kiosk import activation_url
from .models import (
    Activity,
    ActivityText,
    Cancellation,
    CrisisLine,
    Kiosk,
    Municipality,
    Neighbourhood,
    Place,
    Postcode,
    new_activation_token,
)

# Municipal service numbers (14 + area code) we know to be right; others stay empty rather than wrong.
HELP_PHONES = {"GM0503": "14 015", "GM0546": "14 071", "GM0855": "14 013"}
# Real national numbers; a town adds its own (the GGZ crisis service, the huisartsenpost).
NATIONAL_CRISIS_LINES = (
    ("Veilig Thuis (huiselijk geweld, verwaarlozing)", "0800 2000"),
    ("113 Zelfmoordpreventie", "0800 0113"),
)
HELP_TEXT = "Vraag het aan de balie van de bibliotheek of het wijkcentrum."
DELFT = "GM0503"
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


def data_path(*parts: str) -> Path:
    return Path(current_app.config["SHARED_DATA_DIR"], *parts)


def read_json(*parts: str) -> dict:
    """A JSON file of the open data, parsed once per process (callers must not change it)."""
    return _read_json(str(data_path(*parts)))


@lru_cache(maxsize=8)
def _read_json(path: str) -> dict:
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def read_csv(*parts: str) -> list[dict]:
    with open(data_path(*parts), encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def wijk_name(cbs_name: str) -> str:
    """ "Wijk 04 Noord" → "Noord": the name residents use."""
    return re.sub(r"^Wijk \d+ ", "", cbs_name)


# Geometry -----------------------------------------------------------------------------------------


def polygons(geometry: dict) -> list:
    """The polygons of a Polygon or MultiPolygon, without empty ones."""
    found = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [polygon for polygon in found if polygon and polygon[0]]


def compact(geometry: dict) -> str:
    """GeoJSON with coordinates rounded to 6 decimals (10 cm) and no spaces: pages draw it."""

    def rounded(polygon: list) -> list:
        return [[[round(x, 6), round(y, 6)] for x, y in ring] for ring in polygon]

    coordinates = geometry["coordinates"]
    coordinates = [rounded(p) for p in coordinates] if geometry["type"] == "MultiPolygon" else rounded(coordinates)
    return json.dumps({"type": geometry["type"], "coordinates": coordinates}, separators=(",", ":"))


def ring_area_and_centre(ring: list) -> tuple[float, float, float]:
    """Signed area (shoelace, in degrees²) and the centre of mass (lat, lon) of a lon/lat ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area, cx, cy = area + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    if abs(area) < 1e-15:
        return 0.0, sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring)
    return area / 2, cy / (3 * area), cx / (3 * area)


def centroid(geometry: dict) -> tuple[float, float]:
    """The centre of mass of the largest polygon, or a point inside it where that falls outside
    (a crescent-shaped wijk): the point is used to sort by distance and to find the area again."""
    ring = max((polygon[0] for polygon in polygons(geometry)), key=lambda r: abs(ring_area_and_centre(r)[0]))
    _, lat, lon = ring_area_and_centre(ring)
    if geo.outline_contains(geometry, lat, lon):
        return lat, lon
    return inside_on_row(ring, lat) or (lat, lon)


def inside_on_row(ring: list, lat: float) -> tuple[float, float] | None:
    """The middle of the widest stretch of the ring's inside along one line of latitude."""
    xs = sorted(x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
                for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True) if (y1 > lat) != (y2 > lat))
    stretches = list(zip(xs[::2], xs[1::2], strict=False))
    if not stretches:
        return None
    west, east = max(stretches, key=lambda s: s[1] - s[0])
    return lat, (west + east) / 2


def random_point_in(geometry: dict, rng: random.Random) -> tuple[float, float]:
    """A random point inside the outline (its largest polygon), rounded to 10 cm."""
    ring = max((polygon[0] for polygon in polygons(geometry)), key=len)
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    for _ in range(50):
        lat, lon = rng.uniform(min(lats), max(lats)), rng.uniform(min(lons), max(lons))
        if geo.outline_contains(geometry, lat, lon):
            return round(lat, 6), round(lon, 6)
    return centroid(geometry)


# Municipalities, neighbourhoods, postcodes ----------------------------------------------------------


def upsert(model, key: str, rows: list[dict]) -> dict:
    """Insert the rows whose key is new, update the others; return these rows' objects by key."""
    column = getattr(model, key)
    existing = {getattr(obj, key): obj for obj in db.session.scalars(
        db.select(model).where(column.in_([row[key] for row in rows])))}
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            obj = existing[row[key]] = model(**row)
            db.session.add(obj)
        else:
            for name, value in row.items():
                setattr(obj, name, value)
    db.session.flush()
    return existing


def target_wijken(codes: Iterable[str] | None = None) -> list[dict]:
    """The 2016 wijk features of the nine target gemeenten (WGS84), or of some of them."""
    features = read_json("derived", "cbs_wijken_2016_target_wgs84.geojson")["features"]
    return [f for f in features if codes is None or f["properties"]["gemeentecode"] in codes]


def load_municipalities(codes: Iterable[str] | None = None) -> dict[str, Municipality]:
    """The nine target gemeenten (or some of them) by CBS code, with Help texts."""
    names = {f["properties"]["gemeentecode"]: f["properties"]["gemeentenaam"] for f in target_wijken(codes)}
    rows = [
        {"code": code, "name": name, "slug": slugify(name), "help_phone": HELP_PHONES.get(code),
         "help_text": HELP_TEXT}
        for code, name in sorted(names.items())
    ]
    return upsert(Municipality, "code", rows)


def load_neighbourhoods(municipalities: dict[str, Municipality]) -> dict[str, Neighbourhood]:
    """Of these municipalities: the 2016 wijken with outlines, the 2014 buurten, and Delft's 2023
    buurt outlines (joined on name: CBS gives the 2023 file without codes)."""
    wijken = upsert(Neighbourhood, "code", [wijk_row(f, municipalities) for f in target_wijken(municipalities)])
    outlines = delft_outlines() if DELFT in municipalities else {}
    rows = [buurt_row(row, municipalities, wijken, outlines)
            for row in read_csv("derived", "cbs_buurten_2014_labelpoints_target.csv")
            if row["gemeentecode"] in municipalities]
    return wijken | upsert(Neighbourhood, "code", rows)


def wijk_row(feature: dict, municipalities: dict[str, Municipality]) -> dict:
    props, geometry = feature["properties"], feature["geometry"]
    lat, lon = centroid(geometry)
    return {"code": props["wijkcode"], "kind": "wijk", "name": wijk_name(props["wijknaam"]),
            "municipality_id": municipalities[props["gemeentecode"]].id, "lat": lat, "lon": lon,
            "outline": compact(geometry)}


def delft_outlines() -> dict[str, dict]:
    """Delft's 2023 buurt outlines by name. Two of them (Indische Buurt-Zuid, Schoemakerplantage) have
    no 2014 code to join to, and we do not make codes up: they are left out."""
    features = read_json("cbs-buurten-2023-delft", "wijken_en_buurten.geojson")["features"]
    return {f["properties"]["BU_NAAM"]: f["geometry"] for f in features}


def buurt_row(row: dict, municipalities: dict, wijken: dict, outlines: dict) -> dict:
    municipality = municipalities[row["gemeentecode"]]
    parent = wijken.get(row["wijkcode"])
    # Haarlem and Zandvoort renumbered their wijken after 2014: join only where the wijk is theirs.
    if parent is not None and parent.municipality_id != municipality.id:
        parent = None
    outline = outlines.get(row["buurtnaam"]) if row["gemeentecode"] == DELFT else None
    return {"code": row["buurtcode"], "kind": "buurt", "name": row["buurtnaam"],
            "municipality_id": municipality.id, "parent_id": parent.id if parent else None,
            "lat": float(row["label_lat"]), "lon": float(row["label_lon"]),
            "outline": compact(outline) if outline else None}


def chosen_postcodes() -> dict[str, dict]:
    """One GeoNames row per PC4. Where there are two: the one in the gemeente that our list of target
    PC4s names, else the one nearest the PC4s with the same first three digits (a few rows are
    wrong: 2324, Leiden, also appears as Amersfoort)."""
    by_pc4 = defaultdict(list)
    for row in read_csv("geonames-nl-pc4", "zipcodes.nl.csv"):
        row["lat"], row["lon"] = float(row["latitude"]), float(row["longitude"])
        by_pc4[row["zipcode"]].append(row)
    ours = {row["pc4"]: row["gemeentecode"] for row in read_csv("derived", "pc4_target_gemeenten.csv")}
    return {pc4: best_postcode_row(pc4, rows, by_pc4, ours.get(pc4)) for pc4, rows in by_pc4.items()}


def best_postcode_row(pc4: str, rows: list[dict], by_pc4: dict, gemeente: str | None) -> dict:
    rows = [row for row in rows if "GM" + row["province_code"] == gemeente] or rows
    around = [r for n in range(10) if (other := f"{pc4[:3]}{n}") != pc4 for r in by_pc4.get(other, ())]
    if len(rows) == 1 or not around:
        return rows[0]
    lat, lon = sum(r["lat"] for r in around) / len(around), sum(r["lon"] for r in around) / len(around)
    return min(rows, key=lambda row: geo.distance_m(lat, lon, row["lat"], row["lon"]))


def load_postcodes(municipalities: dict[str, Municipality]) -> None:
    """Every Dutch PC4 centroid, a postcode typed anywhere can be found; those in these
    municipalities point to them. Only new or changed rows are written."""
    by_cbs = {m.code: m.id for m in municipalities.values()}
    wanted = {pc4: {"pc4": pc4, "place_name": row["place"], "lat": row["lat"], "lon": row["lon"],
                    "municipality_id": by_cbs.get("GM" + row["province_code"])}
              for pc4, row in chosen_postcodes().items()}
    existing = {row.pc4: row._asdict() for row in db.session.execute(db.select(
        Postcode.pc4, Postcode.place_name, Postcode.lat, Postcode.lon, Postcode.municipality_id))}
    new = [row for pc4, row in wanted.items() if pc4 not in existing]
    changed = [row for pc4, row in wanted.items() if pc4 in existing and existing[pc4] != row]
    if new:
        db.session.execute(insert(Postcode), new)
    if changed:
        db.session.execute(update(Postcode), changed)


def load_areas(codes: Iterable[str] | None = None) -> dict[str, Neighbourhood]:
    """Municipalities, neighbourhoods and postcodes: of all nine target gemeenten, or of some
    (tests load only Delft, {"GM0503"}, which is fast)."""
    municipalities = load_municipalities(codes)
    neighbourhoods = load_neighbourhoods(municipalities)
    load_postcodes(municipalities)
    load_crisis_lines(municipalities)
    return neighbourhoods


def load_crisis_lines(municipalities: dict[str, Municipality]) -> None:
    """The national crisis lines (real numbers) for each municipality that has none configured yet."""
    configured = set(db.session.scalars(db.select(CrisisLine.municipality_id).distinct()))
    for municipality in municipalities.values():
        if municipality.id not in configured:
            db.session.add_all(CrisisLine(municipality_id=municipality.id, name=name, phone=phone, position=position)
                               for position, (name, phone) in enumerate(NATIONAL_CRISIS_LINES))


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
    places = []
    for seed, row in enumerate(rows):
        place = existing.get(row["name"])
        if place is None:
            place = Place(last_checked=today - dt.timedelta(days=20 + (seed * 37) % 300))
            db.session.add(place)
        for name, value in row.items():
            setattr(place, name, value)
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
    is_new = activity.id is None
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.first_date = first_date(activity.first_date, activity.rrule, n, today)
    texts = {text.lang: text for text in activity.texts}
    for lang, (title, description) in template["texts"].items():
        text = texts.get(lang) or ActivityText(lang=lang)
        text.title, text.description = title, description
        if lang not in texts:
            activity.texts.append(text)
    if is_new and activity.rrule and n % 9 == 0:
        activity.cancellations.append(Cancellation(date=date_in_two_weeks(activity, today)))
    db.session.add(activity)


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


def count(model) -> int:
    return db.session.scalar(db.select(func.count()).select_from(model))


def analyze() -> None:
    """Fresh statistics after a bulk load, or the query planner guesses wrong (a 50x slower finder)."""
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()


@click.group("demo")
def demo_cli():
    """Demo and benchmark data."""


@demo_cli.command("load")
def load():
    """Load real neighbourhoods and postcodes, example places and activities, and two kiosks."""
    started, today = time.monotonic(), dt.date.today()
    neighbourhoods = load_areas()
    example_activities(example_places(neighbourhoods, today), today)
    kiosks = load_kiosks(neighbourhoods)
    db.session.commit()
    analyze()
    click.echo(f"{count(Municipality)} municipalities, {count(Neighbourhood)} neighbourhoods, "
               f"{count(Postcode)} postcodes, {count(Place)} places, {count(Activity)} activities "
               f"in {time.monotonic() - started:.1f} s.")
    for kiosk in kiosks:
        if kiosk.activated_at is None:
            click.echo(f"Open on the tablet to make it the kiosk '{kiosk.name}': {activation_url(kiosk)}")


# The national-scale set ---------------------------------------------------------------------------


def next_id(model) -> int:
    return (db.session.scalar(db.select(func.max(model.id))) or 0) + 1


def insert_chunked(model, rows: list[dict], size: int = 5000) -> None:
    for start in range(0, len(rows), size):
        db.session.execute(insert(model), rows[start : start + size])


def fix_sequences(*models) -> None:
    """Rows inserted with explicit ids leave PostgreSQL's sequences behind: move them on."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__
        db.session.execute(db.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"))


def national_wijken() -> list[dict]:
    """Every Dutch wijk of 2016 (CBS, RD New) with its outline converted to WGS84."""
    return _national_wijken(str(data_path("cbs-wijken-2016-nl", "wijk_2016_6.geojson")))


@lru_cache(maxsize=1)
def _national_wijken(path: str) -> list[dict]:
    """Converted once per process: the conversion and the compact outlines take a few seconds."""
    wijken = []
    for feature in _read_json(path)["features"]:
        found = polygons(feature["geometry"]) if feature["geometry"] else []
        if not found:
            continue  # two wijken of 2016 have no land (water only)
        converted = [[[list(reversed(geo.rd_to_wgs84(x, y))) for x, y in ring] for ring in polygon]
                     for polygon in found]
        geometry = {"type": "MultiPolygon", "coordinates": converted}
        wijken.append({**feature["properties"], "geometry": geometry, "outline": compact(geometry),
                       "centre": centroid(geometry)})
    return wijken


def scale_areas(wijken: list[dict]) -> list[tuple[int, dict, str]]:
    """A Municipality per gemeente and a Neighbourhood per wijk of the whole country (those that
    exist already are kept); returns (neighbourhood id, outline, municipality name) per wijk."""
    municipalities = {m.code: m for m in db.session.scalars(db.select(Municipality))}
    for wijk in wijken:
        if wijk["GMC"] not in municipalities:
            municipalities[wijk["GMC"]] = Municipality(code=wijk["GMC"], name=wijk["GMN"],
                                                       slug=f"{slugify(wijk['GMN'])}-{wijk['GMC'].lower()}")
            db.session.add(municipalities[wijk["GMC"]])
    db.session.flush()
    existing = dict(db.session.execute(
        db.select(Neighbourhood.code, Neighbourhood.id).where(Neighbourhood.kind == "wijk")).all())
    new = {}
    for wijk in wijken:
        if wijk["WKC"] not in existing and wijk["WKC"] not in new:  # a few wijken come in two pieces
            lat, lon = wijk["centre"]
            new[wijk["WKC"]] = {"code": wijk["WKC"], "kind": "wijk", "name": wijk_name(wijk["WKN"]),
                                "lat": lat, "lon": lon, "municipality_id": municipalities[wijk["GMC"]].id,
                                "outline": wijk["outline"]}
    insert_chunked(Neighbourhood, list(new.values()), size=500)
    existing = dict(db.session.execute(
        db.select(Neighbourhood.code, Neighbourhood.id).where(Neighbourhood.kind == "wijk")).all())
    return [(existing[wijk["WKC"]], wijk["geometry"], wijk["GMN"]) for wijk in wijken]


class PostcodeGrid:
    """The nearest GeoNames PC4 centroid of a point, looked up in cells of about 5 by 5 km."""

    def __init__(self, rows: Iterable[tuple[str, dict]]):
        self.cells = defaultdict(list)
        for pc4, row in rows:
            self.cells[self.cell(row["lat"], row["lon"])].append((row["lat"], row["lon"], pc4, row["place"]))

    @staticmethod
    def cell(lat: float, lon: float) -> tuple[int, int]:
        return int(lat * 20), int(lon * 12)

    def nearest(self, lat: float, lon: float) -> tuple[str, str] | None:
        """(pc4, place name) of the nearest centroid in the point's cell or the eight around it."""
        row, column = self.cell(lat, lon)
        near = [p for dr in (-1, 0, 1) for dc in (-1, 0, 1) for p in self.cells.get((row + dr, column + dc), ())]
        best = min(near, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * 0.62) ** 2, default=None)
        return (best[2], best[3]) if best else None


def scale_place_rows(number: int, areas: list, rng: random.Random, today: dt.date) -> list[dict]:
    """Places spread over the wijken: each wijk one first (in random order), then in proportion."""
    first, grid = next_id(Place), PostcodeGrid(chosen_postcodes().items())
    letters = [a + b for a in "ABCDEFGHJKLMNPRTVWXZ" for b in "ABCDEFGHJKLMNPRSTVWXZ"]
    rows = []
    for n in range(number):
        area_id, geometry, town = areas[n] if n < len(areas) else rng.choice(areas)
        lat, lon = random_point_in(geometry, rng)
        pc4, place_name = grid.nearest(lat, lon) or ("1000", town)
        rows.append({
            "id": first + n, "name": f"Voorbeeld: {PLACE_KINDS[n % len(PLACE_KINDS)][0]} {first + n}",
            "address": f"Voorbeeldstraat {n % 200 + 1}", "postcode": f"{pc4} {rng.choice(letters)}",
            "city": place_name, "lat": lat, "lon": lon, "neighbourhood_id": area_id,
            "step_free": n % 4 != 3, "accessible_toilet": n % 3 == 0, "hearing_loop": n % 5 == 0,
            "last_checked": today - dt.timedelta(days=n % 400), "is_example": True,
        })
    return rows


def scale_activity_rows(number: int, place_ids: range, rng: random.Random, today: dt.date):
    """Activities over the places with the demo set's schedules; (activity rows, Dutch text rows)."""
    first = next_id(Activity)
    activities, texts = [], []
    for n in range(number):
        template, rule, start = activity_plan(rng.randrange(1 << 30))
        fields = activity_fields(template, rule, start, PLACE_LANGUAGES[n % len(PLACE_LANGUAGES)])
        date = first_date(None, rule, n, today)
        activities.append({**fields, "id": first + n, "place_id": rng.choice(place_ids), "first_date": date,
                           "weekdays": schedule.weekday_mask(rule, date)})
        title, description = template["texts"]["nl"]
        texts.append({"activity_id": first + n, "lang": "nl", "title": title, "description": description})
    return activities, texts


@demo_cli.command("scale")
@click.option("--places", type=click.IntRange(1, 1_000_000), default=50_000)
@click.option("--activities", type=click.IntRange(0, 5_000_000), default=200_000)
@click.option("--seed", type=int, default=1)
def scale(places, activities, seed):
    """Add a national-scale set over all Dutch wijken (CBS 2016), for benchmarks."""
    started, rng, today = time.monotonic(), random.Random(seed), dt.date.today()
    areas = scale_areas(national_wijken())
    rng.shuffle(areas)
    click.echo(f"{len(areas)} wijken ready after {time.monotonic() - started:.1f} s")
    place_rows = scale_place_rows(places, areas, rng, today)
    insert_chunked(Place, place_rows)
    click.echo(f"{places} places after {time.monotonic() - started:.1f} s")
    place_ids = range(place_rows[0]["id"], place_rows[-1]["id"] + 1)
    activity_rows, text_rows = scale_activity_rows(activities, place_ids, rng, today)
    insert_chunked(Activity, activity_rows)
    insert_chunked(ActivityText, text_rows)
    fix_sequences(Place, Activity)
    db.session.commit()
    analyze()
    click.echo(f"{places} places and {activities} activities in {time.monotonic() - started:.1f} s")

"""The real open data of ../shared/data: CBS municipalities, wijken and buurten with their outlines,
GeoNames postcodes, and the real national crisis numbers. Loaded by `demo load`, matched on natural keys
(CBS code, postcode), so a second run adds nothing."""

from __future__ import annotations

import csv
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import insert, update

from .. import geo
from ..extensions import db
from ..models import (
    CrisisLine,
    Municipality,
    Neighbourhood,
    Postcode,
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
    ring = max((polygon[0] for polygon in geo.polygons(geometry)), key=lambda r: abs(ring_area_and_centre(r)[0]))
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
    ring = max((polygon[0] for polygon in geo.polygons(geometry)), key=len)
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


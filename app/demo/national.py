"""A national-scale set for benchmarks: places and activities over all 2,980 Dutch wijken (CBS 2016)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import func, insert

from .. import geo, schedule
from ..extensions import db
from ..models import (
    Activity,
    Municipality,
    Neighbourhood,
    Place,
)
from .example_kinds import PLACE_KINDS
from .examples import PLACE_LANGUAGES, activity_fields, activity_plan, first_date
from .opendata import (
    _read_json,
    centroid,
    chosen_postcodes,
    compact,
    data_path,
    random_point_in,
    slugify,
    wijk_name,
)

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
        found = geo.polygons(feature["geometry"]) if feature["geometry"] else []
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


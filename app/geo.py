"""The one distance function and the geographic lookups of the finder."""

import json
import math
import re
import time
from typing import NamedTuple

from .extensions import db
from .models import Municipality, Neighbourhood, Postcode

EARTH_RADIUS_M = 6_371_000
# Streets do not run in straight lines: studies of route directness ("circuity") in European towns
# find walking routes about 1.2-1.4 times the straight line; 1.3 is the usual factor for Dutch
# street networks.
DETOUR_FACTOR = 1.3
# An older person's comfortable pace, about 0.9 m/s (54 m a minute). Gait-speed reference studies
# find 1.2-1.4 m/s for younger adults and 0.8-1.0 m/s for people over 75, and traffic engineering
# manuals time crossings for older pedestrians at about 0.9 m/s. Many of our residents are 75+.
WALKING_METRES_PER_MINUTE = 54
# Where to look for the neighbourhood of a point: centres within 25 km (the largest wijk is 26 km
# across); if no outline holds the point, the nearest buurt centre within 1.5 km (buurten that CBS
# gives only as a label point).
SEARCH_RADIUS_M = 25_000
FALLBACK_RADIUS_M = 1_500
POSTCODE = re.compile(r"\s*([1-9][0-9]{3})\s*(?:[A-Za-z]{2})?\s*", re.ASCII)


class _Area(NamedTuple):
    id: int
    kind: str
    distance: float


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def walking_minutes(distance_m: float) -> int:
    """Minutes an older person needs to walk a straight-line distance, along streets; at least 1."""
    return max(1, math.ceil(distance_m * DETOUR_FACTOR / WALKING_METRES_PER_MINUTE))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) around a point, for an indexed SQL pre-filter."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def parse_postcode(text: str | None) -> str | None:
    """ "2625", "2625 AB" or "2625ab" → "2625"; None for anything else."""
    if not isinstance(text, str) or len(text) > 20:
        return None
    match = POSTCODE.fullmatch(text)
    return match.group(1) if match else None


def postcode_centroid(pc4: str) -> Postcode | None:
    """The centroid of a four-digit postcode, or None if there is no such postcode."""
    return db.session.get(Postcode, pc4) if pc4 else None


class Centre(NamedTuple):
    pc4: str
    lat: float
    lon: float


# The finder's postcode centres as this process last read them, by database: (time.monotonic(), centre).
# Postcodes change only when the open data is loaded again; a centre read a few minutes ago will do.
KEEP_CENTRES_SECONDS = 600
_kept_centres: dict[tuple[str, str], tuple[float, Centre | None]] = {}


def kept_postcode_centroid(pc4: str) -> Centre | None:
    """postcode_centroid, kept for ten minutes per process: no database round trip for most searches.
    Only well-formed postcodes come here (at most 9,000), so the dict stays small."""
    if not pc4:
        return None
    key, now = (str(db.engine.url), pc4), time.monotonic()
    kept = _kept_centres.get(key)
    if kept is None or now - kept[0] > KEEP_CENTRES_SECONDS:
        row = db.session.execute(db.select(Postcode.lat, Postcode.lon).where(Postcode.pc4 == pc4)).first()
        kept = _kept_centres[key] = (now, Centre(pc4, row.lat, row.lon) if row else None)
    return kept[1]


def forget_postcode_centroids() -> None:
    """The next searches read the centres again (a test emptied the tables)."""
    _kept_centres.clear()


def in_netherlands(lat: float, lon: float) -> bool:
    """A generous box around the Netherlands (with the Wadden islands and South Limburg)."""
    return 50.65 <= lat <= 53.65 and 3.25 <= lon <= 7.30


def _in_ring(lon: float, lat: float, ring: list) -> bool:
    """Ray casting: does a horizontal ray from the point cross the ring an odd number of times?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def polygons(geometry: dict) -> list:
    """The polygons of a GeoJSON Polygon or MultiPolygon (each a list of rings, the outer ring first),
    without empty ones."""
    found = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [polygon for polygon in found if polygon and polygon[0]]


def outline_contains(geometry: dict, lat: float, lon: float) -> bool:
    """Is the point inside a GeoJSON Polygon or MultiPolygon (lon/lat), holes respected?"""
    return any(
        _in_ring(lon, lat, outer) and not any(_in_ring(lon, lat, hole) for hole in holes)
        for outer, *holes in polygons(geometry)
    )


def wijken_of(*municipality_ids: int) -> list[Neighbourhood]:
    """The wijken of these municipalities, by name."""
    return list(db.session.scalars(
        db.select(Neighbourhood)
        .where(Neighbourhood.municipality_id.in_(municipality_ids), Neighbourhood.kind == "wijk")
        .order_by(Neighbourhood.name, Neighbourhood.id)
    ))


def municipalities_with_wijken() -> list[Municipality]:
    """The municipalities a resident can pick a wijk in, by name."""
    with_wijken = db.select(Neighbourhood.municipality_id).where(Neighbourhood.kind == "wijk")
    return list(db.session.scalars(
        db.select(Municipality).where(Municipality.id.in_(with_wijken)).order_by(Municipality.name)
    ))


def neighbourhood_at(lat: float, lon: float) -> Neighbourhood | None:
    """The buurt (else the wijk) whose outline holds the point; else the nearest buurt within 1.5 km."""
    nearby = _areas_near(lat, lon)
    for kind in ("buurt", "wijk"):
        found = _first_containing([area for area in nearby if area.kind == kind], lat, lon)
        if found is not None:
            return db.session.get(Neighbourhood, found)
    buurten = [area for area in nearby if area.kind == "buurt"]
    if buurten and buurten[0].distance <= FALLBACK_RADIUS_M:
        return db.session.get(Neighbourhood, buurten[0].id)
    return None


def wijk_of(neighbourhood: Neighbourhood | None) -> Neighbourhood | None:
    """A buurt's wijk; a wijk itself (requests, inbox filters and the signal meeting count per wijk)."""
    if neighbourhood is not None and neighbourhood.kind == "buurt":
        return neighbourhood.parent
    return neighbourhood


def wijk_at(lat: float, lon: float, municipality_id: int | None) -> Neighbourhood | None:
    """The wijk of this municipality whose CBS outline holds the point (a postcode's centre); where the
    wijk has no outline, the wijk of the buurt that holds it. None outside the municipality."""
    found = _first_containing([area for area in _areas_near(lat, lon) if area.kind == "wijk"], lat, lon)
    wijk = db.session.get(Neighbourhood, found) if found is not None else wijk_of(neighbourhood_at(lat, lon))
    return wijk if wijk is not None and wijk.municipality_id == municipality_id else None


def _areas_near(lat: float, lon: float) -> list:
    """Neighbourhoods whose centre lies in a box around the point, nearest first.

    The box is wide because the largest wijken (Texel, Zeewolde, Maasvlakte) measure 20-26 km."""
    min_lat, min_lon, max_lat, max_lon = bounding_box(lat, lon, SEARCH_RADIUS_M)
    rows = db.session.execute(
        db.select(Neighbourhood.id, Neighbourhood.kind, Neighbourhood.lat, Neighbourhood.lon).where(
            Neighbourhood.lat.between(min_lat, max_lat), Neighbourhood.lon.between(min_lon, max_lon)
        )
    ).all()
    areas = [_Area(row.id, row.kind, distance_m(lat, lon, row.lat, row.lon)) for row in rows]
    return sorted(areas, key=lambda area: (area.distance, area.id))


def _first_containing(areas: list, lat: float, lon: float) -> int | None:
    """The id of the first area whose outline holds the point; outlines are read a few at a time,
    nearest first, because they are large and the answer is nearly always among the first."""
    for start in range(0, len(areas), 8):
        ids = [area.id for area in areas[start : start + 8]]
        outlines = dict(db.session.execute(
            db.select(Neighbourhood.id, Neighbourhood.outline).where(Neighbourhood.id.in_(ids))
        ).all())
        for id_ in ids:
            if outlines.get(id_) and outline_contains(json.loads(outlines[id_]), lat, lon):
                return id_
    return None


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """RD New (EPSG:28992) metres to WGS84 (lat, lon): the polynomial of Schreutelkamp and
    Strang van Hees, accurate to about a metre in the Netherlands."""
    dx, dy = (x - 155000) * 1e-5, (y - 463000) * 1e-5
    lat = 52.15517440 + (
        3235.65389 * dy - 32.58297 * dx**2 - 0.2475 * dy**2 - 0.84978 * dx**2 * dy - 0.0655 * dy**3
        - 0.01709 * dx**2 * dy**2 - 0.00738 * dx + 0.0053 * dx**4 - 0.00039 * dx**2 * dy**3
        + 0.00033 * dx**4 * dy - 0.00012 * dx * dy
    ) / 3600
    lon = 5.38720621 + (
        5260.52916 * dx + 105.94684 * dx * dy + 2.45656 * dx * dy**2 - 0.81885 * dx**3
        + 0.05594 * dx * dy**3 - 0.05607 * dx**3 * dy + 0.01199 * dy - 0.00256 * dx**3 * dy**2
        + 0.00128 * dx * dy**4 + 0.00022 * dy**2 - 0.00022 * dx**2 + 0.00026 * dx**5
    ) / 3600
    return lat, lon

"""A simple map drawn from the CBS outline of a neighbourhood, as inline SVG.

No tiles and no requests to other hosts: the outline, the place and "you are here" are all we draw.
"""

import json
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import geo
from .models import Neighbourhood

WIDTH = 480
PADDING = 40  # room for a label above or below a dot at the edge


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


def outline_rings(neighbourhood: Neighbourhood | None) -> list[list[tuple[float, float]]]:
    """The outer rings (lon, lat) of a neighbourhood, or of its wijk when a buurt has no outline."""
    while neighbourhood is not None and not neighbourhood.outline:
        neighbourhood = neighbourhood.parent
    if neighbourhood is None:
        return []
    geometry = json.loads(neighbourhood.outline)
    return [[(lon, lat) for lon, lat in polygon[0]] for polygon in geo.polygons(geometry)]


class Projection:
    """Equirectangular projection fitted to a box: fine at the scale of a neighbourhood."""

    def __init__(self, lons: list[float], lats: list[float]):
        self.kx = math.cos(math.radians(sum(lats) / len(lats)))
        self.min_x, self.max_y = min(lons) * self.kx, max(lats)
        span_x = max(max(lons) * self.kx - self.min_x, 1e-4)
        span_y = max(self.max_y - min(lats), 1e-4)
        self.scale = (WIDTH - 2 * PADDING) / max(span_x, span_y)
        self.height = round(span_y * self.scale + 2 * PADDING)
        self.offset_x = (WIDTH - 2 * PADDING - span_x * self.scale) / 2 + PADDING

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round((lon * self.kx - self.min_x) * self.scale + self.offset_x, 1),
            round((self.max_y - lat) * self.scale + PADDING, 1),
        )


def outline_path(ring: list[tuple[float, float]], project: Projection) -> str:
    corners = "L".join("{},{}".format(*project(lon, lat)) for lon, lat in ring)
    return f'<path class="map-outline" d="M{corners}Z"/>'


def marker(x: float, y: float, css_class: str, label: str, label_below: bool = False) -> str:
    """A dot with its label above it (or below, so that two labels close together do not overlap)."""
    label_y = y + 30 if label_below else y - 16
    return (
        f'<g class="{css_class}"><circle cx="{x}" cy="{y}" r="10"/>'
        f'<text class="map-label" x="{x}" y="{label_y}" text-anchor="middle">{escape(label)}</text></g>'
    )


def neighbourhood_map(
    neighbourhood: Neighbourhood | None, place: Point, here: Point | None, *, title: str,
    place_label: str, here_label: str,
) -> Markup:
    """The outline with the place and, when known and close enough to fit, where the resident is."""
    rings = outline_rings(neighbourhood)
    points = [place] + ([here] if here else [])
    lons = [lon for ring in rings for lon, _ in ring] + [p.lon for p in points]
    lats = [lat for ring in rings for _, lat in ring] + [p.lat for p in points]
    project = Projection(lons, lats)
    paths = "".join(outline_path(ring, project) for ring in rings)
    markers = marker(*project(place.lon, place.lat), "map-place", place_label)
    if here:
        markers += marker(*project(here.lon, here.lat), "map-here", here_label, label_below=True)
    return Markup(
        f'<svg class="map" viewBox="0 0 {WIDTH} {project.height}" role="img" aria-label="{escape(title)}">'
        f"{paths}{markers}</svg>"
    )

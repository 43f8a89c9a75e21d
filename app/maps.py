"""A simple map drawn from the CBS outline of a neighbourhood, as inline SVG.

No tiles and no requests to other hosts: the outline, the place and "you are here" are all we draw.
"""

import json
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from .models import Neighbourhood

WIDTH = 480
PADDING = 40  # room for a label above or below a dot at the edge
DOT_RADIUS = 10
FONT_SIZE = 18  # of a label, in the drawing's units (the SVG scales with the page)
# An estimate of a bold letter's width, as a share of the font size: generous for Latin, Cyrillic and
# Arabic, so that a label moved inward by its estimated width really stays in the drawing.
CHAR_WIDTH = 0.62
ABOVE, BELOW = 16, 30  # baseline of a label above or below its dot
DESCENT = 5  # letters reach this far below the baseline
EDGE = 4  # room between a label and the edge: its white halo is 2.5 wide
ARROW_INSET = 8  # the tip of the arrow to someone outside the drawing, from the edge


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
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [[(lon, lat) for lon, lat in polygon[0]] for polygon in polygons]


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


@dataclass(frozen=True)
class Label:
    """A text centred on x with its baseline at y, in the drawing's own units."""

    x: float
    y: float
    text: str

    @property
    def half_width(self) -> float:
        return len(self.text) * FONT_SIZE * CHAR_WIDTH / 2

    def overlaps(self, other: "Label") -> bool:
        return abs(self.x - other.x) < self.half_width + other.half_width and abs(self.y - other.y) < FONT_SIZE

    def svg(self) -> str:
        return (f'<text class="map-label" x="{self.x}" y="{self.y}" font-size="{FONT_SIZE}" '
                f'text-anchor="middle">{escape(self.text)}</text>')


def label_near(x: float, y: float, text: str, height: int, below: bool = False) -> Label:
    """A label above the point (or below it), moved inward where it would stick out of the drawing."""
    top_room = y - ABOVE - FONT_SIZE >= EDGE
    bottom_room = y + BELOW + DESCENT <= height - EDGE
    below = (below and bottom_room) or not top_room
    half = Label(x, y, text).half_width
    # A label wider than the drawing (no language comes close) stays centred rather than jumping off.
    x = WIDTH / 2 if 2 * (half + EDGE) > WIDTH else min(max(x, EDGE + half), WIDTH - EDGE - half)
    return Label(round(x, 1), round(y + BELOW if below else y - ABOVE, 1), text)


def dot(x: float, y: float, css_class: str, label: Label) -> str:
    return f'<g class="{css_class}"><circle cx="{x}" cy="{y}" r="{DOT_RADIUS}"/>{label.svg()}</g>'


def border_point(origin: tuple[float, float], target: tuple[float, float], height: int) -> tuple[float, float]:
    """Where the line from origin towards target leaves the drawing, ARROW_INSET inside its edge."""
    (ox, oy), (tx, ty) = origin, target
    dx, dy = tx - ox, ty - oy
    steps = []
    for delta, start, low, high in ((dx, ox, ARROW_INSET, WIDTH - ARROW_INSET),
                                    (dy, oy, ARROW_INSET, height - ARROW_INSET)):
        if delta:
            steps.append(((high if delta > 0 else low) - start) / delta)
    step = max(min(steps), 0)
    return round(ox + step * dx, 1), round(oy + step * dy, 1)


def away_arrow(origin: tuple[float, float], target: tuple[float, float], height: int, text: str,
               place_text: Label) -> str:
    """An arrow at the edge pointing to someone outside the drawing, with its label inside."""
    tip_x, tip_y = border_point(origin, target, height)
    angle = math.atan2(target[1] - origin[1], target[0] - origin[0])
    # The label sits a little back from the tip, on the side of the arrow facing the middle.
    back_x, back_y = tip_x - 30 * math.cos(angle), tip_y - 30 * math.sin(angle)
    toward_middle = tip_y < height / 2
    label = label_near(back_x, back_y, text, height, below=toward_middle)
    if label.overlaps(place_text):
        label = label_near(back_x, back_y, text, height, below=not toward_middle)
    return (
        f'<g class="map-here map-away"><path d="M0,0L-26,-14L-19,0L-26,14Z" '
        f'transform="translate({tip_x} {tip_y}) rotate({round(math.degrees(angle), 1)})"/>{label.svg()}</g>'
    )


def in_drawing(x: float, y: float, height: int) -> bool:
    return DOT_RADIUS <= x <= WIDTH - DOT_RADIUS and DOT_RADIUS <= y <= height - DOT_RADIUS


def here_text(xy: tuple[float, float], text: str, height: int, place_text: Label) -> Label:
    """"You are here" below the dot, unless that covers "it is here": then above it."""
    label = label_near(*xy, text, height, below=True)
    return label if not label.overlaps(place_text) else label_near(*xy, text, height)


def neighbourhood_map(
    neighbourhood: Neighbourhood | None, place: Point, here: Point | None, *, title: str,
    place_label: str, here_label: str, away_label: str,
) -> Markup:
    """The outline with the place and, when known, where the resident is: a dot when that lies in the
    drawing, else an arrow at its edge pointing their way (the map stays at the scale of the wijk)."""
    rings = outline_rings(neighbourhood)
    points = [place] + ([here] if here and not rings else [])
    lons = [lon for ring in rings for lon, _ in ring] + [p.lon for p in points]
    lats = [lat for ring in rings for _, lat in ring] + [p.lat for p in points]
    project = Projection(lons, lats)
    height = project.height
    paths = "".join(outline_path(ring, project) for ring in rings)
    place_xy = project(place.lon, place.lat)
    place_text = label_near(*place_xy, place_label, height)
    markers = dot(*place_xy, "map-place", place_text)
    if here:
        here_xy = project(here.lon, here.lat)
        if in_drawing(*here_xy, height):
            markers += dot(*here_xy, "map-here", here_text(here_xy, here_label, height, place_text))
        else:
            markers += away_arrow(place_xy, here_xy, height, away_label, place_text)
    return Markup(
        f'<svg class="map" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">'
        f"{paths}{markers}</svg>"
    )

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
DOT_RADIUS = 10
FONT_SIZE = 18  # of a label, in the drawing's units (the SVG scales with the page)
# An estimate of a bold letter's width, as a share of the font size: generous for Latin, Cyrillic and
# Arabic, so that a label moved inward by its estimated width really stays in the drawing.
CHAR_WIDTH = 0.62
ABOVE, BELOW = 16, 30  # baseline of a label above or below its dot
DESCENT = 5  # letters reach this far below the baseline
EDGE = 4  # room between a label and the edge: its white halo is 2.5 wide
# Someone without room for a dot in the drawing gets an arrow whose tip is as far from the edge.
ARROW_INSET = DOT_RADIUS
ARROW_LENGTH, ARROW_HALF_WIDTH = 34, 17
ARROW = ((0, 0), (-ARROW_LENGTH, -ARROW_HALF_WIDTH), (-ARROW_LENGTH * 0.72, 0), (-ARROW_LENGTH, ARROW_HALF_WIDTH))


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


def clamped(x: float, baseline: float, text: str, height: int) -> Label:
    """The label moved inward just as far as needed to lie wholly in the drawing."""
    half = Label(x, baseline, text).half_width
    # A label wider than the drawing (no language comes close) stays centred rather than jumping off.
    x = WIDTH / 2 if 2 * (half + EDGE) > WIDTH else min(max(x, EDGE + half), WIDTH - EDGE - half)
    baseline = min(max(baseline, EDGE + FONT_SIZE), height - EDGE - DESCENT)
    return Label(round(x, 1), round(baseline, 1), text)


def label_near(x: float, y: float, text: str, height: int, below: bool = False) -> Label:
    """A label above the point (or below it), moved inward where it would stick out of the drawing."""
    top_room = y - ABOVE - FONT_SIZE >= EDGE
    bottom_room = y + BELOW + DESCENT <= height - EDGE
    below = (below and bottom_room) or not top_room
    return clamped(x, y + BELOW if below else y - ABOVE, text, height)


def dot(x: float, y: float, css_class: str, label: Label) -> str:
    return f'<g class="{css_class}"><circle cx="{x}" cy="{y}" r="{DOT_RADIUS}"/>{label.svg()}</g>'


def label_behind(tip: tuple[float, float], angle: float, text: str, height: int, avoid: Label) -> Label:
    """A label on the arrow's line just past its tail, clear of the arrow and of the label to avoid."""
    cos, sin = math.cos(angle), math.sin(angle)
    half_width, half_height = Label(0, 0, text).half_width, (FONT_SIZE + DESCENT) / 2
    # How far the middle of the label lies from its own edge, along the arrow's line.
    reach = min(half_width / abs(cos) if abs(cos) > 1e-9 else math.inf,
                half_height / abs(sin) if abs(sin) > 1e-9 else math.inf)
    back = ARROW_LENGTH + 6 + reach
    x, middle = tip[0] - back * cos, tip[1] - back * sin
    label = clamped(x, middle + half_height - DESCENT, text, height)
    for shift in (FONT_SIZE + DESCENT + 4, -(FONT_SIZE + DESCENT + 4)):
        if not label.overlaps(avoid):
            break
        label = clamped(x, avoid.y + shift, text, height)
    return label


def nearest_on_edge(target: tuple[float, float], height: int) -> tuple[float, float]:
    return (min(max(target[0], ARROW_INSET), WIDTH - ARROW_INSET),
            min(max(target[1], ARROW_INSET), height - ARROW_INSET))


def arrow_tip(x: float, y: float, angle: float, height: int) -> tuple[float, float]:
    """The tip at (x, y), moved inward until the whole arrow, turned by angle, lies in the drawing."""
    cos, sin = math.cos(angle), math.sin(angle)
    corners = [(x + px * cos - py * sin, y + px * sin + py * cos) for px, py in ARROW]
    xs, ys = [cx for cx, _ in corners], [cy for _, cy in corners]
    x += max(0, EDGE - min(xs)) - max(0, max(xs) - (WIDTH - EDGE))
    y += max(0, EDGE - min(ys)) - max(0, max(ys) - (height - EDGE))
    return round(x, 1), round(y, 1)


def away_arrow(target: tuple[float, float], height: int, text: str, avoid: Label) -> str:
    """An arrow at the point of the edge nearest to someone outside the drawing, pointing at them."""
    edge_x, edge_y = nearest_on_edge(target, height)
    angle = math.atan2(target[1] - edge_y, target[0] - edge_x)
    tip = arrow_tip(edge_x, edge_y, angle, height)
    label = label_behind(tip, angle, text, height, avoid)
    outline = "L".join(f"{x:g},{y:g}" for x, y in ARROW)
    return (
        f'<g class="map-here map-away"><path d="M{outline}Z" '
        f'transform="translate({tip[0]} {tip[1]}) rotate({round(math.degrees(angle), 1)})"/>{label.svg()}</g>'
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
    drawing, else an arrow at the nearest point of its edge pointing at them (the map stays at the
    scale of the wijk)."""
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
            markers += away_arrow(here_xy, height, away_label, place_text)
    return Markup(
        f'<svg class="map" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">'
        f"{paths}{markers}</svg>"
    )


def area_map(neighbourhoods: list[Neighbourhood], *, title: str, marker: Point | None = None,
             marker_label: str = "", pick: bool = False) -> Markup:
    """The outlines of several neighbourhoods (a municipality's wijken) in one drawing, each with its
    name in a tooltip, and optionally a marker. With `pick`, the projection goes along as data
    attributes, so that app.js can turn a tap on the drawing back into coordinates."""
    rings = [(n, ring) for n in neighbourhoods for ring in outline_rings(n)]
    points = [marker] if marker else []
    lons = [lon for _, ring in rings for lon, _ in ring] + [p.lon for p in points] or [n.lon for n in neighbourhoods]
    lats = [lat for _, ring in rings for _, lat in ring] + [p.lat for p in points] or [n.lat for n in neighbourhoods]
    project = Projection(lons or [4.9], lats or [52.1])
    paths = "".join(
        outline_path(ring, project).replace("/>", f"><title>{escape(n.name)}</title></path>", 1) for n, ring in rings)
    markers = ""
    if marker:
        xy = project(marker.lon, marker.lat)
        markers = dot(*xy, "map-place", label_near(*xy, marker_label, project.height))
    data = ""
    if pick:
        data = (f' data-pick-place data-kx="{project.kx}" data-min-x="{project.min_x}" data-max-y="{project.max_y}"'
                f' data-scale="{project.scale}" data-offset-x="{project.offset_x}" data-padding="{PADDING}"'
                f' data-radius="{DOT_RADIUS}"')
    return Markup(
        f'<svg class="map map-area" viewBox="0 0 {WIDTH} {project.height}" role="img" aria-label="{escape(title)}"'
        f"{data}>{paths}{markers}</svg>"
    )

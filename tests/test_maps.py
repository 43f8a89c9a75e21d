"""The neighbourhood map: every label stays inside the drawing wherever the place and the resident are,
in every language, and someone outside the drawing gets an arrow at its edge pointing their way."""

import json
import math
import re
import xml.etree.ElementTree as ET

import pytest
from flask_babel import force_locale, gettext

from app.maps import Point, neighbourhood_map
from app.models import Neighbourhood
from config import Config

# A wijk of about 1.1 by 1.1 km around (52.0, 4.35): west, south, east, north.
WEST, SOUTH, EAST, NORTH = 4.342, 51.995, 4.358, 52.005
MIDDLE = Point((SOUTH + NORTH) / 2, (WEST + EAST) / 2)
# A width per character (share of the font size) that bold Latin, Cyrillic and Arabic letters stay under.
CHAR_WIDTH = 0.6
COMPASS = {"N": (1, 0), "NE": (1, 1), "E": (0, 1), "SE": (-1, 1), "S": (-1, 0), "SW": (-1, -1), "W": (0, -1),
           "NW": (1, -1)}


def spot(north: float, east: float, far: float = 0.0) -> Point:
    """-1 … 1 across the wijk from its middle (1 is its edge), or `far` degrees beyond it."""
    half_lat, half_lon = (NORTH - SOUTH) / 2, (EAST - WEST) / 2
    return Point(MIDDLE.lat + north * (half_lat + far), MIDDLE.lon + east * (half_lon + far))


# In the middle, on each edge and in each corner of the wijk.
ON_THE_WIJK = [spot(n, e) for n in (-1, 0, 1) for e in (-1, 0, 1)] + [spot(0.5, -0.9), spot(-0.97, 0.3)]
FAR_AWAY = {direction: spot(*steps, far=0.1) for direction, steps in COMPASS.items()}
# Just past an edge or a corner, and just past one edge while far past the other: an arrow that points
# along an edge must not stick out sideways.
JUST_OUTSIDE = [spot(*steps, far=0.002) for steps in COMPASS.values()] + [
    Point(NORTH + 0.0008, WEST - 0.03), Point(SOUTH - 0.0008, EAST + 0.03), Point(NORTH + 0.03, EAST + 0.0005),
    Point(SOUTH - 0.03, WEST - 0.0005)]


def wijk() -> Neighbourhood:
    ring = [[WEST, SOUTH], [EAST, SOUTH], [EAST, NORTH], [WEST, NORTH], [WEST, SOUTH]]
    return Neighbourhood(outline=json.dumps({"type": "Polygon", "coordinates": [ring]}))


def draw(place: Point, here: Point | None, lang: str) -> ET.Element:
    with force_locale(lang):
        svg = neighbourhood_map(wijk(), place, here, title="Kaart", place_label=gettext("Hier is het"),
                                here_label=gettext("U bent hier"), away_label=gettext("U bent daar"))
    return ET.fromstring(str(svg))


def view_box(svg: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(n) for n in svg.get("viewBox").split())
    return width, height


def text_box(text: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a label, estimated from its length and font size."""
    x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
    width = len(text.text) * size * CHAR_WIDTH
    left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor")]
    return left, y - size, left + width, y + 0.3 * size


def assert_everything_inside(svg: ET.Element) -> None:
    width, height = view_box(svg)
    texts = svg.findall(".//text")
    assert texts
    for text in texts:
        left, top, right, bottom = text_box(text)
        assert left >= 0 and right <= width and top >= 0 and bottom <= height, (text.text, text_box(text))
    for circle in svg.findall(".//circle"):
        x, y, r = (float(circle.get(a)) for a in ("cx", "cy", "r"))
        assert r <= x <= width - r and r <= y <= height - r
    if svg.find(".//g[@class='map-here map-away']") is not None:
        for x, y in arrow_corners(svg):
            assert 0 <= x <= width and 0 <= y <= height, (x, y)


def arrow_corners(svg: ET.Element) -> list[tuple[float, float]]:
    """The corners of the arrow's outline, turned and moved as the SVG says."""
    path = svg.find(".//g[@class='map-here map-away']/path")
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", path.get("d"))]
    tip_x, tip_y, degrees = arrow_of(svg)
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    corners = zip(numbers[::2], numbers[1::2], strict=True)
    return [(tip_x + px * cos - py * sin, tip_y + px * sin + py * cos) for px, py in corners]


def arrow_of(svg: ET.Element) -> tuple[float, float, float]:
    """(x, y, degrees) of the arrow to the resident: 0 points east, 90 south (the SVG's y grows down)."""
    path = svg.find(".//g[@class='map-here map-away']/path")
    assert path is not None, "no arrow"
    transform = path.get("transform").replace("translate(", "").replace(") rotate(", " ").rstrip(")")
    x, y, degrees = (float(n) for n in transform.split())
    return x, y, degrees


def screen_degrees(start: Point, end: Point) -> float:
    """The direction from start to end on the map: east 0, south 90, north -90 (the SVG's y grows down)."""
    k = math.cos(math.radians(start.lat))
    return math.degrees(math.atan2(-(end.lat - start.lat), (end.lon - start.lon) * k))


def angle_between(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_labels_stay_in_the_drawing_wherever_the_place_and_the_resident_are(app, lang):
    for place in ON_THE_WIJK:
        for here in [None, *ON_THE_WIJK, *JUST_OUTSIDE, *FAR_AWAY.values()]:
            assert_everything_inside(draw(place, here, lang))


@pytest.mark.parametrize("lang", Config.LANGUAGES)
def test_someone_on_the_wijk_is_a_dot_and_someone_past_its_edge_an_arrow(app, lang):
    for here in JUST_OUTSIDE:
        assert draw(MIDDLE, here, lang).find(".//g[@class='map-here map-away']") is not None
    for here in ON_THE_WIJK:
        svg = draw(MIDDLE, here, lang)
        assert svg.find(".//g[@class='map-here']/circle") is not None
        assert svg.find(".//g[@class='map-here map-away']") is None


@pytest.mark.parametrize("direction", COMPASS)
def test_someone_far_outside_gets_an_arrow_at_the_edge_pointing_their_way(app, direction):
    compass_degrees = screen_degrees(MIDDLE, FAR_AWAY[direction])
    for place in ON_THE_WIJK:
        svg = draw(place, FAR_AWAY[direction], "ar")
        width, height = view_box(svg)
        x, y, degrees = arrow_of(svg)
        assert angle_between(degrees, compass_degrees) < 15, (place, degrees)
        # The tip is at the edge on their side, inside the drawing.
        at_edge = {"E": width - x, "W": x, "N": y, "S": height - y}
        assert min(at_edge[side] for side in direction) <= 10 and 0 <= x <= width and 0 <= y <= height
        assert svg.find(".//g[@class='map-here']") is None
        assert_everything_inside(svg)


def test_the_arrow_sits_at_the_edge_nearest_the_resident_and_points_straight_at_them(app):
    on_the_edge = spot(0.5, -1)
    beyond_it = Point(on_the_edge.lat, on_the_edge.lon - 0.02)  # due west, at the same height
    dot = draw(MIDDLE, on_the_edge, "nl").find(".//g[@class='map-here']/circle")
    x, y, degrees = arrow_of(draw(MIDDLE, beyond_it, "nl"))
    assert abs(y - float(dot.get("cy"))) < 0.2 and x < float(dot.get("cx"))
    assert angle_between(degrees, 180) < 0.5


def test_an_activity_page_points_to_a_kiosk_outside_the_wijk(kiosk_client, make_neighbourhood, make_place,
                                                             make_activity):
    square = '{"type":"Polygon","coordinates":[[[4.35,52.0],[4.37,52.0],[4.37,52.01],[4.35,52.01],[4.35,52.0]]]}'
    buurt = make_neighbourhood(outline=square)  # the kiosk (51.996, 4.340) is about 1.5 km south-west of it
    activity = make_activity(place=make_place(neighbourhood=buurt, lat=52.005, lon=4.36))
    html = kiosk_client.get(f"/ar/activities/{activity.id}").get_data(as_text=True)
    svg = ET.fromstring(re.search(r'<svg class="map".*?</svg>', html, re.S).group(0))
    _, _, degrees = arrow_of(svg)
    assert 90 < degrees < 180  # south-west on the screen
    assert svg.find(".//g[@class='map-here map-away']/text").text == "أنت هناك"
    assert_everything_inside(svg)

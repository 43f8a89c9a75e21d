"""Distance, walking time, postcodes and neighbourhood lookup, on the real CBS and GeoNames data."""

import json

import pytest

from app import geo
from app.demo.national import national_wijken, scale_areas
from app.demo.opendata import centroid, load_areas, read_json
from app.extensions import db
from app.models import Kiosk

DELFT, LEIDEN = "GM0503", "GM0546"


@pytest.fixture
def delft():
    """Delft's real wijken and buurten (CBS) and every Dutch postcode (GeoNames), as `demo load` reads them."""
    return load_areas({DELFT})


@pytest.fixture
def delft_and_leiden():
    return load_areas({DELFT, LEIDEN})


def test_distance_between_delft_station_and_the_markt():
    # Delft station (52.0067, 4.3565) to the Markt (52.0116, 4.3593): about 580 m.
    assert geo.distance_m(52.0067, 4.3565, 52.0116, 4.3593) == pytest.approx(580, rel=0.03)


def test_distance_is_symmetric_and_zero_for_the_same_point():
    assert geo.distance_m(52.0, 4.35, 52.0, 4.35) == 0
    assert geo.distance_m(52.0, 4.35, 51.5, 5.1) == pytest.approx(geo.distance_m(51.5, 5.1, 52.0, 4.35))


def test_walking_minutes_use_detour_factor_and_an_older_persons_pace():
    assert geo.WALKING_METRES_PER_MINUTE == 54 and geo.DETOUR_FACTOR == 1.3
    assert geo.walking_minutes(0) == 1
    assert geo.walking_minutes(1000) == 25  # 1300 m of street at 54 m a minute, rounded up
    assert geo.walking_minutes(5000) == 121


def test_bounding_box_holds_the_circle():
    min_lat, min_lon, max_lat, max_lon = geo.bounding_box(52.0, 4.35, 1000)
    assert geo.distance_m(52.0, 4.35, max_lat, 4.35) == pytest.approx(1000, rel=0.001)
    assert geo.distance_m(52.0, 4.35, 52.0, max_lon) == pytest.approx(1000, rel=0.001)
    assert min_lat < 52.0 < max_lat and min_lon < 4.35 < max_lon


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2625", "2625"), ("2625 AB", "2625"), ("2625ab", "2625"), (" 2625  ab ", "2625"), ("9999", "9999"),
     ("1000", "1000"), ("2625\n", "2625"), ("2625\tAB", "2625"),
     ("0625", None), ("0999", None), ("262", None), ("26250", None), ("abcd", None), ("AB", None),
     ("2625 A", None), ("2625 ABC", None), ("2625-AB", None), ("AB 2625", None), ("26 25", None),
     ("٢٦٢٥", None), ("２６２５", None), ("2625 ÄB", None), ("", None), ("   ", None), (None, None),
     ("2" * 100000, None), (" " * 100000 + "2625", None), ("<b>2625</b>", None), ("2625\x00", None),
     ("2625'; DROP TABLE postcode;--", None), (2625, None), (b"2625", None), (["2625"], None)],
)
def test_parse_postcode_takes_four_digits_with_or_without_letters(typed, expected):
    assert geo.parse_postcode(typed) == expected


def test_rd_new_to_wgs84_of_the_amersfoort_origin():
    assert geo.rd_to_wgs84(155000, 463000) == pytest.approx((52.1552, 5.3872), abs=1e-4)


def test_rd_new_to_wgs84_matches_the_cbs_wgs84_outlines(app):
    rd = next(f for f in read_json("cbs-wijken-2016-nl", "wijk_2016_6.geojson")["features"]
              if f["properties"]["WKC"] == "WK050325")
    wgs = next(f for f in read_json("derived", "cbs_wijken_2016_target_wgs84.geojson")["features"]
               if f["properties"]["wijkcode"] == "WK050325")
    x, y = rd["geometry"]["coordinates"][0][0][0]
    converted = geo.rd_to_wgs84(x, y)
    nearest = min(geo.distance_m(*converted, lat, lon) for lon, lat in wgs["geometry"]["coordinates"][0][0])
    assert nearest < 5  # metres: the same corner of Buitenhof in both files


def test_outline_contains_respects_holes_and_multipolygons():
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    far = [[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]]
    polygon = {"type": "Polygon", "coordinates": [square, hole]}
    assert geo.outline_contains(polygon, 2, 2) and not geo.outline_contains(polygon, 5, 5)
    assert not geo.outline_contains(polygon, 15, 5)
    multi = {"type": "MultiPolygon", "coordinates": [[square, hole], [far]]}
    assert geo.outline_contains(multi, 25, 25) and not geo.outline_contains(multi, 5, 5)


def test_a_point_in_reinier_de_graafbuurt_lies_in_that_buurt(delft):
    assert geo.neighbourhood_at(51.9975, 4.3382).code == "BU05032500"


def test_a_point_in_the_markt_lies_in_the_delft_centre(delft):
    found = geo.neighbourhood_at(52.0116, 4.3593)
    assert found.kind == "buurt" and found.parent.code == "WK050311"  # Binnenstad


def test_every_delft_wijk_centre_lies_inside_its_outline(delft):
    wijken = [n for n in delft.values() if n.kind == "wijk"]
    assert len(wijken) == 13
    assert all(geo.outline_contains(json.loads(w.outline), w.lat, w.lon) for w in wijken)


def test_a_point_in_a_leiden_wijk_without_buurt_outlines_gives_its_wijk(delft_and_leiden):
    assert geo.neighbourhood_at(52.1530, 4.5165).code == "WK054604"  # Meerburg's wijk


def test_a_point_in_the_north_sea_lies_in_no_neighbourhood(delft):
    assert geo.neighbourhood_at(52.10, 4.10) is None


def test_without_an_outline_the_nearest_buurt_within_one_and_a_half_km(make_neighbourhood):
    buurt = make_neighbourhood(code="BU99990101", name="Puntbuurt", lat=52.5, lon=5.5)
    assert geo.neighbourhood_at(52.505, 5.5) == buurt  # 556 m north
    assert geo.neighbourhood_at(52.52, 5.5) is None  # 2.2 km north


def test_a_point_far_from_the_centre_of_a_huge_wijk_is_still_found(app):
    # Botlek-Europoort-Maasvlakte (Rotterdam) is 26 km across: its corners lie far from its centre.
    wijk = next(w for w in national_wijken() if w["WKN"] == "Botlek-Europoort-Maasvlakte")
    scale_areas([wijk])
    ring = max((polygon[0] for polygon in wijk["geometry"]["coordinates"]), key=len)
    centre = centroid(wijk["geometry"])
    inside = [(lat, lon) for lon, lat in ring[::10]
              for lat, lon in [(lat + (centre[0] - lat) * 0.02, lon + (centre[1] - lon) * 0.02)]
              if geo.outline_contains(wijk["geometry"], lat, lon)]
    far = max(inside, key=lambda point: geo.distance_m(*point, *centre))
    assert geo.distance_m(*far, *centre) > 8000
    assert geo.neighbourhood_at(*far).code == wijk["WKC"]


def test_a_kiosk_created_without_a_code_gets_the_buurt_it_stands_in(app, delft):
    result = app.test_cli_runner().invoke(args=["kiosk", "create", "--name", "Bieb", "--lat", "51.9975",
                                                "--lon", "4.3382"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(Kiosk)).neighbourhood.code == "BU05032500"  # Reinier de Graafbuurt


def test_postcode_centroid_from_geonames(delft):
    postcode = geo.postcode_centroid("2625")
    assert postcode.place_name == "Delft" and postcode.municipality_id == delft["WK050325"].municipality_id
    assert geo.postcode_centroid("1011").municipality_id is None  # Amsterdam: not in this deployment
    assert geo.postcode_centroid("0000") is None and geo.postcode_centroid("") is None


def test_a_postcode_geonames_lists_twice_gets_the_right_town(delft):
    assert geo.postcode_centroid("2324").place_name == "Leiden"  # GeoNames also says Amersfoort


def test_in_netherlands():
    assert geo.in_netherlands(52.0, 4.35) and geo.in_netherlands(53.45, 5.7)  # Delft, Schiermonnikoog
    assert geo.in_netherlands(50.76, 5.95) and geo.in_netherlands(51.3, 3.4)  # Vaals, Cadzand
    assert not geo.in_netherlands(48.85, 2.35) and not geo.in_netherlands(0, 0)  # Paris, the Gulf of Guinea

"""Reports under /staff/reports: the figures of a hand-counted data set (requests over three months in
two wijken, of every kind and channel, contact at known moments, volunteers, corrections), the median
and 90th percentile, small numbers hidden as "<5" in the page, the charts and the CSV, charts that are
valid SVG with titles, the scoping to my municipalities, and the audited export."""

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest
from odf.opendocument import load
from odf.table import TableCell, TableRow

from app import schedule
from app.extensions import db
from app.models import AuditEvent, Correction, Municipality, RequestEvent, Volunteer
from app.staff.reports import charts, figures
from app.staff.reports.figures import Figure, Row, Scope, median, percentile_90, period_for, protect

from .conftest import editor_client, sign_in
from .helpers import page

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)  # a Tuesday
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


def at(text: str) -> dt.datetime:
    """A moment as the database keeps it: naive UTC."""
    return dt.datetime.fromisoformat(text)


@pytest.fixture
def world(town, make_neighbourhood, make_request, make_place):
    """Delft, last 3 months (September to November 2026), hand-counted:

    month      Buitenhof (wijk, 2 via its buurt)   Tanthof   kind             channel
    September  3 (one sent 31 Aug 22:30 UTC,         0        3 buddy          3 web
               = 1 September 00:30 in Delft)
    October    4                                     3        4 buddy, 3 worry 2 web, 5 kiosk
    November   2                                     0        2 worry          2 web
    total      9                                     3        7 buddy, 5 worry 7 web, 5 kiosk  → 12

    Not counted: one in August (before the period), one in Leiden.
    First contact ("spoke") after 0.5, 1, 2, 3, 4 and 10 days for six of them (one had a no-answer call
    first); one other only had a no-answer call: 6 with contact, 6 without. Median 2.5, P90 10.
    Volunteers: 7 active in Buitenhof (2 of them in its buurt), 1 paused, 1 active in Leiden.
    Corrections: 3 "gone" in October on a Delft place, 1 in Leiden.
    """
    delft, buurt = town["delft"], town["buurt"]
    buitenhof = buurt.parent
    tanthof = make_neighbourhood(code="WK050330", name="Tanthof", kind="wijk", municipality=delft)
    made = []

    def request(moment, where=buitenhof, kind="buddy", channel="web"):
        made.append(make_request(where, kind=kind, channel=channel, created_at=at(moment)))
        return made[-1]

    september = [request("2026-08-31T22:30"), request("2026-09-10T10:00", where=buurt),
                 request("2026-09-20T10:00", where=buurt)]
    october = [request("2026-10-01T08:00", channel="kiosk"), request("2026-10-02T08:00", channel="kiosk"),
               request("2026-10-03T08:00", kind="concern", channel="kiosk"),
               request("2026-10-04T08:00", kind="concern"),
               request("2026-10-05T08:00", where=tanthof, channel="kiosk"),
               request("2026-10-06T08:00", where=tanthof, kind="concern", channel="kiosk"),
               request("2026-10-07T08:00", where=tanthof)]
    request("2026-11-02T08:00", kind="concern")
    request("2026-11-03T08:00", kind="concern")
    request("2026-08-15T10:00")  # before the period
    make_request(town["leiden_buurt"], created_at=at("2026-10-10T10:00"), channel="phone")  # another municipality

    def contact(row, days, outcome="spoke"):
        """As the inbox records it (app.staff.inbox.handling): a timeline line, and the first "spoke" kept."""
        moment = row.created_at + dt.timedelta(days=days)
        db.session.add(RequestEvent(**{row.TIMELINE_COLUMN: row.id}, kind="contact", value=outcome, at=moment))
        if outcome == "spoke":
            row.first_contact_at = row.first_contact_at or moment

    for row, days in zip([*september, *october[:3]], (0.5, 1, 2, 3, 4, 10), strict=True):
        contact(row, days)
    contact(september[1], 0.25, "no_answer")  # an attempt before the contact: not the first contact
    contact(october[3], 0.1, "no_answer")  # only an attempt: still waiting
    contact(october[3], 0.2, "left_message")

    def volunteer(where, status="active", municipality=delft):
        db.session.add(Volunteer(municipality_id=municipality.id, first_name="Vera", postcode="2625",
                                 neighbourhood_id=where.id, status=status))

    for where in [buitenhof] * 5 + [buurt] * 2:
        volunteer(where)
    volunteer(buitenhof, status="paused")
    volunteer(town["leiden_buurt"], municipality=town["leiden"])
    ours = make_place(name="Buurthuis", neighbourhood=buurt)
    theirs = make_place(name="Kerk", neighbourhood=town["leiden_buurt"])
    for place in (ours, ours, ours, theirs):
        db.session.add(Correction(place_id=place.id, reason="gone", language="nl", created_at=at("2026-10-12T10:00")))
    db.session.commit()
    return {"delft": delft, "leiden": town["leiden"], "town": town}


def table(figure: Figure) -> dict[str, str]:
    shown = {row.label: row.shown for row in figure.rows}
    if figure.total is not None:
        shown["total"] = figure.total_shown
    return shown


def the_figures(municipality, period="3m") -> dict[str, Figure]:
    scope = Scope([municipality.id], period_for(period, NOW.date()))
    return {figure.key: figure for figure in figures.all_figures(scope)}


# The figures of the known data set --------------------------------------------------------------

def test_requests_per_month_count_in_local_time_and_hide_small_numbers(world):
    found = the_figures(world["delft"])
    assert [(row.label, row.count) for row in found["months"].rows] == [
        ("september 2026", 3), ("oktober 2026", 7), ("november 2026", 2)]
    assert table(found["months"]) == {"september 2026": "<5", "oktober 2026": "7", "november 2026": "<5",
                                      "total": "12"}


def test_requests_per_wijk_count_a_buurt_in_its_wijk_and_hide_the_one_that_would_give_the_small_one_away(world):
    found = the_figures(world["delft"])["neighbourhoods"]
    assert [(row.label, row.count) for row in found.rows] == [("Buitenhof", 9), ("Tanthof", 3)]
    # Tanthof is <5; Buitenhof would tell it (12 - 9), so it is hidden too.
    assert table(found) == {"Buitenhof": "·", "Tanthof": "<5", "total": "12"}


def test_requests_per_kind_and_channel(world):
    found = the_figures(world["delft"])
    assert table(found["kinds"]) == {"Maatje": "7", "Meegaan": "0", "Zorgmelding": "5", "total": "12"}
    assert table(found["channels"]) == {"Een tablet": "5", "De website": "7", "De telefoon": "0", "De balie": "0",
                                        "total": "12"}


def test_requests_per_month_and_kind_as_a_cross_table_with_both_totals(world):
    found = the_figures(world["delft"])["months_kinds"]
    assert found.columns == ["Maatje", "Meegaan", "Zorgmelding"]
    assert [(row.label, row.cells, row.count) for row in found.rows] == [
        ("september 2026", [3, 0, 0], 3), ("oktober 2026", [4, 0, 3], 7), ("november 2026", [0, 0, 2], 2)]
    assert [(row.cells_shown, row.shown) for row in found.rows] == [
        (["<5", "0", "0"], "<5"), (["<5", "0", "<5"], "7"), (["0", "0", "<5"], "<5")]
    assert (found.column_totals_shown, found.total_shown) == (["7", "0", "5"], "12")


def test_in_a_cross_table_one_small_count_in_a_row_or_column_hides_another(app):
    """10 3 | 13      · <5 | 13     The 3 alone in its row and column would be 13 - 10 and 12 - 9: the
    8  9 | 17  →   ·  · | 17     10 and the 9 are hidden with it, and then the 8 that would give the 10 away."""
    with app.test_request_context():
        cross = protect(Figure("x", "X", "a", "b", [Row("a", 13, cells=[10, 3]), Row("b", 17, cells=[8, 9])],
                               total=30, columns=["p", "q"]))
    assert [row.cells_shown for row in cross.rows] == [["·", "<5"], ["·", "·"]]
    assert ([row.shown for row in cross.rows], cross.column_totals_shown, cross.total_shown) == (
        ["13", "17"], ["18", "12"], "30")
    assert cross.notes


def test_days_to_first_contact_count_the_first_time_someone_spoke_to_the_person(world):
    found = the_figures(world["delft"])["contact"]
    assert table(found) == {"Vragen met contact": "6", "Vragen nog zonder contact": "6",
                            "Mediaan (dagen)": "2,5", "90e percentiel (dagen)": "10,0", "total": "12"}
    assert "binnen 2,5 dagen" in found.summary and "binnen 10,0 dagen" in found.summary


def test_days_to_first_contact_say_nothing_of_fewer_than_five(world):
    found = the_figures(world["delft"], period="month")["contact"]  # November: 2 requests, no contact
    assert table(found)["Mediaan (dagen)"] == "te weinig vragen"
    assert table(found)["Vragen nog zonder contact"] == "<5"


def test_volunteers_active_today_per_wijk_and_suggestions_received(world):
    found = the_figures(world["delft"])
    assert table(found["volunteers"]) == {"Buitenhof": "7", "total": "7"}
    assert table(found["suggestions"]) == {"Is er niet meer": "<5", "Tijden kloppen niet": "0",
                                           "Adres klopt niet": "0", "Iets anders": "0", "total": "<5"}
    assert [row.count for row in found["suggestions"].rows] == [3, 0, 0, 0]


def test_a_calendar_year_has_its_twelve_months_and_another_period_counts_nothing_of_this_one(world):
    year = the_figures(world["delft"], period="2026")["months"]
    assert len(year.rows) == 12 and year.total == 13  # the one of August too
    assert the_figures(world["delft"], period="2025")["months"].total == 0


@pytest.mark.parametrize(("values", "middle", "p90"), [
    ([4, 1, 3, 2], 2.5, 4),
    (list(range(1, 11)), 5.5, 9),
    (list(range(1, 12)), 6, 10),
    ([7], 7, 7),
    ([0.5, 1, 2, 3, 4, 10], 2.5, 10),
])
def test_median_and_90th_percentile_by_nearest_rank(values, middle, p90):
    assert (median(values), percentile_90(values)) == (middle, p90)


@pytest.mark.parametrize(("count", "text"), [(0, "0"), (1, "<5"), (3, "<5"), (4, "<5"), (5, "5"), (7, "7")])
def test_a_count_under_five_is_shown_as_less_than_five(count, text):
    assert figures.shown(count) == text


def test_two_small_counts_protect_each_other_and_a_small_total_is_hidden_too(app):
    with app.test_request_context():
        two = protect(Figure("x", "X", "a", "b", [Row("a", 3), Row("b", 2), Row("c", 9)], total=14))
        assert [row.shown for row in two.rows] == ["<5", "<5", "9"]
        small = protect(Figure("y", "Y", "a", "b", [Row("a", 3), Row("b", 0)], total=3))
        assert ([row.shown for row in small.rows], small.total_shown) == (["<5", "0"], "<5")


@pytest.mark.parametrize(("key", "expected"), [("month", ("2026-11-01", "2026-12-01")),
                                               ("3m", ("2026-09-01", "2026-12-01")),
                                               ("12m", ("2025-12-01", "2026-12-01")),
                                               ("2024", ("2024-01-01", "2025-01-01"))])
def test_the_periods_are_whole_months(app, key, expected):
    with app.test_request_context():
        period = period_for(key, NOW.date())
    assert (period.start.isoformat(), period.end.isoformat()) == expected


@pytest.mark.parametrize("key", ["x", "2019", "2027", "١٢٣٤", "3m ", "12M"])
def test_a_period_that_is_not_offered_is_none(app, key):
    with app.test_request_context():
        assert period_for(key, NOW.date()) is None


# The page, the charts and the CSV --------------------------------------------------------------

def test_the_page_shows_each_figure_with_a_summary_a_chart_and_its_table(staff_client, world):
    html = page(staff_client.get("/staff/reports?period=3m"))
    for title in ("Vragen per maand", "Vragen per wijk", "Vragen per soort", "Hoe vragen binnenkwamen",
                  "Dagen tot het eerste contact", "Actieve vrijwilligers per wijk", "Correcties van bewoners"):
        assert f">{title}</h2>" in html
    assert '<th scope="row">oktober 2026</th><td class="number">7</td>' in html
    assert '<th scope="row">september 2026</th><td class="number">&lt;5</td>' in html
    assert '<th scope="row">Tanthof</th><td class="number">&lt;5</td>' in html
    assert ('<th scope="row">oktober 2026</th><td class="number">&lt;5</td><td class="number">0</td>'
            '<td class="number">&lt;5</td><td class="number">7</td>') in html
    main = html.split('<main id="main"', 1)[1]
    assert ">3<" not in main and ">2<" not in main  # the small counts appear nowhere, not in a chart either
    assert 'aria-current="page">Laatste 3 maanden</a>' in html
    assert "Fenna" not in html and "+3161" not in html


def test_the_charts_are_valid_svg_with_a_title_labelled_by_their_summary(staff_client, world):
    html = page(staff_client.get("/staff/reports?period=3m"))
    found = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(found) == 9  # every figure of counts; days to contact is a table only
    for svg in found:
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        title = root.find(f"{SVG}title")
        assert title is not None and title.text and title.get("id") in root.get("aria-labelledby").split()
        summary_id = root.get("aria-labelledby").split()[1]
        assert f'<p id="{summary_id}">' in html
        patterns = root.findall(f"{SVG}defs/{SVG}pattern")
        assert {p.get("id").rsplit("-", 1)[1] for p in patterns} == {"counted", "hidden"}
    months = ET.fromstring(found[0])
    assert [t.text for t in months.iter(f"{SVG}text")][:6] == [
        "september 2026", "<5", "oktober 2026", "7", "november 2026", "<5"]


def test_a_hidden_bar_has_the_same_length_whatever_the_small_number(app):
    with app.test_request_context():
        figure = protect(Figure("k", "K", "a", "b", [Row("one", 1), Row("four", 4), Row("ten", 10), Row("x", 20)]))
        root = ET.fromstring(str(charts.bar_chart(figure, "summary-k")))
    bars = [rect for rect in root.findall(f"{SVG}rect")]
    widths = [int(bar.get("width")) for bar in bars[:4]]
    assert widths[0] == widths[1] == charts.BAR_AREA * 5 // 20 and widths[2:] == [170, 340]
    assert bars[0].get("fill") == "url(#chart-k-hidden)" and bars[2].get("fill") == "url(#chart-k-counted)"
    assert {t.text for t in root.iter(f"{SVG}text")} >= {"<5", "10", "20"}
    assert not {"1", "4"} & {t.text for t in root.iter(f"{SVG}text")}


def test_a_name_with_markup_is_escaped_in_the_chart(app):
    with app.test_request_context():
        figure = protect(Figure("k", "<b>K</b>", "a", "b", [Row("<script>x</script> & co", 9)]))
        svg = str(charts.bar_chart(figure, "s"))
    assert "<script>" not in svg and ET.fromstring(svg).find(f"{SVG}title").text == "<b>K</b>"


def test_the_csv_export_hides_small_numbers_has_no_personal_data_and_is_audited(staff_client, world):
    response = staff_client.get("/staff/reports/export.csv?period=3m")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="vangnet-rapport-3m-delft.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert ["september 2026", "<5"] in rows and ["oktober 2026", "7"] in rows and ["Totaal", "12"] in rows
    assert ["Tanthof", "<5"] in rows and ["Buitenhof", "·"] in rows
    assert ["Mediaan (dagen)", "2,5"] in rows and ["Is er niet meer", "<5"] in rows
    assert ["Maand", "Maatje", "Meegaan", "Zorgmelding", "Totaal"] in rows
    assert ["oktober 2026", "<5", "0", "<5", "7"] in rows and ["Totaal", "7", "0", "5", "12"] in rows
    cells = {value for row in rows for value in row}
    assert not {"2", "3", "9"} & cells
    assert not any("Fenna" in value or "+31" in value or "Vera" in value for value in cells)
    audit = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "report.export")).all()
    assert [(a.staff_id, a.municipality_id, a.detail) for a in audit] == [
        (staff_client.staff.id, world["delft"].id, "csv 3m")]


def test_the_ods_export_has_the_same_cells_counts_as_numbers_and_is_audited(staff_client, world):
    response = staff_client.get("/staff/reports/export.ods?period=3m")
    assert response.mimetype == "application/vnd.oasis.opendocument.spreadsheet"
    document = load(io.BytesIO(response.data))
    rows = [[(str(c), c.getAttribute("valuetype")) for c in row.getElementsByType(TableCell)]
            for row in document.spreadsheet.getElementsByType(TableRow)]
    assert [("oktober 2026", "string"), ("7", "float")] in rows
    assert [("september 2026", "string"), ("<5", "string")] in rows
    assert [("Tanthof", "string"), ("<5", "string")] in rows
    assert not {"2", "3", "9"} & {text for row in rows for text, _type in row}
    audit = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "report.export")).all()
    assert [(a.municipality_id, a.detail) for a in audit] == [(world["delft"].id, "ods 3m")]


def test_a_csv_cell_that_looks_like_a_formula_is_disarmed(staff_client, world, make_neighbourhood):
    make_neighbourhood(code="WK050399", name="=HYPERLINK(1)", kind="wijk", municipality=world["delft"])
    rows = list(csv.reader(io.StringIO(page(staff_client.get("/staff/reports/export.csv?period=3m")))))
    assert ["'=HYPERLINK(1)", "0"] in rows


def test_the_page_in_english(staff_client, world):
    staff_client.post("/staff/language", data={"language": "en", "next": "/staff/reports"})
    html = page(staff_client.get("/staff/reports?period=3m"))
    assert "Requests per month" in html and "october 2026" in html.lower()
    assert "2.5" in html


# Scoping --------------------------------------------------------------------------------------

def test_another_municipality_or_an_unknown_period_is_404_and_nothing_is_exported(staff_client, world):
    assert staff_client.get("/staff/reports?municipality=leiden").status_code == 404
    assert staff_client.get("/staff/reports/export.csv?municipality=leiden").status_code == 404
    assert staff_client.get("/staff/reports?period=1999").status_code == 404
    assert staff_client.get("/staff/reports/export.xlsx").status_code == 404
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "report.export")) is None


def test_an_administrator_of_leiden_sees_only_leiden(app, make_staff, totp_clock, world):
    client = app.test_client()
    client.staff = make_staff(email="lot@leiden.example", name="Lot", municipality=world["leiden"],
                              role="administrator")
    sign_in(client, client.staff, totp_clock)
    rows = list(csv.reader(io.StringIO(page(client.get("/staff/reports/export.csv?period=3m")))))
    assert ["Gemeente", "Leiden"] in rows and ["oktober 2026", "<5"] in rows and ["Totaal", "<5"] in rows
    assert "Buitenhof" not in {value for row in rows for value in row}


def test_staff_of_two_municipalities_choose_one_or_both_by_a_plain_link(app, make_staff, totp_clock, world):
    client = app.test_client()
    client.staff = make_staff(email="both@example.nl", municipality=[world["delft"], world["leiden"]],
                              role="administrator")
    sign_in(client, client.staff, totp_clock)
    both = page(client.get("/staff/reports?period=3m"))
    assert 'href="/staff/reports?period=3m&amp;municipality=leiden"' in both
    assert '<th scope="row">oktober 2026</th><td class="number">8</td>' in both
    leiden = page(client.get("/staff/reports?period=3m&municipality=leiden"))
    assert 'aria-current="page">Leiden</a>' in leiden and "Buitenhof" not in leiden
    client.get("/staff/reports/export.csv?period=3m")
    exported = db.session.scalars(db.select(AuditEvent.municipality_id).where(AuditEvent.action == "report.export"))
    assert sorted(exported) == sorted([world["delft"].id, world["leiden"].id])


def test_an_editor_is_sent_to_their_listings(app, totp_clock, world):
    client = editor_client(app, totp_clock, world["town"]["a"])
    for path in ("/staff/reports", "/staff/reports/export.csv"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/staff/places"
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "report.export")) is None


def test_without_sign_in_the_reports_ask_for_it(client):
    response = client.get("/staff/reports/export.csv")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/sign-in")


def test_the_municipality_of_a_scope_is_all_it_counts(world):
    assert the_figures(db.session.get(Municipality, world["leiden"].id))["months"].total == 1


def test_matches_by_stage_and_ended_by_reason_and_go_alongs_by_outcome(world, make_request):
    """Seven matches proposed in October (6 introduced, 5 active; 2 ended: need met and moved), one proposed
    in August; go-alongs asked in October: 5 went, 1 did not go, 1 without an outcome yet."""
    from app.models import Match

    delft = world["delft"]
    buitenhof = world["town"]["buurt"].parent
    helper = Volunteer(municipality_id=delft.id, first_name="Bram", postcode="2625", status="active")
    db.session.add(helper)
    db.session.flush()
    october = at("2026-10-15T10:00")
    for n in range(7):
        asked = make_request(buitenhof, created_at=october)
        db.session.add(Match(municipality_id=delft.id, request_id=asked.id, volunteer_id=helper.id,
                             created_at=october, introduced_at=october if n < 6 else None,
                             active_at=october if n < 5 else None,
                             ended_at=october if n < 2 else None,
                             ended_reason=("need_met", "moved")[n] if n < 2 else None,
                             status="ended" if n < 2 else "active"))
    early = make_request(buitenhof, created_at=at("2026-08-15T10:00"))
    db.session.add(Match(municipality_id=delft.id, request_id=early.id, volunteer_id=helper.id,
                         created_at=at("2026-08-15T10:00")))
    for outcome in ("yes",) * 5 + ("no", None):
        asked = make_request(buitenhof, kind="go_along", created_at=october)
        if outcome:
            db.session.add(RequestEvent(buddy_request_id=asked.id, kind="went", value=outcome))
    db.session.commit()
    found = the_figures(delft)
    assert [(row.label, row.count) for row in found["matches"].rows] == [
        ("Voorgesteld", 7), ("Eerste kennismaking gepland", 6), ("Actief geworden", 5), ("Beëindigd", 2)]
    assert table(found["matches"])["Beëindigd"] == "<5" and found["matches"].total is None
    ended = {row.label: row.count for row in found["matches_ended"].rows}
    assert ended["Niet meer nodig: het gaat goed"] == 1 and ended["Verhuisd"] == 1 and sum(ended.values()) == 2
    assert [(row.label, row.count) for row in found["go_alongs"].rows] == [
        ("Gegaan", 5), ("Niet gegaan", 1), ("Nog niet bekend", 1)]
    assert table(found["go_alongs"]) == {"Gegaan": "5", "Niet gegaan": "<5", "Nog niet bekend": "<5", "total": "7"}

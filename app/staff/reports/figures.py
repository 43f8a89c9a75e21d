"""The figures of the reports: what a funder or a neighbourhood meeting is shown, counted over a period
for some municipalities. Nothing here holds personal data: only counts, and days to first contact.

One figure is one function in `FIGURES` (the `@figure` decorator adds it): it gets a `Scope` (the
municipalities and the period) and gives a `Figure` (a title, a text summary, a table). The page, the
charts and the exports all read the same figures, so a new figure (matches, go-alongs) is one function.

Small numbers: a count of 1 to 4 is shown as "<5" everywhere (`shown`), and when a table has a total,
one hidden cell could be worked out from the total and the others: then the next smallest count is
hidden too ("·", `protect`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from ...extensions import db
from ...models import (
    CHANNELS,
    CORRECTION_REASONS,
    REQUEST_KINDS,
    REQUEST_MODELS,
    BuddyRequest,
    Correction,
    Match,
    Neighbourhood,
    Organisation,
    Place,
    RequestEvent,
    Volunteer,
)
from ...schedule import TZ
from ..volunteers.words import MATCH_END_REASONS as MATCH_END_NAMES

SMALL = 5  # counts below this (but above 0) are never shown
SUPPRESSED = "<5"
COMPLEMENTARY = "·"  # hidden so that a "<5" cannot be worked out from the total

KIND_NAMES = {"buddy": _l("Maatje"), "go_along": _l("Meegaan"), "concern": _l("Zorgmelding")}
CHANNEL_NAMES = {"kiosk": _l("Een tablet"), "web": _l("De website"), "phone": _l("De telefoon"),
                 "desk": _l("De balie")}
REASON_NAMES = {"gone": _l("Is er niet meer"), "time": _l("Tijden kloppen niet"), "address": _l("Adres klopt niet"),
                "other": _l("Iets anders")}
MONTH_NAMES = (_l("januari"), _l("februari"), _l("maart"), _l("april"), _l("mei"), _l("juni"), _l("juli"),
               _l("augustus"), _l("september"), _l("oktober"), _l("november"), _l("december"))


def shown(count: int) -> str:
    """A count as a report may show it: 1 to 4 is "<5"; 0 stays 0 (there is no one to protect)."""
    return SUPPRESSED if 0 < count < SMALL else str(count)


def is_hidden(count: int) -> bool:
    return 0 < count < SMALL


def median(values: list[float]) -> float:
    """The middle value; of an even number of values, the mean of the two in the middle."""
    return statistics.median(values)


def percentile_90(values: list[float]) -> float:
    """The 90th percentile by the nearest-rank method: the smallest value that at least 90% of the
    values are at or below (of 10 values the 9th smallest, of 11 the 10th). Always one of the values."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


# --- The period and the municipalities ----------------------------------------------------------

@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: dt.date  # first day, local time
    end: dt.date  # the day after the last

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def bounds_utc(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as naive UTC moments, as the database keeps them."""
        return utc(self.start), utc(self.end)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month in the period."""
        found, year, month = [], self.start.year, self.start.month
        while dt.date(year, month, 1) < self.end:
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), TZ).astimezone(dt.UTC).replace(tzinfo=None)


def month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


FIRST_YEAR = 2020
YEARS_OFFERED = 3


def period_choices(today: dt.date) -> list[Period]:
    """This month, the last 3 and 12 months (this one included), and the last calendar years."""
    next_month = month_start(today, -1)
    choices = [Period("month", _("Deze maand"), month_start(today), next_month),
               Period("3m", _("Laatste 3 maanden"), month_start(today, 2), next_month),
               Period("12m", _("Laatste 12 maanden"), month_start(today, 11), next_month)]
    return choices + [year_period(today.year - back) for back in range(YEARS_OFFERED)]


def year_period(year: int) -> Period:
    return Period(str(year), str(year), dt.date(year, 1, 1), dt.date(year + 1, 1, 1))


def period_for(key: str | None, today: dt.date) -> Period | None:
    """The period a link asks for; None if there is no such choice."""
    for choice in period_choices(today):
        if choice.key == (key or "month"):
            return choice
    if key and key.isascii() and key.isdigit() and len(key) == 4 and FIRST_YEAR <= int(key) <= today.year:
        return year_period(int(key))
    return None


@dataclass
class Scope:
    """What a report counts: these municipalities, this period. The rows are read once and shared."""

    municipality_ids: list[int]
    period: Period

    @cached_property
    def requests(self) -> list[tuple]:
        """(created_at, wijk id, kind, channel, first contact) of every request made in the period. The first
        contact is the request's own `first_contact_at` (set with the first "spoke" contact, app.staff.inbox):
        one indexed read per kind of request, whatever the size of the timeline."""
        start, end = self.period.bounds_utc()
        rows = []
        for model in REQUEST_MODELS:  # plain rows (no ORM): a region's year is tens of thousands
            rows += db.session.connection().execute(
                db.select(model.created_at, model.neighbourhood_id, model.kind, model.channel, model.first_contact_at)
                .where(model.municipality_id.in_(self.municipality_ids),
                       model.created_at >= start, model.created_at < end)).all()
        wijk_of = self.wijken.get
        return [(created, wijk_of(place), kind, channel, contacted)
                for created, place, kind, channel, contacted in rows]

    @cached_property
    def neighbourhoods(self) -> dict[int, Neighbourhood]:
        return {n.id: n for n in db.session.scalars(
            db.select(Neighbourhood).where(Neighbourhood.municipality_id.in_(self.municipality_ids)))}

    @cached_property
    def wijken(self) -> dict[int, int]:
        """Neighbourhood id → the wijk it counts in: reports count per wijk, and a buurt counts in its wijk."""
        return {n.id: n.parent_id if n.kind == "buurt" and n.parent_id in self.neighbourhoods else n.id
                for n in self.neighbourhoods.values()}

    def wijk_of(self, neighbourhood_id: int | None) -> int | None:
        return self.wijken.get(neighbourhood_id)

    def wijk_name(self, wijk_id: int | None) -> str:
        return self.neighbourhoods[wijk_id].name if wijk_id in self.neighbourhoods else _("Wijk onbekend")


# --- A figure -----------------------------------------------------------------------------------

@dataclass
class Row:
    label: str
    count: int
    shown: str = ""  # filled by `protect`
    measure: bool = False  # a median or such, not a count: not in the total, never hidden
    cells: list[int] = field(default_factory=list)  # a cross table's counts by column; `count` is their sum
    cells_shown: list[str] = field(default_factory=list)


@dataclass
class Figure:
    key: str
    title: str
    label_heading: str  # the heading of the table's first column
    value_heading: str
    rows: list[Row]
    summary: str = ""
    total: int | None = None  # a table of counts that add up: its total row
    total_label: str = ""
    chart: bool = True
    notes: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # a cross table: the columns' names (rows have `cells`)
    column_totals_shown: list[str] = field(default_factory=list)
    grand_total_shown: str | None = None  # a cross table's total, as `protect_cross` left it

    @property
    def total_shown(self) -> str:
        if self.grand_total_shown is not None:
            return self.grand_total_shown
        return shown(self.total) if self.total is not None else ""


def protect(figure: Figure) -> Figure:
    return protect_cross(figure) if figure.columns else protect_list(figure)


def protect_list(figure: Figure) -> Figure:
    """Fill in what each count shows. With a total, a single hidden count could be worked out as
    total minus the others: then the smallest other count above 0 is hidden as well."""
    counts = [row for row in figure.rows if not row.measure]
    for row in counts:
        row.shown = shown(row.count)
    hidden = [row for row in counts if is_hidden(row.count)]
    if figure.total is not None and len(hidden) == 1 and not is_hidden(figure.total):
        others = sorted((row for row in counts if row.count >= SMALL), key=lambda row: row.count)
        if others:
            others[0].shown = COMPLEMENTARY
            figure.notes.append(_("· : verborgen, zodat een klein aantal niet uit het totaal te berekenen is."))
    return figure


def protect_cross(figure: Figure) -> Figure:
    """A cross table with row and column totals: counts of 1 to 4 show "<5"; then, as long as a row or a
    column (the totals' row and column too) has exactly one hidden count and a shown total, its smallest
    other count above 0 is hidden as well ("·"), so that no hidden count is the total minus the others."""
    width = len(figure.columns)
    grid = [[*row.cells, row.count] for row in figure.rows]
    grid.append([*(sum(row.cells[c] for row in figure.rows) for c in range(width)), figure.total or 0])
    hidden = {(r, c) for r, line in enumerate(grid) for c, count in enumerate(line) if is_hidden(count)}
    complementary: set[tuple[int, int]] = set()
    last_row, last_column = len(grid) - 1, width
    lines = [([(r, c) for c in range(width)], (r, last_column)) for r in range(len(grid))]
    lines += [([(r, c) for r in range(last_row)], (last_row, c)) for c in range(width + 1)]
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            suppressed = hidden | complementary
            if total in suppressed or sum(cell in suppressed for cell in cells) != 1:
                continue
            others = [cell for cell in cells if cell not in suppressed and grid[cell[0]][cell[1]] > 0]
            if others:
                complementary.add(min(others, key=lambda cell: (grid[cell[0]][cell[1]], cell)))
                changed = True

    def text(r: int, c: int) -> str:
        return COMPLEMENTARY if (r, c) in complementary else shown(grid[r][c])

    for r, row in enumerate(figure.rows):
        row.cells_shown = [text(r, c) for c in range(width)]
        row.shown = text(r, last_column)
    figure.column_totals_shown = [text(last_row, c) for c in range(width)]
    figure.grand_total_shown = text(last_row, last_column)
    if complementary:
        figure.notes.append(_("· : verborgen, zodat een klein aantal niet uit het totaal te berekenen is."))
    return figure


FIGURES: list[Callable[[Scope], Figure]] = []


def figure(function: Callable[[Scope], Figure]) -> Callable[[Scope], Figure]:
    """Add a figure to the reports (in the order they are defined)."""
    FIGURES.append(function)
    return function


def all_figures(scope: Scope) -> list[Figure]:
    return [protect(make(scope)) for make in FIGURES]


def count_summary(title: str, total: int, rows: list[Row]) -> str:
    """One sentence: how many in all, and which row has the most (if that can be said safely)."""
    if total == 0:
        return _("%(title)s: geen in deze periode.", title=title)
    text = _("%(title)s: %(total)s in totaal.", title=title, total=shown(total))
    largest = max(rows, key=lambda row: row.count)
    if largest.count >= SMALL and sum(row.count == largest.count for row in rows) == 1:
        text += " " + _("De meeste bij %(label)s (%(count)s).", label=largest.label, count=largest.count)
    return text


def counted(key: str, title: str, label_heading: str, counts: list[tuple[str, int]],
            value_heading: str | None = None) -> Figure:
    rows = [Row(label, number) for label, number in counts]
    total = sum(number for _label, number in counts)
    return Figure(key, title, label_heading, value_heading or _("Aantal"), rows, count_summary(title, total, rows),
                  total=total, total_label=_("Totaal"))


# --- The figures --------------------------------------------------------------------------------

def month_labels(scope: Scope) -> list[str]:
    return [f"{MONTH_NAMES[month - 1]} {year}" for year, month in scope.period.months()]


def month_index(scope: Scope) -> Callable[[dt.datetime], int]:
    """A moment (naive UTC) → the number of its month in the period, in Delft's time."""
    starts = [utc(dt.date(year, month, 1)) for year, month in scope.period.months()]
    return lambda created: bisect.bisect_right(starts, created) - 1


@figure
def requests_per_month(scope: Scope) -> Figure:
    index = month_index(scope)
    per_month = Counter(index(created) for created, *_rest in scope.requests)
    return counted("months", _("Vragen per maand"), _("Maand"),
                   [(label, per_month[number]) for number, label in enumerate(month_labels(scope))])


@figure
def requests_per_neighbourhood(scope: Scope) -> Figure:
    per_wijk = Counter(wijk for _created, wijk, *_rest in scope.requests)
    wijken = sorted((n for n in scope.neighbourhoods.values() if n.kind == "wijk"), key=lambda n: n.name)
    counts = [(n.name, per_wijk[n.id]) for n in wijken]
    counts += [(scope.wijk_name(None), per_wijk[None])] if per_wijk[None] else []
    counts += [(scope.wijk_name(wijk), number) for wijk, number in per_wijk.items()
               if wijk is not None and scope.neighbourhoods[wijk].kind != "wijk"]
    return counted("neighbourhoods", _("Vragen per wijk"), _("Wijk"), counts)


@figure
def requests_per_kind(scope: Scope) -> Figure:
    per_kind = Counter(kind for _created, _wijk, kind, *_rest in scope.requests)
    return counted("kinds", _("Vragen per soort"), _("Soort"),
                   [(str(KIND_NAMES[kind]), per_kind[kind]) for kind in REQUEST_KINDS])


@figure
def requests_per_month_and_kind(scope: Scope) -> Figure:
    """The months down, the kinds across: how each kind of request went over the period."""
    index = month_index(scope)
    per = Counter((index(created), kind) for created, _wijk, kind, *_rest in scope.requests)
    rows = []
    for number, label in enumerate(month_labels(scope)):
        cells = [per[number, kind] for kind in REQUEST_KINDS]
        rows.append(Row(label, sum(cells), cells=cells))
    title = _("Vragen per maand en soort")
    total = sum(row.count for row in rows)
    return Figure("months_kinds", title, _("Maand"), _("Aantal"), rows, count_summary(title, total, rows),
                  total=total, total_label=_("Totaal"), chart=False,
                  columns=[str(KIND_NAMES[kind]) for kind in REQUEST_KINDS])


@figure
def requests_per_channel(scope: Scope) -> Figure:
    per_channel = Counter(channel for _created, _wijk, _kind, channel, _contact in scope.requests)
    return counted("channels", _("Hoe vragen binnenkwamen"), _("Kanaal"),
                   [(str(CHANNEL_NAMES.get(channel, channel)), per_channel[channel]) for channel in CHANNELS])


def days_between(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 86400


@figure
def days_to_first_contact(scope: Scope) -> Figure:
    """First contact: the first timeline line "contact" with the outcome "spoke" (the moment the inbox
    keeps as first contact); a call nobody answered is an attempt, not contact. Counted for the requests
    made in the period; days are the time between sending and that contact, in days of 24 hours."""
    waits = [days_between(created, contacted) for created, *_rest, contacted in scope.requests if contacted]
    waiting = sum(1 for *_rest, contacted in scope.requests if contacted is None)
    title = _("Dagen tot het eerste contact")
    rows = [Row(_("Vragen met contact"), len(waits)), Row(_("Vragen nog zonder contact"), waiting)]
    enough = len(waits) >= SMALL
    for label, value in ((_("Mediaan (dagen)"), median(waits) if enough else None),
                         (_("90e percentiel (dagen)"), percentile_90(waits) if enough else None)):
        rows.append(Row(label, 0, days_text(value) if value is not None else _("te weinig vragen"), measure=True))
    if enough:
        summary = _("De helft van de vragen had binnen %(median)s dagen contact, 9 van de 10 binnen %(p90)s dagen.",
                    median=days_text(median(waits)), p90=days_text(percentile_90(waits)))
    else:
        summary = _("Te weinig vragen met contact om iets over de wachttijd te zeggen.")
    result = Figure("contact", title, _("Maat"), _("Waarde"), rows, summary, total=len(scope.requests),
                    total_label=_("Alle vragen"), chart=False)
    result.notes.append(_("Eerste contact: de eerste keer dat een medewerker de persoon sprak (contactpoging "
                          "‘Gesproken’). Een poging zonder gesprek telt niet. Alleen vragen die in deze "
                          "periode binnenkwamen. Het 90e percentiel: 9 van de 10 vragen wachtten niet langer."))
    return result


def days_text(value: float) -> str:
    """Days with one decimal, written as the reader's language does (3,5 in Dutch)."""
    return format_decimal(round(value, 1), format="0.0")


@figure
def volunteers_active(scope: Scope) -> Figure:
    per_wijk = Counter(scope.wijk_of(place) for place in db.session.scalars(
        db.select(Volunteer.neighbourhood_id).where(Volunteer.municipality_id.in_(scope.municipality_ids),
                                                    Volunteer.status == "active")))
    counts = sorted(((scope.wijk_name(wijk), number) for wijk, number in per_wijk.items()), key=lambda pair: pair[0])
    result = counted("volunteers", _("Actieve vrijwilligers per wijk"), _("Wijk"), counts)
    result.notes.append(_("Vrijwilligers met de status actief, vandaag (niet over de periode)."))
    return result


@figure
def suggestions_received(scope: Scope) -> Figure:
    start, end = scope.period.bounds_utc()
    in_my_towns = or_(
        Place.neighbourhood_id.in_(db.select(Neighbourhood.id).where(
            Neighbourhood.municipality_id.in_(scope.municipality_ids))),
        Place.owner_id.in_(db.select(Organisation.id).where(Organisation.municipality_id.in_(scope.municipality_ids))))
    per_reason = Counter(db.session.scalars(
        db.select(Correction.reason).join(Place, Correction.place_id == Place.id)
        .where(in_my_towns, Correction.created_at >= start, Correction.created_at < end)))
    return counted("suggestions", _("Correcties van bewoners"), _("Wat er niet klopt"),
                   [(str(REASON_NAMES[reason]), per_reason[reason]) for reason in CORRECTION_REASONS])



@figure
def matches_in_period(scope: Scope) -> Figure:
    """How many matches reached each stage in the period (one match can reach several)."""
    start, end = scope.period.bounds_utc()
    mine = Match.municipality_id.in_(scope.municipality_ids)

    def reached(column) -> int:
        return db.session.scalar(db.select(db.func.count(Match.id)).where(mine, column >= start, column < end))

    rows = [Row(str(label), reached(column)) for label, column in (
        (_l("Voorgesteld"), Match.created_at), (_l("Eerste kennismaking gepland"), Match.introduced_at),
        (_l("Actief geworden"), Match.active_at), (_l("Beëindigd"), Match.ended_at))]
    title = _("Koppels van een bewoner en een vrijwilliger")
    result = Figure("matches", title, _("Stap"), _("Aantal"), rows,
                    _("%(title)s: %(count)s voorgesteld in deze periode.", title=title, count=shown(rows[0].count)))
    result.notes.append(_("Eén koppel kan in de periode meer stappen zetten: de rijen tellen niet op."))
    return result


@figure
def matches_ended(scope: Scope) -> Figure:
    start, end = scope.period.bounds_utc()
    per_reason = Counter(db.session.scalars(db.select(Match.ended_reason).where(
        Match.municipality_id.in_(scope.municipality_ids), Match.ended_at >= start, Match.ended_at < end)))
    return counted("matches_ended", _("Beëindigde koppels, en waarom"), _("Reden"),
                   [(str(label), per_reason[reason]) for reason, label in MATCH_END_NAMES.items()])


@figure
def go_alongs(scope: Scope) -> Figure:
    """Go-along requests made in the period, by whether the resident went (recorded after the date)."""
    start, end = scope.period.bounds_utc()
    went = (db.select(RequestEvent.buddy_request_id, RequestEvent.value)
            .where(RequestEvent.kind == "went", RequestEvent.buddy_request_id.is_not(None)).subquery())
    outcome = Counter({value or "unknown": number for value, number in db.session.execute(
        db.select(went.c.value, db.func.count(BuddyRequest.id))
        .outerjoin(went, went.c.buddy_request_id == BuddyRequest.id)
        .where(BuddyRequest.municipality_id.in_(scope.municipality_ids), BuddyRequest.kind == "go_along",
               BuddyRequest.created_at >= start, BuddyRequest.created_at < end)
        .group_by(went.c.value))})
    return counted("go_alongs", _("Meegaan"), _("Uitkomst"), [
        (_("Gegaan"), outcome["yes"]), (_("Niet gegaan"), outcome["no"]), (_("Nog niet bekend"), outcome["unknown"])])

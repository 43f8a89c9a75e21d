"""Who could be a maatje (or a go-along companion) for a request: volunteers ranked, each with its reasons.

Hard rules: a volunteer who fails one is never suggested. In this order (a volunteer left out is counted
under the first rule they fail, so "3 spreken geen Arabisch" counts people who passed the rules before):

1. `status`    – the volunteer is active;
2. `vog`       – their VOG (certificate of conduct) is valid today (`Volunteer.vog_valid_on`);
3. `role`      – role "maatje" for a buddy request, "go_along" for a go-along request;
4. `capacity`  – fewer open matches (proposed, introduced or active) than their capacity;
5. `language`  – they speak at least one language of the request (a request without languages: Dutch);
6. `gender`    – a man or a woman when the resident asked for one ("any" or nothing: no rule);
7. `time`      – at least one common day and one common part of the day; the request's "any" (or
                 nothing) matches every day or part, but the volunteer must have given at least one;
8. `ended`     – this volunteer and this request never had a match that ended.

Every rule is a condition in SQL: one query finds who passes. When fewer than `EXPLAIN_BELOW` pass, a
second counts who failed which rule first. Only the volunteers of the request's own municipality are looked
at. The statements have bound parameters and a fixed shape, so they are built and compiled once
(`bench/suggestions`: 5,000 volunteers).

Score (higher first; ties broken by the volunteer's id, so the order is the same every time):

- distance: `DISTANCE_POINTS` at 0 m, falling in a straight line to 0 at `DISTANCE_ZERO_M` (5 km), from
  the volunteer's postcode centre to the request's (its postcode's centre, else its neighbourhood's);
  unknown on either side: 0 points. Measured with app.geo.distance_m, the one distance function.
- shared interests: `INTEREST_POINTS` for each of the request's wishes the volunteer also likes, at most
  `INTEREST_MAX`;
- waiting: one point per `WAIT_DAYS_PER_POINT` days since the volunteer's last match was proposed, or
  (never matched) since they became active, at most `WAIT_MAX`. Nobody should wait for ever.

The reasons say in words what scored: the shared languages, the distance, the shared interests, the
common day and part of the day, the wait, and the asked-for gender.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from babel import Locale
from babel.lists import format_list
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import Date, String, and_, bindparam, case, func, literal, not_, or_
from sqlalchemy.orm import aliased

from ... import choices, geo
from ...extensions import db
from ...models import (
    OPEN_MATCH_STATUSES,
    VOG_VALID_YEARS,
    BuddyRequest,
    Match,
    Neighbourhood,
    Postcode,
    Volunteer,
    VolunteerEvent,
    add_years,
    utcnow,
)

DISTANCE_POINTS = 40
DISTANCE_ZERO_M = 5_000
INTEREST_POINTS = 15
INTEREST_MAX = 45
WAIT_DAYS_PER_POINT = 3
WAIT_MAX = 30
LIMIT = 20  # the page shows the best this many
EXPLAIN_BELOW = 5  # with fewer suggestions than this, the page says who was left out by which rule

RULES = ("status", "vog", "role", "capacity", "language", "gender", "time", "ended")
DAY_KEYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
PART_KEYS = ("morning", "afternoon", "evening")
ROLE_OF_KIND = {"buddy": "maatje", "go_along": "go_along"}


@dataclass
class Candidate:
    """What suggesting needs of a volunteer (read as plain columns: no ORM objects for hundreds of rows)."""

    id: int
    first_name: str
    last_name: str
    lat: float | None
    lon: float | None
    languages: str
    interests: str
    days: str
    parts_of_day: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def keys(self, column: str) -> list[str]:
        return getattr(self, column).split()


CANDIDATE_COLUMNS = tuple(getattr(Volunteer, name) for name in Candidate.__dataclass_fields__)


@dataclass
class Suggestion:
    volunteer: Candidate
    score: float
    distance_m: float | None
    shared_languages: list[str]
    shared_interests: list[str]
    common_times: list[tuple[str, str]]  # (day key, part key)
    waiting_days: int
    reasons: list[str] = field(default_factory=list)


@dataclass
class Result:
    suggestions: list[Suggestion]
    excluded: dict[str, int]  # rule → how many volunteers it left out (each counted once)
    considered: int | None  # volunteers of the municipality (None: not counted)


def padded(column):
    return literal(" ") + column + literal(" ")


def any_of(column, name: str, slots: int):
    """The list column holds one of the keys in the parameters name0 … name{slots-1} (LIKE patterns)."""
    spaced = padded(column)
    return or_(*(spaced.like(bindparam(f"{name}{n}", type_=String)) for n in range(slots)))


def patterns(name: str, keys: list[str], slots: int) -> dict[str, str]:
    """The parameters of `any_of`: one pattern per key, the list padded with its first key (the same
    key twice changes nothing), so that the statement keeps its shape from request to request."""
    padded_keys = keys + keys[:1] * (slots - len(keys))
    return {f"{name}{n}": f"% {key} %" for n, key in enumerate(padded_keys)}


def request_languages(request: BuddyRequest) -> list[str]:
    return list(dict.fromkeys(request.languages.split())) or ["nl"]


def language_slots(request: BuddyRequest) -> int:
    return max(4, len(request_languages(request)))


def wanted(request: BuddyRequest, column: str, every: tuple[str, ...]) -> list[str]:
    """The request's keys of a list column; "any" or nothing means every key."""
    keys = [key for key in getattr(request, column).split() if key in every or key == "any"]
    return list(every) if not keys or "any" in keys else keys


def rule_conditions(slots: int) -> dict:
    """Each hard rule as an SQL condition that a fitting volunteer meets, with bound parameters (see
    `parameters`). The full volunteers and the ended pairs are uncorrelated subqueries: run once, not
    once per volunteer. The VOG rule is `Volunteer.vog_valid_on(today)` with its dates as parameters."""
    other = aliased(Volunteer)
    full = (db.select(Match.volunteer_id).join(other, other.id == Match.volunteer_id)
            .where(other.municipality_id == bindparam("municipality_id"), Match.status.in_(OPEN_MATCH_STATUSES))
            .group_by(Match.volunteer_id, other.capacity).having(func.count(Match.id) >= other.capacity))
    ended_before = db.select(Match.volunteer_id).where(Match.request_id == bindparam("request_id"),
                                                       Match.status == "ended")
    gender = func.coalesce(Volunteer.gender, "")
    return {
        "status": Volunteer.status == "active",
        "vog": and_(Volunteer.vog_date.is_not(None), Volunteer.vog_date <= bindparam("today", type_=Date),
                    Volunteer.vog_date > bindparam("vog_after", type_=Date)),
        "role": padded(Volunteer.roles).like(bindparam("role", type_=String)),
        "capacity": Volunteer.id.not_in(full),
        "language": any_of(Volunteer.languages, "language", slots),
        # Without a wish the gender is compared with itself.
        "gender": gender == func.coalesce(bindparam("preference", type_=String), gender),
        "time": and_(any_of(Volunteer.days, "day", len(DAY_KEYS)),
                     any_of(Volunteer.parts_of_day, "part", len(PART_KEYS))),
        "ended": Volunteer.id.not_in(ended_before),
    }


def parameters(request: BuddyRequest, today: dt.date) -> dict:
    return {
        "municipality_id": request.municipality_id, "request_id": request.id, "today": today,
        "vog_after": add_years(today, -VOG_VALID_YEARS, (2, 28)),
        "role": f"% {ROLE_OF_KIND.get(request.kind, 'maatje')} %",
        "preference": request.preference if request.preference in ("man", "woman") else None,
        **patterns("language", request_languages(request), language_slots(request)),
        **patterns("day", wanted(request, "days", DAY_KEYS), len(DAY_KEYS)),
        **patterns("part", wanted(request, "parts_of_day", PART_KEYS), len(PART_KEYS)),
    }


def waiting_since():
    """When a volunteer started waiting: their last match's proposal, else becoming active, else joining."""
    last_match = (db.select(func.max(Match.created_at)).where(Match.volunteer_id == Volunteer.id)
                  .scalar_subquery())
    became_active = (db.select(func.max(VolunteerEvent.at))
                     .where(VolunteerEvent.volunteer_id == Volunteer.id,
                            VolunteerEvent.kind.in_(("status", "created")), VolunteerEvent.value == "active")
                     .scalar_subquery())
    return func.coalesce(last_match, became_active, Volunteer.created_at)


@functools.cache
def statements(slots: int):
    """(who fits, who fails which rule first, one volunteer if they fit): built once per number of
    language slots, so that SQLAlchemy compiles each once."""
    rules = rule_conditions(slots)
    # Already proposed for this request (an open match): shown with the request's matches, not again here.
    mine = and_(Volunteer.municipality_id == bindparam("municipality_id"), Volunteer.id.not_in(
        db.select(Match.volunteer_id).where(Match.request_id == bindparam("request_id"),
                                            Match.status.in_(OPEN_MATCH_STATUSES))))
    fit = db.select(*CANDIDATE_COLUMNS, waiting_since().label("since")).where(mine, *rules.values())
    first_failed = case(*((not_(condition), name) for name, condition in rules.items()), else_="")
    counts = (db.select(first_failed, func.count()).select_from(Volunteer)
              .where(Volunteer.municipality_id == bindparam("municipality_id")).group_by(first_failed))
    one = db.select(Volunteer).where(Volunteer.id == bindparam("volunteer_id"), mine, *rules.values())
    return fit, counts, one


def request_point(request: BuddyRequest) -> tuple[float, float] | None:
    """Where the request is: its postcode's centre, else its neighbourhood's."""
    if request.postcode and (centre := db.session.get(Postcode, request.postcode)) is not None:
        return centre.lat, centre.lon
    if request.neighbourhood_id and (area := db.session.get(Neighbourhood, request.neighbourhood_id)) is not None:
        return area.lat, area.lon
    return None


def suggest(request: BuddyRequest, today: dt.date, now: dt.datetime | None = None, limit: int = LIMIT,
            explain: bool | None = None) -> Result:
    """The fitting volunteers of the request's municipality, best first, with their reasons; and, when
    fewer than `EXPLAIN_BELOW` fit (or `explain` says so), how many each rule left out."""
    now = now or utcnow()
    fit, counts, _one = statements(language_slots(request))
    values = parameters(request, today)
    rows = db.session.execute(fit, values).all()
    point = request_point(request)
    suggestions = [scored(request, Candidate(*row[:-1]), row.since, point, now) for row in rows]
    suggestions.sort(key=lambda s: (-s.score, s.volunteer.id))
    excluded, considered = {}, None
    if explain or (explain is None and len(suggestions) < EXPLAIN_BELOW):
        found = dict(db.session.execute(counts, values).all())
        excluded, considered = {name: found[name] for name in RULES if found.get(name)}, sum(found.values())
    words = Words(locale())
    for suggestion in suggestions[:limit]:
        suggestion.reasons = reasons(request, suggestion, words)
    return Result(suggestions[:limit], excluded, considered)


def scored(request: BuddyRequest, volunteer: Candidate, since: dt.datetime | None,
           point: tuple[float, float] | None, now: dt.datetime) -> Suggestion:
    distance = (geo.distance_m(*point, volunteer.lat, volunteer.lon)
                if point is not None and volunteer.lat is not None and volunteer.lon is not None else None)
    interests = [key for key in request.wishes.split() if key in volunteer.keys("interests") and key != "other"]
    days = [day for day in wanted(request, "days", DAY_KEYS) if day in volunteer.keys("days")]
    parts = [part for part in wanted(request, "parts_of_day", PART_KEYS) if part in volunteer.keys("parts_of_day")]
    waiting = max(0, (now - since).days) if since is not None else 0
    score = (DISTANCE_POINTS * max(0.0, 1 - distance / DISTANCE_ZERO_M) if distance is not None else 0.0) \
        + min(INTEREST_MAX, INTEREST_POINTS * len(interests)) + min(WAIT_MAX, waiting // WAIT_DAYS_PER_POINT)
    languages = [code for code in request_languages(request) if code in volunteer.keys("languages")]
    return Suggestion(volunteer, round(score, 3), distance, languages, interests,
                      [(day, part) for day in days for part in parts], waiting)


# --- The words ---

def locale() -> Locale:
    found = get_locale()
    return found if isinstance(found, Locale) else Locale.parse(str(found or "nl"))


class Words:
    """The reasons' words in the staff member's language; the locale is looked up once per page."""

    def __init__(self, locale_: Locale):
        self.locale = locale_
        self.parts = {"morning": _("ochtend"), "afternoon": _("middag"), "evening": _("avond")}
        self.wishes = {key: str(label).lower() for key, (label, _pictogram) in choices.WISHES.items()}

    def listed(self, items: list[str], style: str = "standard") -> str:
        return format_list([str(item) for item in items], style=style, locale=self.locale)

    def language(self, code: str) -> str:
        """"Arabisch" in Dutch, "Arabic" in English: the staff's language's name of a language."""
        return self.locale.languages.get(code, code)

    def distance(self, metres: float) -> str:
        if metres < 1_000:
            return f"{max(100, round(metres, -2)):.0f} m"
        return f"{metres / 1000:.1f} km".replace(".", "," if self.locale.language == "nl" else ".")

    def time(self, day: str, part: str) -> str:
        """"dinsdagmiddag" (in English: "Tuesday afternoon")."""
        weekday = self.locale.days["format"]["wide"][DAY_KEYS.index(day)]
        return _("%(day)s%(part)s", day=weekday, part=self.parts[part])


def reasons(request: BuddyRequest, suggestion: Suggestion, words: Words) -> list[str]:
    found = [_("spreekt %(languages)s",
               languages=words.listed([words.language(code) for code in suggestion.shared_languages]))]
    if suggestion.distance_m is not None:
        found.append(_("woont %(distance)s verderop", distance=words.distance(suggestion.distance_m)))
    if suggestion.shared_interests:
        found.append(_("houdt ook van %(wishes)s",
                       wishes=words.listed([words.wishes[key] for key in suggestion.shared_interests])))
    times = [words.time(day, part) for day, part in suggestion.common_times[:3]]
    more = len(suggestion.common_times) - len(times)
    found.append(_("kan op %(times)s", times=words.listed(times)) if not more else
                 # The plural message has only the number; the times go in after ({times}).
                 ngettext("kan op {times} en nog %(num)d moment", "kan op {times} en nog %(num)d momenten",
                          more).replace("{times}", ", ".join(times)))
    if suggestion.waiting_days:
        found.append(ngettext("wacht al %(num)d dag op een maatje", "wacht al %(num)d dagen op een maatje",
                              suggestion.waiting_days))
    if request.preference == "woman":
        found.append(_("is een vrouw, zoals gevraagd"))
    elif request.preference == "man":
        found.append(_("is een man, zoals gevraagd"))
    return found


def exclusion_words(request: BuddyRequest, excluded: dict[str, int]) -> list[str]:
    """"3 spreken geen Arabisch", one line per rule that left someone out, in the rules' order."""
    words_ = Words(locale())
    languages = words_.listed([words_.language(code) for code in request_languages(request)], style="or")
    words = {
        "status": lambda n: ngettext("%(num)d is niet actief", "%(num)d zijn niet actief", n),
        "vog": lambda n: ngettext("%(num)d heeft geen geldige VOG", "%(num)d hebben geen geldige VOG", n),
        "role": lambda n: (ngettext("%(num)d gaat niet mee naar activiteiten",
                                    "%(num)d gaan niet mee naar activiteiten", n) if request.kind == "go_along" else
                           ngettext("%(num)d is geen maatje", "%(num)d zijn geen maatje", n)),
        "capacity": lambda n: ngettext("%(num)d heeft geen plek meer", "%(num)d hebben geen plek meer", n),
        # The plural message has only the number; the languages go in after ({languages}).
        "language": lambda n: ngettext("%(num)d spreekt geen {languages}", "%(num)d spreken geen {languages}",
                                       n).replace("{languages}", languages),
        "gender": lambda n: (ngettext("%(num)d is geen vrouw", "%(num)d zijn geen vrouw", n)
                             if request.preference == "woman" else
                             ngettext("%(num)d is geen man", "%(num)d zijn geen man", n)),
        "time": lambda n: ngettext("%(num)d kan niet op de gevraagde dagen en tijden",
                                   "%(num)d kunnen niet op de gevraagde dagen en tijden", n),
        "ended": lambda n: ngettext("%(num)d had al een koppeling met deze vraag die is beëindigd",
                                    "%(num)d hadden al een koppeling met deze vraag die is beëindigd", n),
    }
    return [words[rule](count) for rule, count in excluded.items()]


def fitting(request: BuddyRequest, volunteer_id: int, today: dt.date) -> Volunteer | None:
    """The volunteer, if of the request's municipality and meeting every hard rule today."""
    _fit, _counts, one = statements(language_slots(request))
    return db.session.scalar(one, {**parameters(request, today), "volunteer_id": volunteer_id})

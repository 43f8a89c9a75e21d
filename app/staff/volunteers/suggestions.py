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

Every rule is a condition in SQL: one query finds who passes, one more counts who fails what. Only the
volunteers of the request's own municipality are looked at.

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
from dataclasses import dataclass, field

from babel import Locale
from babel.lists import format_list
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, case, false, func, literal, not_, or_, true

from ... import choices, geo
from ...extensions import db
from ...models import (
    OPEN_MATCH_STATUSES,
    BuddyRequest,
    Match,
    Neighbourhood,
    Postcode,
    Volunteer,
    VolunteerEvent,
    utcnow,
)

DISTANCE_POINTS = 40
DISTANCE_ZERO_M = 5_000
INTEREST_POINTS = 15
INTEREST_MAX = 45
WAIT_DAYS_PER_POINT = 3
WAIT_MAX = 30
LIMIT = 20  # the page shows the best this many

RULES = ("status", "vog", "role", "capacity", "language", "gender", "time", "ended")
DAY_KEYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
PART_KEYS = ("morning", "afternoon", "evening")
ROLE_OF_KIND = {"buddy": "maatje", "go_along": "go_along"}


@dataclass
class Suggestion:
    volunteer: Volunteer
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
    considered: int  # volunteers of the municipality


def has_key(column, key: str):
    """A space-separated list column holds this key (in SQL)."""
    return (literal(" ") + column + literal(" ")).like(f"% {key} %")


def has_any(column, keys: list[str]):
    return or_(*(has_key(column, key) for key in keys)) if keys else false()


def wanted(request: BuddyRequest, column: str, every: tuple[str, ...]) -> list[str]:
    """The request's keys of a list column; "any" or nothing means every key."""
    keys = getattr(request, column).split()
    return list(every) if not keys or "any" in keys else [key for key in keys if key in every]


def request_languages(request: BuddyRequest) -> list[str]:
    return request.languages.split() or ["nl"]


def open_matches():
    """How many open matches a volunteer has (a correlated subquery)."""
    return (db.select(func.count(Match.id))
            .where(Match.volunteer_id == Volunteer.id, Match.status.in_(OPEN_MATCH_STATUSES))
            .scalar_subquery())


def rule_conditions(request: BuddyRequest, today: dt.date) -> dict:
    """Each hard rule as an SQL condition that a fitting volunteer meets."""
    preference = request.preference if request.preference in ("man", "woman") else None
    ended_before = (db.select(Match.id).where(Match.volunteer_id == Volunteer.id, Match.request_id == request.id,
                                               Match.status == "ended").exists())
    return {
        "status": Volunteer.status == "active",
        "vog": Volunteer.vog_valid_on(today),
        "role": has_key(Volunteer.roles, ROLE_OF_KIND.get(request.kind, "maatje")),
        "capacity": open_matches() < Volunteer.capacity,
        "language": has_any(Volunteer.languages, request_languages(request)),
        "gender": func.coalesce(Volunteer.gender, "") == preference if preference else true(),
        "time": and_(has_any(Volunteer.days, wanted(request, "days", DAY_KEYS)),
                     has_any(Volunteer.parts_of_day, wanted(request, "parts_of_day", PART_KEYS))),
        "ended": not_(ended_before),
    }


def request_point(request: BuddyRequest) -> tuple[float, float] | None:
    """Where the request is: its postcode's centre, else its neighbourhood's."""
    if request.postcode and (centre := db.session.get(Postcode, request.postcode)) is not None:
        return centre.lat, centre.lon
    if request.neighbourhood_id and (area := db.session.get(Neighbourhood, request.neighbourhood_id)) is not None:
        return area.lat, area.lon
    return None


def waiting_since():
    """When a volunteer started waiting: their last match's proposal, else becoming active, else joining."""
    last_match = (db.select(func.max(Match.created_at)).where(Match.volunteer_id == Volunteer.id)
                  .scalar_subquery())
    became_active = (db.select(func.max(VolunteerEvent.at))
                     .where(VolunteerEvent.volunteer_id == Volunteer.id,
                            VolunteerEvent.kind.in_(("status", "created")), VolunteerEvent.value == "active")
                     .scalar_subquery())
    return func.coalesce(last_match, became_active, Volunteer.created_at)


def suggest(request: BuddyRequest, today: dt.date, now: dt.datetime | None = None, limit: int = LIMIT) -> Result:
    """The fitting volunteers of the request's municipality, best first, with their reasons; and, per
    rule, how many it left out."""
    now = now or utcnow()
    rules = rule_conditions(request, today)
    rows = db.session.execute(
        db.select(Volunteer, waiting_since().label("since"))
        .where(Volunteer.municipality_id == request.municipality_id, *rules.values())
    ).all()
    point = request_point(request)
    suggestions = [scored(request, volunteer, since, point, now) for volunteer, since in rows]
    suggestions.sort(key=lambda s: (-s.score, s.volunteer.id))
    excluded, considered = exclusions(request, rules)
    for suggestion in suggestions[:limit]:
        suggestion.reasons = reasons(request, suggestion)
    return Result(suggestions[:limit], excluded, considered)


def exclusions(request: BuddyRequest, rules: dict) -> tuple[dict[str, int], int]:
    """Per rule, the volunteers of the municipality who fail it and passed every rule before it."""
    first_failed = case(*((not_(condition), name) for name, condition in rules.items()), else_="")
    counts = dict(db.session.execute(
        db.select(first_failed, func.count()).select_from(Volunteer)
        .where(Volunteer.municipality_id == request.municipality_id).group_by(first_failed)
    ).all())
    return {name: counts[name] for name in RULES if counts.get(name)}, sum(counts.values())


def scored(request: BuddyRequest, volunteer: Volunteer, since: dt.datetime | None,
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
    return Locale.parse(str(get_locale() or "nl"))


def listed(items: list[str], style: str = "standard") -> str:
    return format_list([str(item) for item in items], style=style, locale=locale())


def language_name(code: str) -> str:
    """"Arabisch" in Dutch, "Arabic" in English: the staff's language's name of a language."""
    return locale().languages.get(code, code)


def distance_words(metres: float) -> str:
    if metres < 1_000:
        return f"{max(100, round(metres, -2)):.0f} m"
    return f"{metres / 1000:.1f} km".replace(".", "," if locale().language == "nl" else ".")


def part_name(part: str) -> str:
    return {"morning": _("ochtend"), "afternoon": _("middag"), "evening": _("avond")}[part]


def time_words(day: str, part: str) -> str:
    """"dinsdagmiddag" (in English: "Tuesday afternoon")."""
    weekday = locale().days["format"]["wide"][DAY_KEYS.index(day)]
    return _("%(day)s%(part)s", day=weekday, part=part_name(part))


def reasons(request: BuddyRequest, suggestion: Suggestion) -> list[str]:
    found = [_("spreekt %(languages)s", languages=listed([language_name(c) for c in suggestion.shared_languages]))]
    if suggestion.distance_m is not None:
        found.append(_("woont %(distance)s verderop", distance=distance_words(suggestion.distance_m)))
    if suggestion.shared_interests:
        wishes = [str(choices.WISHES[key][0]).lower() for key in suggestion.shared_interests]
        found.append(_("houdt ook van %(wishes)s", wishes=listed(wishes)))
    times = [time_words(day, part) for day, part in suggestion.common_times[:3]]
    more = len(suggestion.common_times) - len(times)
    found.append(_("kan op %(times)s", times=listed(times)) if not more else
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
    languages = listed([language_name(code) for code in request_languages(request)], style="or")
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
    return db.session.scalar(db.select(Volunteer).where(
        Volunteer.id == volunteer_id, Volunteer.municipality_id == request.municipality_id,
        *rule_conditions(request, today).values()))

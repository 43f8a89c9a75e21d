"""The one schedule expander: RFC 5545 rules in local time (Europe/Amsterdam) to occurrences.

Rules are expanded with naive local datetimes and the zone is attached afterwards, so a weekly
activity at 10:00 stays at 10:00 across the clock change while its UTC offset changes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule, rrulestr
from flask_babel import format_time
from flask_babel import gettext as _

from .i18n import date_in_words

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import Activity

TZ = ZoneInfo("Europe/Amsterdam")
log = logging.getLogger(__name__)

# How far ahead next_occurrence looks.
LOOKAHEAD = dt.timedelta(days=366)


@dataclass(frozen=True)
class Occurrence:
    activity_id: int
    start: dt.datetime  # aware, Europe/Amsterdam
    end: dt.datetime  # aware; may be the next day (past midnight)


def local_now() -> dt.datetime:
    return dt.datetime.now(TZ)


# How far ahead a resident can name a day (a ticket, going along): a date further away would expand a
# weekly schedule for centuries, and 9999-12-31 has no next day at all.
DAYS_TO_NAME = 400


def day_from(text: str | None, today: dt.date) -> dt.date | None:
    """A day written as 2026-12-24, from today up to DAYS_TO_NAME days on; None for anything else."""
    try:
        day = dt.date.fromisoformat((text or "")[:10])
    except ValueError:
        return None
    return day if today <= day <= today + dt.timedelta(days=DAYS_TO_NAME) else None


# The parts of RFC 5545 that activity schedules use. Anything else (BYHOUR, BYSETPOS, FREQ=MINUTELY, …)
# is refused: dateutil can loop for seconds on a rule that never happens, and forever on INTERVAL=0.
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
RULE_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST"}
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
BYDAY_ITEM = re.compile(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)")
UNTIL_VALUE = re.compile(r"\d{8}(T\d{6}Z?)?")


def numbers(text: str | None, low: int, high: int) -> list[int]:
    values = [int(part) for part in text.split(",")] if text else []
    if not all(low <= abs(value) <= high for value in values):
        raise ValueError(f"out of range: {text}")
    return values


def local_until(text: str) -> str:
    """UNTIL as a local wall-clock time; a date means the whole of that day."""
    if not UNTIL_VALUE.fullmatch(text):
        raise ValueError(f"not a date: {text}")
    if len(text) == 8:
        return dt.datetime.strptime(text, "%Y%m%d").strftime("%Y%m%dT235959")
    until = dt.datetime.strptime(text[:15], "%Y%m%dT%H%M%S")
    if text.endswith("Z"):
        until = until.replace(tzinfo=dt.UTC).astimezone(TZ).replace(tzinfo=None)
    return until.strftime("%Y%m%dT%H%M%S")


def checked_rule(text: str) -> str:
    """The rule if it is one we can expand quickly and surely, with UNTIL in local time; else ValueError."""
    parts = dict(part.split("=", 1) for part in text.strip().upper().split(";") if part)
    if not parts.keys() <= RULE_PARTS or parts.get("FREQ") not in FREQUENCIES:
        raise ValueError(f"unsupported rule: {text}")
    numbers(parts.get("INTERVAL"), 1, 99)
    numbers(parts.get("COUNT"), 1, 5000)
    months, monthdays = numbers(parts.get("BYMONTH"), 1, 12), numbers(parts.get("BYMONTHDAY"), 1, 31)
    if months and any(abs(day) > max(calendar.monthrange(2024, m)[1] for m in months) for day in monthdays):
        raise ValueError(f"a day that is not in those months: {text}")
    days = [BYDAY_ITEM.fullmatch(item) for item in parts["BYDAY"].split(",")] if "BYDAY" in parts else []
    if None in days:
        raise ValueError(f"not a weekday: {text}")
    # "+1WE" means the first Wednesday of the month: only with FREQ=MONTHLY, never beside a day number.
    if any(day[1] for day in days) and (parts["FREQ"] != "MONTHLY" or monthdays):
        raise ValueError(f"an n-th weekday outside a monthly rule: {text}")
    if "UNTIL" in parts:
        parts["UNTIL"] = local_until(parts["UNTIL"])
    return ";".join(f"{key}={value}" for key, value in parts.items())


@lru_cache(maxsize=65536)
def parse_rule(rule: str | None, first_date: dt.date, start_time: dt.time) -> rrule | None:
    """The rule with naive local start times, so 10:00 stays 10:00 across the clock change.

    None for a rule we cannot expand: that activity has no dates, and the log says why."""
    start = dt.datetime.combine(first_date, start_time)
    if rule is None:
        return rrule(DAILY, dtstart=start, count=1)
    try:
        return rrulestr(checked_rule(rule), dtstart=start)
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        log.warning("ignoring an activity schedule that is not a valid RRULE: %r (%s)", rule, error)
        return None


@lru_cache(maxsize=65536)
def rule_near(rule: str | None, first_date: dt.date, start_time: dt.time, monday: dt.date) -> rrule | None:
    """The same rule, started as late as possible before `monday` without changing its dates.

    dateutil walks every occurrence from the start; an activity started years ago would cost
    thousands of steps for each day it is asked about."""
    parsed = parse_rule(rule, first_date, start_time)
    start = parsed and parsed._dtstart
    if parsed is None or parsed._count or start >= dt.datetime.combine(monday, dt.time.min):
        return parsed
    step = parsed._interval
    if parsed._freq in (DAILY, WEEKLY):
        period = dt.timedelta(days=step if parsed._freq == DAILY else 7 * step)
        return parsed.replace(dtstart=start + (monday - start.date()) // period * period)
    explicit_day = parsed._original_rule.get("byweekday") or parsed._original_rule.get("bymonthday")
    if parsed._freq == MONTHLY and explicit_day:
        months = (monday.year - start.year) * 12 + monday.month - start.month
        first_of_month = start.replace(day=1) + relativedelta(months=months // step * step)
        return parsed.replace(dtstart=first_of_month)
    return parsed  # yearly, or a day of the month taken from the start: few steps either way


def rule_for(activity: Activity, first: dt.datetime) -> rrule | None:
    monday = first.date() - dt.timedelta(days=first.weekday())
    return rule_near(activity.rrule, activity.first_date, activity.start_time, monday)


ALL_WEEKDAYS = 127
BYDAY = re.compile(r"BYDAY=([^;]+)", re.IGNORECASE)


def weekday_bit(day: dt.date) -> int:
    return 1 << day.weekday()


@lru_cache(maxsize=4096)
def weekday_mask(rule: str | None, first_date: dt.date) -> int:
    """The weekdays a schedule can fall on: one for a single date, BYDAY's days, else all seven."""
    if rule is None:
        return weekday_bit(first_date)
    match = BYDAY.search(rule)
    if not match or "FREQ=WEEKLY" not in rule.upper() and "FREQ=MONTHLY" not in rule.upper():
        return ALL_WEEKDAYS
    days = {code[-2:].upper() for code in match.group(1).split(",")}
    if not days <= set(DAY_CODES):
        return ALL_WEEKDAYS
    return sum(1 << DAY_CODES.index(day) for day in days)


def occurrence(activity: Activity, naive_start: dt.datetime) -> Occurrence:
    start = naive_start.replace(tzinfo=TZ)
    # The duration is real time, as RFC 5545 reads it for every repeat in a calendar app: four hours
    # from 23:30 on the night the clocks go back end at 02:30 by the wall clock, not 03:30.
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=activity.duration_minutes)).astimezone(TZ)
    return Occurrence(activity.id, start, end)


def cancelled_dates(activity: Activity) -> set[dt.date]:
    return {cancellation.date for cancellation in activity.cancellations}


def could_fall_in(activity: Activity, start: dt.date, end: dt.date) -> bool:
    """False when none of the window's weekdays can have the activity: a cheap test before expanding."""
    if (end - start).days >= 7:
        return True
    window = sum({weekday_bit(start + dt.timedelta(days=n)) for n in range((end - start).days)})
    return bool(window & weekday_mask(activity.rrule, activity.first_date))


def scheduled_starts(activity: Activity, start: dt.date, end: dt.date) -> list[dt.datetime]:
    """The naive local starts of the schedule on local days start <= day < end, cancelled ones too."""
    if end <= start or end <= activity.first_date or not could_fall_in(activity, start, end):
        return []
    first = dt.datetime.combine(max(start, activity.first_date), dt.time.min)
    last = dt.datetime.combine(end, dt.time.min) - dt.timedelta(microseconds=1)
    rule = rule_for(activity, first)
    return rule.between(first, last, inc=True) if rule else []


def occurrences(activity: Activity, start: dt.date, end: dt.date) -> list[Occurrence]:
    """Every occurrence starting on a local day start <= day < end; cancelled dates left out; sorted."""
    cancelled = cancelled_dates(activity)
    return [occurrence(activity, s) for s in scheduled_starts(activity, start, end) if s.date() not in cancelled]


def first_start(activity: Activity) -> dt.datetime | None:
    """The naive local start of the schedule's first real date (on or after its first date, which
    need not be one of its days), cancelled or not; None when the schedule has no dates at all."""
    rule = parse_rule(activity.rrule, activity.first_date, activity.start_time)
    return next(iter(rule), None) if rule else None


def next_occurrence(activity: Activity, after: dt.datetime) -> Occurrence | None:
    """The first occurrence that has not ended at `after` (one going on now counts), within a year."""
    naive_after = after.astimezone(TZ).replace(tzinfo=None)
    first = naive_after - dt.timedelta(minutes=activity.duration_minutes)
    rule = rule_for(activity, first)
    if rule is None:
        return None
    cancelled = cancelled_dates(activity)
    for start in rule.xafter(first, inc=True):
        if start > naive_after + LOOKAHEAD:
            return None
        found = occurrence(activity, start)
        if start.date() not in cancelled and found.end > after:
            return found
    return None


def occurrences_for(activities: Iterable[Activity], start: dt.date, end: dt.date) -> list[tuple[Occurrence, Activity]]:
    """The occurrences of many activities on local days start <= day < end, sorted by start."""
    pairs = [(o, a) for a in activities for o in occurrences(a, start, end)]
    return sorted(pairs, key=lambda pair: (pair[0].start, pair[0].activity_id))


def when_in_words(occurrence: Occurrence, now: dt.datetime) -> str:
    """ "vandaag 12:00", "morgen 10:00", "dinsdag 12:00" within a week, else "dinsdag 3 december 12:00"."""
    start = occurrence.start.astimezone(TZ)
    days = (start.date() - now.astimezone(TZ).date()).days
    time = format_time(start, "HH:mm", rebase=False)
    if days < 0:
        # Translators: an activity that began yesterday evening and is still going on after midnight.
        return _("gisteren %(time)s", time=time)
    if days == 0:
        return _("vandaag %(time)s", time=time)
    if days == 1:
        return _("morgen %(time)s", time=time)
    day = date_in_words(start, "EEEE" if days < 7 else "MMMMEEEEd")
    # Translators: a day and a time, e.g. "dinsdag 12:00" or "dinsdag 3 december 12:00".
    return _("%(day)s %(time)s", day=day, time=time)

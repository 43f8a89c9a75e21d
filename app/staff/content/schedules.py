"""The schedule editor's plan: what staff choose (no RRULE typing) and the RFC 5545 rule we store, both
ways; and beside it, always, the rule in one plain sentence with its exceptions and the coming dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel.dates import get_day_names
from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import schedule
from ...i18n import date_in_words
from ...models import Activity, Cancellation

REPEATS = {"once": _l("Eén keer"), "weekly": _l("Elke week of om de paar weken"),
           "monthly": _l("Eén keer per maand, op een vaste weekdag")}
# Monday first, as RFC 5545 and Python count them.
DAY_CODES = schedule.DAY_CODES
EVERY = {1: _l("elke week"), 2: _l("om de 2 weken"), 3: _l("om de 3 weken"), 4: _l("om de 4 weken")}
NTH = {1: _l("eerste"), 2: _l("tweede"), 3: _l("derde"), 4: _l("vierde"), -1: _l("laatste")}
# How many coming dates staff can cancel, and how far ahead the page looks for them.
CANCELLABLE, AHEAD = 26, dt.timedelta(days=366)
SHOWN_DATES = 8


@dataclass
class Plan:
    repeat: str  # a key of REPEATS
    first_date: dt.date  # the date itself, or from when it repeats
    start_time: dt.time
    duration_minutes: int
    days: tuple[str, ...] = ()  # weekly: the days, as DAY_CODES
    every: int = 1  # weekly: every n weeks
    nth: int = 1  # monthly: the first to fourth weekday of the month, or -1 for the last
    weekday: str = "MO"  # monthly
    end_date: dt.date | None = None
    cancelled: set[dt.date] = field(default_factory=set)

    @property
    def rule(self) -> str | None:
        """The rule we store; None for a single date."""
        if self.repeat == "once":
            return None
        if self.repeat == "weekly":
            days = ",".join(code for code in DAY_CODES if code in self.days)
            parts = ["FREQ=WEEKLY", *([f"INTERVAL={self.every}"] if self.every > 1 else []), f"BYDAY={days}"]
        else:
            parts = ["FREQ=MONTHLY", f"BYDAY={self.nth:+d}{self.weekday}"]
        if self.end_date:
            parts.append(f"UNTIL={self.end_date:%Y%m%d}")
        return ";".join(parts)

    def as_activity(self) -> Activity:
        """An unsaved activity with this schedule, for the one schedule expander."""
        return Activity(rrule=self.rule, first_date=self.first_date, start_time=self.start_time,
                        duration_minutes=self.duration_minutes,
                        cancellations=[Cancellation(date=day) for day in sorted(self.cancelled)])


def plan_of(activity: Activity) -> Plan | None:
    """The plan of a stored schedule; None when the rule is one the editor cannot show (from an import):
    staff then choose it again."""
    plan = Plan("once", activity.first_date, activity.start_time, activity.duration_minutes,
                cancelled={c.date for c in activity.cancellations})
    if activity.rrule is None:
        return plan
    try:
        parts = dict(part.split("=", 1) for part in schedule.checked_rule(activity.rrule).split(";"))
    except ValueError:
        return None
    if not parts.keys() <= {"FREQ", "INTERVAL", "BYDAY", "UNTIL"} or "BYDAY" not in parts:
        return None
    if "UNTIL" in parts:
        plan.end_date = dt.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
    days = parts["BYDAY"].split(",")
    every = int(parts.get("INTERVAL", "1"))
    if parts["FREQ"] == "WEEKLY" and all(day in DAY_CODES for day in days) and every in EVERY:
        plan.repeat, plan.days, plan.every = "weekly", tuple(days), every
        return plan
    if parts["FREQ"] == "MONTHLY" and len(days) == 1 and every == 1 and days[0][:-2] in ("+1", "+2", "+3", "+4",
                                                                                          "1", "2", "3", "4", "-1"):
        plan.repeat, plan.nth, plan.weekday = "monthly", int(days[0][:-2]), days[0][-2:]
        return plan
    return None


def day_names(codes) -> str:
    """ "dinsdag en donderdag", in the page's language."""
    names = get_day_names("wide", locale=get_locale())
    return format_list([names[DAY_CODES.index(code)] for code in codes], locale=get_locale())


def hours(plan: Plan) -> str:
    """ "10:00–12:00", and when it ends after midnight, that it ends the next day."""
    start = dt.datetime.combine(plan.first_date, plan.start_time)
    end = start + dt.timedelta(minutes=plan.duration_minutes)
    text = f"{start:%H:%M}–{end:%H:%M}"
    return _("%(hours)s (tot de volgende dag)", hours=text) if end.date() > start.date() else text


def sentence(plan: Plan, today: dt.date) -> str:
    """The schedule in one plain sentence with its exceptions, e.g. "elke tweede dinsdag van de maand,
    10:00–12:00, niet op 14 mei"."""
    if plan.repeat == "once":
        return _("op %(date)s, %(hours)s", date=date_in_words(plan.first_date, "yMMMMEEEEd"), hours=hours(plan))
    if plan.repeat == "weekly":
        # Translators: e.g. "elke week op dinsdag en donderdag" or "om de 2 weken op maandag".
        words = _("%(every)s op %(days)s", every=EVERY[plan.every], days=day_names(plan.days))
    else:
        # Translators: e.g. "elke tweede dinsdag van de maand"; the last one: "elke laatste vrijdag van de maand".
        words = _("elke %(nth)s %(day)s van de maand", nth=NTH[plan.nth], day=day_names([plan.weekday]))
    parts = [words, hours(plan)]
    if plan.first_date > today:
        parts.append(_("vanaf %(date)s", date=date_in_words(plan.first_date, "yMMMMd")))
    if plan.end_date:
        parts.append(_("tot en met %(date)s", date=date_in_words(plan.end_date, "yMMMMd")))
    coming = sorted(day for day in plan.cancelled if day >= today)
    if coming:
        dates = format_list([date_in_words(day, "MMMMd") for day in coming], locale=get_locale())
        parts.append(_("niet op %(dates)s", dates=dates))
    return ", ".join(parts)


def scheduled_dates(plan: Plan, today: dt.date) -> list[dt.date]:
    """The coming days the rule gives, cancelled ones too: what staff can cancel."""
    starts = schedule.scheduled_starts(plan.as_activity(), today, today + AHEAD)
    return [start.date() for start in starts][:CANCELLABLE]


def coming(plan: Plan, today: dt.date) -> list[schedule.Occurrence]:
    """The next dates residents will see (cancelled ones left out)."""
    return schedule.occurrences(plan.as_activity(), today, today + AHEAD)[:SHOWN_DATES]

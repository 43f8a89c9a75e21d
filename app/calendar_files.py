"""iCalendar files (RFC 5545): one activity to add to my calendar, and a feed of many.

A calendar app expands DTSTART + RRULE − EXDATE itself, so each event is written to give exactly the
occurrences of the one schedule expander: DTSTART is the first real date of the schedule (an app
always shows DTSTART, even when it is not a day of the rule), in Europe/Amsterdam with its TZID, so
10:00 stays 10:00 across the clock change."""

import datetime as dt

from flask import url_for
from icalendar import Calendar, Event, Timezone, vRecur
from icalendar.cal import Component

from . import schedule
from .schedule import TZ
from .ui import public_url

# Europe/Amsterdam by the EU rule (since 1996): summer time from the last Sunday of March, 02:00, to the
# last Sunday of October, 03:00. Written as rules, it stays right after 2038, where the list of dates
# that icalendar's Timezone.from_tzid writes ends.
AMSTERDAM = """BEGIN:VTIMEZONE
TZID:Europe/Amsterdam
BEGIN:DAYLIGHT
TZNAME:CEST
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZNAME:CET
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def new_calendar(name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Vangnet//Buurtagenda//NL")
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add_component(Timezone.from_ical(AMSTERDAM))
    return calendar


def recurrence(rule: str) -> vRecur:
    """The schedule's RRULE; beside a DTSTART with a TZID, RFC 5545 wants its UNTIL in UTC."""
    recur = vRecur.from_ical(schedule.checked_rule(rule))  # checked_rule gives UNTIL in local time
    if "UNTIL" in recur:
        recur["UNTIL"] = [until.replace(tzinfo=TZ).astimezone(dt.UTC) for until in recur["UNTIL"]]
    return recur


def cancelled_starts(activity, first: dt.datetime) -> list[dt.datetime]:
    """The starts that cancelled dates take away, at the very time of the occurrence: an EXDATE that
    is not exactly an occurrence is ignored by calendar apps."""
    days = sorted(day for day in schedule.cancelled_dates(activity) if day >= first.date())
    return [start.replace(tzinfo=TZ) for day in days
            for start in schedule.scheduled_starts(activity, day, day + dt.timedelta(days=1))]


def has_dates(activity, first: dt.datetime | None) -> bool:
    """False for a schedule without dates (a broken rule) and for a single date that is cancelled."""
    return first is not None and (activity.rrule is not None or first.date() not in schedule.cancelled_dates(activity))


def event(activity, lang: str, now: dt.datetime) -> Component | None:
    """The activity as a VEVENT whose instances are its occurrences; None when it has none."""
    first = schedule.first_start(activity)
    if not has_dates(activity, first):
        return None
    text, place, when = activity.text(lang), activity.place, schedule.occurrence(activity, first)
    vevent = Event()
    vevent.add("uid", f"activity-{activity.id}@vangnet")
    vevent.add("dtstamp", now.astimezone(dt.UTC))
    vevent.add("dtstart", when.start)
    vevent.add("dtend", when.end)
    vevent.add("summary", text.title)
    vevent.add("description", text.description)
    vevent.add("location", f"{place.name}, {place.address}, {place.postcode} {place.city}")
    vevent.add("url", public_url(url_for("places.activity", activity_id=activity.id, lang=lang)))
    if activity.rrule:
        vevent.add("rrule", recurrence(activity.rrule))
        if cancelled := cancelled_starts(activity, first):
            vevent.add("exdate", cancelled)
    return vevent


def activity_ics(activity, lang: str, now: dt.datetime) -> bytes:
    return feed_ics([activity], lang, None, now)


def feed_ics(activities, lang: str, name: str | None, now: dt.datetime) -> bytes:
    calendar = new_calendar(name)
    for vevent in filter(None, (event(activity, lang, now) for activity in activities)):
        calendar.add_component(vevent)
    return calendar.to_ical()

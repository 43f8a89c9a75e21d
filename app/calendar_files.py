"""iCalendar files: one activity to add to my calendar, and a feed of many."""

import datetime as dt

from flask import url_for
from icalendar import Calendar, Event, Timezone, vRecur
from icalendar.cal import Component

from .schedule import TZ
from .ui import public_url


def new_calendar(name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Vangnet//Buurtagenda//NL")
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add_component(Timezone.from_tzid("Europe/Amsterdam"))
    return calendar


def event(activity, lang: str, now: dt.datetime) -> Component:
    text = activity.text(lang)
    place = activity.place
    start = dt.datetime.combine(activity.first_date, activity.start_time, tzinfo=TZ)
    vevent = Event()
    vevent.add("uid", f"activity-{activity.id}@vangnet")
    vevent.add("dtstamp", now)
    vevent.add("dtstart", start)
    vevent.add("dtend", start + dt.timedelta(minutes=activity.duration_minutes))
    vevent.add("summary", text.title)
    vevent.add("description", text.description)
    vevent.add("location", f"{place.name}, {place.address}, {place.postcode} {place.city}")
    vevent.add("url", public_url(url_for("places.activity", activity_id=activity.id, lang=lang)))
    if activity.rrule:
        vevent.add("rrule", vRecur.from_ical(activity.rrule))
    for cancellation in activity.cancellations:
        vevent.add("exdate", dt.datetime.combine(cancellation.date, activity.start_time, tzinfo=TZ))
    return vevent


def activity_ics(activity, lang: str, now: dt.datetime) -> bytes:
    calendar = new_calendar()
    calendar.add_component(event(activity, lang, now))
    return calendar.to_ical()


def feed_ics(activities, lang: str, name: str, now: dt.datetime) -> bytes:
    calendar = new_calendar(name)
    for activity in activities:
        calendar.add_component(event(activity, lang, now))
    return calendar.to_ical()

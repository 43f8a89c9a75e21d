"""Changing listings (places and activities) in one way for the editor, the HSDS import and the demo
loader: every changed field goes into the listing's history (ListingChange: who, when, old and new).

Texts: Dutch is the source. A translation keeps the fingerprint of the Dutch it was written from; when
the Dutch changes, the translation is outdated and residents see the Dutch with the "only in Dutch" note.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from . import occurrences
from .extensions import db
from .models import Activity, ActivityText, Cancellation, ListingChange, Place
from .models import text_digest as digest

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import StaffUser

SOURCES = ("editor", "import", "demo")


def written(value) -> str | None:
    """A value as the history keeps it; yes and no in no language ("true", "false"): the history
    page says them in the reader's (app.staff.content.forms.field_value)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class Change:
    """One save of one listing by one person (or an import): what it changes goes into the history."""

    def __init__(self, by: StaffUser | None, source: str):
        assert source in SOURCES
        self.by, self.source, self.fields = by, source, []

    def note(self, row: Place | Activity, field: str, old, new) -> None:
        old, new = written(old), written(new)
        if old == new:
            return
        place = row if isinstance(row, Place) else row.place
        activity = row if isinstance(row, Activity) else None
        db.session.add(ListingChange(place=place, activity=activity, staff=self.by, source=self.source,
                                     field=field, old=old, new=new))
        self.fields.append(field)
        # A change of its texts or dates is a change of the row too: its version goes up, so that
        # someone saving an older page is told.
        if inspect(row).persistent:
            flag_modified(row, "status")

    def set(self, row: Place | Activity, values: dict) -> list[str]:
        """Set the values on the row; the names of those that changed."""
        changed = []
        for name, value in values.items():
            old = getattr(row, name)
            if old != value:
                self.note(row, name, old, value)
                setattr(row, name, value)
                changed.append(name)
        return changed

    def text(self, activity: Activity, lang: str, title: str, description: str, still_right: bool = False) -> bool:
        """Write one language's text. A translation written now (or said to be still right) is marked
        as written from the Dutch of now; one left as it was keeps its mark, so it may be outdated."""
        current = next((text for text in activity.texts if text.lang == lang), None)
        if current is None:
            current = ActivityText(lang=lang, title="", description="")
            activity.texts.append(current)
        changed = (current.title, current.description) != (title, description)
        self.note(activity, f"title:{lang}", current.title or None, title)
        self.note(activity, f"description:{lang}", current.description or None, description or None)
        current.title, current.description = title, description
        if lang != "nl" and (changed or still_right):
            dutch = activity.text("nl")
            current.source_digest = digest(dutch.title, dutch.description) if dutch.lang == "nl" else None
        return changed

    def drop_text(self, activity: Activity, lang: str) -> None:
        current = next((text for text in activity.texts if text.lang == lang), None)
        if current is not None and lang != "nl":
            self.note(activity, f"title:{lang}", current.title, None)
            activity.texts.remove(current)

    def cancellations(self, activity: Activity, days: Iterable[dt.date]) -> None:
        """The dates on which the activity does not take place (replacing the earlier ones)."""
        wanted, before = set(days), {cancellation.date for cancellation in activity.cancellations}
        if wanted == before:
            return
        self.note(activity, "cancelled", " ".join(sorted(day.isoformat() for day in before)) or None,
                  " ".join(sorted(day.isoformat() for day in wanted)) or None)
        activity.cancellations[:] = [c for c in activity.cancellations if c.date in wanted]
        activity.cancellations.extend(Cancellation(date=day) for day in sorted(wanted - before))

    def confirm(self, place: Place, today: dt.date) -> None:
        """"Alles klopt nog": the place, its activities and each of their languages checked today."""
        self.note(place, "last_checked", place.last_checked, today)
        place.last_checked = today
        for activity in place.activities:
            for text in activity.texts:
                text.checked_on = today


# What an activity's rows in the occurrence table hold: its schedule, its publication, and what the
# finder filters on; a place's position, publication and entrance count for all its activities.
SCHEDULE_FIELDS = ("rrule", "first_date", "start_time", "duration_minutes", "status", "place_id", "category",
                   "cost_cents", "signup_required", "languages")
PLACE_FIELDS = ("lat", "lon", "status", "step_free")


def changed(row, fields: tuple[str, ...]) -> bool:
    state = inspect(row)
    return any(state.attrs[name].history.has_changes() for name in fields)


def touched_activities(session: Session) -> tuple[set[int], set[int]]:
    """The activities whose occurrences this flush may change, and the places whose activities all may."""
    activities, places = set(), set()
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, Activity) and (row in session.new or row in session.deleted
                                          or changed(row, SCHEDULE_FIELDS)):
            activities.add(row.id)
        elif isinstance(row, Cancellation):
            activity_id = row.activity_id or inspect(row).committed_state.get("activity_id")
            if activity_id is not None:
                activities.add(activity_id)
        elif isinstance(row, Place) and row not in session.new and changed(row, PLACE_FIELDS):
            places.add(row.id)
    return activities, places


@event.listens_for(Session, "after_flush")
def refresh_occurrences(session: Session, _context) -> None:
    """Whatever changed a schedule, a cancellation, a publication or a place's position (the editor, the
    HSDS import, the demo loader, all through this module's Change, or a test): that listing's rows of
    the finder's occurrence table are made again in the same transaction (app/occurrences.py)."""
    activities, places = touched_activities(session)
    if places:
        activities |= set(session.execute(db.select(Activity.id).where(Activity.place_id.in_(places))).scalars())
    occurrences.refresh(session, activities)


def text_state(activity: Activity, lang: str) -> str:
    """A language's state beside the Dutch: missing, current or outdated (the Dutch changed since)."""
    by_lang = {text.lang: text for text in activity.texts}
    if lang not in by_lang:
        return "missing"
    if lang == "nl":
        return "current"
    dutch = by_lang.get("nl")
    return "current" if dutch and by_lang[lang].source_digest == digest(dutch.title, dutch.description) \
        else "outdated"


def history(place: Place, limit: int = 200) -> list[ListingChange]:
    """The changes of the place and its activities, newest first."""
    return list(db.session.scalars(
        db.select(ListingChange).where(ListingChange.place_id == place.id)
        .order_by(ListingChange.at.desc(), ListingChange.id.desc()).limit(limit)))

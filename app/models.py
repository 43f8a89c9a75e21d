"""The domain, shared by the resident and the staff side.

Times of day and dates are local (Europe/Amsterdam): a weekly activity at 10:00 stays at 10:00
across the clock change. Moments (created, checked) are stored in UTC.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Municipality(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)  # CBS gemeentecode, e.g. GM0503
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    help_phone: Mapped[str | None] = mapped_column(String(40))  # the wijkteam number shown under Help
    help_text: Mapped[str | None] = mapped_column(String(300))  # e.g. where the desk is, in Dutch

    neighbourhoods: Mapped[list[Neighbourhood]] = relationship(back_populates="municipality")


class Neighbourhood(db.Model):
    """A CBS wijk (code WKggggww) or buurt (code BUggggwwbb)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    kind: Mapped[str] = mapped_column(String(5))  # "wijk" or "buurt"
    name: Mapped[str] = mapped_column(String(120))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))  # a buurt's wijk
    lat: Mapped[float]
    lon: Mapped[float]
    # GeoJSON geometry (Polygon or MultiPolygon) in WGS84 lon/lat; None where CBS gives only a point.
    outline: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Municipality] = relationship(back_populates="neighbourhoods")
    parent: Mapped[Neighbourhood | None] = relationship(remote_side=[id])


class Postcode(db.Model):
    """A four-digit postcode (PC4) and its centroid (GeoNames)."""

    pc4: Mapped[str] = mapped_column(String(4), primary_key=True)
    place_name: Mapped[str] = mapped_column(String(120))
    lat: Mapped[float]
    lon: Mapped[float]
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))


class Place(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(200))  # street and number
    postcode: Mapped[str] = mapped_column(String(7))
    city: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float]
    lon: Mapped[float]
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    organisation: Mapped[str | None] = mapped_column(String(160))
    step_free: Mapped[bool] = mapped_column(default=False)
    accessible_toilet: Mapped[bool] = mapped_column(default=False)
    hearing_loop: Mapped[bool] = mapped_column(default=False)
    last_checked: Mapped[dt.date | None]
    # Demo places are invented; the resident pages say so on every card and page.
    is_example: Mapped[bool] = mapped_column(default=False)

    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    activities: Mapped[list[Activity]] = relationship(back_populates="place")

    __table_args__ = (Index("ix_place_lat_lon", "lat", "lon"),)


class Activity(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    category: Mapped[str] = mapped_column(String(20), index=True)  # a key of app.categories
    # RFC 5545 RRULE without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=TU,TH" or "FREQ=MONTHLY;BYDAY=+1WE".
    # None means a single date: first_date.
    rrule: Mapped[str | None] = mapped_column(String(200))
    first_date: Mapped[dt.date]
    start_time: Mapped[dt.time]
    duration_minutes: Mapped[int] = mapped_column(default=120)
    cost_cents: Mapped[int] = mapped_column(default=0)
    languages: Mapped[str] = mapped_column(String(60), default="nl")  # space-separated codes
    signup_required: Mapped[bool] = mapped_column(default=False)
    audience: Mapped[str] = mapped_column(String(20), default="everyone")  # a key of app.categories.AUDIENCES
    # The weekdays it can fall on (Monday = 1, Tuesday = 2, … Sunday = 64), derived from the schedule
    # so that the finder can leave out in SQL what cannot happen on the chosen day.
    weekdays: Mapped[int] = mapped_column(default=127)

    place: Mapped[Place] = relationship(back_populates="activities")
    texts: Mapped[list[ActivityText]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )
    cancellations: Mapped[list[Cancellation]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    def text(self, lang: str) -> ActivityText:
        """The text in this language, else the Dutch source (its `lang` tells the page which it is)."""
        by_lang = {text.lang: text for text in self.texts}
        return by_lang.get(lang) or by_lang.get("nl") or self.texts[0]


@event.listens_for(Activity, "before_insert")
@event.listens_for(Activity, "before_update")
def _derive_weekdays(mapper, connection, activity: Activity) -> None:
    from .schedule import weekday_mask

    activity.weekdays = weekday_mask(activity.rrule, activity.first_date)


class ActivityText(db.Model):
    """Title and description in one language; Dutch ("nl") is the source."""

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    lang: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")

    activity: Mapped[Activity] = relationship(back_populates="texts")

    __table_args__ = (UniqueConstraint("activity_id", "lang"),)


class Cancellation(db.Model):
    """A date on which a recurring activity does not take place."""

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    date: Mapped[dt.date]

    activity: Mapped[Activity] = relationship(back_populates="cancellations")

    __table_args__ = (UniqueConstraint("activity_id", "date"),)


def new_activation_token() -> str:
    return secrets.token_urlsafe(24)


class Kiosk(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    lat: Mapped[float]
    lon: Mapped[float]
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    default_language: Mapped[str] = mapped_column(String(5), default="nl")
    idle_seconds: Mapped[int] = mapped_column(default=120)
    has_printer: Mapped[bool] = mapped_column(default=False)
    # One-time: cleared when a browser opens the activation link.
    activation_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    activated_at: Mapped[dt.datetime | None]
    # The secret that the activated browser keeps in its kiosk cookie; a new activation replaces it.
    browser_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    neighbourhood: Mapped[Neighbourhood | None] = relationship()


# --- Asking for help ---
# What residents ask (a buddy, someone to go along, a worry about someone) and the wizard drafts
# behind it. There is no field for a BSN anywhere, on purpose: consent cannot make it lawful.

REQUEST_STATUSES = ("new", "in_progress", "contacted", "matched", "referred", "closed")


class Draft(db.Model):
    """The answers of one unfinished wizard, kept on the server; the browser's session holds only `id`.

    Deleted on submit and on Start over; anything older than a day is purged (app.asks.drafts).
    """

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, secrets.token_urlsafe
    kind: Mapped[str] = mapped_column(String(10))  # "buddy", "go_along" or "concern"
    answers: Mapped[str] = mapped_column(Text, default="{}")  # JSON: step name → that step's answers
    # One-time token of the final form: a request keeps it in a unique column, so it is made once.
    submission_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class BuddyRequest(db.Model):
    """A resident asks for a maatje ("buddy"), or for someone to go along to an activity ("go_along")."""

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True)  # canonical, no dash: app.asks.references
    kind: Mapped[str] = mapped_column(String(10), default="buddy")  # "buddy" or "go_along"
    status: Mapped[str] = mapped_column(String(20), default="new")  # one of REQUEST_STATUSES
    language: Mapped[str] = mapped_column(String(5))  # the language the resident used
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    postcode: Mapped[str | None] = mapped_column(String(4))  # four digits: enough to match nearby
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosk.id"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"))  # go-along only
    activity_date: Mapped[dt.date | None]  # go-along only: the first time to go together
    for_whom: Mapped[str] = mapped_column(String(10))  # "me" or "other"
    relation: Mapped[str | None] = mapped_column(String(20))  # who the asker is to the other person
    wishes: Mapped[str] = mapped_column(String(200), default="")  # space-separated keys: what to do together
    days: Mapped[str] = mapped_column(String(40), default="")  # space-separated day keys, or "any"
    parts_of_day: Mapped[str] = mapped_column(String(40), default="")
    languages: Mapped[str] = mapped_column(String(60), default="")  # space-separated language codes
    preference: Mapped[str | None] = mapped_column(String(10))  # "man", "woman" or "any"
    first_name: Mapped[str] = mapped_column(String(60))
    contact_method: Mapped[str] = mapped_column(String(20))  # "phone", "email", "contact_person", "come_by"
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    email: Mapped[str | None] = mapped_column(String(254))
    contact_person_name: Mapped[str | None] = mapped_column(String(60))
    contact_person_phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    consent_at: Mapped[dt.datetime]
    consent_version: Mapped[str] = mapped_column(String(20))  # the privacy text the resident agreed to
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    municipality: Mapped[Municipality] = relationship()
    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    activity: Mapped[Activity | None] = relationship()


class Concern(db.Model):
    """A resident is worried about someone (zorgmelding); the reporter may stay anonymous."""

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    language: Mapped[str] = mapped_column(String(5))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    postcode: Mapped[str | None] = mapped_column(String(4))  # four digits: the person's, not the reporter's
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosk.id"))
    urgency: Mapped[str] = mapped_column(String(10))  # "danger", "crisis" or "worried": from the urgency gate
    worries: Mapped[str] = mapped_column(String(200))  # space-separated keys
    description: Mapped[str | None] = mapped_column(String(500))
    street: Mapped[str | None] = mapped_column(String(120))  # where; never a house number is asked
    about_name: Mapped[str | None] = mapped_column(String(60))  # optionally: who
    anonymous: Mapped[bool] = mapped_column(default=False)
    reporter_name: Mapped[str | None] = mapped_column(String(60))
    contact_method: Mapped[str | None] = mapped_column(String(20))  # "phone" or "email"; None: anonymous
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    email: Mapped[str | None] = mapped_column(String(254))
    consent_at: Mapped[dt.datetime]
    consent_version: Mapped[str] = mapped_column(String(20))
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    municipality: Mapped[Municipality] = relationship()
    neighbourhood: Mapped[Neighbourhood | None] = relationship()


class CrisisLine(db.Model):
    """A crisis number of a municipality, shown by the worry wizard's urgency gate (after 112)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))  # in Dutch, e.g. "Crisisdienst GGZ Delfland"
    phone: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)

    municipality: Mapped[Municipality] = relationship()

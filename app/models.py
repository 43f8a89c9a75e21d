"""The domain, shared by the resident and the staff side.

Times of day and dates are local (Europe/Amsterdam): a weekly activity at 10:00 stays at 10:00
across the clock change. Moments (created, checked) are stored in UTC.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, and_, event, literal, true
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

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
    # A request without first contact after this many working days is overdue in the inbox.
    overdue_after_days: Mapped[int] = mapped_column(default=5, server_default="5")
    # --- admin: settings kept by its administrators (the retention job reads these two names) ---
    # A closed request is anonymised after this many months; a worry that names someone sooner.
    retention_months: Mapped[int] = mapped_column(default=12, server_default="12")
    retention_named_worry_months: Mapped[int] = mapped_column(default=6, server_default="6")
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    neighbourhoods: Mapped[list[Neighbourhood]] = relationship(back_populates="municipality")

    __mapper_args__ = {"version_id_col": version}


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
    # The buurtteam (wijkteam) that residents and staff of this neighbourhood turn to; kept by administrators.
    team_name: Mapped[str | None] = mapped_column(String(120))
    team_phone: Mapped[str | None] = mapped_column(String(40))
    team_email: Mapped[str | None] = mapped_column(String(254))
    # Counts the administrators' edits of the buurtteam (app.staff.changes.claim): of two saving at once,
    # the second is told. Not a version_id_col: loading the CBS data again is no edit of the team.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    municipality: Mapped[Municipality] = relationship(back_populates="neighbourhoods")
    parent: Mapped[Neighbourhood | None] = relationship(remote_side=[id])


class Postcode(db.Model):
    """A four-digit postcode (PC4) and its centroid (GeoNames)."""

    pc4: Mapped[str] = mapped_column(String(4), primary_key=True)
    place_name: Mapped[str] = mapped_column(String(120))
    lat: Mapped[float]
    lon: Mapped[float]
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))


class Organisation(db.Model):
    """A welfare organisation, library, church … that keeps listings (places) in one municipality."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    website: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    correction_email: Mapped[str | None] = mapped_column(String(254))  # where corrections of its listings go
    hsds_id: Mapped[str | None] = mapped_column(String(64), index=True)  # the HSDS organization it came from

    municipality: Mapped[Municipality] = relationship()

    __table_args__ = (UniqueConstraint("municipality_id", "name"),)


# A listing is a draft until staff publish it; only published listings reach residents.
PLACE_STATUSES = ("draft", "published", "archived")
# After this long without a check a listing warns staff and residents see how old it is.
STALE_AFTER = dt.timedelta(days=183)


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
    # The name residents see; the editor keeps it equal to the owner's name. Demo places have only this.
    organisation: Mapped[str | None] = mapped_column(String(160))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="published", server_default="published",
                                        index=True)  # one of PLACE_STATUSES
    # Counts the changes, like HelpRequest.version: of two editors saving at once, the second is told.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    step_free: Mapped[bool] = mapped_column(default=False)
    accessible_toilet: Mapped[bool] = mapped_column(default=False)
    hearing_loop: Mapped[bool] = mapped_column(default=False)
    last_checked: Mapped[dt.date | None]
    hsds_id: Mapped[str | None] = mapped_column(String(64), index=True)  # the HSDS location it came from
    # Demo places are invented; the resident pages say so on every card and page.
    is_example: Mapped[bool] = mapped_column(default=False)

    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    owner: Mapped[Organisation | None] = relationship()
    activities: Mapped[list[Activity]] = relationship(back_populates="place")

    __table_args__ = (Index("ix_place_lat_lon", "lat", "lon"),)
    __mapper_args__ = {"version_id_col": version}

    @hybrid_property
    def published(self) -> bool:
        """Residents see this place and its activities (in Python and in SQL: `Place.published`)."""
        return self.status == "published"


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
    status: Mapped[str] = mapped_column(String(10), default="published", server_default="published",
                                        index=True)  # one of PLACE_STATUSES
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    hsds_id: Mapped[str | None] = mapped_column(String(64), index=True)  # the HSDS service_at_location

    place: Mapped[Place] = relationship(back_populates="activities")
    texts: Mapped[list[ActivityText]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )
    cancellations: Mapped[list[Cancellation]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @hybrid_property
    def published(self) -> bool:
        """Residents see it: it is published and so is its place (in SQL, join Place and ask both)."""
        return self.status == "published"

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    def text(self, lang: str) -> ActivityText:
        """The text in this language, else the Dutch source (its `lang` tells the page which it is).
        A translation of an earlier Dutch text is outdated: the Dutch is shown instead."""
        by_lang = {text.lang: text for text in self.texts}
        dutch = by_lang.get("nl")
        wanted = by_lang.get(lang)
        if wanted is not None and dutch is not None and lang != "nl" \
                and wanted.source_digest != text_digest(dutch.title, dutch.description):
            wanted = None
        return wanted or dutch or self.texts[0]


@event.listens_for(Activity, "before_insert")
@event.listens_for(Activity, "before_update")
def _derive_weekdays(mapper, connection, activity: Activity) -> None:
    from .schedule import weekday_mask

    activity.weekdays = weekday_mask(activity.rrule, activity.first_date)


def text_digest(title: str, description: str | None) -> str:
    """The fingerprint of a Dutch text; a translation keeps the one it was written from."""
    return hashlib.sha256(f"{title}\n{description or ''}".encode()).hexdigest()[:16]


class ActivityText(db.Model):
    """Title and description in one language; Dutch ("nl") is the source."""

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    lang: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    # For a translation: the fingerprint of the Dutch text it was written from (app.listings.digest).
    # When the Dutch changes, the fingerprints differ and the translation is outdated.
    source_digest: Mapped[str | None] = mapped_column(String(16))
    checked_on: Mapped[dt.date | None]  # last confirmed as still correct

    activity: Mapped[Activity] = relationship(back_populates="texts")

    __table_args__ = (UniqueConstraint("activity_id", "lang"),)


class Cancellation(db.Model):
    """A date on which a recurring activity does not take place."""

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    date: Mapped[dt.date]

    activity: Mapped[Activity] = relationship(back_populates="cancellations")

    __table_args__ = (UniqueConstraint("activity_id", "date"),)


class ActivityOccurrence(db.Model):
    """One date of a published activity at a published place, within the finder's look-ahead: filled by
    the one schedule expander (app/occurrences.py), so that a search reads the occurrences of its days
    and grid cells with an index instead of expanding every schedule near it. Cancelled dates are left
    out."""

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date]  # the local (Europe/Amsterdam) day it starts on
    starts_at: Mapped[dt.datetime]  # local wall-clock time, as the expander makes it
    ends_at: Mapped[dt.datetime]  # UTC: the end is real time after the start (app.schedule.occurrence)
    cell: Mapped[int]  # the place's grid cell of about 1 km (app.occurrences.cell)
    # Copies of what the finder's filters ask, so that a search reads this table alone.
    lat: Mapped[float]
    lon: Mapped[float]
    category: Mapped[str] = mapped_column(String(20))
    start_time: Mapped[dt.time]
    cost_cents: Mapped[int]
    signup_required: Mapped[bool]
    languages: Mapped[str] = mapped_column(String(60))
    step_free: Mapped[bool]  # the place's

    __table_args__ = (Index("ix_activity_occurrence_cell_day", "cell", "day"),)


class OccurrenceWindow(db.Model):
    """The days that ActivityOccurrence holds (one row): the nightly job moves it on a day at a time."""

    id: Mapped[int] = mapped_column(primary_key=True)
    first_day: Mapped[dt.date]
    last_day: Mapped[dt.date]


class ListingChange(db.Model):
    """One changed field of a place or an activity: the listing's history (who, when, old and new)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # None: an import or the demo
    source: Mapped[str] = mapped_column(String(10))  # "editor", "import" or "demo"
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)

    place: Mapped[Place] = relationship()
    activity: Mapped[Activity | None] = relationship()
    staff: Mapped[StaffUser | None] = relationship()


CORRECTION_REASONS = ("gone", "time", "address", "other")
CORRECTION_STATUSES = ("open", "fixed", "not_needed")


class Correction(db.Model):
    """A resident's suggestion that a listing is wrong. Nothing about who suggested it is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"), index=True)
    reason: Mapped[str] = mapped_column(String(10))  # one of CORRECTION_REASONS
    text: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(5))  # the language the resident used
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)  # one of CORRECTION_STATUSES
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    resolved_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    place: Mapped[Place] = relationship()
    activity: Mapped[Activity | None] = relationship()
    resolved_by: Mapped[StaffUser | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


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
    # Switched off by an administrator: its browser is then an ordinary visitor of the resident site.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    last_seen_at: Mapped[dt.datetime | None]  # noted at most every few minutes
    # Counts the administrators' edits of its settings (app.staff.changes.claim): of two saving at once,
    # the second is told. Not a version_id_col: the tablet itself writes when it was last seen, and that
    # must neither fail nor make an administrator's open page out of date.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    neighbourhood: Mapped[Neighbourhood | None] = relationship()


# --- Asking for help ---
# What residents ask (a buddy, someone to go along, a worry about someone) and the wizard drafts
# behind it. There is no field for a BSN anywhere, on purpose: consent cannot make it lawful.

REQUEST_STATUSES = ("new", "in_progress", "contacted", "matched", "referred", "closed")
OPEN_STATUSES = ("new", "in_progress", "contacted", "matched", "referred")


class Handling:
    """What staff keep on a buddy request or a concern: who handles it, how urgent, first contact."""

    status: Mapped[str] = mapped_column(String(20), default="new", index=True)  # one of REQUEST_STATUSES
    priority: Mapped[int] = mapped_column(default=0, server_default="0")  # 1: urgent, first in the inbox
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    first_contact_at: Mapped[dt.datetime | None]
    closed_reason: Mapped[str | None] = mapped_column(String(20))
    closed_at: Mapped[dt.datetime | None]

    @declared_attr
    def assigned_to(cls) -> Mapped[StaffUser | None]:
        return relationship(foreign_keys=[cls.assigned_to_id])


class Draft(db.Model):
    """The answers of one unfinished wizard, kept on the server; the browser's session holds only `id`.
    Also, as kind "done", what the confirmation page shows (the code) for ten minutes.

    Deleted on submit and on Start over; anything older than a day is purged (app.drafts).
    """

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, secrets.token_urlsafe
    kind: Mapped[str] = mapped_column(String(10))  # "buddy", "go_along", "concern", "volunteer" or "done"
    answers: Mapped[str] = mapped_column(Text, default="{}")  # JSON: step name → that step's answers
    # One-time token of the final form: a request keeps it in a unique column, so it is made once.
    submission_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    # The last sign of the resident (an answer, a page, "more time"): on a kiosk, a draft left alone for
    # longer than its idle time and countdown is gone, even when the tablet's JavaScript did not run.
    touched_at: Mapped[dt.datetime | None]


CHANNELS = ("kiosk", "web", "phone", "desk")


class HelpRequest(Handling):
    """What every request a resident sends has, whatever its kind: a code, where it is about, how to
    reach the sender, consent. `BuddyRequest` and `Concern` are its tables; `REQUEST_MODELS` lists them."""

    # The request kinds a table holds ("buddy", "go_along" or "concern"), and the RequestEvent column
    # that points at its rows.
    KINDS: ClassVar[tuple[str, ...]]
    TIMELINE_COLUMN: ClassVar[str]
    # Columns with a phone number of the person (other requests of the same person share one).
    PHONE_COLUMNS: ClassVar[tuple[str, ...]] = ("phone",)
    # What anonymisation (app.retention) wipes, and to what: names, phone numbers, e-mail, free text,
    # street, postcode. Kind, municipality, neighbourhood, dates, channel and outcome stay for reports.
    PERSONAL_COLUMNS: ClassVar[dict[str, str | None]] = {"phone": None, "email": None, "postcode": None}
    # A column that, when filled, makes the municipality's shorter period apply (a worry that names someone).
    NAMED_COLUMN: ClassVar[str | None] = None

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    reference: Mapped[str] = mapped_column(String(8), unique=True, sort_order=-1)  # canonical: app.references
    language: Mapped[str] = mapped_column(String(5))  # the language the resident used
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    postcode: Mapped[str | None] = mapped_column(String(4))  # four digits: enough to match nearby
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosk.id"))
    # How it reached us: "kiosk" (a tablet), "web", or taken by staff on the "phone" or at the "desk".
    channel: Mapped[str] = mapped_column(String(10), default="web", server_default="web")
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    email: Mapped[str | None] = mapped_column(String(254))
    consent_at: Mapped[dt.datetime]
    consent_version: Mapped[str] = mapped_column(String(20))  # the privacy text the resident agreed to
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    anonymised_at: Mapped[dt.datetime | None]  # when retention wiped what it held about the person
    # Counts the changes: an UPDATE names the version it read, so of two colleagues acting at the same
    # moment the second finds nothing to update (StaleDataError) instead of overwriting the first.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.version}

    @declared_attr
    def municipality(cls) -> Mapped[Municipality]:
        return relationship()

    @declared_attr
    def neighbourhood(cls) -> Mapped[Neighbourhood | None]:
        return relationship()

    @declared_attr.directive
    def __table_args__(cls):
        # The inbox reads the open requests of some municipalities (bench/inbox: half the SQL time).
        return (Index(f"ix_{cls.__tablename__}_municipality_status", "municipality_id", "status"),)


class BuddyRequest(HelpRequest, db.Model):
    """A resident asks for a maatje ("buddy"), or for someone to go along to an activity ("go_along")."""

    KINDS = ("buddy", "go_along")
    TIMELINE_COLUMN = "buddy_request_id"
    PHONE_COLUMNS = ("phone", "contact_person_phone")
    PERSONAL_COLUMNS = {**HelpRequest.PERSONAL_COLUMNS, "first_name": "", "contact_person_name": None,
                        "contact_person_phone": None}

    kind: Mapped[str] = mapped_column(String(10), default="buddy")  # "buddy" or "go_along"
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
    contact_person_name: Mapped[str | None] = mapped_column(String(60))
    contact_person_phone: Mapped[str | None] = mapped_column(String(20))  # E.164

    activity: Mapped[Activity | None] = relationship()


class Concern(HelpRequest, db.Model):
    """A resident is worried about someone (zorgmelding); the reporter may stay anonymous."""

    KINDS = ("concern",)
    TIMELINE_COLUMN = "concern_id"
    PERSONAL_COLUMNS = {**HelpRequest.PERSONAL_COLUMNS, "description": None, "street": None, "about_name": None,
                        "reporter_name": None}
    NAMED_COLUMN = "about_name"

    urgency: Mapped[str] = mapped_column(String(10))  # "danger", "crisis" or "worried": from the urgency gate
    worries: Mapped[str] = mapped_column(String(200))  # space-separated keys
    description: Mapped[str | None] = mapped_column(String(500))
    street: Mapped[str | None] = mapped_column(String(120))  # where; never a house number is asked
    about_name: Mapped[str | None] = mapped_column(String(60))  # optionally: who
    anonymous: Mapped[bool] = mapped_column(default=False)
    reporter_name: Mapped[str | None] = mapped_column(String(60))
    contact_method: Mapped[str | None] = mapped_column(String(20))  # "phone" or "email"; None: anonymous

    # One kind only, so no column: `concern.kind` and `Concern.kind` (in SQL) both say "concern".
    @hybrid_property
    def kind(self) -> str:
        return "concern"

    @kind.inplace.expression
    @classmethod
    def _kind_expression(cls):
        return literal("concern")


REQUEST_MODELS: tuple[type[HelpRequest], ...] = (BuddyRequest, Concern)
MODEL_OF_KIND: dict[str, type[HelpRequest]] = {kind: model for model in REQUEST_MODELS for kind in model.KINDS}
REQUEST_KINDS = tuple(MODEL_OF_KIND)  # "buddy", "go_along", "concern"


class CrisisLine(db.Model):
    """A crisis number of a municipality, shown by the worry wizard's urgency gate (after 112)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))  # in Dutch, e.g. "Crisisdienst GGZ Delfland"
    phone: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    # Counts the edits of its name and number (app.staff.changes.claim); moving it in the list is none.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    municipality: Mapped[Municipality] = relationship()


# --- The back office ---

# Coordinators and administrators are members of a municipality (StaffMembership) and see its requests
# and listings; an editor keeps only the listings of their organisations (StaffOrganisation).
STAFF_ROLES = ("coordinator", "administrator", "editor")


class StaffUser(db.Model):
    """Someone of a welfare organisation or municipality who signs in to the back office."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored in lower case
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id
    totp_secret: Mapped[str | None] = mapped_column(String(64))  # base32; None until enrolled
    totp_confirmed: Mapped[bool] = mapped_column(default=False)
    totp_last_step: Mapped[int | None]  # the 30-second step of the last code accepted: never again
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Counts the administrators' changes of this person's roles (app.staff.changes.claim): of two saving at
    # once, the second is told. Signing in writes this row too, and is no change of roles.
    roles_version: Mapped[int] = mapped_column(default=1, server_default="1")

    memberships: Mapped[list[StaffMembership]] = relationship(back_populates="staff", cascade="all, delete-orphan")
    organisations: Mapped[list[Organisation]] = relationship(secondary="staff_organisation")

    def role_in(self, municipality_id: int) -> str | None:
        return next((m.role for m in self.memberships if m.municipality_id == municipality_id), None)

    @property
    def municipality_ids(self) -> list[int]:
        return [m.municipality_id for m in self.memberships]

    @property
    def is_administrator(self) -> bool:
        return any(m.role == "administrator" for m in self.memberships)


class StaffMembership(db.Model):
    """A staff member's role in one municipality: they see only its residents."""

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))  # "coordinator" or "administrator"

    staff: Mapped[StaffUser] = relationship(back_populates="memberships")
    municipality: Mapped[Municipality] = relationship()


class StaffOrganisation(db.Model):
    """An editor keeps the listings of this organisation (and sees no requests)."""

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)


class StaffSession(db.Model):
    """A signed-in session, kept on the server: ending it here makes a copied cookie worthless."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the cookie's token
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[dt.datetime | None]

    staff: Mapped[StaffUser] = relationship()


class StaffInvitation(db.Model):
    """An administrator's invitation: a link, used once within 7 days, to set a password and then link
    an authenticator app. Only the link token's sha256 is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]

    staff: Mapped[StaffUser] = relationship(foreign_keys=[staff_id])


class RequestEvent(db.Model):
    """One line of a request's timeline: received, viewed, a note, a contact attempt, a change."""

    id: Mapped[int] = mapped_column(primary_key=True)
    buddy_request_id: Mapped[int | None] = mapped_column(ForeignKey("buddy_request.id"), index=True)
    concern_id: Mapped[int | None] = mapped_column(ForeignKey("concern.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    kind: Mapped[str] = mapped_column(String(20))  # received, viewed, note, contact, status, assigned, priority
    value: Mapped[str | None] = mapped_column(String(40))  # the outcome, status, priority or assignee id
    text: Mapped[str | None] = mapped_column(String(2000))  # a note

    staff: Mapped[StaffUser | None] = relationship()


class AuditEvent(db.Model):
    """Who did what, when, to which request, in which municipality. Only ever added to."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))  # e.g. "request.view", "auth.sign_in_failed"
    reference: Mapped[str | None] = mapped_column(String(8), index=True)  # the request's code, if any
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    detail: Mapped[str | None] = mapped_column(String(200))  # never personal data

    staff: Mapped[StaffUser | None] = relationship()


@event.listens_for(Session, "before_flush")
def _audit_is_append_only(session, flush_context, instances):
    """Nothing in the application changes or deletes an audit row (PostgreSQL refuses it too)."""
    if any(isinstance(obj, AuditEvent) for obj in (*session.dirty, *session.deleted)):
        raise PermissionError("audit events are never changed or deleted")


# --- Volunteers ---
# Keys are stored; the back office (app/staff/volunteers) gives them their words. Lists of keys are
# space-separated, like BuddyRequest's: languages (app.choices.SPOKEN_LANGUAGES), interests (the buddy
# wishes, app.choices.WISHES), days ("mo" … "su"), parts of the day ("morning" "afternoon" "evening").

VOLUNTEER_STATUSES = ("applicant", "intake", "active", "paused", "stopped")
VOLUNTEER_ROLES = ("maatje", "go_along", "expert", "buurtteam")  # expert: the city-wide Vliegende Brigade
VOLUNTEER_GENDERS = ("woman", "man")
VOLUNTEER_CAPACITY = (1, 10)  # how many matches at once, at least and at most
# A certificate of conduct (VOG) is valid for three years; staff are warned this long before it lapses.
VOG_VALID_YEARS = 3
VOG_WARNING = dt.timedelta(days=60)


def add_years(day: dt.date, years: int, leap_day_to: tuple[int, int]) -> dt.date:
    """The same day `years` later (or earlier); 29 February becomes `leap_day_to` in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, month=leap_day_to[0], day=leap_day_to[1])


class Volunteer(db.Model):
    """A maatje, go-along companion, experience expert or buurtteam member of one municipality."""

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    first_name: Mapped[str] = mapped_column(String(60))
    last_name: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    email: Mapped[str | None] = mapped_column(String(254))  # stored in lower case
    postcode: Mapped[str] = mapped_column(String(7))  # "2625" or "2625 AB"
    # Where they live, from the postcode's centre: for distances when matching. The buurt (or wijk) from
    # the CBS outlines; None when the postcode lies outside this Vangnet's neighbourhoods.
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"), index=True)
    languages: Mapped[str] = mapped_column(String(60), default="")
    interests: Mapped[str] = mapped_column(String(200), default="")
    days: Mapped[str] = mapped_column(String(40), default="")
    parts_of_day: Mapped[str] = mapped_column(String(40), default="")
    helps_whom: Mapped[str] = mapped_column(String(100), default="")  # space-separated keys
    helps_whom_text: Mapped[str | None] = mapped_column(String(200))  # in their own words
    gender: Mapped[str | None] = mapped_column(String(10))  # one of VOLUNTEER_GENDERS, or not said
    capacity: Mapped[int] = mapped_column(default=1, server_default="1")
    roles: Mapped[str] = mapped_column(String(60), default="maatje")
    vog_date: Mapped[dt.date | None]  # the date on the certificate of conduct
    training_dates: Mapped[str] = mapped_column(String(120), default="")  # space-separated ISO dates
    status: Mapped[str] = mapped_column(String(12), default="applicant", server_default="applicant")
    stopped_reason: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Counts the changes, like HelpRequest.version: of two coordinators saving at once, the second is told.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Who signed up themselves ("I would like to help", app.asks) has what a resident's request has: a
    # code to check on it, how it reached us ("kiosk" or "web"), the language used and the consent given.
    # Added by staff or an import: all None.
    reference: Mapped[str | None] = mapped_column(String(8), unique=True)  # canonical: app.references
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    channel: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str | None] = mapped_column(String(5))
    consent_at: Mapped[dt.datetime | None]
    consent_version: Mapped[str | None] = mapped_column(String(20))

    municipality: Mapped[Municipality] = relationship()
    neighbourhood: Mapped[Neighbourhood | None] = relationship()

    __table_args__ = (Index("ix_volunteer_municipality_status", "municipality_id", "status"),
                      Index("ix_volunteer_municipality_email", "municipality_id", "email"),
                      Index("ix_volunteer_municipality_phone", "municipality_id", "phone"))
    __mapper_args__ = {"version_id_col": version}

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def vog_valid_until(self) -> dt.date | None:
        """The first day the VOG is no longer valid."""
        return add_years(self.vog_date, VOG_VALID_YEARS, (3, 1)) if self.vog_date else None

    @hybrid_method
    def vog_valid_on(self, day: dt.date) -> bool:
        """A VOG dated on or before `day` and less than three years before it. In SQL too:
        `Volunteer.vog_valid_on(day)`, so that matching can leave out lapsed VOGs in the query."""
        return self.vog_date is not None and self.vog_date <= day < self.vog_valid_until

    @vog_valid_on.inplace.expression
    @classmethod
    def _vog_valid_on_expression(cls, day: dt.date):
        # vog_date + 3 years > day  ⇔  vog_date > day − 3 years (29 February back to the 28th).
        return and_(cls.vog_date.is_not(None), cls.vog_date <= day,
                    cls.vog_date > add_years(day, -VOG_VALID_YEARS, (2, 28)))

    def vog_state(self, day: dt.date) -> str:
        """"missing", "valid", "lapsing" (valid, but not 60 days from now) or "lapsed"."""
        if self.vog_date is None:
            return "missing"
        if not self.vog_valid_on(day):
            return "lapsed"
        return "valid" if self.vog_valid_on(day + VOG_WARNING) else "lapsing"

    @property
    def training_days(self) -> list[dt.date]:
        return [dt.date.fromisoformat(text) for text in self.training_dates.split()]

    def keys(self, column: str) -> list[str]:
        return getattr(self, column).split()


class VolunteerEvent(db.Model):
    """One line of a volunteer's timeline: created, changed, imported, a status change, a note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    kind: Mapped[str] = mapped_column(String(20))  # created, edited, imported, status, note
    value: Mapped[str | None] = mapped_column(String(200))  # the new status; the fields changed
    text: Mapped[str | None] = mapped_column(String(2000))  # a note, or why they stopped

    staff: Mapped[StaffUser | None] = relationship()
class Method(db.Model):
    """A knowledge page about a way of working (a maatjes intake, a signal meeting), in Markdown, written
    by a municipality's administrators for its staff."""

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown; shown through app.staff.methods.rendered
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    municipality: Mapped[Municipality] = relationship()
    updated_by: Mapped[StaffUser | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class DigestSent(db.Model):
    """The daily digest of one municipality went out on this (local) day: a second run sends nothing."""

    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class JobLock(db.Model):
    """Held by the one `jobs run` that works now (app.jobs); another server's run finds it and stops.
    The expiry frees it when a run died without letting go."""

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))  # random, per run: only the holder lets go
    expires_at: Mapped[dt.datetime]


# --- Matches ---
# A resident's buddy or go-along request and a volunteer: proposed → introduced (the first meeting is
# planned) → active → ended with a reason. Six weeks after it became active a check-in is due.

MATCH_STATUSES = ("proposed", "introduced", "active", "ended")
OPEN_MATCH_STATUSES = ("proposed", "introduced", "active")  # these take a place of the volunteer's capacity
MATCH_END_REASONS = ("declined_resident", "declined_volunteer", "moved", "need_met", "other")
CHECKIN_OUTCOMES = ("went_well", "needs_attention", "ended")
CHECKIN_AFTER = dt.timedelta(weeks=6)


class Match(db.Model):
    """A volunteer proposed for a request, and what became of it."""

    __tablename__ = "buddy_match"  # "match" is an SQL keyword

    id: Mapped[int] = mapped_column(primary_key=True)
    # The request's municipality, kept here so that every staff query is scoped like a request's.
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    request_id: Mapped[int] = mapped_column(ForeignKey("buddy_request.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"))
    status: Mapped[str] = mapped_column(String(12), default="proposed", server_default="proposed")
    ended_reason: Mapped[str | None] = mapped_column(String(20))  # one of MATCH_END_REASONS
    # The first meeting: a local date and time, at a published place near both.
    meeting_at: Mapped[dt.datetime | None]
    meeting_place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    checkin_due: Mapped[dt.date | None]  # six weeks after it became active
    checkin_outcome: Mapped[str | None] = mapped_column(String(20))  # one of CHECKIN_OUTCOMES
    checkin_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)  # proposed
    introduced_at: Mapped[dt.datetime | None]
    active_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # who proposed it
    # Counts the changes, like HelpRequest.version: of two coordinators acting at once, the second is told.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    municipality: Mapped[Municipality] = relationship()
    request: Mapped[BuddyRequest] = relationship()
    volunteer: Mapped[Volunteer] = relationship()
    meeting_place: Mapped[Place | None] = relationship()

    # Suggestions count a volunteer's open matches and look up ended pairs: both by volunteer first.
    __table_args__ = (Index("ix_buddy_match_volunteer_status", "volunteer_id", "status"),
                      Index("ix_buddy_match_municipality_status", "municipality_id", "status"))
    __mapper_args__ = {"version_id_col": version}

    @property
    def meeting_local(self) -> dt.datetime | None:
        """The first meeting as a moment in Amsterdam (stored as the local date and time)."""
        from .schedule import TZ

        return self.meeting_at.replace(tzinfo=TZ) if self.meeting_at else None

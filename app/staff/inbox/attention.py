"""The proactive net: what needs attention before anyone asks, per municipality, counted in the database.

- overdue: an open request without a first contact after the municipality's number of working days;
- quiet matches: an active match without a contact or note on its request for four weeks;
- check-ins due: an active match whose six-week check-in date has come and that has no check-in yet;
- VOGs lapsing: an active volunteer whose VOG lapses within 60 days, has lapsed, or is missing;
- applicants: volunteers who signed up and wait for an intake.

The inbox shows the total and /staff/attention the parts; `flask --app wsgi reminders send` (and the
jobs run, after seven in the morning) mails each municipality's coordinators the counts with links,
once a day: a row of `digest_sent` per municipality and day makes a second run send nothing."""

import datetime as dt

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from ...extensions import db
from ...models import (
    OPEN_STATUSES,
    REQUEST_MODELS,
    VOG_WARNING,
    Match,
    Municipality,
    RequestEvent,
    Volunteer,
)
from .queries import working_days_before

QUIET_AFTER = dt.timedelta(weeks=4)
PARTS = {
    "overdue": _l("Vragen zonder eerste contact na de termijn"),
    "quiet_matches": _l("Koppels zonder contact in vier weken"),
    "checkins": _l("Gesprekken na zes weken die nu moeten"),
    "vogs": _l("VOG's die verlopen, verlopen zijn of ontbreken"),
    "applicants": _l("Aanmeldingen van vrijwilligers die op een intake wachten"),
}


def overdue_requests(towns: list[Municipality], now: dt.datetime):
    """Per kind of request, its open requests without a first contact after their municipality's number
    of working days, as (municipality id, count) rows: one grouped query per kind, however many towns."""
    for model in REQUEST_MODELS:
        due = sa.case({town.id: working_days_before(now, town.overdue_after_days) for town in towns},
                      value=model.municipality_id)
        yield db.select(model.municipality_id, sa.func.count(model.id)).where(
            model.municipality_id.in_([town.id for town in towns]), model.status.in_(OPEN_STATUSES),
            model.first_contact_at.is_(None), model.created_at < due).group_by(model.municipality_id)


def quiet_matches(municipality_ids, now: dt.datetime):
    """Active matches with no contact or note on their request for four weeks."""
    since = now - QUIET_AFTER
    touched = db.select(RequestEvent.buddy_request_id).where(
        RequestEvent.kind.in_(("contact", "note")), RequestEvent.at >= since)
    return db.select(Match).where(Match.municipality_id.in_(municipality_ids), Match.status == "active",
                                  Match.active_at < since, Match.request_id.not_in(touched))


def checkins_due(municipality_ids, today: dt.date):
    return db.select(Match).where(Match.municipality_id.in_(municipality_ids), Match.status == "active",
                                  Match.checkin_outcome.is_(None), Match.checkin_due <= today)


def vogs_to_renew(municipality_ids, today: dt.date):
    return db.select(Volunteer).where(Volunteer.municipality_id.in_(municipality_ids), Volunteer.status == "active",
                                      sa.not_(Volunteer.vog_valid_on(today + VOG_WARNING)))


def applicants(municipality_ids):
    return db.select(Volunteer).where(Volunteer.municipality_id.in_(municipality_ids),
                                      Volunteer.status == "applicant")


def per_town(query, column):
    """(municipality id, count) rows of the query: one statement, grouped by municipality."""
    return query.with_only_columns(column, sa.func.count()).group_by(column).order_by(None)


def counts_of(towns: list[Municipality], now: dt.datetime, today: dt.date) -> dict[int, dict[str, int]]:
    """Each part's count per municipality, in one grouped query per kind of item (not per municipality)."""
    found = {town.id: dict.fromkeys(PARTS, 0) for town in towns}
    if not towns:
        return found
    ids = list(found)
    queries = [*(("overdue", query) for query in overdue_requests(towns, now)),
               ("quiet_matches", per_town(quiet_matches(ids, now), Match.municipality_id)),
               ("checkins", per_town(checkins_due(ids, today), Match.municipality_id)),
               ("vogs", per_town(vogs_to_renew(ids, today), Volunteer.municipality_id)),
               ("applicants", per_town(applicants(ids), Volunteer.municipality_id))]
    for part, query in queries:
        for town_id, number in db.session.execute(query):
            found[town_id][part] += number
    return found


def counts(municipality: Municipality, now: dt.datetime, today: dt.date) -> dict[str, int]:
    """Each part's count for one municipality."""
    return counts_of([municipality], now, today)[municipality.id]


def links() -> dict[str, str]:
    """Where each part is handled in the back office (absolute, for the e-mail)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return {"overdue": f"{base}/staff/?overdue=1", "quiet_matches": f"{base}/staff/attention",
            "checkins": f"{base}/staff/attention", "vogs": f"{base}/staff/volunteers?vog=lapsing",
            "applicants": f"{base}/staff/volunteers?status=applicant"}


def total(municipality_ids, now: dt.datetime, today: dt.date) -> int:
    """Everything that needs attention in these municipalities (the number in the inbox)."""
    towns = db.session.scalars(db.select(Municipality).where(Municipality.id.in_(municipality_ids))).all()
    return sum(sum(parts.values()) for parts in counts_of(towns, now, today).values())

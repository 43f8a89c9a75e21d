"""What staff do with a match: propose a suggested volunteer, plan the first meeting, mark it active,
record the check-in, end it with a reason. The request's status follows (a line in its timeline too);
every step is in the volunteer's timeline and the audit log (numbers and keys only, no personal data).

The request's status: proposed → in progress; introduced or active → matched; ended → in progress again
(the search goes on), or closed as helped when the need was met."""

from __future__ import annotations

import datetime as dt

from flask_login import current_user

from ... import geo
from ...extensions import db
from ...models import (
    CHECKIN_AFTER,
    BuddyRequest,
    Match,
    Neighbourhood,
    Place,
    RequestEvent,
    Volunteer,
    utcnow,
)
from .. import audit
from . import keeping

MEETING_PLACES = 8  # the list of places to meet offers the nearest this many
MEETING_RADIUS_M = 10_000
# What a match's status makes the request: (the request's status, its close reason).
REQUEST_STATUS = {"proposed": "in_progress", "introduced": "matched", "active": "matched"}
NEXT = {"proposed": ("introduced",), "introduced": ("active",), "active": ()}


def request_follows(match: Match, status: str, reason: str | None = None) -> None:
    request = match.request
    if request.status == status and request.closed_reason == reason:
        return
    request.status = status
    request.closed_reason = reason if status == "closed" else None
    request.closed_at = utcnow() if status == "closed" else None
    db.session.add(RequestEvent(buddy_request_id=request.id, kind="status", value=status, staff_id=current_user.id))
    audit.record("request.status", request, detail=f"{status} {reason or ''} match {match.id}".strip())


def record(action: str, match: Match, detail: str = "") -> None:
    audit.record(action, match.request, detail=f"match {match.id} volunteer {match.volunteer_id} {detail}".strip())


def propose(request: BuddyRequest, volunteer: Volunteer) -> Match:
    match = Match(municipality_id=request.municipality_id, request=request, volunteer=volunteer,
                  staff_id=current_user.id)
    db.session.add(match)
    db.session.flush()
    keeping.event(volunteer, "match", value=f"proposed {request.reference}")
    record("match.propose", match)
    if request.status in ("new", "contacted", "in_progress"):
        request_follows(match, REQUEST_STATUS["proposed"])
    return match


def plan_meeting(match: Match, at: dt.datetime, place: Place) -> None:
    match.meeting_at, match.meeting_place_id = at, place.id
    if match.status == "proposed":
        match.status, match.introduced_at = "introduced", utcnow()
        request_follows(match, REQUEST_STATUS["introduced"])
    keeping.event(match.volunteer, "match", value=f"introduced {match.request.reference}")
    record("match.meeting", match, f"place {place.id}")


def activate(match: Match, today: dt.date) -> None:
    match.status, match.active_at, match.checkin_due = "active", utcnow(), today + CHECKIN_AFTER
    request_follows(match, REQUEST_STATUS["active"])
    keeping.event(match.volunteer, "match", value=f"active {match.request.reference}")
    record("match.active", match)


def check_in(match: Match, outcome: str) -> None:
    match.checkin_outcome, match.checkin_at = outcome, utcnow()
    record("match.checkin", match, outcome)


def end(match: Match, reason: str) -> None:
    match.status, match.ended_reason, match.ended_at = "ended", reason, utcnow()
    keeping.event(match.volunteer, "match", value=f"ended {reason} {match.request.reference}")
    record("match.end", match, reason)
    if match.request.status != "closed":
        request_follows(match, *(("closed", "helped") if reason == "need_met" else ("in_progress",)))


def viewed(match: Match) -> None:
    record("match.view", match)


def meeting_places(match: Match) -> list[tuple[Place, float]]:
    """Published places of the request's municipality nearest to the midpoint of the two, nearest first
    (by id when equally near), with their distance to the midpoint."""
    from .suggestions import request_point

    here = request_point(match.request)
    there = (match.volunteer.lat, match.volunteer.lon) if match.volunteer.lat is not None else None
    points = [p for p in (here, there) if p is not None]
    in_town = db.select(Neighbourhood.id).where(Neighbourhood.municipality_id == match.municipality_id)
    query = db.select(Place).where(Place.published, Place.neighbourhood_id.in_(in_town))
    if not points:
        by_name = query.order_by(Place.name, Place.id).limit(MEETING_PLACES)
        return [(place, 0.0) for place in db.session.scalars(by_name)]
    lat, lon = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    min_lat, min_lon, max_lat, max_lon = geo.bounding_box(lat, lon, MEETING_RADIUS_M)
    places = db.session.scalars(query.where(Place.lat.between(min_lat, max_lat), Place.lon.between(min_lon, max_lon)))
    near = sorted(((place, geo.distance_m(lat, lon, place.lat, place.lon)) for place in places),
                  key=lambda pair: (pair[1], pair[0].id))
    return near[:MEETING_PLACES]

"""Go-alongs under /staff/volunteers/go-alongs: the day list of a municipality's go-along requests (a
companion for one date of one activity), the coming fortnight and the past week, with who goes along;
afterwards "went" or "did not go" in one click. Went: the match ends as the need met and the request
closes as helped. Did not go: the match ends and the request is open again, to call the resident."""

import datetime as dt
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import schedule
from ...extensions import db
from ...models import BuddyRequest, Match, RequestEvent
from ...references import formatted
from .. import changes
from ..access import my_municipality_ids
from . import matching
from .forms import MatchForm
from .views import MATCH, bp, match_or_404

AHEAD, BACK = dt.timedelta(days=14), dt.timedelta(days=7)


@dataclass
class GoAlong:
    request: BuddyRequest
    match: Match | None  # the companion's, if one was found
    went: str | None  # "yes" or "no" once recorded


def day_list(today: dt.date) -> list[tuple[dt.date, list[GoAlong]]]:
    """Open go-alongs of my municipalities from a week ago to a fortnight ahead, by day and time."""
    rows = db.session.scalars(db.select(BuddyRequest).where(
        BuddyRequest.municipality_id.in_(my_municipality_ids()), BuddyRequest.kind == "go_along",
        BuddyRequest.activity_date.between(today - BACK, today + AHEAD)).order_by(BuddyRequest.activity_date))
    found = []
    for row in rows:
        matches = db.session.scalars(db.select(Match).where(Match.request_id == row.id)
                                     .order_by(Match.id.desc())).all()
        went = db.session.scalar(db.select(RequestEvent.value).where(
            RequestEvent.buddy_request_id == row.id, RequestEvent.kind == "went"))
        found.append(GoAlong(row, matches[0] if matches else None, went))
    days = sorted({item.request.activity_date for item in found})
    return [(day, sorted((item for item in found if item.request.activity_date == day), key=starts))
            for day in days]


def starts(item: GoAlong) -> dt.time:
    return item.request.activity.start_time if item.request.activity else dt.time.min


@bp.route("/go-alongs")
def go_alongs():
    """The day list of go-alongs."""
    today = schedule.local_now().date()
    return render_template("staff/volunteers/go_alongs.html", days=day_list(today), today=today,
                           formatted=formatted, form=MatchForm())


@bp.route(f"{MATCH}/went/<any(yes, no):went>", methods=("POST",))
def went(match_id, went):
    """After the date: did the resident go along, yes or no."""
    found = match_or_404(match_id)
    form = MatchForm()
    if not form.validate_on_submit():
        abort(400)
    today = schedule.local_now().date()
    if found.request.kind != "go_along" or found.status == "ended" or found.request.activity_date > today:
        flash(_("Dit kan pas na de datum, en één keer."))
        return redirect(url_for("volunteers.go_alongs"))
    if not changes.seen(found, form):
        return changes.refused(url_for("volunteers.go_alongs"), _("Iemand anders heeft dit net veranderd."))
    db.session.add(RequestEvent(buddy_request_id=found.request_id, kind="went", value=went, staff_id=current_user.id))
    matching.end(found, "need_met" if went == "yes" else "other")
    return changes.save(url_for("volunteers.go_alongs"), _("Opgeslagen.") if went == "yes" else
                        _("Opgeslagen. De vraag staat weer open: bel de bewoner."),
                        _("Iemand anders heeft dit net veranderd."))

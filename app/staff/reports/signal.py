"""The signal meeting (signaleringsoverleg) at /staff/signal-meeting/<wijk code>: per neighbourhood, the
open worries and the stuck requests, with only what the meeting needs (code, kind, worries as
categories, days waiting, handler), on screen and as a printable A4 list. Per item the meeting agrees
an action, who takes it and by when; that goes into the request's timeline. Every print is audited.

Stuck: an open buddy or go-along request without a first contact after the municipality's number of
working days, or whose last contact or note is older than STUCK_AFTER, or whose active match needs
attention (its check-in said so, or the check-in is overdue)."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from ... import choices, schedule
from ...extensions import db
from ...models import (
    MODEL_OF_KIND,
    OPEN_STATUSES,
    REQUEST_MODELS,
    Match,
    Neighbourhood,
    RequestEvent,
    StaffMembership,
    StaffUser,
    utcnow,
)
from ...references import formatted, normalise
from ...validators import NoMarkup, Required, strip
from .. import audit
from ..access import my_municipality_ids, scoped
from ..inbox.handling import KIND_NAMES, event
from ..inbox.queries import overdue_condition
from ..sessions import require_municipality_role, require_sign_in

bp = Blueprint("signal", __name__, url_prefix="/staff/signal-meeting")
bp.before_request(require_sign_in)
bp.before_request(require_municipality_role)

STUCK_AFTER = dt.timedelta(days=28)


@dataclass
class Item:
    reference: str
    kind: str
    worries: list[str]
    days_waiting: int
    handler: str | None
    stuck: bool  # a request stuck for lack of contact; a worry is on the list as long as it is open


class ActionForm(FlaskForm):
    reference = StringField(validators=[Required(_l("Kies een vraag"))])
    action = StringField(_l("Afgesproken actie"), filters=[strip], validators=[
        Required(_l("Schrijf op wat er is afgesproken")),
        Length(max=300, message=_l("Niet meer dan %(max)d tekens", max=300)),
        NoMarkup(_l("Gebruik alleen gewone tekst, zonder punthaken"))])
    taker = SelectField(_l("Wie doet het"), validate_choice=False)
    due = StringField(_l("Vóór welke datum"))

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.colleagues = {str(c.id): c for c in colleagues}
        self.taker.choices = [SelectChoice(key, c.name) for key, c in self.colleagues.items()]

    def validate_taker(self, field):
        if field.data not in self.colleagues:
            raise ValidationError(_l("Kies een collega uit de lijst"))

    def validate_due(self, field):
        today = schedule.local_now().date()
        field.day = schedule.day_from(field.data, today)
        if field.day is None:
            raise ValidationError(_l("Kies een datum vanaf vandaag"))


def wijk_or_404(code: str) -> Neighbourhood:
    return db.first_or_404(db.select(Neighbourhood).where(
        Neighbourhood.code == code, Neighbourhood.kind == "wijk",
        Neighbourhood.municipality_id.in_(my_municipality_ids())))


def in_wijk(model, wijk: Neighbourhood):
    buurten = db.select(Neighbourhood.id).where(Neighbourhood.parent_id == wijk.id)
    return sa.or_(model.neighbourhood_id == wijk.id, model.neighbourhood_id.in_(buurten))


def last_touch(model):
    """When staff last had contact or wrote a note, per request."""
    column = getattr(RequestEvent, model.TIMELINE_COLUMN)
    return (db.select(column.label("request_id"), sa.func.max(RequestEvent.at).label("at"))
            .where(RequestEvent.kind.in_(("contact", "note")), column.is_not(None)).group_by(column).subquery())


def matches_needing_attention(today: dt.date):
    """Requests whose active match needs attention: the check-in said so, or it is overdue."""
    return db.select(Match.request_id).where(Match.status == "active", sa.or_(
        Match.checkin_outcome == "needs_attention", Match.checkin_due < today))


def items(wijk: Neighbourhood) -> list[Item]:
    """Open worries, and stuck requests, of the wijk: the oldest first."""
    now = utcnow()
    found = []
    for model in REQUEST_MODELS:
        touched = last_touch(model)
        query = (scoped(model).outerjoin(touched, touched.c.request_id == model.id)
                 .where(model.status.in_(OPEN_STATUSES), in_wijk(model, wijk)).add_columns(touched.c.at))
        if model is not MODEL_OF_KIND["concern"]:
            query = query.where(sa.or_(overdue_condition(model, now),
                                       sa.func.coalesce(touched.c.at, model.created_at) < now - STUCK_AFTER,
                                       model.id.in_(matches_needing_attention(now.date()))))
        for row, _touched in db.session.execute(query):
            worries = [str(choices.WORRIES[key][0]) for key in row.worries.split() if key in choices.WORRIES] \
                if row.kind == "concern" else []
            found.append(Item(row.reference, row.kind, worries, (now - row.created_at).days,
                              row.assigned_to.name if row.assigned_to else None, row.kind != "concern"))
    return sorted(found, key=lambda item: (-item.days_waiting, item.reference))


def colleagues(wijk: Neighbourhood) -> list[StaffUser]:
    return list(db.session.scalars(
        db.select(StaffUser).join(StaffMembership)
        .where(StaffMembership.municipality_id == wijk.municipality_id, StaffUser.active).order_by(StaffUser.name)))


@bp.route("")
def choose():
    """Choose the neighbourhood of the meeting."""
    wijken = db.session.scalars(db.select(Neighbourhood).where(
        Neighbourhood.municipality_id.in_(my_municipality_ids()), Neighbourhood.kind == "wijk")
        .order_by(Neighbourhood.name)).all()
    return render_template("staff/reports/signal_choose.html", wijken=wijken)


@bp.route("/<code>")
def meeting(code):
    """The meeting's list for one wijk, with a form per item for the agreed action."""
    wijk = wijk_or_404(code)
    form = ActionForm(colleagues=colleagues(wijk))
    form.taker.data = str(current_user.id)
    return render_template("staff/reports/signal.html", wijk=wijk, items=items(wijk), form=form,
                           kind_names=KIND_NAMES, formatted=formatted)


@bp.route("/<code>/print")
def printable(code):
    """The same list on A4, for the table of the meeting; the print is in the audit log."""
    wijk = wijk_or_404(code)
    found = items(wijk)
    audit.record("signal.print", municipality_id=wijk.municipality_id, detail=f"{wijk.code}: {len(found)} items")
    db.session.commit()
    return render_template("staff/reports/signal_print.html", wijk=wijk, items=found, kind_names=KIND_NAMES,
                           formatted=formatted, today=schedule.local_now().date())


@bp.route("/<code>/action", methods=("POST",))
def action(code):
    """The agreed action for one item: into its timeline (who, what, by when) and the audit log."""
    wijk = wijk_or_404(code)
    form = ActionForm(colleagues=colleagues(wijk))
    row = request_in(wijk, form.reference.data)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error)
        return redirect(url_for("signal.meeting", code=code, _anchor=f"item-{row.reference}"))
    taker = form.colleagues[form.taker.data]
    event(row, "agreed", value=form.due.day.isoformat(),
          text=_("%(action)s (%(taker)s, vóór %(due)s)", action=form.action.data, taker=taker.name,
                 due=form.due.day.strftime("%d-%m-%Y")))
    audit.record("signal.action", row, detail=f"{wijk.code} for {taker.id}")
    db.session.commit()
    flash(_("Afspraak opgeslagen bij %(code)s.", code=formatted(row.reference)))
    return redirect(url_for("signal.meeting", code=code))


def request_in(wijk: Neighbourhood, reference: str | None):
    """An item of this wijk's meeting by its code; anything else is a 404."""
    code = normalise(reference)
    for model in REQUEST_MODELS:
        found = db.session.scalar(scoped(model).where(model.reference == code, in_wijk(model, wijk))) if code \
            else None
        if found is not None:
            return found
    abort(404)




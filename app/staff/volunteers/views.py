"""Volunteers under /staff/volunteers: the list with search and filters, a volunteer's page with its
timeline, create, edit, a status change with its reason, a note, and the spreadsheet upload.

Every view and change is in the audit log. Every change carries the version of the volunteer its page
showed: of two coordinators saving at once, the second is told instead of overwriting the first."""

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import choices, geo, schedule
from ...extensions import db
from ...models import Match, Municipality, Volunteer, VolunteerEvent
from ...phones import readable_phone
from ...references import formatted
from .. import audit, changes
from ..access import my_municipality_ids, request_or_404, volunteer_or_404
from ..inbox.handling import CHANNEL_NAMES
from ..sessions import require_municipality_role, require_sign_in
from . import importing, keeping, matching, suggestions
from .forms import (
    CheckinForm,
    EndForm,
    ImportForm,
    MatchForm,
    MeetingForm,
    NoteForm,
    ProposeForm,
    StatusForm,
    VolunteerForm,
)
from .listing import PAGE_SIZE, Filters, listing_page
from .words import (
    CHECKIN_NAMES,
    FIELD_NAMES,
    GENDER_NAMES,
    HELPS_WHOM,
    MATCH_END_REASONS,
    MATCH_STATUS_NAMES,
    ROLE_NAMES,
    STATUS_NAMES,
    STOP_REASONS,
    TRANSITIONS,
    VOG_STATE_NAMES,
)

bp = Blueprint("volunteers", __name__, url_prefix="/staff/volunteers")
bp.before_request(require_sign_in)
bp.before_request(require_municipality_role)

ID = "<int(max=2147483647):volunteer_id>"


def today():
    return schedule.local_now().date()


def my_municipalities() -> list[Municipality]:
    return list(db.session.scalars(db.select(Municipality).where(Municipality.id.in_(my_municipality_ids()))
                                   .order_by(Municipality.name)))


@bp.route("", methods=("GET", "POST"))
def index():
    """My municipalities' volunteers: search by name (sent by POST, so no name is in an address),
    filters by status, role, neighbourhood and VOG."""
    filters = Filters.from_request()
    rows, total = listing_page(filters, today())
    return render_template("staff/volunteers/index.html", rows=rows, total=total, filters=filters,
                           pages=max(1, -(-total // PAGE_SIZE)), wijken=geo.wijken_of(*my_municipality_ids()),
                           today=today())


def initial(volunteer: Volunteer) -> dict:
    """The form as the volunteer is now."""
    lists = ("languages", "interests", "days", "parts_of_day", "helps_whom", "roles")
    return {**{name: volunteer.keys(name) for name in lists},
            "first_name": volunteer.first_name, "last_name": volunteer.last_name,
            "phone": readable_phone(volunteer.phone), "email": volunteer.email or "", "postcode": volunteer.postcode,
            "helps_whom_text": volunteer.helps_whom_text or "", "gender": volunteer.gender or "",
            "capacity": str(volunteer.capacity),
            "vog_date": volunteer.vog_date.isoformat() if volunteer.vog_date else "",
            "training_dates": volunteer.training_dates, "version": str(volunteer.version)}


@bp.route("/new", methods=("GET", "POST"))
def new():
    """A new volunteer of one of my municipalities."""
    form = VolunteerForm(municipalities=my_municipalities(), data={"roles": ["maatje"], "capacity": "1"})
    if form.validate_on_submit():
        volunteer = keeping.create(int(form.municipality.data), form.values(), form.centre, form.status.data)
        db.session.commit()
        flash(_("Vrijwilliger opgeslagen."))
        return redirect(url_for("volunteers.show", volunteer_id=volunteer.id))
    return render_template("staff/volunteers/form.html", form=form, volunteer=None), 400 if form.errors else 200


@bp.route(ID)
def show(volunteer_id):
    """A volunteer: everything we keep, the VOG's state, the timeline. Each view is logged."""
    volunteer = volunteer_or_404(volunteer_id)
    keeping.viewed(volunteer)
    db.session.commit()
    return render_volunteer(volunteer)


def render_volunteer(volunteer: Volunteer, **forms):
    status_form = forms.get("status_form") or StatusForm()
    status_form.allowed(volunteer.status, TRANSITIONS)
    return render_template(
        "staff/volunteers/show.html", volunteer=volunteer, vog_state=volunteer.vog_state(today()),
        timeline=timeline(volunteer), status_form=status_form, note_form=forms.get("note_form") or NoteForm(),
    ), 400 if forms else 200


def timeline(volunteer: Volunteer) -> list[VolunteerEvent]:
    return list(db.session.scalars(db.select(VolunteerEvent).where(VolunteerEvent.volunteer_id == volunteer.id)
                                   .order_by(VolunteerEvent.at.desc(), VolunteerEvent.id.desc()).limit(500)))


@bp.route(f"{ID}/edit", methods=("GET", "POST"))
def edit(volunteer_id):
    """The volunteer's details; a status changes on their page, with its reason."""
    volunteer = volunteer_or_404(volunteer_id)
    form = VolunteerForm(municipalities=[volunteer.municipality], data=initial(volunteer))
    form.municipality.data = str(volunteer.municipality_id)
    form.status.data = "applicant"  # the status changes on the volunteer's page, with its reason
    if form.is_submitted() and not changes.seen(volunteer, form):
        return someone_changed(volunteer_id)
    if form.validate_on_submit():
        keeping.edit(volunteer, form.values(), form.centre)
        return saved(volunteer_id, _("Vrijwilliger opgeslagen."))
    if not form.is_submitted():  # the form shows everything we keep: a view like the volunteer's page
        keeping.viewed(volunteer)
        db.session.commit()
    return render_template("staff/volunteers/form.html", form=form, volunteer=volunteer), 400 if form.errors else 200


@bp.route(f"{ID}/status", methods=("POST",))
def status(volunteer_id):
    volunteer = volunteer_or_404(volunteer_id)
    form = StatusForm()
    if form.is_submitted() and not changes.seen(volunteer, form):
        return someone_changed(volunteer_id)
    form.allowed(volunteer.status, TRANSITIONS)
    if not form.validate_on_submit():
        return render_volunteer(volunteer, status_form=form)
    keeping.change_status(volunteer, form.status.data, form.reason.data or None, form.text.clean)
    return saved(volunteer_id, _("Status veranderd."))


@bp.route(f"{ID}/note", methods=("POST",))
def note(volunteer_id):
    volunteer = volunteer_or_404(volunteer_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return render_volunteer(volunteer, note_form=form)
    keeping.add_note(volunteer, form.text.data)
    db.session.commit()
    flash(_("Notitie opgeslagen."))
    return redirect(url_for("volunteers.show", volunteer_id=volunteer_id))


@bp.route("/import", methods=("GET", "POST"))
def upload():
    """The spreadsheet as CSV: checked whole; imported only when every row is right."""
    form = ImportForm(municipalities=my_municipalities())
    report = None
    if form.validate_on_submit():
        municipality = db.session.get(Municipality, int(form.municipality.data))
        report = importing.run(form.file.data.read(importing.MAX_BYTES + 1), municipality, form.dry_run.data)
        audit.record("volunteer.import", municipality_id=municipality.id, detail=(
            f"{'check' if report.dry_run else 'upload'}: {report.rows} rows, {len(report.problems)} problems, "
            f"{report.created} new, {report.updated} changed"))
        db.session.commit()
    return render_template("staff/volunteers/import.html", form=form, report=report, columns=importing.COLUMNS), \
        400 if form.errors or (report and not report.ok) else 200


def changed_meanwhile() -> str:
    return _("Een collega heeft deze vrijwilliger net veranderd. Hieronder ziet u hoe het nu is. "
             "Is uw wijziging nog nodig? Doe die dan opnieuw.")


def saved(volunteer_id: int, message: str):
    return changes.save(url_for("volunteers.show", volunteer_id=volunteer_id), message, changed_meanwhile())


def someone_changed(volunteer_id: int):
    return changes.refused(url_for("volunteers.show", volunteer_id=volunteer_id), changed_meanwhile())


def field_names(value: str | None) -> str:
    return ", ".join(str(FIELD_NAMES.get(name, name)) for name in (value or "").split())


def names(options: dict, keys: str) -> str:
    return ", ".join(str(label[0] if isinstance(label, tuple) else label)
                     for key, label in options.items() if key in keys.split())


@bp.context_processor
def volunteer_words():
    return {"status_names": STATUS_NAMES, "role_names": ROLE_NAMES, "stop_reasons": STOP_REASONS,
            "gender_names": GENDER_NAMES, "helps_whom_names": HELPS_WHOM, "vog_state_names": VOG_STATE_NAMES,
            "match_status_names": MATCH_STATUS_NAMES, "match_end_reasons": MATCH_END_REASONS,
            "checkin_names": CHECKIN_NAMES, "formatted_reference": formatted, "channel_names": CHANNEL_NAMES,
            "choices": choices, "names": names, "field_names": field_names,
            "readable_phone": readable_phone}


# --- Suggestions and matches ---
# A request's suggestions live here, not in the inbox: the inbox links to them by URL.

MATCH = "/matches/<int(max=2147483647):match_id>"


def buddy_request_or_404(reference: str):
    """A buddy or go-along request of my municipalities (a concern has no maatje)."""
    found = request_or_404(reference)
    if found.kind not in ("buddy", "go_along"):
        abort(404)
    return found


def matches_of(request_) -> list[Match]:
    return list(db.session.scalars(db.select(Match).where(Match.request_id == request_.id)
                                   .order_by(Match.created_at.desc(), Match.id.desc())))


@bp.route("/for/<reference>")
def suggest(reference):
    """Volunteers who fit a request, best first, with their reasons; who was left out by which rule."""
    found = buddy_request_or_404(reference)
    now = schedule.local_now().astimezone(dt.UTC).replace(tzinfo=None)
    result = suggestions.suggest(found, today(), now)
    audit.record("request.suggestions", found, detail=f"{len(result.suggestions)} suggested")
    db.session.commit()
    return render_template("staff/volunteers/suggestions.html", request_=found, result=result,
                           excluded=suggestions.exclusion_words(found, result.excluded),
                           matches=matches_of(found), form=ProposeForm())


@bp.route("/for/<reference>/propose", methods=("POST",))
def propose(reference):
    """Propose a suggested volunteer: only one who meets every hard rule today."""
    found = buddy_request_or_404(reference)
    form = ProposeForm()
    if not form.validate_on_submit():
        abort(400)
    if not changes.seen(found, form):
        return changes.refused(url_for("volunteers.suggest", reference=found.reference), _(
            "Een collega heeft deze vraag net veranderd. Kijk of uw voorstel nog nodig is."))
    volunteer_id = form.volunteer_id.data or ""
    volunteer = (suggestions.fitting(found, int(volunteer_id), today())
                 if volunteer_id.isascii() and volunteer_id.isdigit() and len(volunteer_id) < 10 else None)
    if volunteer is None:
        flash(_("Deze vrijwilliger past niet (meer) bij de vraag. Kies iemand uit de lijst."))
        return redirect(url_for("volunteers.suggest", reference=found.reference))
    match = matching.propose(found, volunteer)
    return changes.save(url_for("volunteers.match", match_id=match.id), _("Voorgesteld."), _(
        "Een collega heeft deze vraag net veranderd. Kijk of uw voorstel nog nodig is."))


def match_or_404(match_id: int) -> Match:
    """The match, if of one of my municipalities; another's is logged in its municipality and a 404."""
    found = db.session.scalar(db.select(Match).where(Match.id == match_id,
                                                     Match.municipality_id.in_(my_municipality_ids())))
    if found is None:
        elsewhere = db.session.get(Match, match_id)
        if elsewhere is not None:
            audit.record("access.refused", municipality_id=elsewhere.municipality_id,
                         detail=f"{request.method} {request.endpoint} match {match_id}")
            db.session.commit()
        abort(404)
    return found


def render_match(match: Match, status: int = 200, **forms):
    places = matching.meeting_places(match)
    meeting_form = forms.get("meeting_form") or MeetingForm(places=places, data={
        "day": match.meeting_at.date().isoformat() if match.meeting_at else "",
        "time": match.meeting_at.strftime("%H:%M") if match.meeting_at else "",
        "place": str(match.meeting_place_id or "")})
    return render_template(
        "staff/volunteers/match.html", match=match, places=places, meeting_form=meeting_form,
        step_form=MatchForm(), checkin_form=forms.get("checkin_form") or CheckinForm(),
        end_form=forms.get("end_form") or EndForm(), checkin_due=match.checkin_due is not None
        and match.checkin_outcome is None and match.checkin_due <= today(),
    ), status


@bp.route(MATCH)
def match(match_id):
    found = match_or_404(match_id)
    matching.viewed(found)
    db.session.commit()
    return render_match(found)


def match_changed() -> str:
    return _("Een collega heeft deze koppeling net veranderd. Hieronder ziet u hoe het nu is. "
             "Is uw wijziging nog nodig? Doe die dan opnieuw.")


def match_saved(match_id: int, message: str):
    return changes.save(url_for("volunteers.match", match_id=match_id), message, match_changed())


def changed_or_closed(found: Match, form) -> bool:
    return form.is_submitted() and not changes.seen(found, form)


@bp.route(f"{MATCH}/meeting", methods=("POST",))
def meeting(match_id):
    """Plan (or move) the first meeting: a day, a time and one of the published places near both."""
    found = match_or_404(match_id)
    places = matching.meeting_places(found)
    form = MeetingForm(places=places)
    if changed_or_closed(found, form) or found.status not in ("proposed", "introduced"):
        return changes.refused(url_for("volunteers.match", match_id=match_id), match_changed())
    if not form.validate_on_submit():
        return render_match(found, 400, meeting_form=form)
    place = next(place for place, _distance in places if str(place.id) == form.place.data)
    matching.plan_meeting(found, dt.datetime.combine(form.day.clean, form.time.clean), place)
    return match_saved(match_id, _("De kennismaking is gepland."))


@bp.route(f"{MATCH}/active", methods=("POST",))
def activate(match_id):
    """They have met and go on together: the check-in is due six weeks from today."""
    found = match_or_404(match_id)
    form = MatchForm()
    if not form.validate_on_submit():
        abort(400)
    if changed_or_closed(found, form) or found.status != "introduced":
        return changes.refused(url_for("volunteers.match", match_id=match_id), match_changed())
    matching.activate(found, today())
    return match_saved(match_id, _("De koppeling is actief."))


@bp.route(f"{MATCH}/checkin", methods=("POST",))
def checkin(match_id):
    found = match_or_404(match_id)
    form = CheckinForm()
    if changed_or_closed(found, form) or found.status != "active":
        return changes.refused(url_for("volunteers.match", match_id=match_id), match_changed())
    if not form.validate_on_submit():
        return render_match(found, 400, checkin_form=form)
    matching.check_in(found, form.outcome.data)
    return match_saved(match_id, _("De check-in is opgeslagen."))


@bp.route(f"{MATCH}/end", methods=("POST",))
def end(match_id):
    found = match_or_404(match_id)
    form = EndForm()
    if changed_or_closed(found, form) or found.status == "ended":
        return changes.refused(url_for("volunteers.match", match_id=match_id), match_changed())
    if not form.validate_on_submit():
        return render_match(found, 400, end_form=form)
    matching.end(found, form.reason.data)
    return match_saved(match_id, _("De koppeling is beëindigd."))


@bp.route(f"{MATCH}/ticket/<any(resident, volunteer):side>")
def ticket(match_id, side):
    """The first meeting on paper in large print, for one of the two: what, when, where; the other's
    first name only, never their phone number."""
    found = match_or_404(match_id)
    if found.meeting_at is None or found.meeting_place is None:
        abort(404)
    matching.record("match.ticket", found, side)
    db.session.commit()
    return render_template("staff/volunteers/ticket.html", match=found, side=side)

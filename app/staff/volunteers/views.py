"""Volunteers under /staff/volunteers: the list with search and filters, a volunteer's page with its
timeline, create, edit, a status change with its reason, a note, and the spreadsheet upload.

Every view and change is in the audit log. Every change carries the version of the volunteer its page
showed: of two coordinators saving at once, the second is told instead of overwriting the first."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ... import choices, geo, schedule
from ...extensions import db
from ...models import Municipality, Volunteer, VolunteerEvent
from ...phones import readable_phone
from .. import audit, changes
from ..access import my_municipality_ids, volunteer_or_404
from ..sessions import require_municipality_role, require_sign_in
from . import importing, keeping
from .forms import ImportForm, NoteForm, StatusForm, VolunteerForm
from .listing import PAGE_SIZE, Filters, listing_page
from .words import (
    FIELD_NAMES,
    GENDER_NAMES,
    HELPS_WHOM,
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
            "choices": choices, "names": names, "field_names": field_names,
            "readable_phone": readable_phone}

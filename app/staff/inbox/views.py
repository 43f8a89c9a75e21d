"""The inbox (all open requests of my municipalities) and a request's page with its actions."""


from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ... import geo, schedule
from ...extensions import db
from ...help_requests import by_phone
from ...models import REQUEST_KINDS, AuditEvent, Municipality, Neighbourhood, RequestEvent, StaffUser, utcnow
from ...references import formatted
from .. import audit, changes
from ..access import my_municipality_ids, request_or_404, scoped
from ..exports import csv_response
from ..sessions import require_municipality_role, require_sign_in
from . import attention, handling
from . import intake as intake_forms
from .answers import answers_of
from .forms import AssignForm, ContactForm, NoteForm, PriorityForm, StatusForm, options
from .queries import PAGE_SIZE, Filters, counts, inbox_page

bp = Blueprint("inbox", __name__, url_prefix="/staff")
bp.before_request(require_sign_in)
bp.before_request(require_municipality_role)


def int_arg(name: str, default: int | None = None, maximum: int = 2**31 - 1) -> int | None:
    value = request.args.get(name, "")
    # ASCII only: str.isdigit() also says yes to "²" and "①", which int() refuses; and Python refuses
    # to parse thousands of digits.
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        return default
    return int(value) if 0 < int(value) <= maximum else default


def filters_from_args() -> Filters:
    kind = request.args.get("kind")
    status = request.args.get("status")
    return Filters(
        kind=kind if kind in REQUEST_KINDS else None,
        status=status if status in handling.STATUS_NAMES else None,
        neighbourhood_id=int_arg("neighbourhood"),
        mine_id=current_user.id if request.args.get("mine") == "1" else None,
        overdue=request.args.get("overdue") == "1",
    )


@bp.route("/")
def index():
    """Open requests of my municipalities: most urgent and oldest first, with filters and counts."""
    filters = filters_from_args()
    page = int_arg("page", 1, maximum=100000)
    rows, total = inbox_page(filters, page)
    names = neighbourhood_names({row.neighbourhood_id for row in rows})
    handlers = staff_names({row.assigned_to_id for row in rows})
    return render_template(
        "staff/inbox/index.html", rows=rows, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)),
        filters=filters, counts=counts(filters), names=names, handlers=handlers, wijken=my_wijken(),
        today=utcnow().date(),
        attention_total=attention.total(my_municipality_ids(), utcnow(), schedule.local_now().date()),
    )


def neighbourhood_names(ids) -> dict[int, str]:
    ids = [i for i in ids if i]
    query = db.select(Neighbourhood.id, Neighbourhood.name).where(Neighbourhood.id.in_(ids))
    return dict(db.session.execute(query).all()) if ids else {}


def staff_names(ids) -> dict[int, str]:
    ids = [i for i in ids if i]
    return dict(db.session.execute(db.select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(ids))).all())


def my_wijken() -> list[Neighbourhood]:
    return geo.wijken_of(*my_municipality_ids())


@bp.route("/attention")
def needs_attention():
    """What needs attention in my municipalities, before anyone asks: the proactive net."""
    now, today = utcnow(), schedule.local_now().date()
    towns = db.session.scalars(db.select(Municipality).where(Municipality.id.in_(my_municipality_ids()))
                               .order_by(Municipality.name)).all()
    mine, found = [town.id for town in towns], attention.counts_of(towns, now, today)
    return render_template(
        "staff/inbox/attention.html", towns=[(town, found[town.id]) for town in towns],
        parts=attention.PARTS, quiet=db.session.scalars(attention.quiet_matches(mine, now)).all(),
        checkins=db.session.scalars(attention.checkins_due(mine, today)).all(),
        vogs=db.session.scalars(attention.vogs_to_renew(mine, today)).all())


@bp.route("/intake/<any(buddy, go_along, concern):kind>", methods=("GET", "POST"))
def intake(kind):
    """A request taken on the phone or at the desk: the wizard's questions on one page for staff."""
    form = intake_forms.form_for(kind)
    if form.validate_on_submit():
        row = intake_forms.new_request(form)
        db.session.commit()
        flash(_("Aanvraag opgeslagen. Geef de bewoner de code: %(code)s", code=formatted(row.reference)))
        return redirect(url_for("inbox.show", reference=row.reference))
    return render_template("staff/inbox/intake.html", form=form, kind=kind, kinds=intake_forms.KINDS), \
        400 if form.errors else 200


@bp.route("/requests/<reference>")
def show(reference):
    """A request: every answer, the timeline, and what can be done with it. Each view is logged."""
    found = request_or_404(reference)
    handling.viewed(found)
    db.session.commit()
    return render_request(found)


def render_request(found, **forms):
    status_form = forms.get("status_form") or StatusForm()
    status_form.allowed(found.status, handling.TRANSITIONS)
    assign_form = forms.get("assign_form") or AssignForm(staff_id=str(found.assigned_to_id or ""))
    assign_form.staff_id.choices = assignees(found)
    return render_template(
        "staff/inbox/request.html", request_=found, kind=found.kind, answers=answers_of(found),
        timeline=timeline(found), others=same_phone(found), audit_rows=audit_rows(found),
        note_form=forms.get("note_form") or NoteForm(), contact_form=ContactForm(), status_form=status_form,
        assign_form=assign_form, priority_form=PriorityForm(priority=str(found.priority)),
    ), 400 if forms else 200


def assignees(found) -> list[SelectChoice]:
    return options([("", _("Niemand")), *((str(s.id), s.name) for s in handling.colleagues(found))])


def timeline(found) -> list[RequestEvent]:
    column = getattr(RequestEvent, found.TIMELINE_COLUMN)
    return list(db.session.scalars(db.select(RequestEvent).where(column == found.id).order_by(RequestEvent.at.desc(),
                                                                                             RequestEvent.id.desc())))


def same_phone(found) -> list:
    """Other requests of my municipalities with the same phone number: probably the same person."""
    phones = {getattr(found, column) for column in found.PHONE_COLUMNS} - {None}
    others = [row for row in by_phone(phones, scoped) if row is not found] if phones else []
    return sorted(others, key=lambda row: row.created_at, reverse=True)


def audit_rows(found) -> list:
    """An administrator of the request's municipality sees its audit log on its page."""
    if current_user.role_in(found.municipality_id) != "administrator":
        return []
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.reference == found.reference)
                                   .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(200)))


def changed_meanwhile() -> str:
    return _("Een collega heeft deze vraag net veranderd. Hieronder ziet u hoe die nu is. "
             "Is uw wijziging nog nodig? Doe die dan opnieuw.")


def back_to(found, message: str):
    """Save the change and show the request; if a colleague changed it first, save nothing and say so."""
    return changes.save(url_for("inbox.show", reference=found.reference), message, changed_meanwhile())


def colleague_changed(found):
    return changes.refused(url_for("inbox.show", reference=found.reference), changed_meanwhile())


@bp.route("/requests/<reference>/note", methods=("POST",))
def note(reference):
    found = request_or_404(reference)
    form = NoteForm()
    if not form.validate_on_submit():
        return render_request(found, note_form=form)
    handling.add_note(found, form.text.data)
    return back_to(found, _("Notitie opgeslagen."))


@bp.route("/requests/<reference>/contact", methods=("POST",))
def contact(reference):
    found = request_or_404(reference)
    form = ContactForm()
    if not form.validate_on_submit():
        abort(400)
    if not changes.seen(found, form):
        return colleague_changed(found)
    handling.contact_attempt(found, form.outcome.data)
    return back_to(found, _("Contactpoging opgeslagen."))


@bp.route("/requests/<reference>/status", methods=("POST",))
def status(reference):
    found = request_or_404(reference)
    form = StatusForm()
    if form.is_submitted() and not changes.seen(found, form):
        return colleague_changed(found)
    form.allowed(found.status, handling.TRANSITIONS)
    if form.validate_on_submit() and form.status.data == "closed" and not form.reason.data:
        form.reason.errors.append(_("Kies waarom u de vraag afsluit"))
    elif form.validate_on_submit():
        handling.change_status(found, form.status.data, form.reason.data or None)
        return back_to(found, _("Status veranderd."))
    return render_request(found, status_form=form)


@bp.route("/requests/<reference>/assign", methods=("POST",))
def assign(reference):
    found = request_or_404(reference)
    form = AssignForm()
    form.staff_id.choices = assignees(found)
    if request.form.get("me") == "1":
        form.staff_id.data = str(current_user.id)
    if not changes.seen(found, form):
        return colleague_changed(found)
    if not form.validate_on_submit():
        return render_request(found, assign_form=form)
    staff = db.session.get(StaffUser, int(form.staff_id.data)) if form.staff_id.data else None
    handling.assign(found, staff)
    return back_to(found, _("Toegewezen."))


@bp.route("/requests/<reference>/priority", methods=("POST",))
def priority(reference):
    found = request_or_404(reference)
    form = PriorityForm()
    if not form.validate_on_submit():
        abort(400)
    if not changes.seen(found, form):
        return colleague_changed(found)
    handling.set_priority(found, int(form.priority.data))
    return back_to(found, _("Prioriteit veranderd."))


@bp.route("/requests/<reference>/export")
def export(reference):
    """Everything of one request as CSV (a resident's right to see their data); logged."""
    found = request_or_404(reference)
    audit.record("request.export", found)
    db.session.commit()
    rows = [[_("Vraag"), _("Antwoord")], [_("Code"), formatted(found.reference)],
            *([str(a.question), a.answer] for a in answers_of(found))]
    return csv_response(rows, f"vangnet-{found.reference}.csv")


@bp.context_processor
def staff_words():
    return {"status_names": handling.STATUS_NAMES, "close_reasons": handling.CLOSE_REASONS,
            "kind_names": handling.KIND_NAMES, "contact_outcomes": handling.CONTACT_OUTCOMES,
            "formatted_reference": formatted, "channel_names": handling.CHANNEL_NAMES}

"""Corrections under /staff/corrections: what residents said is wrong with a listing, for whoever keeps
it (the owning organisation's editors, the coordinators and administrators of its municipality).

Each is resolved with one click, fixed or not needed. The click carries the version the page showed:
of two people resolving at once, the second is told instead of overwriting the first. Every
resolution is in the audit log. Nothing here says who suggested a correction: nothing is kept of them."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf

from ...extensions import db
from ...models import Activity, Correction, utcnow
from .. import audit, changes
from ..access import correction_or_404, municipality_of, scoped_corrections
from ..sessions import require_sign_in
from .listings import PAGE_SIZE, int_arg

bp = Blueprint("corrections", __name__, url_prefix="/staff/corrections")
bp.before_request(require_sign_in)

# The field of the listing a correction is about: (activity or place, reason) → words.
FIELDS = {
    ("activity", "gone"): _l("Staat: de activiteit is er niet meer"),
    ("activity", "time"): _l("Tijden (schema) van de activiteit"),
    ("activity", "address"): _l("Adres van de plek"),
    ("place", "gone"): _l("Staat: de plek is er niet meer"),
    ("place", "time"): _l("Tijden van de activiteiten hier"),
    ("place", "address"): _l("Adres"),
}
OTHER = _l("Iets anders")
OUTCOMES = {"fixed": _l("Opgelost"), "not_needed": _l("Niet nodig")}
STATUS_NAMES = {"open": _l("Open"), **OUTCOMES}


class ResolveForm(FlaskForm):
    """One click: the button's value is the outcome; the version is that of the page it was on."""

    version = HiddenField()
    outcome = StringField(validators=[AnyOf(list(OUTCOMES))])


def field_of(correction: Correction) -> str:
    return str(FIELDS.get(("activity" if correction.activity_id else "place", correction.reason), OTHER))


def correction_page(resolved: bool, page: int) -> tuple[list[Correction], int]:
    query = scoped_corrections().where(Correction.status != "open" if resolved else Correction.status == "open")
    total = db.session.scalar(query.with_only_columns(db.func.count(Correction.id)).order_by(None))
    rows = db.session.scalars(query.options(
        selectinload(Correction.place), selectinload(Correction.activity).selectinload(Activity.texts),
        selectinload(Correction.resolved_by),
    ).order_by(Correction.created_at.desc(), Correction.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return list(rows), total


@bp.route("")
def index():
    """The corrections of the listings I keep: open ones (newest first), or those resolved."""
    resolved = request.args.get("status") == "resolved"
    page = min(int_arg("page") or 1, 10000)
    rows, total = correction_page(resolved, page)
    return render_template("staff/content/corrections.html", rows=rows, total=total, resolved=resolved, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), form=ResolveForm())


@bp.route("/<int(max=2147483647):correction_id>/resolve", methods=("POST",))
def resolve(correction_id):
    """Fixed or not needed, with one click; if someone resolved it first, nothing changes and I am told."""
    correction = correction_or_404(correction_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        abort(400)
    if not changes.seen(correction, form) or correction.status != "open":
        return changes.refused(url_for("corrections.index"), resolved_meanwhile())
    correction.status, correction.resolved_by_id, correction.resolved_at = form.outcome.data, current_user.id, utcnow()
    audit.record("correction.resolve", municipality_id=municipality_of(correction.place),
                 detail=f"correction {correction.id} place {correction.place_id}: {form.outcome.data}")
    message = _("Afgehandeld: %(outcome)s.", outcome=OUTCOMES[form.outcome.data])
    return changes.save(url_for("corrections.index"), message, resolved_meanwhile())


def resolved_meanwhile() -> str:
    return _("Iemand anders heeft deze correctie net afgehandeld. Hieronder ziet u hoe het nu is.")


@bp.app_template_global()
def open_corrections() -> int:
    """How many corrections of my listings are open (the count in the staff menu)."""
    if not current_user.is_authenticated:
        return 0
    query = scoped_corrections().where(Correction.status == "open")
    return db.session.scalar(query.with_only_columns(db.func.count(Correction.id)).order_by(None))


@bp.context_processor
def correction_words():
    return {"field_of": field_of, "status_names": STATUS_NAMES, "outcomes": OUTCOMES}

"""A municipality's settings under /staff/admin/municipalities: its name, the Help phone and text,
when a request is overdue, how long closed requests are kept (the anonymisation job reads these), and
its crisis lines in the order residents see them. A version on the form keeps two administrators from
overwriting each other; every change is in the audit log."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...models import CrisisLine, Municipality
from .. import audit, changes
from . import bp
from .conflicts import conflict
from .forms import ConfirmForm, CrisisLineForm, MoveForm, MunicipalityForm
from .scope import administered, administered_ids, municipality_or_404, refuse

FIELDS = ("name", "help_phone", "help_text", "overdue_after_days", "retention_months", "retention_named_worry_months")


@bp.route("/municipalities")
def municipalities():
    """The municipalities I administer; with one, straight to its settings."""
    mine = administered()
    if len(mine) == 1:
        return redirect(url_for("admin.municipality", municipality_id=mine[0].id))
    return render_template("staff/admin/municipalities.html", municipalities=mine)


def crisis_lines(municipality: Municipality) -> list[CrisisLine]:
    return list(db.session.scalars(db.select(CrisisLine).where(CrisisLine.municipality_id == municipality.id)
                                   .order_by(CrisisLine.position, CrisisLine.id)))


def settings_page(municipality: Municipality, form: MunicipalityForm, line_form: CrisisLineForm | None = None,
                  changed_meanwhile=None):
    failed = form.errors or (line_form is not None and line_form.errors)
    line_form = line_form or CrisisLineForm(formdata=None, prefix="line")
    return render_template("staff/admin/municipality.html", municipality=municipality, form=form, line_form=line_form,
                           lines=crisis_lines(municipality), actions=ConfirmForm(), conflict=changed_meanwhile), \
        409 if changed_meanwhile else 400 if failed else 200


@bp.route("/municipalities/<int(max=2147483647):municipality_id>", methods=("GET", "POST"))
def municipality(municipality_id):
    """The settings of one municipality I administer; saved only over the version its page showed."""
    town = municipality_or_404(municipality_id)
    form = MunicipalityForm(obj=town)
    if not form.is_submitted():
        form.version.data = str(town.version)
    if form.validate_on_submit():
        if changes.version_of(form) != town.version:
            return settings_page(town, form, changed_meanwhile=changed_meanwhile(form, town))
        changed = [name for name in FIELDS if getattr(town, name) != (getattr(form, name).data or None)]
        for name in FIELDS:
            setattr(town, name, getattr(form, name).data or None)
        audit.record("municipality.edit", municipality_id=town.id, detail=" ".join(changed)[:200] or None)
        if not changes.committed():  # someone saved between our reading and our writing
            return settings_page(town, form, changed_meanwhile=changed_meanwhile(form, town))
        flash(_("Instellingen opgeslagen."))
        return redirect(url_for("admin.municipality", municipality_id=town.id))
    return settings_page(town, form)


def changed_meanwhile(form: MunicipalityForm, town: Municipality):
    return conflict(_("Iemand anders heeft deze instellingen net veranderd."), form, town, FIELDS)


# --- Crisis lines ---

def line_or_404(line_id: int) -> CrisisLine:
    found = db.session.get(CrisisLine, line_id)
    if found is None or found.municipality_id not in administered_ids():
        refuse(found.municipality_id if found else None, f"crisis line {line_id}")
    return found


def back_to(line_or_town) -> str:
    town_id = getattr(line_or_town, "municipality_id", None) or line_or_town.id
    return url_for("admin.municipality", municipality_id=town_id, _anchor="crisis-lines")


@bp.route("/municipalities/<int(max=2147483647):municipality_id>/lines", methods=("POST",))
def add_line(municipality_id):
    """A crisis line more, last in the list."""
    town = municipality_or_404(municipality_id)
    form = CrisisLineForm(prefix="line")
    if form.validate_on_submit():
        lines = crisis_lines(town)
        line = CrisisLine(municipality_id=town.id, name=form.name.data, phone=form.phone.data,
                          position=(lines[-1].position + 1) if lines else 0)
        db.session.add(line)
        db.session.flush()
        audit.record("crisis_line.add", municipality_id=town.id, detail=f"crisis line {line.id}")
        db.session.commit()
        flash(_("Crisislijn toegevoegd."))
        return redirect(back_to(town))
    settings = MunicipalityForm(obj=town, formdata=None)
    settings.version.data = str(town.version)
    return settings_page(town, settings, form)


@bp.route("/lines/<int(max=2147483647):line_id>", methods=("GET", "POST"))
def edit_line(line_id):
    """A crisis line's name and number; saved only over the version its page showed."""
    line = line_or_404(line_id)
    form = CrisisLineForm(obj=line, prefix="line")
    if not form.is_submitted():
        form.version.data = str(line.version)
    if form.validate_on_submit():
        if not changes.claim(line, form):
            meanwhile = conflict(_("Iemand anders heeft deze crisislijn net veranderd."), form, line, ("name", "phone"))
            return line_page(line, form, meanwhile)
        changed = [name for name in ("name", "phone") if getattr(line, name) != getattr(form, name).data]
        line.name, line.phone = form.name.data, form.phone.data
        audit.record("crisis_line.edit", municipality_id=line.municipality_id,
                     detail=f"crisis line {line.id}: {' '.join(changed)}"[:200])
        db.session.commit()
        flash(_("Crisislijn opgeslagen."))
        return redirect(back_to(line))
    return line_page(line, form)


def line_page(line: CrisisLine, form: CrisisLineForm, changed_meanwhile=None):
    return render_template("staff/admin/crisis_line.html", line=line, form=form, conflict=changed_meanwhile), \
        409 if changed_meanwhile else 400 if form.errors else 200


@bp.route("/lines/<int(max=2147483647):line_id>/remove", methods=("POST",))
def remove_line(line_id):
    """Residents no longer see this crisis line."""
    line = line_or_404(line_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    audit.record("crisis_line.remove", municipality_id=line.municipality_id, detail=f"crisis line {line.id}")
    db.session.delete(line)
    db.session.commit()
    flash(_("Crisislijn verwijderd."))
    return redirect(back_to(line))


@bp.route("/lines/<int(max=2147483647):line_id>/move", methods=("POST",))
def move_line(line_id):
    """One place up or down in the list residents see."""
    line = line_or_404(line_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    lines = crisis_lines(line.municipality)
    at = lines.index(line)
    to = at - 1 if form.direction.data == "up" else at + 1
    if 0 <= to < len(lines):
        lines[at], lines[to] = lines[to], lines[at]
        for position, each in enumerate(lines):
            each.position = position
        audit.record("crisis_line.move", municipality_id=line.municipality_id,
                     detail=f"crisis line {line.id} {form.direction.data}")
        db.session.commit()
    return redirect(back_to(line))

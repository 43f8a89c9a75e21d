"""Methods under /staff/methods: every staff member of a municipality reads its pages; its
administrators write them (in Markdown, rendered safely) and every change is audited."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from ...extensions import db
from ...models import Method, Municipality
from ...validators import NoMarkup, Required, strip
from .. import audit, changes
from ..access import scoped
from ..sessions import require_municipality_role, require_sign_in
from .markdown import rendered

bp = Blueprint("methods", __name__, url_prefix="/staff/methods")
bp.before_request(require_sign_in)
bp.before_request(require_municipality_role)


class MethodForm(FlaskForm):
    version = HiddenField()
    title = StringField(_l("Titel"), filters=[strip], validators=[
        Required(_l("Typ een titel")), Length(max=160, message=_l("Niet meer dan %(max)d tekens", max=160)),
        NoMarkup(_l("Gebruik alleen gewone tekst, zonder punthaken"))])
    municipality = SelectField(_l("Gemeente"), validate_choice=False)
    body = TextAreaField(_l("Tekst"), filters=[strip], description=_l(
        "Schrijf in Markdown: ## voor een kopje, - voor een lijstje, **vet**, [tekst](https://…) voor een link."),
        validators=[Length(max=50_000, message=_l("Niet meer dan %(max)d tekens", max=50_000))])

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {str(m.id): m for m in municipalities}
        self.municipality.choices = [SelectChoice(key, m.name) for key, m in self.municipalities.items()]

    def validate_municipality(self, field):
        if field.data not in self.municipalities:
            raise ValidationError(_l("Kies een gemeente uit de lijst"))


def administered() -> list[Municipality]:
    """The municipalities whose methods I may write: those where I am an administrator."""
    ids = [m.municipality_id for m in current_user.memberships if m.role == "administrator"]
    return list(db.session.scalars(db.select(Municipality).where(Municipality.id.in_(ids)).order_by(Municipality.name)))


def method_or_404(method_id: int) -> Method:
    return db.first_or_404(scoped(Method).where(Method.id == method_id))


def writable_or_403(method: Method | None = None) -> list[Municipality]:
    mine = administered()
    if not mine or (method is not None and method.municipality_id not in {m.id for m in mine}):
        abort(403)
    return mine


@bp.route("")
def index():
    """The methods of my municipalities."""
    rows = db.session.scalars(scoped(Method).order_by(Method.title, Method.id)).all()
    return render_template("staff/methods/index.html", rows=rows, can_write=bool(administered()))


@bp.route("/<int(max=2147483647):method_id>")
def show(method_id):
    """One method, its Markdown rendered safely."""
    method = method_or_404(method_id)
    return render_template("staff/methods/show.html", method=method, body=rendered(method.body),
                           can_write=method.municipality_id in {m.id for m in administered()})


@bp.route("/new", methods=("GET", "POST"))
def new():
    """A new method page (administrators)."""
    form = MethodForm(municipalities=writable_or_403())
    if form.validate_on_submit():
        method = Method(updated_by_id=current_user.id)
        fill(method, form)
        db.session.add(method)
        db.session.flush()
        audit.record("method.create", municipality_id=method.municipality_id, detail=f"method {method.id}")
        db.session.commit()
        flash(_("Methode opgeslagen."))
        return redirect(url_for("methods.show", method_id=method.id))
    return render_template("staff/methods/edit.html", form=form, method=None), 400 if form.errors else 200


@bp.route("/<int(max=2147483647):method_id>/edit", methods=("GET", "POST"))
def edit(method_id):
    """Change a method page (administrators); a page someone changed meanwhile is not overwritten."""
    method = method_or_404(method_id)
    form = MethodForm(obj=method, municipalities=writable_or_403(method))
    if not form.is_submitted():
        form.municipality.data, form.version.data = str(method.municipality_id), str(method.version)
    elif not changes.seen(method, form):
        return changes.refused(url_for("methods.show", method_id=method_id), changed_meanwhile())
    if form.validate_on_submit():
        fill(method, form)
        audit.record("method.edit", municipality_id=method.municipality_id, detail=f"method {method_id}")
        return changes.save(url_for("methods.show", method_id=method_id), _("Methode opgeslagen."),
                            changed_meanwhile())
    return render_template("staff/methods/edit.html", form=form, method=method), 400 if form.errors else 200


def fill(method: Method, form: MethodForm) -> None:
    method.title, method.body = form.title.data, form.body.data or ""
    method.municipality_id, method.updated_by_id = int(form.municipality.data), current_user.id


def changed_meanwhile() -> str:
    return _("Iemand anders heeft deze methode net veranderd. Hieronder ziet u hoe die nu is. "
             "Is uw wijziging nog nodig? Doe die dan opnieuw.")




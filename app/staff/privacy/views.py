"""A person's data under /staff/privacy, for coordinators and administrators: find every record of a
person by phone, e-mail or code in my municipalities; export them (JSON or CSV) and erase them, each
record one audit row. The search travels in the POST body only: no phone number or e-mail in a URL."""

import csv
import io
import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...models import utcnow
from .. import audit
from ..exports import cell
from ..sessions import require_municipality_role, require_sign_in
from . import records
from .forms import EraseForm, SearchForm

bp = Blueprint("privacy", __name__, url_prefix="/staff/privacy")
bp.before_request(require_sign_in)
bp.before_request(require_municipality_role)

EXPORT_FORMATS = ("json", "csv")


def record_each(action: str, found: list[records.Found], detail: str) -> None:
    """One audit row per record: its code (a `Found` names it as a request does) and municipality."""
    for item in found:
        audit.record(action, item, detail=f"{item.kind.name} {detail}")


@bp.route("", methods=("GET", "POST"))
def index():
    """Search; what is found is listed (each listing logged), with export and erase beside it."""
    form = SearchForm()
    found = None
    if form.validate_on_submit():
        found = records.find(form.person())
        record_each("privacy.search", found, "found")
        db.session.commit()
    erase_form = EraseForm(formdata=None, data={"records": [item.key for item in found or ()]})
    return page(form, found, erase_form)


def page(form: SearchForm, found, erase_form: EraseForm):
    status = 400 if form.errors or erase_form.errors else 200
    return render_template("staff/privacy/index.html", form=form, found=found, erase_form=erase_form), status


@bp.route("/export", methods=("POST",))
def export():
    """Everything of the person, as JSON or CSV, to give them (article 15); each record logged."""
    form = SearchForm()
    chosen = request.form.get("format")
    if not form.validate_on_submit() or chosen not in EXPORT_FORMATS:
        abort(400)
    found = records.find(form.person())
    exported = [item.kind.export(item) for item in found]
    record_each("privacy.export", found, chosen)
    db.session.commit()
    if chosen == "json":
        body = json.dumps({"exported_at": utcnow().isoformat(), "records": exported}, ensure_ascii=False, indent=2)
        return download(body, "application/json", "json")
    return download(as_csv(exported), "text/csv", "csv")


def as_csv(exported: list[dict]) -> str:
    """One line per value (record, code, field, value): records of different kinds fit one table."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["record", "reference", "field", "value"])
    for item in exported:
        for field, value in flat(item):
            writer.writerow([cell(item["record"]), cell(item.get("reference")), cell(field), cell(value)])
    return out.getvalue()


def flat(item: dict, prefix: str = ""):
    """("timeline.0.text", "…") for nested lists and objects."""
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from flat(value, f"{name}.")
        elif isinstance(value, list):
            for i, element in enumerate(value):
                yield from flat(element, f"{name}.{i}.") if isinstance(element, dict) else [(f"{name}.{i}", element)]
        else:
            yield name, value


def download(body: str, mimetype: str, extension: str) -> Response:
    name = f"vangnet-gegevens-{utcnow():%Y%m%d}.{extension}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/erase", methods=("POST",))
def erase():
    """Erase the chosen records of the person (article 17) and whatever points at them; one audit row each
    with the reason, and nothing of them left in any other table."""
    form = EraseForm()
    if not form.validate_on_submit():
        return page(SearchForm(formdata=None, data=form.data), records.find(form.person()), form)
    chosen = set(form.records.data)
    found = [item for item in records.find(form.person()) if item.key in chosen]
    if not found:
        abort(404)
    for item in found:
        item.kind.erase(item)
    record_each("privacy.erase", found, form.reason.data)
    db.session.commit()
    flash(_("Gewist: %(count)s. Het auditlog houdt bij wie wiste en waarom.", count=len(found)))
    return redirect(url_for("privacy.index"))


@bp.context_processor
def words():
    return {"export_formats": EXPORT_FORMATS}

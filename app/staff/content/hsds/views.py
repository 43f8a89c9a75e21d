"""/staff/places/hsds: administrators load a town's HSDS package (a zip) and download its export.

Only administrators of the municipality: anyone else gets the same 404 as for a page that does not
exist. An upload is checked as a whole first; a dry run shows what would change and stores nothing."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

from flask import abort, current_app, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ....errors import error_page
from ....extensions import db
from ....models import Municipality
from ... import audit
from ..views import bp
from .exporter import export_package
from .forms import UploadForm
from .importer import Summary, import_package
from .package import PackageRefused, unpack
from .words import describe


def administered() -> list[Municipality]:
    """The municipalities whose listings I may load and export: where I am an administrator."""
    if not current_user.is_authenticated:
        return []
    ids = [m.municipality_id for m in current_user.memberships if m.role == "administrator"]
    return list(db.session.scalars(db.select(Municipality).where(Municipality.id.in_(ids)).order_by(Municipality.name)))


def administered_or_404() -> list[Municipality]:
    towns = administered()
    if not towns:
        abort(404)
    return towns


@bp.route("/hsds", methods=("GET", "POST"))
def hsds():
    """Upload a package (checked first; a dry run stores nothing) or download one."""
    towns = administered_or_404()
    form = UploadForm(municipalities=towns)
    result = None
    if form.validate_on_submit():
        result = load(form.package.data, form.chosen, form.dry_run.data)
    failed = bool(form.errors) or bool(result and result.get("problems"))
    return render_template("staff/content/hsds.html", form=form, towns=towns, result=result), 400 if failed else 200


def load(upload, town: Municipality, dry_run: bool) -> dict:
    """Check the package and import it all or nothing; the report's lines, in the page's words."""
    try:
        with tempfile.TemporaryDirectory(prefix="hsds-") as folder:
            unpack(upload.stream, Path(folder))
            summary = import_package(Path(folder), town, by=current_user)
    except PackageRefused as refused:
        db.session.rollback()
        audit.record("hsds.import_refused", municipality_id=town.id, detail=f"{len(refused.problems)} problems")
        db.session.commit()
        return {"problems": [describe(problem) for problem in refused.problems]}
    if dry_run:
        db.session.rollback()
    else:
        audit.record("hsds.import", municipality_id=town.id, detail=counts(summary))
        db.session.commit()
    return {"summary": summary, "dry_run": dry_run, "town": town}


def counts(summary: Summary) -> str:
    return " ".join(f"{kind}:{summary.created[kind]}+{summary.updated[kind]}~"
                    for kind in ("organisation", "place", "activity"))


@bp.route("/hsds/<int(max=2147483647):municipality_id>/export")
def hsds_export(municipality_id):
    """The municipality's published places and activities as an HSDS 3.0 zip."""
    town = next((t for t in administered_or_404() if t.id == municipality_id), None)
    if town is None:
        abort(404)
    archive = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="hsds-") as folder:
        exported = export_package(Path(folder), town)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
            for path in sorted(Path(folder).iterdir()):
                package.write(path, path.name)
    audit.record("hsds.export", municipality_id=town.id,
                 detail=f"{exported.places} places, {exported.activities} activities")
    db.session.commit()
    archive.seek(0)
    name = f"hsds-{town.slug}-{dt.date.today():%Y-%m-%d}.zip"
    response = send_file(archive, mimetype="application/zip", as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A file over the limit: on the upload page, said next to the field; elsewhere the usual page."""
    if request.endpoint != "content.hsds":
        return error_page(413)
    towns = administered()
    if not towns:
        return error_page(404)
    form = UploadForm(formdata=None, municipalities=towns)
    limit = current_app.config["MAX_CONTENT_LENGTH"] // 1024 // 1024
    form.package.errors = [_("Dit bestand is te groot: niet meer dan %(mb)s MB. Zet alleen de CSV-bestanden in "
                             "de zip.", mb=limit)]
    return render_template("staff/content/hsds.html", form=form, towns=towns, result=None), 413


@bp.context_processor
def hsds_link():
    return {"may_exchange_hsds": lambda: bool(administered())}

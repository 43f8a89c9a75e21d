"""Reports under /staff/reports: the figures of my municipalities over a period, as charts with their
tables on screen and as a CSV or ODS file for funders. Coordinators and administrators see the municipalities
they have a role in (all of them, or one); an editor is sent to their listings. Every export is in the
audit log of each municipality it covers. No personal data: counts only, small ones hidden."""

import csv
import io

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from ... import schedule
from ...extensions import db
from ...models import Municipality
from .. import audit
from ..access import my_municipality_ids
from ..sessions import require_municipality_role, require_sign_in
from .charts import bar_chart
from .figures import Figure, Scope, all_figures, period_choices, period_for

bp = Blueprint("reports", __name__, url_prefix="/staff/reports")
bp.before_request(require_sign_in)
bp.before_request(require_municipality_role)

# Exports: a cell that starts with one of these is a formula to a spreadsheet; a quote disarms it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def my_municipalities() -> list[Municipality]:
    return list(db.session.scalars(db.select(Municipality).where(Municipality.id.in_(my_municipality_ids()))
                                   .order_by(Municipality.name)))


def chosen() -> tuple[list[Municipality], list[Municipality], object]:
    """(all of mine, the chosen ones, the period) from the link; 404 for a municipality not mine or a
    period that is not one of the choices."""
    mine = my_municipalities()
    slug = request.args.get("municipality", "")
    if slug:
        towns = [town for town in mine if town.slug == slug]
        if not towns:
            abort(404)
    else:
        towns = mine
    period = period_for(request.args.get("period"), schedule.local_now().date())
    if period is None:
        abort(404)
    return mine, towns, period


@bp.route("")
def index():
    """The figures as charts and tables, with the period and municipality as plain links."""
    mine, towns, period = chosen()
    figures = all_figures(Scope([town.id for town in towns], period))
    charts = {figure.key: bar_chart(figure, f"summary-{figure.key}") for figure in figures if figure.chart}
    slug = request.args.get("municipality") or None
    return render_template("staff/reports/index.html", figures=figures, charts=charts, period=period,
                           periods=period_choices(schedule.local_now().date()), mine=mine, towns=towns, slug=slug,
                           csv_url=url_for("reports.export", period=period.key, municipality=slug),
                           ods_url=url_for("reports.export_ods", period=period.key, municipality=slug))


@bp.route("/export.csv")
def export():
    """The figures as a CSV file."""
    return exported("csv")


@bp.route("/export.ods")
def export_ods():
    """The figures as an OpenDocument spreadsheet."""
    return exported("ods")


def exported(form: str) -> Response:
    """The same figures as a file, small counts hidden as on screen; in the audit log."""
    _mine, towns, period = chosen()
    figures = all_figures(Scope([town.id for town in towns], period))
    for town in towns:
        audit.record("report.export", municipality_id=town.id, detail=f"{form} {period.key}")
    db.session.commit()
    rows = [[cell(value) for value in row] for row in table_rows(figures, towns, period)]
    name = f"vangnet-rapport-{period.key}{'-' + towns[0].slug if len(towns) == 1 else ''}.{form}"
    if form == "ods":
        body, mimetype = spreadsheet(rows), ODS_TYPE
    else:
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        body, mimetype = out.getvalue(), "text/csv"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def spreadsheet(rows: list[list[str]]) -> bytes:
    """One sheet with the rows; a count is a number cell (a spreadsheet can add it up), "<5" text."""
    document = OpenDocumentSpreadsheet()
    sheet = Table(name=_("Rapport"))
    for row in rows:
        line = TableRow()
        for value in row:
            number = value.isascii() and value.isdigit()
            found = TableCell(valuetype="float", value=int(value)) if number else TableCell(valuetype="string")
            found.addElement(P(text=value))
            line.addElement(found)
        sheet.addElement(line)
    document.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def table_rows(figures: list[Figure], towns: list[Municipality], period) -> list[list[str]]:
    rows = [[_("Vangnet rapport")], [_("Gemeente"), ", ".join(town.name for town in towns)],
            [_("Periode"), period.label, period.start.isoformat(), period.last_day.isoformat()], []]
    for figure in figures:
        if figure.columns:  # a cross table: a column per kind, and the totals
            rows += [[figure.title], [figure.label_heading, *figure.columns, figure.total_label]]
            rows += [[row.label, *row.cells_shown, row.shown] for row in figure.rows]
            rows.append([figure.total_label, *figure.column_totals_shown, figure.total_shown])
        else:
            rows += [[figure.title], [figure.label_heading, figure.value_heading]]
            rows += [[row.label, row.shown] for row in figure.rows]
            if figure.total is not None:
                rows.append([figure.total_label, figure.total_shown])
        rows += [[note] for note in figure.notes]
        rows.append([])
    return rows


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text

"""Reports under /staff/reports: the figures of my municipalities over a period, as charts with their
tables on screen and as a CSV file for funders. Coordinators and administrators see the municipalities
they have a role in (all of them, or one); an editor is sent to their listings. Every export is in the
audit log of each municipality it covers. No personal data: counts only, small ones hidden."""

import csv
import io

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _

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
                           export_url=url_for("reports.export", period=period.key, municipality=slug))


@bp.route("/export.csv")
def export():
    """The same figures as a CSV file, small counts hidden as on screen; in the audit log."""
    _mine, towns, period = chosen()
    figures = all_figures(Scope([town.id for town in towns], period))
    for town in towns:
        audit.record("report.export", municipality_id=town.id, detail=f"csv {period.key}")
    db.session.commit()
    out = io.StringIO()
    csv.writer(out).writerows([[cell(value) for value in row] for row in csv_rows(figures, towns, period)])
    name = f"vangnet-rapport-{period.key}{'-' + towns[0].slug if len(towns) == 1 else ''}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def csv_rows(figures: list[Figure], towns: list[Municipality], period) -> list[list[str]]:
    rows = [[_("Vangnet rapport")], [_("Gemeente"), ", ".join(town.name for town in towns)],
            [_("Periode"), period.label, period.start.isoformat(), period.last_day.isoformat()], []]
    for figure in figures:
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

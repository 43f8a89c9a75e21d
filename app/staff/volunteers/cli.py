"""`flask --app wsgi volunteers import FILE.csv --municipality SLUG [--dry-run]`."""

import click

from ...extensions import db
from ...models import Municipality
from .. import audit
from . import importing


@click.group("volunteers")
def volunteers_cli():
    """Volunteers of a municipality."""


@volunteers_cli.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--municipality", "slug", required=True, help="the municipality's slug, e.g. delft")
@click.option("--dry-run", is_flag=True, help="check every row, store nothing")
def import_(file, slug, dry_run):
    """Import volunteers from the CSV the coordinators keep (columns: see the README). Nothing is
    stored when any row is wrong; known volunteers (by e-mail, else phone) are updated."""
    municipality = db.session.scalar(db.select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise click.BadParameter(f"no municipality with slug {slug!r}", param_hint="--municipality")
    report = importing.run(file.read(importing.MAX_BYTES + 1), municipality, dry_run=dry_run)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if not report.ok:
        click.echo(f"Nothing imported: {len(report.problems)} problem(s) in {report.rows} row(s).", err=True)
        raise SystemExit(1)
    if not dry_run:
        audit.record("volunteer.import", municipality_id=municipality.id,
                     detail=f"command: {report.created} new, {report.updated} changed")
        db.session.commit()
    click.echo(f"{'Checked, nothing stored' if dry_run else 'Imported'}: {report.rows} row(s), "
               f"{report.created} new, {report.updated} changed, {report.unchanged} unchanged.")

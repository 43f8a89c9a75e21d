"""`flask --app wsgi hsds import|export`: an HSDS 3.0 CSV package in and out of one municipality."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask_babel import force_locale

from ....extensions import db
from ....i18n import staff_catalogues
from ....models import AuditEvent, Municipality
from .exporter import export_package
from .importer import Summary, import_package
from .package import PackageRefused, unpack
from .words import describe


@click.group("hsds")
def hsds_cli():
    """Exchange places and activities as Open Referral HSDS 3.0 CSV packages."""


def municipality_of(slug: str) -> Municipality:
    found = db.session.scalar(db.select(Municipality).where(Municipality.slug == slug))
    if found is None:
        raise click.BadParameter(f"no municipality with slug {slug!r}", param_hint="--municipality")
    return found


@contextlib.contextmanager
def in_english():
    """The back office's words for the problems, in English like the other commands."""
    with current_app.test_request_context():
        staff_catalogues(current_app).as_default()
        with force_locale("en"):
            yield


@contextlib.contextmanager
def package_folder(source: Path):
    """The folder itself, or a zip unpacked into a temporary one."""
    if source.is_dir():
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="hsds-") as folder, source.open("rb") as upload:
        unpack(upload, Path(folder))
        yield Path(folder)


@hsds_cli.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--municipality", "slug", required=True, help="The municipality's slug, e.g. delft.")
@click.option("--dry-run", is_flag=True, help="Check and show what would change; store nothing.")
def import_command(source: Path, slug: str, dry_run: bool):
    """Check a package (folder or zip) against the HSDS 3.0 schema and import it: all or nothing."""
    municipality = municipality_of(slug)
    try:
        with package_folder(source) as folder, click.progressbar(length=1, label="Importing") as bar:
            def progress(done: int, total: int) -> None:
                bar.length = total  # known once the package is checked
                bar.update(done - bar.pos)
            summary = import_package(folder, municipality, progress=progress)
    except PackageRefused as refused:
        db.session.rollback()
        with in_english():
            for problem in refused.problems:
                click.echo(describe(problem), err=True)
        raise click.ClickException(f"{len(refused.problems)} problem(s): nothing was imported.") from None
    report(summary, dry_run)
    if dry_run:
        db.session.rollback()
        return
    db.session.add(AuditEvent(action="hsds.import", municipality_id=municipality.id, detail=counts(summary)[:200]))
    db.session.commit()


def counts(summary: Summary) -> str:
    kinds = ("organisation", "place", "activity")
    return "; ".join(f"{kind}: {summary.created[kind]} new, {summary.updated[kind]} changed, "
                     f"{summary.unchanged[kind]} unchanged" for kind in kinds)


def report(summary: Summary, dry_run: bool) -> None:
    for kind, name, fields in summary.changes:
        click.echo(f"{kind} {name}: {', '.join(fields)}")
    for file, hsds_id in summary.skipped:
        click.echo(f"skipped {file} {hsds_id}: not a physical place")
    click.echo(("Would import (dry run, nothing stored): " if dry_run else "Imported: ") + counts(summary) + ".")


@hsds_cli.command("export")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--municipality", "slug", required=True, help="The municipality's slug, e.g. delft.")
def export_command(target: Path, slug: str):
    """Write the municipality's published places and activities as an HSDS 3.0 package."""
    municipality = municipality_of(slug)
    target.mkdir(parents=True, exist_ok=True)
    exported = export_package(target, municipality)
    db.session.add(AuditEvent(action="hsds.export", municipality_id=municipality.id,
                              detail=f"{exported.places} places, {exported.activities} activities"))
    db.session.commit()
    for title in exported.left_out:
        click.echo(f"left out {title}: HSDS cannot say its schedule", err=True)
    click.echo(f"Exported {exported.places} places and {exported.activities} activities to {target}.")

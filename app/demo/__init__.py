"""Demo data: the real CBS neighbourhoods and GeoNames postcodes from ../shared/data (`opendata`),
example places and activities in real buurten, every one marked "Voorbeeld" (`examples`), two kiosks,
invented volunteers through the spreadsheet import (`volunteers`),
and a national-scale set for benchmarks (`national`).

`demo load` is idempotent: rows are matched on their natural keys (CBS code, postcode, place name,
activity title at a place), so a second run adds nothing.
"""

import datetime as dt
import random
import time

import click
from sqlalchemy import func

from .. import occurrences, schedule
from ..extensions import db
from ..kiosk import activation_url
from ..models import Activity, ActivityText, Municipality, Neighbourhood, Place, Postcode, Volunteer
from .examples import example_activities, example_places, load_kiosks
from .national import (
    fix_sequences,
    insert_chunked,
    national_wijken,
    scale_activity_rows,
    scale_areas,
    scale_place_rows,
)
from .opendata import load_areas
from .volunteers import load_volunteers


def count(model) -> int:
    return db.session.scalar(db.select(func.count()).select_from(model))


def analyze() -> None:
    """Fresh statistics after a bulk load, or the query planner guesses wrong (a 50x slower finder)."""
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()


@click.group("demo")
def demo_cli():
    """Demo and benchmark data."""


@demo_cli.command("load")
def load():
    """Load real neighbourhoods and postcodes, example places and activities, two kiosks and invented
    volunteers."""
    started, today = time.monotonic(), dt.date.today()
    neighbourhoods = load_areas()
    example_activities(example_places(neighbourhoods, today), today)
    kiosks = load_kiosks(neighbourhoods)
    db.session.commit()
    load_volunteers()
    analyze()
    click.echo(f"{count(Municipality)} municipalities, {count(Neighbourhood)} neighbourhoods, "
               f"{count(Postcode)} postcodes, {count(Place)} places, {count(Activity)} activities, "
               f"{count(Volunteer)} volunteers in {time.monotonic() - started:.1f} s.")
    for kiosk in kiosks:
        if kiosk.activated_at is None:
            click.echo(f"Open on the tablet to make it the kiosk '{kiosk.name}': {activation_url(kiosk)}")


@demo_cli.command("scale")
@click.option("--places", type=click.IntRange(1, 1_000_000), default=50_000)
@click.option("--activities", type=click.IntRange(0, 5_000_000), default=200_000)
@click.option("--seed", type=int, default=1)
def scale(places, activities, seed):
    """Add a national-scale set over all Dutch wijken (CBS 2016), for benchmarks."""
    started, rng, today = time.monotonic(), random.Random(seed), dt.date.today()
    areas = scale_areas(national_wijken())
    rng.shuffle(areas)
    click.echo(f"{len(areas)} wijken ready after {time.monotonic() - started:.1f} s")
    place_rows = scale_place_rows(places, areas, rng, today)
    insert_chunked(Place, place_rows)
    click.echo(f"{places} places after {time.monotonic() - started:.1f} s")
    place_ids = range(place_rows[0]["id"], place_rows[-1]["id"] + 1)
    activity_rows, text_rows = scale_activity_rows(activities, place_ids, rng, today)
    insert_chunked(Activity, activity_rows)
    insert_chunked(ActivityText, text_rows)
    fix_sequences(Place, Activity)
    # Inserted in bulk, past the ORM: the finder's occurrence table is filled again as a whole.
    filled = occurrences.fill(db.session, schedule.local_now().date())
    db.session.commit()
    analyze()
    click.echo(f"{places} places and {activities} activities ({filled} occurrences in the finder's window) "
               f"in {time.monotonic() - started:.1f} s")


"""Commands for the people who install and run Vangnet: `flask --app wsgi translate …`."""

import subprocess
import sys

import click
from flask import Flask

from config import BASE_DIR

TRANSLATIONS = BASE_DIR / "translations"
POT = TRANSLATIONS / "messages.pot"
STAFF_POT = TRANSLATIONS / "staff.pot"  # the back office: Dutch source, English only
# Sorted and without line numbers, so that two branches adding strings merge line by line;
# `# Translators:` comments in the code reach the translators as `#.` lines.
EXTRACT_OPTIONS = ("-k", "_l", "--no-location", "--sort-output", "--add-comments=Translators:")


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=BASE_DIR)


@click.group("translate")
def translate_cli():
    """Language catalogues (Dutch is the source language)."""


@translate_cli.command("update")
def update():
    """Extract every string and merge it into each catalogue: the residents' and the back office's."""
    for domain, mapping, pot in (("messages", "babel.cfg", POT), ("staff", "babel-staff.cfg", STAFF_POT)):
        pybabel("extract", *EXTRACT_OPTIONS, "-F", mapping, "-o", str(pot), ".")
        pybabel("update", "-D", domain, "-i", str(pot), "-d", str(TRANSLATIONS), "--no-fuzzy-matching")


@translate_cli.command("compile")
def compile_():
    """Build the .mo files that the app reads."""
    for domain in ("messages", "staff"):
        pybabel("compile", "-D", domain, "-d", str(TRANSLATIONS), "--statistics")


def init_app(app: Flask) -> None:
    from .demo import demo_cli
    from .drafts import privacy_cli
    from .jobs import jobs_cli

    app.cli.add_command(translate_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(jobs_cli)

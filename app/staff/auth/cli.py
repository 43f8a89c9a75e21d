"""`flask --app wsgi staff create`: an account for a coordinator or an administrator."""

import sys

import click

from ...extensions import db
from ...models import STAFF_ROLES, Municipality, StaffMembership, StaffUser
from .passwords import hash_password, weakness

REFUSALS = {
    "short": "at least 12 characters, please",
    "long": "at most 128 characters, please",
    "guessable": "too easy to guess: take a longer sentence or more words",
}


@click.group("staff")
def staff_cli():
    """Staff accounts of the back office."""


@staff_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--municipality", "slugs", required=True, multiple=True, help="slug; repeat for more")
@click.option("--role", type=click.Choice(STAFF_ROLES), default="coordinator", show_default=True)
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
def create(email, name, slugs, role, password_stdin):
    """Create an account; the person links an authenticator app at the first sign-in."""
    email = email.strip().lower()
    if db.session.scalar(db.select(StaffUser).where(StaffUser.email == email)):
        raise click.UsageError(f"{email} has an account already")
    municipalities = [municipality_by_slug(slug) for slug in slugs]
    password = read_password(password_stdin)
    problem = weakness(password, email, name)
    if problem:
        raise click.UsageError(f"password refused: {REFUSALS[problem]}")
    staff = StaffUser(email=email, name=name, password_hash=hash_password(password))
    staff.memberships = [StaffMembership(municipality_id=m.id, role=role) for m in municipalities]
    db.session.add(staff)
    db.session.commit()
    click.echo(f"Created {role} {email} for {', '.join(m.name for m in municipalities)}.")


def municipality_by_slug(slug: str) -> Municipality:
    municipality = db.session.scalar(db.select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise click.UsageError(f"no municipality with slug {slug!r} (run `flask demo load` first?)")
    return municipality


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)

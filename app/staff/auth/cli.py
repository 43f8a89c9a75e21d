"""`flask --app wsgi staff create`: an account for a coordinator, an administrator or an editor."""

import sys

import click

from ...extensions import db
from ...models import STAFF_ROLES, Municipality, Organisation, StaffMembership, StaffUser
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
@click.option("--municipality", "slugs", multiple=True, help="slug; repeat for more (coordinator, administrator)")
@click.option("--organisation", "organisations", multiple=True, help="id or name; repeat for more (editor)")
@click.option("--role", type=click.Choice(STAFF_ROLES), default="coordinator", show_default=True)
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
def create(email, name, slugs, organisations, role, password_stdin):
    """Create an account; the person links an authenticator app at the first sign-in. An editor keeps
    only the listings of their organisations and sees no requests."""
    email = email.strip().lower()
    if db.session.scalar(db.select(StaffUser).where(StaffUser.email == email)):
        raise click.UsageError(f"{email} has an account already")
    staff = StaffUser(email=email, name=name)
    where = bind(staff, role, slugs, organisations)
    password = read_password(password_stdin)
    problem = weakness(password, email, name)
    if problem:
        raise click.UsageError(f"password refused: {REFUSALS[problem]}")
    staff.password_hash = hash_password(password)
    db.session.add(staff)
    db.session.commit()
    click.echo(f"Created {role} {email} for {where}.")


@staff_cli.command("organisation")
@click.option("--name", required=True)
@click.option("--municipality", "slug", required=True, help="slug")
@click.option("--website")
@click.option("--phone")
@click.option("--email", help="where corrections of its listings go")
def organisation(name, slug, website, phone, email):
    """Add an organisation that keeps listings; prints its id (for `staff create --organisation`)."""
    municipality = municipality_by_slug(slug)
    if db.session.scalar(db.select(Organisation).where(Organisation.municipality_id == municipality.id,
                                                       Organisation.name == name.strip())):
        raise click.UsageError(f"{municipality.name} has an organisation called {name!r} already")
    added = Organisation(name=name.strip()[:160], municipality_id=municipality.id, website=website, phone=phone,
                         correction_email=email)
    db.session.add(added)
    db.session.commit()
    click.echo(f"Organisation {added.id}: {added.name} ({municipality.name}).")


def bind(staff: StaffUser, role: str, slugs, organisations) -> str:
    """Give the account its municipalities (coordinator, administrator) or organisations (editor)."""
    if role == "editor":
        if slugs or not organisations:
            raise click.UsageError("an editor needs --organisation (and no --municipality)")
        staff.organisations = [organisation_by_id_or_name(key) for key in organisations]
        return ", ".join(o.name for o in staff.organisations)
    if organisations or not slugs:
        raise click.UsageError(f"a {role} needs --municipality (and no --organisation)")
    municipalities = [municipality_by_slug(slug) for slug in slugs]
    staff.memberships = [StaffMembership(municipality_id=m.id, role=role) for m in municipalities]
    return ", ".join(m.name for m in municipalities)


def municipality_by_slug(slug: str) -> Municipality:
    municipality = db.session.scalar(db.select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise click.UsageError(f"no municipality with slug {slug!r} (run `flask demo load` first?)")
    return municipality


def organisation_by_id_or_name(key: str) -> Organisation:
    by_id = Organisation.id == int(key) if key.isascii() and key.isdigit() and len(key) < 10 else None
    found = db.session.scalars(db.select(Organisation).where(by_id if by_id is not None else
                                                             Organisation.name == key)).all()
    if len(found) != 1:
        raise click.UsageError(f"no organisation {key!r}" if not found else
                               f"{len(found)} organisations are called {key!r}: give its id")
    return found[0]


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)

"""Public tablets: activation, recognising a kiosk browser, and starting over.

A kiosk browser carries a cookie with the kiosk's secret browser key, set when staff open the
one-time activation link on the tablet. It holds nothing about the resident, so a reset keeps it.
"""

import datetime as dt
import secrets

import click
from flask import Blueprint, Flask, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import ngettext
from flask_wtf import FlaskForm

from . import geo
from .drafts import forget_draft, touch
from .extensions import db
from .models import Kiosk, Neighbourhood, new_activation_token, utcnow

bp = Blueprint("kiosk", __name__)
COOKIE = "vangnet_kiosk"
COOKIE_MAX_AGE = 5 * 365 * 24 * 3600
# "Last seen" for administrators is noted at most this often: not a database write on every page.
SEEN_EVERY = dt.timedelta(minutes=5)


def load_kiosk() -> None:
    """The kiosk of this browser, if it is one and is switched on; a switched-off tablet's next page
    is the ordinary resident site."""
    key = request.cookies.get(COOKIE)
    g.kiosk = None
    if key and request.endpoint != "static":
        g.kiosk = db.session.scalar(db.select(Kiosk).where(Kiosk.browser_key == key, Kiosk.active.is_(True)))
    if g.kiosk is not None and (g.kiosk.last_seen_at is None or utcnow() - g.kiosk.last_seen_at > SEEN_EVERY):
        g.kiosk.last_seen_at = utcnow()
        db.session.commit()


@bp.route("/kiosk/activate/<token>", methods=("GET", "POST"))
def activate(token):
    """Make this browser the kiosk whose one-time link it opened (a POST, so a link preview cannot)."""
    kiosk = db.first_or_404(db.select(Kiosk).where(Kiosk.activation_token == token))
    form = FlaskForm()
    if form.validate_on_submit():
        kiosk.browser_key = secrets.token_urlsafe(32)
        kiosk.activation_token = None
        kiosk.activated_at = utcnow()
        kiosk.active = True
        db.session.commit()
        response = redirect(url_for("public.start"))
        response.set_cookie(
            COOKIE, kiosk.browser_key, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        return response
    return render_template("kiosk/activate.html", form=form, kiosk_to_activate=kiosk)


@bp.route("/start-over", methods=("POST",))
def start_over():
    """Forget everything of this visit and show the start page in the kiosk's language."""
    forget_draft()
    visit = session.get("visit")
    session.clear()
    # The same visit (its send limit goes on counting) in a new session cookie: the old one is worthless.
    session["visit"] = visit or secrets.token_urlsafe(16)
    response = redirect(url_for("public.start"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/still-here", methods=("POST",))
def still_here():
    """A kiosk's "Yes, I need more time", or a resident typing for a long while: the draft stays.
    (On a kiosk the server deletes a draft left alone for longer than the idle time and countdown.)"""
    touch()
    return "", 204


@click.group("kiosk")
def kiosk_cli():
    """Public tablets."""


@kiosk_cli.command("create")
@click.option("--name", required=True)
@click.option("--lat", type=click.FloatRange(-90, 90), required=True)
@click.option("--lon", type=click.FloatRange(-180, 180), required=True)
@click.option("--neighbourhood", "neighbourhood_code", help="CBS code, e.g. BU05032500 (default: where it stands)")
@click.option("--language", default="nl")
@click.option("--idle-seconds", type=click.IntRange(30, 3600), default=120)
@click.option("--printer/--no-printer", default=False)
def create_kiosk(name, lat, lon, neighbourhood_code, language, idle_seconds, printer):
    """Register a tablet and print its one-time activation link."""
    if language not in current_app.config["LANGUAGES"]:
        raise click.BadParameter(f"choose one of {', '.join(current_app.config['LANGUAGES'])}")
    neighbourhood = geo.neighbourhood_at(lat, lon)
    if neighbourhood_code:
        neighbourhood = db.session.scalar(db.select(Neighbourhood).filter_by(code=neighbourhood_code))
        if neighbourhood is None:
            raise click.BadParameter(f"no neighbourhood {neighbourhood_code}; run `demo load` first?")
    kiosk = Kiosk(
        name=name, lat=lat, lon=lon, neighbourhood=neighbourhood, default_language=language,
        idle_seconds=idle_seconds, has_printer=printer, activation_token=new_activation_token(),
    )
    db.session.add(kiosk)
    db.session.commit()
    click.echo(activation_url(kiosk))


def activation_url(kiosk: Kiosk) -> str:
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return f"{base}/kiosk/activate/{kiosk.activation_token}"


def countdown_sentences() -> list[str]:
    """The idle dialog's countdown sentence for every number of seconds it can show, 0 first.

    The script counts down in the browser, so the server cannot know which number to put in one
    sentence; and a language may need another form for almost each number (Arabic has six). So the
    page carries the sentence, translated by the catalogue's own plural rule, for every second, and
    the script shows the one for the seconds left: no plural rules of its own to disagree with Babel.
    """
    return [
        ngettext("Over %(num)d seconde beginnen we opnieuw.", "Over %(num)d seconden beginnen we opnieuw.", seconds)
        for seconds in range(current_app.config["KIOSK_COUNTDOWN_SECONDS"] + 1)
    ]


def init_app(app: Flask) -> None:
    app.before_request(load_kiosk)
    app.context_processor(lambda: {"kiosk": g.get("kiosk")})
    app.add_template_global(countdown_sentences)
    app.cli.add_command(kiosk_cli)

"""Resident pages around the finder: start (choose a language), home, language, help, about, health."""

import re

from flask import Blueprint, Response, current_app, g, render_template, request
from sqlalchemy import text

from ..extensions import db, limiter
from ..i18n import same_page_in
from ..models import Municipality

bp = Blueprint("public", __name__)

# A page of our own in some language: `/xx/…` without a scheme, host or `//`.
LOCAL_PAGE = re.compile(r"^/[a-z]{2}(/[^/\\\s][^\s\\]*|/)?(\?[^\s\\]*)?$")


@bp.route("/")
def start():
    """Choose your language: each language in its own name and script, one tap."""
    return render_template("public/start.html")


@bp.route("/<lang:lang>/")
def home():
    """The big choices."""
    return render_template("public/home.html")


@bp.route("/<lang:lang>/language")
def language():
    """The same page in another language."""
    next_page = request.args.get("next", "").rstrip("?")
    if not LOCAL_PAGE.fullmatch(next_page) or len(next_page) > 2000:
        next_page = request.path.rsplit("/language", 1)[0] + "/"
    targets = {code: same_page_in(code, next_page) for code in current_app.config["LANGUAGES"]}
    return render_template("public/language.html", targets=targets)


@bp.route("/<lang:lang>/help")
def help():
    """How to reach a person: the desk and the wijkteam number of this municipality."""
    kiosk = g.get("kiosk")
    query = db.select(Municipality).order_by(Municipality.name)
    if kiosk is not None and kiosk.neighbourhood is not None:
        query = query.where(Municipality.id == kiosk.neighbourhood.municipality_id)
    return render_template("public/help.html", municipalities=db.session.scalars(query).all())


@bp.route("/<lang:lang>/about")
def about():
    """Who sees what, how long it is kept, and where the open data comes from."""
    return render_template("public/about.html")


@bp.route("/healthz")
def healthz():
    """The database and Redis, each "ok" or "unavailable" (Redis "not used" with memory:// limits).
    503 only when the database does not answer: without Redis the app still serves everyone."""
    health = {"database": database_health(), "redis": redis_health()}
    return health, 503 if health["database"] != "ok" else 200


def database_health() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means: do not send traffic here
        db.session.rollback()
        return "unavailable"
    return "ok"


def redis_health() -> str:
    if not current_app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        return "not used"
    return "ok" if limiter.storage.check() else "unavailable"


@bp.route("/robots.txt")
def robots():
    """Nothing here is for search engines: not the residents' pages, not the back office."""
    return Response("User-agent: *\nDisallow: /\n", mimetype="text/plain")

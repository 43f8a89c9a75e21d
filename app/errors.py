"""Friendly error pages in the resident's language (or the back office's): bad input never ends in a
bare error."""

import contextlib
import logging

from flask import Flask, current_app, render_template, request
from flask_babel import force_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, PendingRollbackError
from werkzeug.exceptions import HTTPException

from .extensions import db
from .i18n import is_staff_request, locale_without_database

# What the database driver raises while the database is down or restarting.
DATABASE_GONE = (OperationalError, InterfaceError, PendingRollbackError)
log = logging.getLogger(__name__)


def error_page(code: int, resident_template: str = "errors/error.html", **context):
    """The back office's own error page for staff URLs, the resident's page everywhere else. The back
    office's page names the signed-in user: when the database is gone, the page says that instead."""
    try:
        if is_staff_request():
            return render_template("staff/error.html", code=code), code
        return render_template(resident_template, **context), code
    except DATABASE_GONE as error:
        return database_unavailable(error)


def database_unavailable(error: Exception):
    """A polite 503 in the page's language, made without the database: no kiosk, no signed-in user.
    The pool finds fresh connections by itself when the database is back (pool_pre_ping)."""
    log.warning("database unavailable: %s", type(error).__name__)
    with contextlib.suppress(Exception):  # the connection is gone; the pool will replace it
        db.session.rollback()
    lang = locale_without_database()
    # The template alone, without the context processors: Flask-Login's would load the signed-in user.
    template = current_app.jinja_env.get_template("errors/unavailable.html")
    again = request.full_path.rstrip("?")
    again = "/" if again.startswith("//") else again  # "//host" would lead to another site
    with force_locale(lang):
        page = template.render(lang=lang, staff=is_staff_request(), again=again)
    return page, 503, {"Retry-After": "30"}


def init_app(app: Flask) -> None:
    for gone in DATABASE_GONE:
        app.register_error_handler(gone, database_unavailable)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_page(400, "errors/csrf.html")

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        return error_page(error.code, error=error)

    @app.errorhandler(500)
    def server_error(error):
        # An error after the view (an after_request, a teardown) arrives here wrapped.
        if isinstance(getattr(error, "original_exception", None), DATABASE_GONE):
            return database_unavailable(error.original_exception)
        return error_page(500, error=None)

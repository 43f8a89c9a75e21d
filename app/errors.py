"""Friendly error pages in the resident's language (or the back office's): bad input never ends in a
bare error."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .i18n import STAFF_BLUEPRINTS


def error_page(code: int, resident_template: str = "errors/error.html", **context):
    """The back office's own error page for staff URLs, the resident's page everywhere else."""
    if request.blueprint in STAFF_BLUEPRINTS:
        return render_template("staff/error.html", code=code), code
    return render_template(resident_template, **context), code


def init_app(app: Flask) -> None:
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
        return error_page(500, error=None)

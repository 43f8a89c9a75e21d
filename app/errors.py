"""Friendly error pages in the resident's language (or the back office's): bad input never ends in a
bare error."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .i18n import STAFF_BLUEPRINTS


def in_back_office() -> bool:
    return request.blueprint in STAFF_BLUEPRINTS


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if in_back_office():
            return render_template("staff/error.html", code=400), 400
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        if in_back_office():
            return render_template("staff/error.html", code=error.code), error.code
        return render_template("errors/error.html", error=error), error.code

    @app.errorhandler(500)
    def server_error(error):
        if in_back_office():
            return render_template("staff/error.html", code=500), 500
        return render_template("errors/error.html", error=None), 500

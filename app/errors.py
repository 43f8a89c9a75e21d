"""Friendly error pages in the resident's language: bad input never ends in a bare error."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        return render_template("errors/error.html", error=error), error.code

    @app.errorhandler(500)
    def server_error(error):
        return render_template("errors/error.html", error=None), 500

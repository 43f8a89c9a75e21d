"""Listings: the places and activities that residents find, kept by staff and editors."""

from flask import Flask

from . import activities, organisations, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(activities.bp)
    app.register_blueprint(organisations.bp)

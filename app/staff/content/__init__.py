"""Listings: the places and activities that residents find, kept by staff and editors; the
organisations that keep them; and the corrections residents suggest for them."""

from flask import Flask

from . import activities, corrections, organisations, views


def init_app(app: Flask) -> None:
    for blueprint in (views.bp, activities.bp, organisations.bp, corrections.bp):
        app.register_blueprint(blueprint)

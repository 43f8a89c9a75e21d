"""Listings: the places and activities that residents find, kept by staff and editors; the
organisations that keep them; the corrections residents suggest for them; HSDS in and out."""

from flask import Flask

from . import activities, corrections, organisations, views
from .hsds import views as hsds_views  # noqa: F401 - its routes join views.bp: /staff/places/hsds


def init_app(app: Flask) -> None:
    for blueprint in (views.bp, activities.bp, organisations.bp, corrections.bp):
        app.register_blueprint(blueprint)

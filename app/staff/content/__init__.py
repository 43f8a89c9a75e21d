"""Listings: the places (and later the activities) that residents find, kept by staff and editors."""

from .hsds import views as _hsds_views  # noqa: E402,F401 - HSDS import and export join bp: /staff/places/hsds
from .views import bp

__all__ = ["bp"]

"""Listings: the places (and later the activities) that residents find, kept by staff and editors."""

from .views import bp

__all__ = ["bp"]

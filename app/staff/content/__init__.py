"""Listings: the places (and later the activities) that residents find, kept by staff and editors;
and the corrections residents suggest for them (corrections_bp, /staff/corrections)."""

from .corrections import bp as corrections_bp
from .views import bp

__all__ = ["bp", "corrections_bp"]

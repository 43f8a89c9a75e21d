"""A person's data under /staff/privacy: find, export and erase (AVG articles 15 and 17)."""

from .views import bp

__all__ = ["bp"]

"""Methods: knowledge pages about ways of working, written by administrators for their staff."""

from .views import bp

__all__ = ["bp"]

"""Administrator pages: the staff accounts of my municipalities."""

from .views import bp

__all__ = ["bp"]

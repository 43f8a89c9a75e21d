"""The inbox: all open requests of my municipalities, and handling one request."""

from .views import bp

__all__ = ["bp"]

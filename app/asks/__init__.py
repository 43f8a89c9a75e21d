"""Asking for help: buddy, go-along and worry wizards, and checking on a request with its code."""

from .views import bp

__all__ = ["bp"]

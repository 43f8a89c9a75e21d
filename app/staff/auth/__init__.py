"""Signing in to the back office: password, then a TOTP code (enrolled at first sign-in); following
an invitation of an administrator."""

from . import invitation  # noqa: F401 - its route is on bp
from .views import bp

__all__ = ["bp"]

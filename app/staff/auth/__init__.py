"""Signing in to the back office: password, then a TOTP code (enrolled at first sign-in)."""

from .views import bp

__all__ = ["bp"]

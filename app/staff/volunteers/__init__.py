"""Volunteers under /staff/volunteers: the maatjes, go-along companions, experience experts and
buurtteam members of a municipality, kept by its coordinators; and `flask --app wsgi volunteers import`."""

from .cli import volunteers_cli
from .views import bp

__all__ = ["bp", "volunteers_cli"]

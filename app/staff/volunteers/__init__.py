"""Volunteers under /staff/volunteers: the maatjes, go-along companions, experience experts and
buurtteam members of a municipality, kept by its coordinators; suggestions and matches; the go-alongs'
day list; and `flask --app wsgi volunteers import`."""

from . import go_alongs  # noqa: F401 - its routes join the blueprint
from .cli import volunteers_cli
from .views import bp

__all__ = ["bp", "volunteers_cli"]

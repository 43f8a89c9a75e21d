from . import calendar  # noqa: F401,E402  (registers the calendar and feed routes on bp)
from .views import bp

__all__ = ["bp"]

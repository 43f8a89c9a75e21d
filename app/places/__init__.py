# calendar: the calendar and feed routes; corrections: "something is wrong here". Both register on bp.
from . import calendar, corrections  # noqa: F401,E402
from .views import bp

__all__ = ["bp"]

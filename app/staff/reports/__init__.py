"""Reports (figures for funders, under /staff/reports) and the signal meeting."""

from .views_reports import bp

__all__ = ["bp"]

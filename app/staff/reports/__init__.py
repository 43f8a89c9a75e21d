"""What a region shows its funders and its neighbourhood meetings: reports under /staff/reports (figures,
charts, exports) and the signal meeting's list per wijk under /staff/signal-meeting."""

from .signal import bp as signal_bp
from .views_reports import bp

__all__ = ["bp", "signal_bp"]

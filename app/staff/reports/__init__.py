"""What a region shows its meetings and funders: the signal meeting's list per neighbourhood."""

from .signal import bp as signal_bp

__all__ = ["signal_bp"]

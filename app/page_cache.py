"""A micro-cache for public finder pages: many tablets in one library ask the same question.

A page is kept for a short while (FINDER_CACHE_SECONDS) per URL, language and kiosk. It holds nothing
personal: what is in it is what the URL says. The only per-visitor part, the CSRF token of the Start
over form, is stored as a placeholder and filled in for each visitor.
"""

import threading
import time
from collections import OrderedDict

from flask import current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from . import schedule
from .i18n import page_language

PLACEHOLDER = "\x00csrf\x00"
MAX_PAGES = 512

_pages: OrderedDict = OrderedDict()
_lock = threading.Lock()


def _key() -> tuple:
    kiosk = g.get("kiosk")
    # The date too: "today" after midnight is another page.
    return request.full_path, page_language(), kiosk.id if kiosk else None, schedule.local_now().date()


def cached_page() -> str | None:
    """The stored page for this request, with this visitor's CSRF token, or None."""
    seconds = current_app.config["FINDER_CACHE_SECONDS"]
    if not seconds:
        return None
    with _lock:
        entry = _pages.get(_key())
    if entry is None or time.monotonic() - entry[0] > seconds:
        return None
    return entry[1].replace(PLACEHOLDER, generate_csrf())


def keep(html: str) -> str:
    """Store a freshly rendered page (unless it shows a one-time message) and return it unchanged."""
    if current_app.config["FINDER_CACHE_SECONDS"] and "_flashes" not in session:
        with _lock:
            _pages[_key()] = (time.monotonic(), html.replace(generate_csrf(), PLACEHOLDER))
            _pages.move_to_end(_key())
            while len(_pages) > MAX_PAGES:
                _pages.popitem(last=False)
    return html


def clear() -> None:
    with _lock:
        _pages.clear()

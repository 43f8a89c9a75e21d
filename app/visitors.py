"""Who is counted by the resident side's rate limits: a tablet, or one browser's visit off a kiosk.

Nothing of this is stored with what a resident sends; it only names a counter of the limiter."""

import secrets

from flask import g, session


def visitor_key() -> str:
    """Rate limits count per tablet, or per browser session off a kiosk (a library shares one address)."""
    kiosk = g.get("kiosk")
    if kiosk is not None:
        return f"kiosk:{kiosk.id}"
    if "visit" not in session:
        session["visit"] = secrets.token_urlsafe(16)
    return f"visit:{session['visit']}"

"""Response headers for every page: a strict CSP without inline code, and no caching but of static files.

Nothing but static files is stored by the browser or a proxy (pages, CSV exports, calendar files), so
the back button on a shared tablet cannot show the previous person's pages and a download of a
resident's answers leaves no copy behind. Static files (CSS, JS, pictograms) may be cached: they hold
nothing personal and keep later pages small; app/static_files.py says for how long.
"""

from flask import Flask, abort, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class KeptSignerSessions(SecureCookieSessionInterface):
    """Flask's signed session cookie as it is, with its signer made once per secret key instead of twice
    a request (opening and saving)."""

    def __init__(self):
        self.kept = {}

    def get_signing_serializer(self, app: Flask):
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if key not in self.kept:
            self.kept[key] = super().get_signing_serializer(app)
        return self.kept[key]


DEFAULT_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "geolocation=(self), camera=(), microphone=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def set_headers(response):
    """Each header unless the view set it already (as `setdefault`), with one look at the few headers a
    response has instead of one per header."""
    headers = response.headers
    present = {name.lower() for name, _ in headers}
    wanted = DEFAULT_HEADERS + (HSTS,) if request.is_secure else DEFAULT_HEADERS
    headers.extend([(name, value) for name, value in wanted if name.lower() not in present])
    if "cache-control" not in present:
        # Static files say how long they keep (app/static_files.py: a year under a hashed name).
        # Secure by default: whatever a view answers may hold personal data unless it says otherwise.
        headers["Cache-Control"] = "no-store"
    return response


def refuse_nul_bytes():
    """No text we keep or look up may hold a NUL byte (PostgreSQL refuses them): a clear 400, not a 500."""
    texts = [request.path, *request.args.values(), *request.cookies.values()]
    if request.method == "POST" and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        texts += request.form.values()
    if any("\x00" in text for text in texts):
        abort(400)


def init_app(app: Flask) -> None:
    if app.config["TRUST_PROXY"]:
        # Behind nginx: believe its X-Forwarded-For, -Proto and -Host, so that HTTPS is seen as HTTPS and
        # the limits per address count each resident's address, not nginx's one for the whole town.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.before_request(refuse_nul_bytes)
    app.after_request(set_headers)

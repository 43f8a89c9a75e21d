"""One log line per request: an id, the method, the route, the status and the time taken.

The route is the URL rule (`/staff/requests/<reference>`), never the path, which may hold a reference
code; never the query string, which may hold a postcode or a code; nothing a person typed. The id is
also sent back as X-Request-ID (or taken from nginx's, when it looks like one), to find a request again."""

import logging
import re
import secrets
import time

from flask import Flask, g, request

log = logging.getLogger("vangnet.requests")
REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


def start() -> None:
    g.request_started = time.perf_counter()
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else secrets.token_hex(8)


def finish(response):
    route = request.url_rule.rule if request.url_rule is not None else "(no route)"
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    request_id = g.get("request_id") or secrets.token_hex(8)
    log.info("%s %s %s %d %.1fms", request_id, request.method, route, response.status_code, elapsed_ms)
    response.headers["X-Request-ID"] = request_id
    return response


def init_app(app: Flask) -> None:
    if not log.handlers:  # once per process, however many apps (tests make many)
        handler = logging.StreamHandler()  # standard error: gunicorn and systemd's journal keep it
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        # Flask-Limiter says when Redis does not answer (and when it is back) on its own logger, which
        # has only a NullHandler: without this line a Redis outage left no trace in production.
        limiter_log = logging.getLogger("flask-limiter")
        limiter_log.addHandler(handler)
        limiter_log.setLevel(logging.INFO)
    app.before_request(start)
    app.after_request(finish)

"""Vangnet: a neighbourhood safety net for public tablets and the staff behind them."""

import functools
import os

from flask import Flask

from config import BASE_DIR, Config

from . import cli, errors, i18n, kiosk, metrics, request_log, security, staff, static_files, ui
from .extensions import csrf, db, limiter, migrate


def create_app(config_class: type = Config) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        instance_path=str(BASE_DIR / "instance"),
    )
    app.config.from_object(config_class)
    os.makedirs(app.instance_path, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    request_log.init_app(app)  # first: its clock starts before anything else runs
    security.init_app(app)  # its checks run before anything reads the request
    i18n.init_app(app)
    kiosk.init_app(app)
    ui.init_app(app)
    static_files.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    staff.init_app(app)
    metrics.init_app(app)

    from .asks import bp as asks_bp
    from .places import bp as places_bp
    from .public import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(places_bp)
    app.register_blueprint(kiosk.bp)
    app.register_blueprint(asks_bp)
    skip_empty_limit_check(app)
    app.session_interface = security.KeptSignerSessions()
    return app


def skip_empty_limit_check(app: Flask) -> None:
    """Every limit of ours is declared on its view (`@limiter.limit(..., methods=["POST"])`), and the view's
    own wrapper checks it in Redis. Flask-Limiter's check before every request only adds application,
    default and blueprint limits: with none of those it finds nothing to count, yet costs about a tenth of
    a page that renders nothing. Then it is left out; a default limit added later brings it back. Its hook
    after every request only adds X-RateLimit headers (off) and counts limits with `deduct_when` (none):
    left out too while neither is used."""
    manager = limiter.limit_manager
    if manager.application_limits or manager.default_limits or manager._blueprint_limits:
        return
    app.before_request_funcs[None] = [
        hook for hook in app.before_request_funcs[None] if hook != limiter._check_request_limit
    ]
    deducts = any(limit.deduct_when for groups in manager._decorated_limits.values() for group in groups
                  for limit in group)
    if limiter._headers_enabled or deducts:
        return
    app.after_request_funcs[None] = [
        hook for hook in app.after_request_funcs[None]
        if not (isinstance(hook, functools.partial) and hook.args == (limiter,)
                and hook.func.__name__.endswith("__inject_headers"))
    ]

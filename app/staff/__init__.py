"""The back office: staff sign in with two factors, triage the inbox and handle requests, and keep
the listings (places) that residents find.

Secure by default: every staff blueprint requires a signed-in user (`protect`), and every query for
requests or listings goes through the scoping functions of `access`.
"""

from flask import Flask

from . import sessions


def init_app(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .auth.cli import staff_cli
    from .content import bp as content_bp
    from .content.hsds.cli import hsds_cli
    from .inbox import bp as inbox_bp

    sessions.init_app(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(inbox_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(content_bp)
    app.cli.add_command(staff_cli)
    app.cli.add_command(hsds_cli)

"""The back office: staff sign in with two factors, triage the inbox and handle requests.

Secure by default: every staff blueprint requires a signed-in user (`protect`), and every query for
requests goes through one scoping function (`access`) that keeps to the user's municipalities.
"""

from flask import Flask

from . import sessions


def init_app(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .auth.cli import staff_cli
    from .inbox import bp as inbox_bp

    sessions.init_app(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(inbox_bp)
    app.register_blueprint(admin_bp)
    app.cli.add_command(staff_cli)

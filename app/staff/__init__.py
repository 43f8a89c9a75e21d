"""The back office: staff sign in with two factors, triage the inbox and handle requests, keep the
volunteers, and keep the listings (places) that residents find.

Secure by default: every staff blueprint requires a signed-in user (`protect`), and every query for
requests or listings goes through the scoping functions of `access`.
"""

from flask import Flask

from .. import jobs
from . import sessions


def init_app(app: Flask) -> None:
    from . import content
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .auth.cli import staff_cli
    from .content.hsds.cli import hsds_cli
    from .inbox import bp as inbox_bp
    from .inbox.reminders import daily, reminders_cli
    from .methods import bp as methods_bp
    from .privacy import bp as privacy_bp  # a person's data (AVG 15 and 17)
    from .reports import bp as reports_bp
    from .reports import signal_bp
    from .volunteers import bp as volunteers_bp
    from .volunteers import volunteers_cli

    sessions.init_app(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(inbox_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(privacy_bp)
    content.init_app(app)
    app.register_blueprint(volunteers_bp)
    app.register_blueprint(methods_bp)
    app.register_blueprint(signal_bp)
    app.register_blueprint(reports_bp)
    app.cli.add_command(staff_cli)
    app.cli.add_command(volunteers_cli)
    app.cli.add_command(hsds_cli)
    app.cli.add_command(reminders_cli)
    jobs.job("reminders")(daily)

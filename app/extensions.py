"""Extension objects, created unbound and initialised in create_app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class SafeSQLAlchemy(SQLAlchemy):
    def _teardown_session(self, exc):
        """After the answer, the request's session is closed; on a connection that the database dropped
        (a restart) its rollback fails. The answer is given already, and the pool replaces the
        connection: drop the session, do not turn the answer into a 500."""
        try:
            super()._teardown_session(exc)
        except (OperationalError, InterfaceError):
            self.session.registry.clear()


db = SafeSQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

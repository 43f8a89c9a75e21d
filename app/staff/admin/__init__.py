"""Administration under /staff/admin, for administrators of a municipality and only of their own:
tablets, the municipality's settings, neighbourhoods, staff accounts and the audit log.

Every object is looked up through `scope`: one of another municipality answers 404 and changes nothing."""

from flask import Blueprint, current_app

from ..sessions import require_administrator

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")
bp.before_request(require_administrator)


@bp.context_processor
def admin_pages():
    """The administration's menu names the pages that exist."""
    return {"admin_pages": set(current_app.view_functions)}


from . import accounts, audit_log, municipalities, neighbourhoods, tablets  # noqa: E402,F401 - their routes are on bp

__all__ = ["bp"]

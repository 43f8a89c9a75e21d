"""Saving a change of something colleagues change too (a request, a place). The row carries a version
(SQLAlchemy's version_id_col) and each form the version its page showed: of two people acting at the
same moment, the second is told and sees the row as it is now, instead of overwriting the first."""

from flask import flash, redirect
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db


def seen(row, form) -> bool:
    """Did the page that sent this form show the row as it is now?"""
    return form.version.data == str(row.version)


def refused(page_url: str, changed_meanwhile: str):
    flash(changed_meanwhile)
    return redirect(page_url)


def save(page_url: str, message: str, changed_meanwhile: str):
    """Commit and go back to the page; if someone changed the row first, commit nothing and say so."""
    if not committed():
        return refused(page_url, changed_meanwhile)
    flash(message)
    return redirect(page_url)


def committed() -> bool:
    """Commit; False (and nothing committed) when a versioned row was changed by someone else first."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return False
    return True


def version_of(form) -> int | None:
    """The version the form's page showed, if the form sent one that can be a version."""
    text = form.version.data if isinstance(form.version.data, str) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def claim(row, form, column: str = "version") -> bool:
    """For a row that is also written by what is no edit (a tablet notes when it was last seen, a crisis
    line moves in its list), so its version counts the edits only, by hand. One UPDATE both checks that
    the version is still the one the form's page showed and counts this edit: of two people saving at
    once exactly one gets True (the other's UPDATE waits for the first and then matches no row). On
    False the caller rolls back and changes nothing."""
    seen, model = version_of(form), type(row)
    if seen is None:
        return False
    counter = getattr(model, column)
    done = db.session.execute(db.update(model).where(model.id == row.id, counter == seen)
                              .values({counter: counter + 1}).execution_options(synchronize_session=False))
    return done.rowcount == 1

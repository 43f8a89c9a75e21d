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
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return refused(page_url, changed_meanwhile)
    flash(message)
    return redirect(page_url)

"""What an administrator sees when someone else saved the same thing first: the page again (answer 409)
with the form as they filled it in, what is stored now, and the version of now in the form, so that
saving once more, after looking, is a choice and not an accident."""

from dataclasses import dataclass

from flask_babel import gettext as _

from ...extensions import db


@dataclass
class Conflict:
    message: str
    stored: list[tuple[str, str]]


def shown(value) -> str:
    """A stored value as the page shows it: yes or no, a dash for nothing."""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    if value is None or value == "":
        return "–"
    return str(value)


def conflict(message: str, form, row, names, column: str = "version", formats=None) -> Conflict:
    """Nothing of this save is kept (rolled back); the form keeps what was typed and gets the version of
    now. `names` are the fields to show as stored now: the form's label, the row's value (through
    `formats[name]` where given)."""
    db.session.rollback()
    db.session.refresh(row)
    form.version.data = str(getattr(row, column))
    formats = formats or {}
    stored = [(form[name].label.text, shown(formats.get(name, lambda value: value)(getattr(row, name))))
              for name in names]
    return Conflict(message, stored)

"""The small forms of a request's page: each one button or a few, each with its CSRF token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from .handling import CLOSE_REASONS, CONTACT_OUTCOMES, STATUS_NAMES


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Notitie"), validators=[
        DataRequired(_l("Schrijf eerst een notitie")),
        Length(max=2000, message=_l("Een notitie heeft niet meer dan 2000 tekens"))])


class ChangeForm(FlaskForm):
    """A change of the request: it carries the version of the request that the page showed."""

    version = HiddenField()


class ContactForm(ChangeForm):
    outcome = RadioField(_l("Contactpoging"), choices=options(CONTACT_OUTCOMES.items()),
                         validators=[DataRequired(_l("Kies hoe het contact ging"))])


class StatusForm(ChangeForm):
    status = SelectField(_l("Nieuwe status"), choices=options(STATUS_NAMES.items()),
                         validators=[DataRequired(_l("Kies een status"))])
    # No Optional(): it would let a reason of only spaces pass as "no reason" and skip the choice check.
    reason = SelectField(_l("Reden van afsluiten"), choices=options([("", "—"), *CLOSE_REASONS.items()]), default="")

    def allowed(self, current: str, transitions: dict) -> None:
        self.status.choices = options((key, label) for key, label in STATUS_NAMES.items()
                                      if key in transitions[current])


class AssignForm(ChangeForm):
    staff_id = SelectField(_l("Wie behandelt deze vraag?"))  # "" (nobody) is one of its choices


class PriorityForm(ChangeForm):
    priority = SelectField(_l("Prioriteit"), choices=options([("0", _l("Gewoon")), ("1", _l("Dringend"))]),
                           validators=[DataRequired()])

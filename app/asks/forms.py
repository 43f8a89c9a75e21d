"""The forms of the asking side that are not a wizard question: consent and sending, and the
status check with a reference code."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import Length, ValidationError

from ..references import normalise
from ..validators import Required, strip
from .status import looked_up

NO_CONSENT = _l("Zet een vinkje als u het goed vindt. Anders kunnen wij u niet helpen.")
CONSENT_VERSION = "2026-11-asks-1"  # change it whenever the privacy text of the send page changes
HELP_CONSENT_VERSION = "2026-12-help-1"  # the same, for the privacy text of "I would like to help"


class SendForm(FlaskForm):
    """Privacy and consent; the hidden one-time token makes a double tap send only once."""

    consent = BooleanField(_l("Ik vind het goed dat Vangnet mijn antwoorden gebruikt om mij te helpen"),
                           validators=[Required(NO_CONSENT)])
    submission = HiddenField()


class HelpSendForm(SendForm):
    """The same for someone who signs up as a volunteer: consent to use the answers for that."""

    consent = BooleanField(_l("Ik vind het goed dat Vangnet mijn antwoorden gebruikt voor mijn aanmelding"),
                           validators=[Required(_l("Zet een vinkje als u het goed vindt. "
                                                   "Anders kunnen wij uw aanmelding niet gebruiken."))])


NOT_FOUND = _l("Wij vinden geen vraag met deze code. Kijk of u de code goed hebt overgetypt.")


class StatusForm(FlaskForm):
    """A reference code. Every wrong code gets the same answer, whatever is wrong with it."""

    code = StringField(_l("Wat is uw code?"), filters=[strip],
                       description=_l("U kreeg de code toen u iets naar ons stuurde. Bijvoorbeeld: K7M4-PXQ2"),
                       validators=[Required(_l("Vul uw code in")), Length(max=40, message=NOT_FOUND)])
    found = None  # (what it is, how it stands) in words

    def validate_code(self, field):
        code = normalise(field.data)
        self.found = looked_up(code) if code else None
        if self.found is None:
            raise ValidationError(NOT_FOUND)

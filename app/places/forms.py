"""The finder's one typed answer (a postcode), and the form to suggest a correction."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, RadioField, StringField, TextAreaField
from wtforms.validators import Length, StopValidation

from ..validators import KnownPostcode, NoMarkup, strip


class PostcodeForm(Form):
    """Read from the query string (a GET form), so there is no CSRF token and nothing is stored."""

    pc = StringField(_l("Wat is uw postcode?"), description=_l("De vier cijfers zijn genoeg. Bijvoorbeeld: 2625"),
                     validators=[KnownPostcode()])


# --- Suggest a correction: a few big choices, a short text if the resident wants; nothing about them. ---

CORRECTION_TEXT_MAX = 300


class ReasonCards(RadioField):
    """The reasons as big cards (the asks' card macro draws `options`: key → (label, pictogram))."""

    def __init__(self, label, **kwargs):
        self.options: dict = {}
        super().__init__(label, validate_choice=False, **kwargs)

    def pre_validate(self, form):
        if self.data not in self.options:
            raise StopValidation(_l("Kies wat er niet klopt."))


class CorrectionForm(FlaskForm):
    reason = ReasonCards(_l("Wat klopt er niet?"),
                         description=_l("U hoeft niet te zeggen wie u bent. Wij vragen niets over u."))
    text = TextAreaField(_l("Wilt u iets uitleggen? (niet verplicht)"), filters=[strip],
                         description=_l("Schrijf geen naam of telefoonnummer."), validators=[
                             Length(max=CORRECTION_TEXT_MAX, message=_l(
                                 "Uw tekst is te lang. Schrijf niet meer dan %(max)d letters.",
                                 max=CORRECTION_TEXT_MAX)),
                             NoMarkup(_l("Gebruik alleen gewone tekst, zonder punthaken."))])

    def __init__(self, *args, options: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.options = options

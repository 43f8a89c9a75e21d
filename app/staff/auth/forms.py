"""Staff forms: sign in, the code, enrolment, a new password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from .passwords import MAX_LENGTH, weakness


def strip(value):
    return value.strip() if isinstance(value, str) else value


def lower(value):
    return value.lower() if isinstance(value, str) else value


class SignInForm(FlaskForm):
    email = StringField(_l("E-mailadres"), filters=[strip, lower],
                        validators=[DataRequired(_l("Vul uw e-mailadres in")), Length(max=254)])
    # Too long is refused here, before any hashing (a megabyte would keep the server busy).
    password = PasswordField(_l("Wachtwoord"), validators=[
        DataRequired(_l("Vul uw wachtwoord in")),
        Length(max=MAX_LENGTH, message=_l("E-mailadres of wachtwoord klopt niet"))])


class CodeForm(FlaskForm):
    code = StringField(_l("Code uit uw app"), filters=[strip],
                       description=_l("Zes cijfers. Open de app op uw telefoon."),
                       validators=[DataRequired(_l("Vul de code in")), Length(max=20)])


WEAKNESS = {
    "short": _l("Een wachtwoord heeft minstens 12 tekens"),
    "long": _l("Een wachtwoord heeft niet meer dan 128 tekens"),
    "guessable": _l("Dit wachtwoord is te makkelijk te raden. Kies een langere zin of meer woorden."),
}


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Uw wachtwoord nu"), validators=[DataRequired(_l("Vul uw wachtwoord in"))])
    new = PasswordField(_l("Nieuw wachtwoord"),
                        description=_l("Minstens 12 tekens. Een zin van een paar woorden is goed."),
                        validators=[DataRequired(_l("Vul een nieuw wachtwoord in"))])
    personal: tuple[str, ...] = ()

    def validate_new(self, field):
        problem = weakness(field.data, *self.personal)
        if problem:
            raise ValidationError(WEAKNESS[problem])


class FirstPasswordForm(FlaskForm):
    """The password of someone who follows their invitation."""

    new = PasswordField(_l("Kies een wachtwoord"),
                        description=_l("Minstens 12 tekens. Een zin van een paar woorden is goed."),
                        validators=[DataRequired(_l("Vul een wachtwoord in"))])
    personal: tuple[str, ...] = ()

    def validate_new(self, field):
        problem = weakness(field.data, *self.personal)
        if problem:
            raise ValidationError(WEAKNESS[problem])

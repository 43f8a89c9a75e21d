"""Finding a person (phone, e-mail or code), and erasing what was found (with the reason why)."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from ...phones import e164
from ...references import normalise
from ...validators import strip
from .records import Person

EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
# Why a person's data is erased. A fixed list: the audit log keeps the reason and never free text.
ERASE_REASONS = {
    "art17": _l("De persoon vroeg erom (AVG artikel 17)"),
    "consent": _l("De persoon trok de toestemming in"),
    "mistake": _l("Per vergissing ingevoerd"),
    "order": _l("Opdracht van de toezichthouder of een rechter"),
}


class SearchForm(FlaskForm):
    phone = StringField(_l("Telefoonnummer"), filters=[strip])
    email = StringField(_l("E-mailadres"), filters=[strip])
    code = StringField(_l("Code van de vraag"), filters=[strip])

    def validate_phone(self, field):
        if field.data and (not isinstance(field.data, str) or len(field.data) > 40 or e164(field.data) is None):
            raise ValidationError(_l("Dit is geen telefoonnummer. Bijvoorbeeld: 06 12345678"))

    def validate_email(self, field):
        if field.data and (len(field.data) > 254 or not EMAIL.fullmatch(field.data)):
            raise ValidationError(_l("Dit is geen e-mailadres. Bijvoorbeeld: naam@voorbeeld.nl"))

    def validate_code(self, field):
        if field.data and normalise(field.data) is None:
            raise ValidationError(_l("Een code heeft acht tekens. Bijvoorbeeld: K7M4-PXQ2"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not (self.phone.data or self.email.data or self.code.data):
            self.phone.errors.append(_l("Vul een telefoonnummer, een e-mailadres of een code in"))
            return False
        return valid

    def person(self) -> Person:
        phone = e164(self.phone.data) if self.phone.data else None
        return Person(phones=frozenset({phone} if phone else ()), email=(self.email.data or "").lower() or None,
                      code=normalise(self.code.data) if self.code.data else None)


class EraseForm(SearchForm):
    """The search again (hidden), the records to erase, the reason, and a check that staff know it is final."""

    records = SelectMultipleField(_l("Wat wist u?"), validate_choice=False,
                                  validators=[DataRequired(_l("Kies wat u wist"))])
    reason = SelectField(_l("Waarom wist u dit?"),
                         choices=[SelectChoice("", "—"), *(SelectChoice(k, v) for k, v in ERASE_REASONS.items())],
                         validators=[DataRequired(_l("Kies waarom u dit wist"))])
    sure = BooleanField(_l("Ik weet dat wissen niet terug te draaien is"),
                        validators=[DataRequired(_l("Zet een vinkje als u zeker weet dat u dit wist"))])

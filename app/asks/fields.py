"""The field types and the base form of the wizards' question pages: choices drawn as big cards with
a pictogram, phone numbers shown the way people write them, one question per page."""

import phonenumbers
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import RadioField, SelectMultipleField, TelField
from wtforms.validators import StopValidation

from ..i18n import phone_number
from ..phones import readable_phone


class Chosen:
    """One (radio) or at least one (checkboxes) of the field's own options, nothing else."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        values = field.data if isinstance(field.data, list) else [field.data]
        keys = set(field.options)
        if not values or any(value not in keys for value in values):
            raise StopValidation(self.message)


class PhoneField(TelField):
    """Shows a kept E.164 number the way people write it."""

    def _value(self):
        if isinstance(self.data, str) and self.data.startswith("+") and not self.errors:
            try:
                return readable_phone(self.data)
            except phonenumbers.NumberParseException:
                return self.data
        return super()._value()


class CardsField(RadioField):
    """Radio buttons drawn as big cards; `options` maps each key to (label, pictogram or None).

    The template draws the cards from `options`, and `Chosen` checks against them.
    """

    def __init__(self, label, options=None, message=None, **kwargs):
        self.options = dict(options or {})
        super().__init__(label, validate_choice=False, validators=[Chosen(message)], **kwargs)


class CheckCardsField(SelectMultipleField):
    """Checkboxes drawn as big cards."""

    def __init__(self, label, options=None, message=None, **kwargs):
        self.options = dict(options or {})
        super().__init__(label, validate_choice=False, validators=[Chosen(message)], **kwargs)


def set_options(field, options: dict) -> None:
    field.options = options


class QuestionForm(FlaskForm):
    """One question page. `legend` set: several fields under one question (a fieldset)."""

    legend = None
    proper_names = False  # options are names of towns or wijken: never translated, no pictograms

    def prepare(self, answers: dict) -> None:
        """Fill in what depends on earlier answers or the database (choices, labels)."""

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}

    def questions(self):
        return [field for name, field in self._fields.items() if name != "csrf_token"]

    def summary(self) -> str:
        """The answer in words, for the check page."""
        return Markup(", ").join(filter(None, (self.field_summary(field) for field in self.questions())))

    @staticmethod
    def field_summary(field) -> str:
        options = getattr(field, "options", None)
        if options is not None:
            chosen = field.data if isinstance(field.data, list) else [field.data]
            return ", ".join(str(options[key][0]) for key in chosen if key in options)
        if isinstance(field, PhoneField):
            return phone_number(readable_phone(field.data)) if field.data else ""
        return field.data or ""

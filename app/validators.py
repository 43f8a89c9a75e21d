"""Validators that every form of the resident side shares: each carries a message that says what to
do (never a WTForms default)."""

import re

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, ValidationError

from . import geo
from .phones import e164


def strip(value):
    return value.strip() if isinstance(value, str) else value


class Required(DataRequired):
    """Not empty, not only spaces; no `required` attribute, so the browser never checks on its own.

    The `needed` flag tells the template to say it to screen readers (`aria-required`).
    """

    def __init__(self, message):
        super().__init__(message)
        self.field_flags = {"needed": True}


class KnownPostcode:
    """A Dutch postcode we know, as "2625", "2625 AB" or "2625ab": the field's data becomes the four
    digits, and `field.centroid` the Postcode row."""

    def __call__(self, form, field):
        pc4 = geo.parse_postcode(field.data)
        if pc4 is None:
            raise ValidationError(_l("Typ de vier cijfers van uw postcode. Bijvoorbeeld: 2625"))
        field.centroid = geo.postcode_centroid(pc4)
        if field.centroid is None:
            raise ValidationError(_l("Deze postcode kennen we niet. Kijk of de cijfers goed zijn."))
        field.data = pc4


class PhoneNumber:
    """A Dutch or international phone number; the field's data becomes E.164 (+31612345678)."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        number = e164(field.data)
        if number is None:
            raise ValidationError(self.message)
        field.data = number


class FullPostcode:
    """A whole Dutch postcode ("2625 AB", "2625ab") whose four digits we know: the field's data becomes
    "2625 AB", and `field.centroid` the Postcode row of its four digits."""

    PATTERN = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})", re.ASCII)

    def __init__(self, message, unknown):
        self.message, self.unknown = message, unknown

    def __call__(self, form, field):
        match = self.PATTERN.fullmatch(field.data.strip()) if isinstance(field.data, str) else None
        if match is None:
            raise ValidationError(self.message)
        field.centroid = geo.postcode_centroid(match.group(1))
        if field.centroid is None:
            raise ValidationError(self.unknown)
        field.data = f"{match.group(1)} {match.group(2).upper()}"


class NoMarkup:
    """Plain text only: no < or > (what staff type is shown to residents)."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if isinstance(field.data, str) and ("<" in field.data or ">" in field.data):
            raise ValidationError(self.message)


class EmailAddress:
    """Something@somewhere.tld: enough to catch a typing error; only a message sent proves more."""

    PATTERN = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s.<>]+")

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.data and not self.PATTERN.fullmatch(field.data):
            raise ValidationError(self.message)

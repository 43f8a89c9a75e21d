"""The question pages of the asking wizards: one form per page, each with its own plain messages.

Every validator carries a message that says what to do (never a WTForms default), and every text
has a length limit. Choice fields list their options with a pictogram where one is concrete enough.
"""

import re

import phonenumbers
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from .. import geo
from ..extensions import db
from ..i18n import WithNumbers, phone_number
from ..models import Municipality, Neighbourhood
from . import choices

NAME_MAX = 60
PHONE_MAX = 20
EMAIL_MAX = 254
FREE_TEXT_MAX = 500
STREET_MAX = 120
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def strip(value):
    return value.strip() if isinstance(value, str) else value


class Required(DataRequired):
    """Not empty, not only spaces; no `required` attribute, so the browser never checks on its own.

    The `needed` flag tells the template to say it to screen readers (`aria-required`).
    """

    def __init__(self, message):
        super().__init__(message)
        self.field_flags = {"needed": True}


class Chosen:
    """One (radio) or at least one (checkboxes) of the field's own options, nothing else."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        values = field.data if isinstance(field.data, list) else [field.data]
        keys = set(field.options)
        if not values or any(value not in keys for value in values):
            raise StopValidation(self.message)


class PhoneNumber:
    """A Dutch or international phone number; the field's data becomes E.164 (+31612345678)."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        try:
            number = phonenumbers.parse(field.data, "NL")
        except phonenumbers.NumberParseException:
            raise ValidationError(self.message) from None
        if not phonenumbers.is_valid_number(number):
            raise ValidationError(self.message)
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def readable_phone(e164: str | None) -> str:
    """+31612345678 → 06 12345678; other countries in international form."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, "NL")
    style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    if number.country_code == 31:
        style = phonenumbers.PhoneNumberFormat.NATIONAL
    return phonenumbers.format_number(number, style)


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


PHONE_LENGTH = Length(max=PHONE_MAX, message=_l("Een telefoonnummer heeft niet meer dan 20 tekens"))
PHONE_FORMAT = PhoneNumber(WithNumbers(_l("Vul een telefoonnummer in zoals %(mobile)s of %(landline)s"),
                                       mobile="06 12345678", landline="015 212 34 56"))
PHONE_EXAMPLE = WithNumbers(_l("Bijvoorbeeld: %(number)s"), number="06 12345678")


class ForWhomForm(QuestionForm):
    for_whom = CardsField(_l("Voor wie is het maatje?"), choices.FOR_WHOM, _l("Kies voor wie het maatje is"))


class RelationForm(QuestionForm):
    relation = CardsField(_l("Wie bent u voor deze persoon?"), choices.RELATIONS,
                          _l("Kies wie u bent voor deze persoon"))


class WishesForm(QuestionForm):
    wishes = CheckCardsField(_l("Wat wilt u samen doen?"), choices.WISHES,
                             _l("Kies minstens één ding dat u samen wilt doen"),
                             description=_l("U mag meer dan één kiezen."))


class DaysForm(QuestionForm):
    days = CheckCardsField(_l("Op welke dagen kunt u?"), choices.DAYS, _l("Kies minstens één dag"),
                           description=_l("U mag meer dan één kiezen."))

    def validate_days(self, field):
        if "any" in field.data and len(field.data) > 1:
            raise ValidationError(_l("Kies ‘Maakt niet uit’ of kies dagen, niet allebei"))


class PartsOfDayForm(QuestionForm):
    parts_of_day = CheckCardsField(_l("Hoe laat op de dag kunt u?"), choices.PARTS_OF_DAY,
                                   _l("Kies minstens één deel van de dag"),
                                   description=_l("U mag meer dan één kiezen."))


class LanguagesForm(QuestionForm):
    languages = CheckCardsField(_l("Welke talen spreekt u?"), choices.SPOKEN_LANGUAGES,
                                _l("Kies minstens één taal die u spreekt"),
                                description=_l("U mag meer dan één kiezen."))

    def prepare(self, answers):
        from ..i18n import page_language

        if self.languages.data is None and not self.is_submitted():
            self.languages.data = [page_language()]


class PreferenceForm(QuestionForm):
    preference = CardsField(_l("Wie wilt u als maatje?"), choices.PREFERENCES,
                            _l("Kies wie u het liefst als maatje hebt"))


class WhereForm(QuestionForm):
    where = CardsField(_l("Waar woont u?"), choices.WHERE, _l("Kies hoe u wilt zeggen waar u woont"))


class PostcodeForm(QuestionForm):
    postcode = StringField(_l("Wat is uw postcode?"), filters=[strip],
                           description=_l("De vier cijfers zijn genoeg. Bijvoorbeeld: 2625"),
                           validators=[Required(_l("Vul uw postcode in"))])
    outside = None  # the Postcode row, when it lies outside every municipality of this Vangnet

    def validate_postcode(self, field):
        pc4 = geo.parse_postcode(field.data)
        if pc4 is None:
            raise ValidationError(_l("Typ de vier cijfers van uw postcode. Bijvoorbeeld: 2625"))
        known = geo.postcode_centroid(pc4)
        if known is None:
            raise ValidationError(_l("Deze postcode kennen we niet. Kijk of de cijfers goed zijn."))
        field.data = pc4
        if known.municipality_id is None:
            self.outside = known


def municipalities_with_wijken() -> list[Municipality]:
    with_wijken = db.select(Neighbourhood.municipality_id).where(Neighbourhood.kind == "wijk")
    query = db.select(Municipality).where(Municipality.id.in_(with_wijken)).order_by(Municipality.name)
    return list(db.session.scalars(query))


class TownForm(QuestionForm):
    town = CardsField(_l("In welke gemeente woont u?"), message=_l("Kies de gemeente waar u woont"))
    proper_names = True

    def prepare(self, answers):
        set_options(self.town, {str(town.id): (town.name, None) for town in municipalities_with_wijken()})

    def values(self):
        return {"town": self.town.data}


def chosen_town_id(answers: dict) -> int | None:
    """The municipality chosen on the town page, or the only one there is."""
    town = answers.get("town", {}).get("town")
    if town:
        return int(town)
    towns = municipalities_with_wijken()
    return towns[0].id if len(towns) == 1 else None


class WijkForm(QuestionForm):
    wijk = CardsField(_l("In welke wijk woont u?"), message=_l("Kies de wijk waar u woont"))
    proper_names = True

    def prepare(self, answers):
        wijken = db.session.scalars(
            db.select(Neighbourhood)
            .where(Neighbourhood.municipality_id == chosen_town_id(answers), Neighbourhood.kind == "wijk")
            .order_by(Neighbourhood.name)
        )
        options = {str(wijk.id): (wijk.name, None) for wijk in wijken}
        set_options(self.wijk, {**options, "unknown": (_l("Dat weet ik niet"), None)})


class ContactForm(QuestionForm):
    contact = CardsField(_l("Hoe kunnen wij u bereiken?"), choices.CONTACT_METHODS,
                         _l("Kies hoe wij u kunnen bereiken"))


class PhoneForm(QuestionForm):
    phone = PhoneField(_l("Wat is uw telefoonnummer?"), filters=[strip], description=PHONE_EXAMPLE,
                       validators=[Required(_l("Vul uw telefoonnummer in")),
                                   PHONE_LENGTH,
                                   PHONE_FORMAT])


class EmailForm(QuestionForm):
    email = EmailField(_l("Wat is uw e-mailadres?"), filters=[strip], description=_l("Bijvoorbeeld: naam@voorbeeld.nl"),
                       validators=[Required(_l("Vul uw e-mailadres in")),
                                   Length(max=EMAIL_MAX, message=_l("Een e-mailadres heeft niet meer dan 254 tekens"))])

    def validate_email(self, field):
        if not EMAIL.fullmatch(field.data):
            raise ValidationError(_l("Vul een e-mailadres in zoals naam@voorbeeld.nl"))


class ContactPersonForm(QuestionForm):
    legend = _l("Wie kunnen wij bellen?")
    contact_name = StringField(_l("Naam"), filters=[strip], validators=[
        Required(_l("Vul de naam in van wie wij kunnen bellen")),
        Length(max=NAME_MAX, message=_l("Een naam heeft niet meer dan 60 tekens"))])
    contact_phone = PhoneField(_l("Telefoonnummer"), filters=[strip], description=PHONE_EXAMPLE,
                               validators=[
        Required(_l("Vul het telefoonnummer in van wie wij kunnen bellen")),
        PHONE_LENGTH,
        PHONE_FORMAT])


class FirstNameForm(QuestionForm):
    first_name = StringField(_l("Wat is uw voornaam?"), filters=[strip],
                             description=_l("Alleen uw voornaam is genoeg."),
                             validators=[Required(_l("Vul uw voornaam in")),
                                         Length(max=NAME_MAX, message=_l("Een voornaam is niet langer dan 60 tekens"))])

    def prepare(self, answers):
        if answers.get("for-whom", {}).get("for_whom") == "other":
            self.first_name.description = _l("Uw eigen voornaam. Over de ander praten we als we u bellen.")


# The worry wizard: the same kinds of pages, asked about someone else.


class UrgencyForm(QuestionForm):
    urgency = CardsField(_l("Hoe dringend is het?"), choices.URGENCY, _l("Kies hoe dringend het is"),
                         description=WithNumbers(_l("Bij gevaar: bel meteen %(number)s."), number="112"))


class WorriesForm(QuestionForm):
    worries = CheckCardsField(_l("Waar maakt u zich zorgen over?"), choices.WORRIES,
                              _l("Kies minstens één ding waar u zich zorgen over maakt"),
                              description=_l("U mag meer dan één kiezen."))


class StoryForm(QuestionForm):
    description = TextAreaField(
        _l("Wilt u er iets meer over vertellen?"), filters=[strip],
        description=_l("Dit mag u leeg laten. Schrijf geen BSN op."),
        validators=[Length(max=FREE_TEXT_MAX, message=_l("Schrijf niet meer dan 500 tekens"))])


class ConcernWhereForm(QuestionForm):
    where = CardsField(_l("Waar woont deze persoon?"), choices.CONCERN_WHERE,
                       _l("Kies hoe u wilt zeggen waar deze persoon woont"))


class ConcernPostcodeForm(PostcodeForm):
    postcode = StringField(_l("Wat is de postcode van deze persoon?"), filters=[strip],
                           description=_l("De vier cijfers zijn genoeg. Bijvoorbeeld: 2625"),
                           validators=[Required(_l("Vul de postcode in"))])


class ConcernTownForm(TownForm):
    town = CardsField(_l("In welke gemeente woont deze persoon?"), message=_l("Kies de gemeente"))


class ConcernWijkForm(WijkForm):
    wijk = CardsField(_l("In welke wijk woont deze persoon?"), message=_l("Kies de wijk"))


class StreetForm(QuestionForm):
    street = StringField(_l("In welke straat woont deze persoon?"), filters=[strip],
                         description=_l("Alleen de straat. Dit mag u leeg laten."),
                         validators=[Length(max=STREET_MAX, message=_l("Een straat heeft niet meer dan 120 tekens"))])


class AboutWhomForm(QuestionForm):
    about_name = StringField(_l("Wat is de naam van deze persoon?"), filters=[strip],
                             description=_l("Dit mag u leeg laten."),
                             validators=[Length(max=NAME_MAX, message=_l("Een naam heeft niet meer dan 60 tekens"))])


class ConcernContactForm(QuestionForm):
    contact = CardsField(_l("Mogen wij u bellen of mailen als wij een vraag hebben?"), choices.CONCERN_CONTACT,
                         _l("Kies hoe wij u kunnen bereiken, of dat u liever niet zegt wie u bent"),
                         description=_l("Ook zonder uw naam krijgt u een code. "
                                        "Daarmee kunt u later kijken hoe het gaat."))


NO_CONSENT = _l("Zet een vinkje als u het goed vindt. Anders kunnen wij u niet helpen.")
CONSENT_VERSION = "2026-11-asks-1"  # change it whenever the privacy text of the send page changes


class SendForm(FlaskForm):
    """Privacy and consent; the hidden one-time token makes a double tap send only once."""

    consent = BooleanField(_l("Ik vind het goed dat Vangnet mijn antwoorden gebruikt om mij te helpen"),
                           validators=[Required(NO_CONSENT)])
    submission = HiddenField()


NOT_FOUND = _l("Wij vinden geen vraag met deze code. Kijk of u de code goed hebt overgenomen.")


class StatusForm(FlaskForm):
    """A reference code. Every wrong code gets the same answer, whatever is wrong with it."""

    code = StringField(_l("Wat is uw code?"), filters=[strip],
                       description=_l("De code staat op uw bon. Bijvoorbeeld: K7M4-PXQ2"),
                       validators=[Required(_l("Vul uw code in")), Length(max=40, message=NOT_FOUND)])
    found = None

    def validate_code(self, field):
        from .references import find_request, normalise

        code = normalise(field.data)
        self.found = find_request(code) if code else None
        if self.found is None:
            raise ValidationError(NOT_FOUND)

"""Administration forms: every field says what is wrong next to it; nothing is saved until all are right."""

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ... import geo
from ...i18n import LANGUAGE_NAMES
from ...phones import e164
from ...validators import NoMarkup, Required, strip
from ..fields import Coordinate

PLAIN = NoMarkup(_l("Gebruik alleen gewone tekst, zonder punthaken"))
EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s.<>]+")
SHORT_NUMBER = re.compile(r"1[0-9]{2,3}")  # 112, 113: dialled as they are


class DialableNumber:
    """A phone number residents can dial, kept as the administrator wrote it ("14 015", "0800 0113"),
    because residents read it so; it must be a real Dutch or international number or a short one."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        text = re.sub(r"\s+", " ", field.data or "").strip()
        if not re.fullmatch(r"[0-9+() -]{3,40}", text) or not (SHORT_NUMBER.fullmatch(text) or e164(text)):
            raise ValidationError(self.message)
        field.data = text


class EmailAddress:
    def __call__(self, form, field):
        if not EMAIL.fullmatch(field.data or ""):
            raise ValidationError(_l("Typ een e-mailadres zoals naam@voorbeeld.nl"))
        field.data = field.data.lower()


def too_long(maximum: int) -> Length:
    return Length(max=maximum, message=_l("Niet meer dan %(max)d tekens", max=maximum))


def between(low: int, high: int, message) -> NumberRange:
    return NumberRange(min=low, max=high, message=message)


class Typed:
    """A number field that must be filled in: says so when empty, and leaves "not a number" to the field."""

    field_flags = {"needed": True}

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.data is None and not field.process_errors:
            raise StopValidation(self.message)


class WholeNumber(StringField):
    """A whole number in ASCII digits, typed in a text box (a number box would hide what was typed);
    anything else is said plainly (never a WTForms default)."""

    def __init__(self, *args, message, **kwargs):
        super().__init__(*args, **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not (text.isascii() and text.isdigit() and len(text) <= 6):
            raise ValueError(self.message)
        self.data = int(text)

    def _value(self):
        return self.raw_data[0] if self.raw_data else ("" if self.data is None else str(self.data))


class TabletForm(FlaskForm):
    version = HiddenField()  # of the tablet whose page this is; a new tablet has none
    name = StringField(_l("Naam van de tablet"), filters=[strip],
                       description=_l("Waar hij staat, bijvoorbeeld: Bibliotheek Buitenhof, bij de ingang."),
                       validators=[Required(_l("Typ een naam")), too_long(120), PLAIN])
    lat = Coordinate(_l("Breedtegraad"), decimals=6,
                     validators=[Typed(_l("Tik op de kaart of typ de breedtegraad"))])
    lon = Coordinate(_l("Lengtegraad"), decimals=6,
                     validators=[Typed(_l("Tik op de kaart of typ de lengtegraad"))])
    default_language = SelectField(_l("Taal waarin de tablet begint"), validate_choice=False, default="nl")
    idle_seconds = WholeNumber(
        _l("Seconden zonder aanraking tot de vraag 'Bent u er nog?'"), default=120,
        message=_l("Typ een aantal seconden, bijvoorbeeld 120"),
        validators=[between(30, 3600, _l("Kies tussen 30 en 3600 seconden"))])
    has_printer = BooleanField(_l("Er staat een printer bij (voor kaartjes)"))

    def __init__(self, *args, municipality_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_ids = set(municipality_ids)
        self.default_language.choices = [SelectChoice(code, LANGUAGE_NAMES.get(code, code))
                                         for code in current_app.config["LANGUAGES"]]
        self.neighbourhood = None

    def validate_default_language(self, field):
        if field.data not in current_app.config["LANGUAGES"]:
            raise ValidationError(_l("Kies een taal uit de lijst"))

    def validate_lon(self, field):
        """The place must lie in the Netherlands and in a neighbourhood of one of my municipalities."""
        if self.lat.data is None or field.data is None:
            return
        if not geo.in_netherlands(self.lat.data, field.data):
            raise ValidationError(_l("Deze plek ligt niet in Nederland. Kijk of de getallen goed zijn."))
        self.neighbourhood = geo.neighbourhood_at(self.lat.data, field.data)
        if self.neighbourhood is None or self.neighbourhood.municipality_id not in self.municipality_ids:
            raise ValidationError(_l("Deze plek ligt niet in een buurt van uw gemeente. Tik binnen de lijnen."))


class ConfirmForm(FlaskForm):
    """A button that changes one thing: only its CSRF token."""


# --- Municipality settings ---

class MunicipalityForm(FlaskForm):
    version = HiddenField()
    name = StringField(_l("Naam van de gemeente"), filters=[strip],
                       validators=[Required(_l("Typ de naam")), too_long(120), PLAIN])
    help_phone = StringField(_l("Telefoon onder 'Hulp' (niet verplicht)"), filters=[strip],
                             description=_l("Het nummer van het wijkteam. Bewoners zien het op elke pagina Hulp."),
                             validators=[Optional(), too_long(40),
                                         DialableNumber(_l("Typ een telefoonnummer, bijvoorbeeld 015 212 3456"))])
    help_text = TextAreaField(
        _l("Tekst onder 'Hulp' (niet verplicht)"), filters=[strip], validators=[Optional(), too_long(300), PLAIN],
        description=_l("Bijvoorbeeld waar de balie is en wanneer die open is. In het Nederlands."))
    overdue_after_days = WholeNumber(
        _l("Te laat na zoveel werkdagen zonder contact"), message=_l("Typ een aantal dagen, bijvoorbeeld 5"),
        validators=[between(1, 60, _l("Kies tussen 1 en 60 werkdagen"))])
    retention_months = WholeNumber(
        _l("Gesloten vragen anoniem maken na zoveel maanden"), message=_l("Typ een aantal maanden, bijvoorbeeld 12"),
        validators=[between(1, 120, _l("Kies tussen 1 en 120 maanden"))])
    retention_named_worry_months = WholeNumber(
        _l("Een zorgmelding die iemand noemt anoniem maken na zoveel maanden"),
        message=_l("Typ een aantal maanden, bijvoorbeeld 6"),
        validators=[between(1, 120, _l("Kies tussen 1 en 120 maanden"))])

    def validate_retention_named_worry_months(self, field):
        general = self.retention_months.data
        if field.data is not None and general is not None and field.data > general:
            raise ValidationError(_l("Niet langer dan gesloten vragen in het algemeen"))


class CrisisLineForm(FlaskForm):
    version = HiddenField()  # of the line whose page this is; a new line has none
    name = StringField(_l("Naam van de crisislijn"), filters=[strip],
                       description=_l("In het Nederlands, bijvoorbeeld: Crisisdienst GGZ Delfland"),
                       validators=[Required(_l("Typ de naam")), too_long(120), PLAIN])
    phone = StringField(_l("Telefoon"), filters=[strip], validators=[
        Required(_l("Typ het telefoonnummer")), too_long(40),
        DialableNumber(_l("Typ een telefoonnummer, bijvoorbeeld 0800 0113"))])


class MoveForm(FlaskForm):
    direction = HiddenField()

    def validate_direction(self, field):
        if field.data not in ("up", "down"):
            raise ValidationError(_l("Kies omhoog of omlaag"))


# --- Neighbourhoods ---

class TeamForm(FlaskForm):
    version = HiddenField()
    team_name = StringField(_l("Naam van het buurtteam (niet verplicht)"), filters=[strip],
                            validators=[Optional(), too_long(120), PLAIN])
    team_phone = StringField(_l("Telefoon (niet verplicht)"), filters=[strip], validators=[
        Optional(), too_long(40), DialableNumber(_l("Typ een telefoonnummer, bijvoorbeeld 015 212 3456"))])
    team_email = EmailField(_l("E-mail (niet verplicht)"), filters=[strip], validators=[
        Optional(), too_long(254), EmailAddress()])


# --- Staff accounts ---

ROLE_NAMES = {"coordinator": _l("Coördinator"), "administrator": _l("Beheerder"), "editor": _l("Redacteur")}


class InviteForm(FlaskForm):
    name = StringField(_l("Naam"), filters=[strip], validators=[Required(_l("Typ een naam")), too_long(120), PLAIN])
    email = EmailField(_l("E-mailadres"), filters=[strip], description=_l("Hierheen sturen we de uitnodiging."),
                       validators=[Required(_l("Typ een e-mailadres")), too_long(254), EmailAddress()])
    role = SelectField(_l("Rol"), validate_choice=False, default="coordinator",
                       choices=[SelectChoice(key, name) for key, name in ROLE_NAMES.items()],
                       description=_l("Een coördinator ziet de vragen van de gemeente. Een beheerder ook, en regelt "
                                      "tablets, instellingen en accounts. Een redacteur houdt alleen de plekken van "
                                      "een organisatie bij."))
    municipality = SelectField(_l("Gemeente"), validate_choice=False,
                               description=_l("Voor een coördinator of beheerder."))
    organisation = SelectField(_l("Organisatie"), validate_choice=False, description=_l("Voor een redacteur."))
    language = SelectField(_l("Taal"), validate_choice=False, default="nl",
                           description=_l("De uitnodiging is in deze taal, en Vangnet ook. De persoon kan dat later "
                                          "zelf veranderen."))

    def __init__(self, *args, municipalities=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(code, LANGUAGE_NAMES.get(code, code))
                                 for code in current_app.config["STAFF_LANGUAGES"]]
        self.municipalities = {str(m.id): m for m in municipalities}
        self.organisations = {str(o.id): o for o in organisations}
        self.municipality.choices = [SelectChoice(key, m.name) for key, m in self.municipalities.items()]
        self.organisation.choices = [SelectChoice("", _l("Geen")),
                                     *(SelectChoice(key, o.name) for key, o in self.organisations.items())]

    def validate_role(self, field):
        if field.data not in ROLE_NAMES:
            raise ValidationError(_l("Kies een rol uit de lijst"))

    def validate_municipality(self, field):
        if field.data not in self.municipalities:
            raise ValidationError(_l("Kies een gemeente uit de lijst"))

    def validate_organisation(self, field):
        if self.role.data == "editor" and field.data not in self.organisations:
            raise ValidationError(_l("Kies de organisatie van de redacteur"))

    def validate_language(self, field):
        if field.data not in current_app.config["STAFF_LANGUAGES"]:
            raise ValidationError(_l("Kies een taal uit de lijst"))


def roles_form(municipalities, organisations, staff, formdata=None):
    """One choice per municipality I administer (none, coordinator, administrator) and the
    organisations of those municipalities whose listings this person keeps as an editor."""
    choices = [SelectChoice("", _l("Geen toegang")), SelectChoice("coordinator", ROLE_NAMES["coordinator"]),
               SelectChoice("administrator", ROLE_NAMES["administrator"])]

    class RolesForm(FlaskForm):
        version = HiddenField()  # of this person's roles, as the page showed them

        def validate(self, extra_validators=None):
            valid = super().validate(extra_validators)
            for town in municipalities:
                field = self[f"town_{town.id}"]
                if field.data not in ("", "coordinator", "administrator"):
                    field.errors.append(_l("Kies een rol uit de lijst"))
                    valid = False
            if not set(self.organisations.data or ()) <= {str(o.id) for o in organisations}:
                self.organisations.errors.append(_l("Kies organisaties uit de lijst"))
                valid = False
            return valid

    for town in municipalities:
        setattr(RolesForm, f"town_{town.id}", SelectField(town.name, choices=choices, validate_choice=False,
                                                          default=staff.role_in(town.id) or ""))
    RolesForm.organisations = SelectMultipleField(
        _l("Redacteur van"), validate_choice=False, choices=[SelectChoice(str(o.id), o.name) for o in organisations],
        default=[str(o.id) for o in staff.organisations if o in organisations],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    return RolesForm(formdata=formdata) if formdata is not None else RolesForm()

"""The place and activity forms: every field says what is wrong next to it; nothing is saved until all are right."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ... import geo
from ...categories import AUDIENCES, CATEGORIES
from ...choices import SPOKEN_LANGUAGES
from ...i18n import LANGUAGE_NAMES
from ...models import Activity, Place
from ...validators import EmailAddress, FullPostcode, NoMarkup, PhoneNumber, Required, strip
from ..fields import Coordinate
from .schedules import DAY_CODES, EVERY, NTH, REPEATS, Plan

LANGUAGES = tuple(LANGUAGE_NAMES)  # the languages residents read: Dutch first

PLAIN = NoMarkup(_l("Gebruik alleen gewone tekst, zonder punthaken"))
STATUS_NAMES = {"draft": _l("Concept"), "published": _l("Gepubliceerd"), "archived": _l("Gearchiveerd")}
# The names of a listing's fields in its history; a text's field is shown with its language ("title:ar").
FIELD_NAMES = {
    "name": _l("Naam"), "address": _l("Straat en huisnummer"), "postcode": _l("Postcode"), "city": _l("Plaats"),
    "phone": _l("Telefoon"), "website": _l("Website"), "status": _l("Staat"), "owner_id": _l("Organisatie"),
    "organisation": _l("Organisatie"), "lat": _l("Breedtegraad"), "lon": _l("Lengtegraad"),
    "neighbourhood_id": _l("Buurt"), "step_free": _l("Zonder drempels of trappen te bereiken"),
    "accessible_toilet": _l("Toilet voor rolstoelgebruikers"), "hearing_loop": _l("Ringleiding"),
    "last_checked": _l("Nagekeken"), "place": _l("Plek"), "category": _l("Soort activiteit"),
    "audience": _l("Voor wie"), "cost_cents": _l("Kosten in eurocent"), "languages": _l("Talen"),
    "signup_required": _l("Eerst aanmelden"), "rrule": _l("Rooster"), "first_date": _l("Datum, of vanaf wanneer"),
    "start_time": _l("Begintijd"), "duration_minutes": _l("Duur in minuten"), "cancelled": _l("Gaat niet door op"),
    "title": _l("Naam"), "description": _l("Beschrijving"),
}


def field_name(field: str) -> str:
    """ "Naam (ar)" for a text's field, else the field's name in words."""
    name, _colon, lang = field.partition(":")
    label = str(FIELD_NAMES.get(name, name))
    return f"{label} ({lang})" if lang else label


# Yes and no in a listing's history, kept as "true" and "false" (rows written before that: "ja", "nee").
YES_NO = {
    # Translators: the value of a yes-or-no field of a place or activity in its history.
    "true": _l("ja"), "ja": _l("ja"),
    # Translators: the value of a yes-or-no field of a place or activity in its history.
    "false": _l("nee"), "nee": _l("nee"),
}
YES_NO_FIELDS = {column.key for model in (Place, Activity) for column in model.__table__.columns
                 if column.type.python_type is bool}


def field_value(field: str, value: str | None) -> str:
    """A value in a listing's history as the reader reads it: "—" for none, yes or no in their language."""
    if value is None:
        return "—"
    return str(YES_NO.get(value, value)) if field in YES_NO_FIELDS else value


# Who made a change in a listing's history when it was not someone of staff.
SOURCE_NAMES = {"editor": _l("Medewerker"), "import": _l("HSDS-import"), "demo": _l("Voorbeelddata")}


def too_long(maximum: int) -> Length:
    return Length(max=maximum, message=_l("Niet meer dan %(max)d tekens", max=maximum))


class PlaceForm(FlaskForm):
    version = HiddenField()
    name = StringField(_l("Naam"), filters=[strip],
                       validators=[Required(_l("Typ de naam van de plek")), too_long(160), PLAIN])
    address = StringField(_l("Straat en huisnummer"), filters=[strip],
                          validators=[Required(_l("Typ de straat en het huisnummer")), too_long(200), PLAIN])
    postcode = StringField(_l("Postcode"), filters=[strip], validators=[
        Required(_l("Typ de postcode")),
        FullPostcode(_l("Typ een postcode als 2625 AB: vier cijfers en twee letters"),
                     _l("Deze postcode kennen we niet. Kijk of de cijfers goed zijn."))])
    city = StringField(_l("Plaats"), filters=[strip],
                       validators=[Required(_l("Typ de plaats")), too_long(80), PLAIN])
    lat = Coordinate(_l("Breedtegraad (niet verplicht)"),
                     description=_l("Leeg laten: dan nemen we het midden van de postcode."))
    lon = Coordinate(_l("Lengtegraad (niet verplicht)"))
    phone = StringField(_l("Telefoon (niet verplicht)"), filters=[strip], validators=[
        Optional(), too_long(40), PhoneNumber(_l("Typ een telefoonnummer, bijvoorbeeld 015 212 3456"))])
    website = URLField(_l("Website (niet verplicht)"), filters=[strip], validators=[
        Optional(), too_long(300), URL(message=_l("Typ een webadres dat begint met https://")), PLAIN])
    owner = SelectField(_l("Organisatie"), validate_choice=False)
    step_free = BooleanField(_l("Zonder drempels of trappen te bereiken"))
    accessible_toilet = BooleanField(_l("Toilet voor rolstoelgebruikers"))
    hearing_loop = BooleanField(_l("Ringleiding"))
    status = SelectField(_l("Staat"), validate_choice=False, default="draft",
                         choices=[SelectChoice(key, STATUS_NAMES[key]) for key in ("draft", "published")])

    def __init__(self, *args, organisations=(), owner_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.id): o for o in organisations}
        self.owner_required = owner_required
        none = [] if owner_required else [SelectChoice("", _l("Geen organisatie"))]
        self.owner.choices = [*none, *(SelectChoice(key, o.name) for key, o in self.organisations.items())]
        self.position = None

    def validate_owner(self, field):
        if field.data in ("", None) and not self.owner_required:
            return
        if field.data not in self.organisations:
            raise ValidationError(_l("Kies een organisatie uit de lijst"))

    def validate_status(self, field):
        if field.data not in ("draft", "published"):
            raise ValidationError(_l("Kies concept of gepubliceerd"))

    def validate_lon(self, field):
        if (self.lat.data is None) != (field.data is None):
            raise ValidationError(_l("Typ beide getallen, of laat beide leeg"))
        if field.data is not None and not geo.in_netherlands(self.lat.data, field.data):
            raise ValidationError(_l("Deze plek ligt niet in Nederland. Kijk of de getallen goed zijn."))

    @property
    def chosen_owner(self):
        return self.organisations.get(self.owner.data)


class ArchiveForm(FlaskForm):
    version = HiddenField()


# --- Activities ---

class DateInput(DateField):
    """A date typed as the browser's date field sends it; a day that does not exist (31 February) is
    said plainly. With `needed`, an empty one is said too."""

    def __init__(self, *args, needed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.needed = needed

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()[:20]
        self.data = None
        if not text and self.needed:
            raise ValueError(self.needed)
        if text:
            try:
                self.data = dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(_l("Deze datum bestaat niet. Kies een dag uit de kalender.")) from None


class TimeInput(StringField):
    """A time of day as 10:00 (or 10.00), as the browser's time field sends it; `needed` says to type one."""

    def __init__(self, *args, needed, **kwargs):
        super().__init__(*args, **kwargs)
        self.needed = needed

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(".", ":")[:8]
        self.data = None
        if not text:
            raise ValueError(self.needed)
        else:
            try:
                self.data = dt.time.fromisoformat(text if len(text) > 2 else f"{text}:00")
            except ValueError:
                raise ValueError(_l("Typ de tijd als uren en minuten, bijvoorbeeld 10:00")) from None

    def _value(self):
        return self.raw_data[0] if self.raw_data else ("" if self.data is None else self.data.strftime("%H:%M"))


class Duration(StringField):
    """How long it lasts, typed as 2:00 or 1:30 (hours and minutes); past midnight is allowed."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()[:10]
        self.data = None
        if not text:
            raise ValueError(_l("Typ hoe lang het duurt, bijvoorbeeld 2:00"))
        hours, _colon, minutes = text.replace(".", ":").partition(":")
        if not (hours.isascii() and hours.isdigit() and (minutes == "" or minutes.isascii() and minutes.isdigit()
                                                           and len(minutes) == 2 and int(minutes) < 60)):
            raise ValueError(_l("Typ uren en minuten, bijvoorbeeld 2:00 of 1:30"))
        self.data = int(hours) * 60 + int(minutes or 0)
        if not 0 < self.data < 24 * 60:
            raise ValueError(_l("Een activiteit duurt minder dan 24 uur. Typ bijvoorbeeld 2:00."))

    def _value(self):
        return self.raw_data[0] if self.raw_data else (
            "" if self.data is None else f"{self.data // 60}:{self.data % 60:02d}")


class Money(StringField):
    """What it costs in euros, 0 for free; stored in cents."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").replace("€", "").replace(",", ".").strip()[:12] or "0"
        self.data = None
        try:
            euros = Decimal(text)
        except InvalidOperation:
            euros = Decimal(-1)
        if not (euros.is_finite() and 0 <= euros <= 1000 and euros == euros.quantize(Decimal("0.01"))):
            raise ValueError(_l("Typ een bedrag in euro, bijvoorbeeld 2,50. Gratis: 0."))
        self.data = int(euros * 100)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data // 100},{self.data % 100:02d}"


def choices_of(options: dict) -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in options.items()]


class ActivityForm(FlaskForm):
    version = HiddenField()
    place = SelectField(_l("Plek"), validate_choice=False)
    category = SelectField(_l("Soort activiteit"), validate_choice=False,
                           choices=[SelectChoice(key, label) for key, (label, _picture) in CATEGORIES.items()])
    audience = SelectField(_l("Voor wie"), validate_choice=False, choices=choices_of(AUDIENCES))
    cost = Money(_l("Kosten in euro"), description=_l("0 als het gratis is"))
    languages = SelectMultipleField(_l("Talen die er gesproken worden"), validate_choice=False,
                                    choices=[SelectChoice(code, name) for code, (name, _p) in SPOKEN_LANGUAGES.items()],
                                    widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    signup_required = RadioField(_l("Aanmelden"), validate_choice=False, default="no", choices=[
        SelectChoice("no", _l("Gewoon binnenlopen")), SelectChoice("yes", _l("Eerst aanmelden"))])
    status = SelectField(_l("Staat"), validate_choice=False, default="draft",
                         choices=[SelectChoice(key, STATUS_NAMES[key]) for key in ("draft", "published")])
    # The schedule
    repeat = RadioField(_l("Hoe vaak"), validate_choice=False, default="weekly", choices=choices_of(REPEATS))
    first_date = DateInput(_l("Datum, of vanaf wanneer"), needed=_l("Kies de datum, of de eerste datum"))
    days = SelectMultipleField(_l("Op welke dagen"), validate_choice=False, widget=ListWidget(prefix_label=False),
                               option_widget=CheckboxInput())
    every = SelectField(_l("Hoe vaak per week"), validate_choice=False, default="1",
                        choices=[SelectChoice(str(key), label) for key, label in EVERY.items()])
    nth = SelectField(_l("Welke in de maand"), validate_choice=False, default="1",
                      choices=[SelectChoice(str(key), label) for key, label in NTH.items()])
    weekday = SelectField(_l("Welke weekdag"), validate_choice=False, default="MO")
    end_date = DateInput(_l("Tot en met (niet verplicht)"), description=_l("Leeg laten als het blijft doorgaan."))
    start_time = TimeInput(_l("Begintijd"), needed=_l("Typ de begintijd, bijvoorbeeld 10:00"))
    duration = Duration(_l("Hoe lang (uren:minuten)"), description=_l("Mag na middernacht doorgaan."))
    cancelled = SelectMultipleField(_l("Gaat niet door op"), validate_choice=False,
                                    widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {str(p.id): p for p in places}
        self.place.choices = [SelectChoice(key, p.name) for key, p in self.places.items()]
        days = get_day_names("wide", locale=get_locale())
        self.days.choices = [SelectChoice(code, days[n]) for n, code in enumerate(DAY_CODES)]
        self.weekday.choices = self.days.choices

    def text_fields(self, lang: str):
        return self[f"title_{lang}"], self[f"description_{lang}"]

    def validate_place(self, field):
        if field.data not in self.places:
            raise ValidationError(_l("Kies een plek uit de lijst"))

    def validate_category(self, field):
        if field.data not in CATEGORIES:
            raise ValidationError(_l("Kies een soort uit de lijst"))

    def validate_audience(self, field):
        if field.data not in AUDIENCES:
            raise ValidationError(_l("Kies uit de lijst voor wie het is"))

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Kies minstens één taal"))
        if not set(field.data) <= SPOKEN_LANGUAGES.keys():
            raise ValidationError(_l("Kies talen uit de lijst"))

    def validate_signup_required(self, field):
        if field.data not in ("no", "yes"):
            raise ValidationError(_l("Kies binnenlopen of aanmelden"))

    def validate_status(self, field):
        if field.data not in ("draft", "published"):
            raise ValidationError(_l("Kies concept of gepubliceerd"))

    def validate_repeat(self, field):
        if field.data not in REPEATS:
            raise ValidationError(_l("Kies hoe vaak het is"))

    def validate_days(self, field):
        if self.repeat.data == "weekly" and not field.data:
            raise ValidationError(_l("Kies minstens één dag"))
        if not set(field.data) <= set(DAY_CODES):
            raise ValidationError(_l("Kies dagen uit de lijst"))

    def validate_every(self, field):
        if field.data not in {str(key) for key in EVERY}:
            raise ValidationError(_l("Kies uit de lijst hoe vaak"))

    def validate_nth(self, field):
        if field.data not in {str(key) for key in NTH}:
            raise ValidationError(_l("Kies uit de lijst welke in de maand"))

    def validate_weekday(self, field):
        if field.data not in DAY_CODES:
            raise ValidationError(_l("Kies een weekdag uit de lijst"))

    def validate_end_date(self, field):
        if field.data and self.first_date.data and field.data < self.first_date.data:
            raise ValidationError(_l("De laatste datum ligt voor de eerste. Kijk of de data goed zijn."))

    def validate_cancelled(self, field):
        days = []
        for text in field.data:
            try:
                days.append(dt.date.fromisoformat(str(text)[:10]))
            except ValueError:
                raise ValidationError(_l("Kies data uit de lijst")) from None
        field.days = set(days)

    def plan(self) -> Plan:
        """What was chosen, as a schedule plan (after validation)."""
        return Plan(self.repeat.data, self.first_date.data, self.start_time.data, self.duration.data,
                    days=tuple(self.days.data), every=int(self.every.data), nth=int(self.nth.data),
                    weekday=self.weekday.data, end_date=self.end_date.data if self.repeat.data != "once" else None,
                    cancelled=getattr(self.cancelled, "days", set()))

    @property
    def chosen_place(self):
        return self.places.get(self.place.data)


def text_validators(lang: str):
    title = [too_long(160), PLAIN]
    if lang == "nl":
        title.insert(0, Required(_l("Typ de naam van de activiteit in het Nederlands")))
    return title, [too_long(2000), PLAIN]


for _lang in LANGUAGES:
    _title, _description = text_validators(_lang)
    setattr(ActivityForm, f"title_{_lang}", StringField(_l("Naam"), filters=[strip], validators=_title))
    setattr(ActivityForm, f"description_{_lang}", TextAreaField(_l("Beschrijving"), filters=[strip],
                                                                 validators=_description))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Naam"), filters=[strip],
                       validators=[Required(_l("Typ de naam van de organisatie")), too_long(160), PLAIN])
    municipality = SelectField(_l("Gemeente"), validate_choice=False)
    website = URLField(_l("Website (niet verplicht)"), filters=[strip], validators=[
        Optional(), too_long(300), URL(message=_l("Typ een webadres dat begint met https://")), PLAIN])
    phone = StringField(_l("Telefoon (niet verplicht)"), filters=[strip], validators=[
        Optional(), too_long(40), PhoneNumber(_l("Typ een telefoonnummer, bijvoorbeeld 015 212 3456"))])
    correction_email = EmailField(_l("E-mail voor verbeteringen (niet verplicht)"), filters=[strip],
                                  description=_l("Hier komen de tips van bewoners over de activiteiten."),
                                  validators=[Optional(), too_long(254),
                                              EmailAddress(_l("Typ een e-mailadres zoals naam@voorbeeld.nl"))])

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {str(m.id): m for m in municipalities}
        self.municipality.choices = [SelectChoice(key, m.name) for key, m in self.municipalities.items()]

    def validate_municipality(self, field):
        if field.data not in self.municipalities:
            raise ValidationError(_l("Kies een gemeente uit de lijst"))

    def populate(self, organisation) -> None:
        organisation.name, organisation.municipality_id = self.name.data, int(self.municipality.data)
        organisation.website = self.website.data or None
        organisation.phone = self.phone.data or None
        organisation.correction_email = (self.correction_email.data or "").lower() or None

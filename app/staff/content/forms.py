"""The place form: every field says what is wrong next to it; nothing is saved until all are right."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, Optional, ValidationError

from ... import geo
from ...validators import FullPostcode, NoMarkup, PhoneNumber, Required, strip

PLAIN = NoMarkup(_l("Gebruik alleen gewone tekst, zonder punthaken"))
STATUS_NAMES = {"draft": _l("Concept"), "published": _l("Gepubliceerd"), "archived": _l("Gearchiveerd")}


def too_long(maximum: int) -> Length:
    return Length(max=maximum, message=_l("Niet meer dan %(max)d tekens", max=maximum))


class Coordinate(StringField):
    """A latitude or longitude, typed with a point or a comma; empty means "from the postcode"."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.data = None
        if text:
            try:
                self.data = float(text[:30])
            except ValueError:
                raise ValueError(_l("Typ een getal, bijvoorbeeld 52.0116")) from None

    def _value(self):
        return "" if self.data is None else str(self.data)


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

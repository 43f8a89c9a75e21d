"""Phone intake: staff enter a request taken on the phone or at the desk, with the same questions and
choices as the resident's wizard, marked with its channel, so that every request lives in one inbox.

The resident gets the same code as on a tablet: staff read it out, and the status page answers it."""

import datetime as dt
import secrets

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ... import choices, geo, schedule
from ...extensions import db
from ...i18n import LANGUAGE_NAMES
from ...models import Activity, BuddyRequest, Concern, HelpRequest, Municipality, Neighbourhood, Place, utcnow
from ...references import new_reference
from ...validators import EmailAddress, KnownPostcode, NoMarkup, PhoneNumber, strip
from .. import audit
from ..access import my_municipality_ids

KINDS = {"buddy": _l("Een maatje"), "go_along": _l("Iemand die meegaat"), "concern": _l("Een zorg om iemand")}
CHANNELS = {"phone": _l("Aan de telefoon"), "desk": _l("Aan de balie")}
# What staff read out before they ask anything: the phone's version of the wizard's consent page.
CONSENT_VERSION = "intake-2026-12"
PLAIN = NoMarkup(_l("Gebruik alleen gewone tekst, zonder punthaken"))


def options(table: dict, blank: bool = False) -> list[SelectChoice]:
    """A choice list from the wizard's options (key → (label, pictogram))."""
    return [*([SelectChoice("", "—")] if blank else []),
            *(SelectChoice(key, label) for key, (label, _picture) in table.items())]


def boxes(label, table: dict) -> SelectMultipleField:
    return SelectMultipleField(label, validate_choice=False, choices=options(table),
                               widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


def text(label, maximum: int, **kwargs) -> StringField:
    return StringField(label, filters=[strip], validators=[
        Optional(), Length(max=maximum, message=_l("Niet meer dan %(max)d tekens", max=maximum)), PLAIN], **kwargs)


class IntakeForm(FlaskForm):
    channel = RadioField(_l("Hoe kwam de vraag binnen?"), validate_choice=False, default="phone",
                         choices=[SelectChoice(key, label) for key, label in CHANNELS.items()])
    consent = BooleanField(_l("Ik heb verteld wat wij met de gegevens doen, en de beller vindt het goed"))
    language = SelectField(_l("Taal van de bewoner"), validate_choice=False, default="nl",
                           choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()])
    municipality = SelectField(_l("Gemeente"), validate_choice=False)
    postcode = StringField(_l("Postcode (niet verplicht)"), filters=[strip], description=_l("Vier cijfers zijn genoeg"),
                           validators=[Optional(), KnownPostcode()])
    wijk = SelectField(_l("Of de wijk"), validate_choice=False)
    # A maatje, or someone to go along
    for_whom = SelectField(_l("Voor wie is het?"), validate_choice=False, choices=options(choices.FOR_WHOM, True))
    relation = SelectField(_l("Wie is de beller voor deze persoon?"), validate_choice=False,
                           choices=options(choices.RELATIONS, True))
    activity = SelectField(_l("Activiteit"), validate_choice=False)
    activity_date = StringField(_l("Datum van de activiteit"))
    wishes = boxes(_l("Wat wil de bewoner samen doen?"), choices.WISHES)
    days = boxes(_l("Op welke dagen?"), choices.DAYS)
    parts_of_day = boxes(_l("Hoe laat op de dag?"), choices.PARTS_OF_DAY)
    languages = boxes(_l("Welke talen spreekt de bewoner?"), choices.SPOKEN_LANGUAGES)
    preference = SelectField(_l("Wie wil de bewoner als maatje?"), validate_choice=False,
                             choices=options(choices.PREFERENCES, True))
    first_name = text(_l("Voornaam"), 60)
    contact = SelectField(_l("Hoe kunnen wij de bewoner bereiken?"), validate_choice=False,
                          choices=options(choices.CONTACT_METHODS, True))
    contact_person_name = text(_l("Naam van wie helpt"), 60)
    contact_person_phone = StringField(_l("Telefoon van wie helpt"), filters=[strip], validators=[
        Optional(), Length(max=20), PhoneNumber(_l("Typ een telefoonnummer, bijvoorbeeld 06 12345678"))])
    # A worry about someone
    urgency = SelectField(_l("Hoe dringend is het?"), validate_choice=False, choices=options(choices.URGENCY, True))
    worries = boxes(_l("Waar maakt de beller zich zorgen over?"), choices.WORRIES)
    description = TextAreaField(_l("Wat vertelt de beller? (niet verplicht)"), filters=[strip], validators=[
        Optional(), Length(max=500, message=_l("Niet meer dan %(max)d tekens", max=500)), PLAIN])
    street = text(_l("Straat (geen huisnummer)"), 120)
    about_name = text(_l("Naam van de persoon om wie het gaat (niet verplicht)"), 60)
    anonymous = BooleanField(_l("De beller wil niet zeggen wie hij of zij is"))
    # How to reach the caller
    phone = StringField(_l("Telefoon"), filters=[strip], validators=[
        Optional(), Length(max=20), PhoneNumber(_l("Typ een telefoonnummer, bijvoorbeeld 06 12345678"))])
    email = EmailField(_l("E-mail"), filters=[strip], validators=[
        Optional(), Length(max=254), EmailAddress(_l("Typ een e-mailadres zoals naam@voorbeeld.nl"))])

    def __init__(self, kind: str, municipalities, wijken, activities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.municipalities = {str(m.id): m for m in municipalities}
        self.wijken = {str(w.id): w for w in wijken}
        self.activities = {str(a.id): a for a in activities}
        self.municipality.choices = [SelectChoice(key, m.name) for key, m in self.municipalities.items()]
        self.wijk.choices = [SelectChoice("", "—"), *(SelectChoice(key, w.name) for key, w in self.wijken.items())]
        self.activity.choices = [SelectChoice("", "—"), *(
            SelectChoice(key, f"{a.text('nl').title} – {a.place.name}") for key, a in self.activities.items())]

    def validate_channel(self, field):
        if field.data not in CHANNELS:
            raise ValidationError(_l("Kies telefoon of balie"))

    def validate_consent(self, field):
        if not field.data:
            raise ValidationError(_l("Vraag eerst of de beller het goed vindt"))

    def validate_language(self, field):
        if field.data not in LANGUAGE_NAMES:
            raise ValidationError(_l("Kies een taal uit de lijst"))

    def validate_municipality(self, field):
        if field.data not in self.municipalities:
            raise ValidationError(_l("Kies een gemeente uit de lijst"))

    def validate_wijk(self, field):
        if field.data and (field.data not in self.wijken or
                           str(self.wijken[field.data].municipality_id) != self.municipality.data):
            raise ValidationError(_l("Kies een wijk van deze gemeente"))

    def validate_postcode(self, field):
        centroid = getattr(field, "centroid", None)
        if centroid is not None and str(centroid.municipality_id) != self.municipality.data:
            raise ValidationError(_l("Deze postcode ligt niet in deze gemeente"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        checks = CONCERN_CHECKS if self.kind == "concern" else BUDDY_CHECKS
        for name, check in checks:
            message = check(self)
            if message:
                self[name].errors.append(message)
                valid = False
        return valid


def chosen_in(name: str, table: dict, message):
    """A check that one (or more) of the wizard's options was chosen, and nothing else."""
    def check(form):
        data = form[name].data
        values = data if isinstance(data, list) else [data] if data else []
        return message if not values or not set(values) <= table.keys() else None
    return check


def needed_for_contact(name: str, method: str, message):
    def check(form):
        return message if form.contact.data == method and not form[name].data else None
    return check


def go_along_activity(form):
    if form.kind != "go_along":
        return None
    if form.activity.data not in form.activities:
        return _l("Kies de activiteit")
    day = schedule.day_from(form.activity_date.data, schedule.local_now().date())
    if day is None or not schedule.occurrences(form.activities[form.activity.data], day, day + dt.timedelta(days=1)):
        return _l("Kies een datum waarop de activiteit er is")
    return None


BUDDY_CHECKS = [
    ("for_whom", chosen_in("for_whom", choices.FOR_WHOM, _l("Kies voor wie het is"))),
    ("activity", go_along_activity),
    ("wishes", lambda form: None if form.kind == "go_along" else
     chosen_in("wishes", choices.WISHES, _l("Kies minstens één ding om samen te doen"))(form)),
    ("days", lambda form: None if form.kind == "go_along" else
     chosen_in("days", choices.DAYS, _l("Kies minstens één dag"))(form)),
    ("parts_of_day", lambda form: None if form.kind == "go_along" else
     chosen_in("parts_of_day", choices.PARTS_OF_DAY, _l("Kies minstens één deel van de dag"))(form)),
    ("languages", chosen_in("languages", choices.SPOKEN_LANGUAGES, _l("Kies minstens één taal"))),
    ("preference", lambda form: None if not form.preference.data or form.preference.data in choices.PREFERENCES
     else _l("Kies uit de lijst")),
    ("relation", lambda form: None if form.for_whom.data != "other" or form.relation.data in choices.RELATIONS
     else _l("Kies wie de beller is voor deze persoon")),
    ("first_name", lambda form: None if form.first_name.data else _l("Typ de voornaam")),
    ("contact", chosen_in("contact", choices.CONTACT_METHODS, _l("Kies hoe wij de bewoner bereiken"))),
    ("phone", needed_for_contact("phone", "phone", _l("Typ het telefoonnummer"))),
    ("email", needed_for_contact("email", "email", _l("Typ het e-mailadres"))),
    ("contact_person_name", needed_for_contact("contact_person_name", "contact_person", _l("Typ de naam"))),
    ("contact_person_phone", needed_for_contact("contact_person_phone", "contact_person",
                                                _l("Typ het telefoonnummer"))),
]

CONCERN_CHECKS = [
    ("urgency", chosen_in("urgency", choices.URGENCY, _l("Kies hoe dringend het is"))),
    ("worries", chosen_in("worries", choices.WORRIES, _l("Kies minstens één zorg"))),
    ("contact", lambda form: None if form.anonymous.data or form.contact.data in ("phone", "email")
     else _l("Kies bellen of e-mail, of vink aan dat de beller anoniem wil blijven")),
    ("phone", lambda form: None if form.anonymous.data else needed_for_contact(
        "phone", "phone", _l("Typ het telefoonnummer"))(form)),
    ("email", lambda form: None if form.anonymous.data else needed_for_contact(
        "email", "email", _l("Typ het e-mailadres"))(form)),
]


def form_for(kind: str) -> IntakeForm:
    mine = my_municipality_ids()
    municipalities = db.session.scalars(db.select(Municipality).where(Municipality.id.in_(mine))
                                        .order_by(Municipality.name)).all()
    activities = db.session.scalars(
        db.select(Activity).join(Activity.place).join(Place.neighbourhood)
        .where(Neighbourhood.municipality_id.in_(mine), Activity.published, Place.published)
        .order_by(Place.name, Activity.id)).all() if kind == "go_along" else []
    form = IntakeForm(kind, municipalities, geo.wijken_of(*mine), activities)
    if not form.is_submitted() and len(municipalities) == 1:
        form.municipality.data = str(municipalities[0].id)
    return form


def where(form: IntakeForm) -> tuple[int, int | None, str | None]:
    """(municipality, neighbourhood, postcode): the wijk chosen, else the one the postcode lies in."""
    municipality_id, postcode = int(form.municipality.data), form.postcode.data or None
    if form.wijk.data:
        return municipality_id, int(form.wijk.data), postcode and postcode[:4]
    centroid = getattr(form.postcode, "centroid", None)
    wijk = geo.wijk_at(centroid.lat, centroid.lon, municipality_id) if centroid else None
    return municipality_id, wijk.id if wijk else None, postcode and postcode[:4]


def joined(values) -> str:
    return " ".join(values or [])


def new_request(form: IntakeForm) -> HelpRequest:
    """The request as the wizard would have made it, with its channel and who took it."""
    municipality_id, neighbourhood_id, pc4 = where(form)
    common = {"municipality_id": municipality_id, "neighbourhood_id": neighbourhood_id, "postcode": pc4,
              "reference": new_reference(), "language": form.language.data, "channel": form.channel.data,
              "consent_at": utcnow(), "consent_version": CONSENT_VERSION,
              "submission_token": secrets.token_urlsafe(24), "phone": form.phone.data or None,
              "email": (form.email.data or "").lower() or None}
    if form.kind == "concern":
        anonymous = form.anonymous.data
        row = Concern(**common, urgency=form.urgency.data, worries=joined(form.worries.data),
                      priority=1 if form.urgency.data in ("danger", "crisis") else 0,
                      description=form.description.data or None, street=form.street.data or None,
                      about_name=form.about_name.data or None, anonymous=anonymous,
                      reporter_name=None if anonymous else form.first_name.data or None,
                      contact_method=None if anonymous else form.contact.data)
        if anonymous:
            row.phone = row.email = None
    else:
        activity = form.activities.get(form.activity.data) if form.kind == "go_along" else None
        row = BuddyRequest(**common, kind=form.kind, for_whom=form.for_whom.data,
                           relation=form.relation.data if form.for_whom.data == "other" else None,
                           activity_id=activity.id if activity else None,
                           activity_date=dt.date.fromisoformat(form.activity_date.data[:10]) if activity else None,
                           wishes=joined(form.wishes.data), days=joined(form.days.data),
                           parts_of_day=joined(form.parts_of_day.data), languages=joined(form.languages.data),
                           preference=form.preference.data or None, first_name=form.first_name.data,
                           contact_method=form.contact.data,
                           contact_person_name=form.contact_person_name.data or None,
                           contact_person_phone=form.contact_person_phone.data or None)
    db.session.add(row)
    db.session.flush()
    audit.record("request.intake", row, detail=f"{form.channel.data} by {current_user.id}")
    return row

"""The volunteer's forms. Each field is checked by the same rules as a spreadsheet row (`values`);
every field says what is wrong next to it, and nothing is saved until all are right."""

import datetime as dt
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from ... import choices, schedule
from ...models import VOLUNTEER_GENDERS
from . import values
from .words import (
    CHECKIN_NAMES,
    GENDER_NAMES,
    HELPS_WHOM,
    MATCH_END_REASONS,
    ROLE_NAMES,
    STARTING_STATUSES,
    STATUS_NAMES,
    STOP_REASONS,
)


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in pairs]


def labelled(options_: dict) -> list[tuple[str, object]]:
    """choices.* hold (label, pictogram); the words of words.py are the label alone."""
    return [(key, value[0] if isinstance(value, tuple) else value) for key, value in options_.items()]


class Checked:
    """Runs one rule of `values` on the field: what it returns is kept as `field.clean`; what it
    refuses is the field's error."""

    def __init__(self, rule, *args):
        self.rule, self.args = rule, args

    def __call__(self, form, field):
        try:
            field.clean = self.rule(field.data, *self.args)
        except values.Invalid as invalid:
            raise ValidationError(invalid.message) from None


class Checks(SelectMultipleField):
    """A group of checkboxes (rendered by the template's `checks` macro); unknown keys are refused by
    a `Checked(values.keys, …)` validator with a plain message, not WTForms' own."""

    def __init__(self, label, options_: dict, what, **kwargs):
        pairs = labelled(options_)
        super().__init__(label, choices=options(pairs), validate_choice=False,
                         validators=[Checked(values.keys, tuple(key for key, _ in pairs), what)], **kwargs)


class VolunteerForm(FlaskForm):
    version = HiddenField()
    municipality = SelectField(_l("Gemeente"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False, default="applicant",
                         choices=options((key, STATUS_NAMES[key]) for key in STARTING_STATUSES))
    first_name = StringField(_l("Voornaam"), validators=[Checked(values.text, 60, _l("Typ de voornaam"))])
    last_name = StringField(_l("Achternaam"), validators=[Checked(values.text, 80, _l("Typ de achternaam"))])
    phone = StringField(_l("Telefoon"), validators=[Checked(values.phone)])
    email = StringField(_l("E-mail"), validators=[Checked(values.email)])
    postcode = StringField(_l("Postcode"), description=_l("Vier cijfers is genoeg, bijvoorbeeld 2625."),
                           validators=[Checked(values.postcode)])
    languages = Checks(_l("Talen"), choices.SPOKEN_LANGUAGES, _l("taal"))
    interests = Checks(_l("Wat wil deze vrijwilliger graag doen?"), choices.WISHES, _l("interesse"))
    days = Checks(_l("Dagen"), {key: choices.DAYS[key] for key in values.DAY_KEYS}, _l("dag"))
    parts_of_day = Checks(_l("Delen van de dag"), choices.PARTS_OF_DAY, _l("deel van de dag"))
    helps_whom = Checks(_l("Wie wil deze vrijwilliger graag helpen?"), HELPS_WHOM, _l("keuze"))
    helps_whom_text = StringField(_l("In eigen woorden (niet verplicht)"), validators=[Checked(values.text, 200)])
    gender = SelectField(_l("Man of vrouw (niet verplicht)"), validate_choice=False, default="",
                         description=_l("Voor bewoners die om een man of een vrouw vragen."),
                         choices=options([("", _l("Niet gezegd")), *GENDER_NAMES.items()]))
    capacity = StringField(_l("Hoeveel koppelingen tegelijk?"), default="1", validators=[Checked(values.capacity)])
    roles = Checks(_l("Rollen"), ROLE_NAMES, _l("rol"))
    vog_date = StringField(_l("Datum van de VOG (niet verplicht)"),
                           description=_l("Jaar-maand-dag, bijvoorbeeld 2026-03-31."),
                           validators=[Checked(values.date)])
    training_dates = StringField(_l("Datums van trainingen (niet verplicht)"),
                                 description=_l("Jaar-maand-dag, met een spatie ertussen."),
                                 validators=[Checked(values.dates)])

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = options((str(m.id), m.name) for m in municipalities)

    def validate_municipality(self, field):
        mine = [choice.value for choice in self.municipality.choices]
        if not field.data and len(mine) == 1:  # one town: nothing to choose
            field.data = mine[0]
        if field.data not in mine:
            raise ValidationError(_l("Kies een gemeente uit de lijst"))

    def validate_status(self, field):
        if field.data not in STARTING_STATUSES:
            raise ValidationError(_l("Kies een status uit de lijst"))

    def validate_gender(self, field):
        if field.data not in ("", *VOLUNTEER_GENDERS):
            raise ValidationError(_l("Kies vrouw, man of niet gezegd"))

    def validate_email(self, field):
        if not (field.data or "").strip() and not (self.phone.data or "").strip():
            raise ValidationError(_l("Typ een telefoonnummer of een e-mailadres (of allebei)"))

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(_l("Kies minstens één rol"))

    def values(self) -> dict:
        """The checked values to store (after `validate`)."""
        found = {name: self[name].clean for name in (
            "first_name", "last_name", "phone", "email", "languages", "interests", "days", "parts_of_day",
            "helps_whom", "capacity", "roles", "vog_date", "training_dates")}
        return {**found, "postcode": self.postcode.clean[0], "helps_whom_text": self.helps_whom_text.clean or None,
                "gender": self.gender.data or None}

    @property
    def centre(self):
        return self.postcode.clean[1]


class StatusForm(FlaskForm):
    version = HiddenField()
    status = SelectField(_l("Nieuwe status"), validate_choice=False)
    reason = SelectField(_l("Reden van stoppen"), validate_choice=False, default="",
                         choices=options([("", "—"), *STOP_REASONS.items()]))
    text = StringField(_l("Toelichting (niet verplicht)"), validators=[Checked(values.text, 500)])

    def allowed(self, current: str, transitions: dict) -> None:
        self.status.choices = options((key, STATUS_NAMES[key]) for key in transitions[current])

    def validate_status(self, field):
        if field.data not in {choice.value for choice in self.status.choices}:
            raise ValidationError(_l("Kies een status uit de lijst"))

    def validate_reason(self, field):
        if self.status.data == "stopped" and field.data not in STOP_REASONS:
            raise ValidationError(_l("Kies waarom de vrijwilliger stopt"))
        if self.status.data != "stopped" and field.data:
            raise ValidationError(_l("Een reden hoort alleen bij stoppen"))


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Notitie"), validators=[
        DataRequired(_l("Schrijf eerst een notitie")),
        Length(max=2000, message=_l("Een notitie heeft niet meer dan 2000 tekens"))])


class ImportForm(FlaskForm):
    municipality = SelectField(_l("Gemeente"), validate_choice=False)
    file = FileField(_l("Bestand (CSV)"), description=_l("Een CSV-bestand in UTF-8 met de kolommen hieronder."))
    dry_run = BooleanField(_l("Alleen controleren, nog niets opslaan"))

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = options((str(m.id), m.name) for m in municipalities)

    def validate_municipality(self, field):
        if field.data not in {choice.value for choice in self.municipality.choices}:
            raise ValidationError(_l("Kies een gemeente uit de lijst"))

    def validate_file(self, field):
        if not getattr(field.data, "filename", None):
            raise ValidationError(_l("Kies een bestand"))


# --- Matches ---

class MatchForm(FlaskForm):
    """A step of a match: it carries the version of the match (or, to propose, of the request) that the
    page showed."""

    version = HiddenField()


class ProposeForm(MatchForm):
    volunteer_id = HiddenField()


class MeetingForm(MatchForm):
    day = StringField(_l("Datum"), description=_l("Jaar-maand-dag, bijvoorbeeld 2026-03-31."))
    time = StringField(_l("Tijd"), description=_l("Uur:minuten, bijvoorbeeld 14:30."))
    place = RadioField(_l("Waar"), validate_choice=False)

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.place.choices = options((str(place.id), place.name) for place, _distance in places)

    def validate_day(self, field):
        """Today or within a year: the first meeting is still to come."""
        found = values.ISO_DATE.fullmatch((field.data or "").strip())
        try:
            field.clean = dt.date(*(int(part) for part in found.groups())) if found else None
        except ValueError:
            field.clean = None
        today = schedule.local_now().date()
        if field.clean is None:
            raise ValidationError(_l("Typ een datum als 2026-03-31 (jaar-maand-dag)"))
        if not today <= field.clean <= today + dt.timedelta(days=365):
            raise ValidationError(_l("Kies een datum vanaf vandaag, binnen een jaar"))

    def validate_time(self, field):
        found = re.fullmatch(r"([01][0-9]|2[0-3]):([0-5][0-9])", (field.data or "").strip(), re.ASCII)
        if found is None:
            raise ValidationError(_l("Typ de tijd als uur:minuten, bijvoorbeeld 14:30"))
        field.clean = dt.time(int(found.group(1)), int(found.group(2)))

    def validate_place(self, field):
        if field.data not in {choice.value for choice in self.place.choices}:
            raise ValidationError(_l("Kies een plek uit de lijst"))


class CheckinForm(MatchForm):
    outcome = RadioField(_l("Hoe gaat het?"), validate_choice=False, choices=options(CHECKIN_NAMES.items()))

    def validate_outcome(self, field):
        if field.data not in CHECKIN_NAMES:
            raise ValidationError(_l("Kies hoe het gaat"))


class EndForm(MatchForm):
    reason = SelectField(_l("Reden"), validate_choice=False, default="",
                         choices=options([("", "—"), *MATCH_END_REASONS.items()]))

    def validate_reason(self, field):
        if field.data not in MATCH_END_REASONS:
            raise ValidationError(_l("Kies waarom de koppeling stopt"))

"""The upload form: a zip of the CSV package, the municipality it is for, and "only show what would change"."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError


class UploadForm(FlaskForm):
    package = FileField(_l("Zip-bestand met de CSV-bestanden"),
                        description=_l("De bestanden van HSDS 3.0, zoals organizations.csv en locations.csv."))
    municipality = SelectField(_l("Gemeente"), validate_choice=False)
    dry_run = BooleanField(_l("Alleen laten zien wat er zou veranderen (nog niets opslaan)"), default=True)

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.towns = {str(town.id): town for town in municipalities}
        self.municipality.choices = [SelectChoice(key, town.name) for key, town in self.towns.items()]

    def validate_package(self, field):
        if not getattr(field.data, "filename", None):
            raise ValidationError(_l("Kies een zip-bestand"))

    def validate_municipality(self, field):
        if field.data not in self.towns:
            raise ValidationError(_l("Kies een gemeente uit de lijst"))

    @property
    def chosen(self):
        return self.towns[self.municipality.data]

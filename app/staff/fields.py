"""Form fields that more than one part of the back office uses."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField


class Coordinate(StringField):
    """A latitude or longitude, typed with a point or a comma (or set by a tap on the map); empty is None.

    `decimals` rounds the number shown in the box (a tap on the map gives many more than a person needs
    to read); without it the number is shown as it is stored, so saving an unchanged form changes nothing.
    """

    def __init__(self, *args, decimals: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decimals = decimals

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.data = None
        if text:
            try:
                self.data = float(text[:30])
            except ValueError:
                raise ValueError(_l("Typ een getal, bijvoorbeeld 52.0116")) from None

    def _value(self):
        if self.data is None:
            return ""
        if self.decimals is None:
            return str(self.data)
        return f"{self.data:.{self.decimals}f}".rstrip("0").rstrip(".")

"""The one typed answer of the finder: a postcode."""

from flask_babel import lazy_gettext as _l
from wtforms import Form, StringField
from wtforms.validators import ValidationError

from .. import geo


class PostcodeForm(Form):
    """Read from the query string (a GET form), so there is no CSRF token and nothing is stored."""

    pc = StringField(_l("Wat is uw postcode?"), description=_l("De vier cijfers zijn genoeg. Bijvoorbeeld: 2625"))

    def validate_pc(self, field):
        pc4 = geo.parse_postcode(field.data)
        if pc4 is None:
            raise ValidationError(_l("Typ de vier cijfers van uw postcode. Bijvoorbeeld: 2625"))
        if geo.postcode_centroid(pc4) is None:
            raise ValidationError(_l("Deze postcode kennen we niet. Kijk of de cijfers goed zijn."))
        field.data = pc4

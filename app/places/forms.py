"""The one typed answer of the finder: a postcode."""

from flask_babel import lazy_gettext as _l
from wtforms import Form, StringField

from ..validators import KnownPostcode


class PostcodeForm(Form):
    """Read from the query string (a GET form), so there is no CSRF token and nothing is stored."""

    pc = StringField(_l("Wat is uw postcode?"), description=_l("De vier cijfers zijn genoeg. Bijvoorbeeld: 2625"),
                     validators=[KnownPostcode()])

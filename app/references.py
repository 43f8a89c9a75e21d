"""Reference codes such as `K7M4-PXQ2`: short to read aloud, hard to guess.

Eight characters of Crockford's base 32 (digits and capitals without I, L, O and U) give 40 random
bits. What a resident types is forgiven: lower case, spaces, dashes, and O/I/L for 0/1/1.
"""

import secrets

from .extensions import db
from .help_requests import first_request
from .models import HelpRequest, Volunteer

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_.\t\u00a0\u2010\u2011\u2012\u2013\u2014")


def new_reference() -> str:
    """A fresh code that no request of any kind and no volunteer has yet (canonical form, no dash)."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if find_request(code) is None and find_volunteer(code) is None:
            return code


def normalise(text: str | None) -> str | None:
    """The canonical form of what someone typed, or None if it cannot be a code."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = text.upper().translate(_SEPARATORS).translate(_LOOK_ALIKES)
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def formatted(code: str) -> str:
    """`K7M4PXQ2` → `K7M4-PXQ2`: two groups of four are easier to read aloud."""
    return f"{code[:4]}-{code[4:]}"


def find_request(code: str) -> HelpRequest | None:
    """The request, of any kind, with this canonical code."""
    return first_request(lambda model: db.select(model).where(model.reference == code))


def find_volunteer(code: str) -> Volunteer | None:
    """The volunteer who signed up themselves and got this canonical code."""
    return db.session.scalar(db.select(Volunteer).where(Volunteer.reference == code))

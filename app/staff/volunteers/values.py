"""What one value of a volunteer may be, for the form and the spreadsheet import alike: each function
takes the text as typed and returns the value to store, or raises `Invalid` with what is wrong, in
plain Dutch."""

import datetime as dt
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import choices, geo, schedule
from ...models import VOLUNTEER_CAPACITY, Postcode
from ...phones import e164

EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s.<>]+")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
FULL_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})", re.ASCII)
# The weekdays only: a volunteer names the days they can ("any" is for residents).
DAY_KEYS = tuple(key for key in choices.DAYS if key != "any")


class Invalid(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def text(value: str, maximum: int, required=None) -> str:
    """Plain text without < or >; `required` is the message when it is empty."""
    value = (value or "").strip()
    if not value and required is not None:
        raise Invalid(required)
    if len(value) > maximum:
        raise Invalid(_l("Niet meer dan %(max)d tekens", max=maximum))
    if "<" in value or ">" in value:
        raise Invalid(_l("Gebruik alleen gewone tekst, zonder punthaken"))
    return value


def phone(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    number = e164(value) if len(value) <= 30 else None
    if number is None:
        raise Invalid(_l("Dit is geen telefoonnummer. Typ bijvoorbeeld 06 12345678"))
    return number


def email(value: str) -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if len(value) > 254 or not EMAIL.fullmatch(value):
        raise Invalid(_l("Dit is geen e-mailadres. Typ bijvoorbeeld naam@voorbeeld.nl"))
    return value


def postcode(value: str) -> tuple[str, Postcode]:
    """"2625", "2625 AB" or "2625ab" → the postcode to store ("2625" or "2625 AB") and its centre."""
    value = (value or "").strip()
    if not value:
        raise Invalid(_l("Typ de postcode"))
    full = FULL_POSTCODE.fullmatch(value)
    pc4 = full.group(1) if full else geo.parse_postcode(value) if value.isascii() and value.isdigit() else None
    if pc4 is None:
        raise Invalid(_l("Typ een postcode als 2625 of 2625 AB"))
    centre = geo.postcode_centroid(pc4)
    if centre is None:
        raise Invalid(_l("Deze postcode kennen we niet. Kijk of de cijfers goed zijn."))
    return (f"{pc4} {full.group(2).upper()}" if full else pc4), centre


def keys(values, allowed, what) -> str:
    """Keys (a list, or text separated by spaces) that must all be in `allowed`: stored space-separated
    in the order of `allowed`, each once. `what` says in the message what the keys are."""
    given = values.split() if isinstance(values, str) else [v for v in values or () if v]
    unknown = [key for key in given if key not in allowed]
    if unknown:
        shown = " ".join(key[:20] for key in unknown[:3])
        # Translated now, as plain text: a lazy string counts as safe HTML to Jinja, and `shown` was typed.
        raise Invalid(_("Onbekende %(what)s: %(keys)s. Kies uit: %(allowed)s", what=what, keys=shown,
                        allowed=" ".join(allowed)))
    return " ".join(key for key in allowed if key in given)


def capacity(value) -> int:
    low, high = VOLUNTEER_CAPACITY
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 3 and low <= int(value) <= high):
        raise Invalid(_l("Typ een getal van %(low)d tot en met %(high)d", low=low, high=high))
    return int(value)


def date(value: str, today: dt.date | None = None) -> dt.date | None:
    """A date as YYYY-MM-DD that exists (no 31 February), not in the future; empty is None."""
    value = (value or "").strip()
    if not value:
        return None
    match = ISO_DATE.fullmatch(value)
    if match is None:
        raise Invalid(_l("Typ een datum als 2026-03-31 (jaar-maand-dag)"))
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise Invalid(_l("Deze datum bestaat niet. Kijk of de dag en de maand goed zijn.")) from None
    if day > (today or schedule.local_now().date()) or day.year < 1900:
        raise Invalid(_l("Deze datum kan niet: hij ligt in de toekomst of te ver terug"))
    return day


def dates(value: str, today: dt.date | None = None) -> str:
    """Several dates separated by spaces (training days): stored sorted, each once."""
    parts = (value or "").replace(",", " ").split()
    if len(parts) > 10:
        raise Invalid(_l("Niet meer dan 10 datums"))
    return " ".join(sorted({date(part, today).isoformat() for part in parts}))

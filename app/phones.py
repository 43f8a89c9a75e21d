"""Phone numbers: what a resident types becomes E.164 (+31612345678); staff and tickets read it the
way people write it (06 12345678). Shared by the wizards, the back office and the printed tickets."""

import phonenumbers


def e164(text: str) -> str | None:
    """A Dutch or international number in E.164, or None if it is not a valid number."""
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def readable_phone(e164_number: str | None) -> str:
    """+31612345678 → 06 12345678; other countries in international form."""
    if not e164_number:
        return ""
    number = phonenumbers.parse(e164_number, "NL")
    style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    if number.country_code == 31:
        style = phonenumbers.PhoneNumberFormat.NATIONAL
    return phonenumbers.format_number(number, style)

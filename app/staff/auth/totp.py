"""Second factor: TOTP codes (RFC 6238, 30-second steps) from an authenticator app. A code is
accepted once: the step it belongs to is kept, and no code of that step or an earlier one counts."""

import time

import pyotp
import segno
from markupsafe import Markup

ISSUER = "Vangnet"
DRIFT_STEPS = 1  # a code of the step before or after still counts: phone clocks drift


def clock() -> float:
    """Now, in seconds; tests move it on to the next 30-second step."""
    return time.time()


def new_secret() -> str:
    return pyotp.random_base32()


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step this code belongs to, or None if it is not a current code."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = clock() if now is None else now
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        moment = now + offset * totp.interval
        if pyotp.utils.strings_equal(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


def accept(staff, code: str, now: float | None = None) -> bool:
    """Accept this code for this person once; remember its step so it never counts again."""
    step = matching_step(staff.totp_secret, code, now) if staff.totp_secret else None
    if step is None or (staff.totp_last_step is not None and step <= staff.totp_last_step):
        return False
    staff.totp_last_step = step
    return True


def enrolment_qr(staff) -> Markup:
    uri = pyotp.TOTP(staff.totp_secret).provisioning_uri(name=staff.email, issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=4, svgclass="qr", omitsize=False)
    return Markup(svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-label" ', 1))


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))

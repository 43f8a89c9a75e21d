"""Passwords: argon2id hashes; at least 12 characters, long ones welcome, no composition rules,
and nothing that is easy to guess (zxcvbn's list of common passwords and its estimate)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128  # longer is refused before hashing: hashing a megabyte would be a denial of service
hasher = PasswordHasher()  # argon2id with the library's (OWASP) parameters
# Hashed once, to spend the same time on an unknown e-mail address as on a wrong password.
_DUMMY_HASH = hasher.hash("no one has this password, it only costs time")


def hash_password(password: str) -> str:
    return hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, InvalidHashError):
        return False


def weakness(password: str, *personal: str) -> str | None:
    """Why this password is refused, in Dutch for the staff form, or None if it is good."""
    if len(password) < MIN_LENGTH:
        return "short"
    if len(password) > MAX_LENGTH:
        return "long"
    # zxcvbn looks at the first 72 characters only (it refuses more): past that, guessing is hopeless anyway.
    if zxcvbn(password[:72], user_inputs=[p[:72] for p in personal if p])["score"] < 3:
        return "guessable"
    return None

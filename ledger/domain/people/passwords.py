"""How strong a password must be: longer for admins, and never one character repeated or only spaces."""
from __future__ import annotations

from ledger.domain.errors import FieldErrors
from ledger.domain.problems import N_, define_messages

MIN_PASSWORD_LENGTH = 10
#: An admin can override decisions, adjust balances and close customers: a longer password.
MIN_ADMIN_PASSWORD_LENGTH = 12
#: Longer than any sensible passphrase; scrypt of a huge string is work an attacker could ask for.
MAX_PASSWORD_LENGTH = 200

MESSAGES = define_messages({
    "password_too_short": N_("Must be at least %(min_length)s characters."),
    "password_one_character": N_("Must not be one character repeated."),
})


def min_password_length(role: str) -> int:
    """The shortest password a user with `role` may have."""
    return MIN_ADMIN_PASSWORD_LENGTH if role == "admin" else MIN_PASSWORD_LENGTH


def check_password_strength(errors: FieldErrors, password: object, role: str, field: str = "password") -> None:
    """Add to `errors` what makes `password` too weak for `role` (nothing if it is strong enough)."""
    if not isinstance(password, str) or not password.strip():
        errors.add(field, "blank")
        return
    if len(password) < min_password_length(role):
        errors.add(field, "password_too_short", min_length=min_password_length(role))
    elif len(password) > MAX_PASSWORD_LENGTH:
        errors.add(field, "too_long", max_length=MAX_PASSWORD_LENGTH)
    if len(set(password)) == 1:
        errors.add(field, "password_one_character")

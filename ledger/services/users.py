"""Users, passwords and API tokens."""
from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ledger.domain.errors import Conflict, FieldErrors
from ledger.extensions import db
from ledger.models import ApiToken, Customer, User
from ledger.models.users import ROLES
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.tx import write_transaction

MIN_PASSWORD_LENGTH = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: Hash used for unknown e-mail addresses, so that a failed login takes as long either way.
_DUMMY_HASH = generate_password_hash("not-a-password")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(email: str, role: str, password: str, *, customer_id: int | None = None) -> User:
    """Create a user with a hashed password (scrypt); a customer user needs its customer.

    :raise InvalidInput: naming the bad field.  :raise Conflict: the e-mail address is taken.
    """
    errors = FieldErrors()
    email = (email or "").strip().lower()
    if not _EMAIL.fullmatch(email):
        errors.add("email", f"{email!r} is not an e-mail address.")
    if role not in ROLES:
        errors.add("role", f"Must be one of: {', '.join(ROLES)}.")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        errors.add("password", f"Must be at least {MIN_PASSWORD_LENGTH} characters.")
    if role == "customer" and customer_id is None:
        errors.add("customer", "A customer user needs --customer ID.")
    if role != "customer" and customer_id is not None:
        errors.add("customer", "Only a customer user belongs to a customer.")
    errors.raise_if_any()
    with write_transaction() as session:
        if customer_id is not None and session.get(Customer, customer_id) is None:
            raise NotFound(f"Customer {customer_id} does not exist.", customer_id=customer_id)
        if session.execute(select(User.id).where(User.email == email)).scalar() is not None:
            raise Conflict(f"A user with e-mail {email} already exists.", code="duplicate_user")
        user = User(
            email=email,
            role=role,
            customer_id=customer_id,
            password_hash=generate_password_hash(password),
            active=True,
            created_at=utcnow(),
        )
        session.add(user)
    return user


def issue_token(email: str) -> str:
    """Create a new API token for a user and return it; only its hash is stored.

    :raise NotFound: no such user.
    """
    token = "sk_" + secrets.token_urlsafe(32)
    with write_transaction() as session:
        user = session.execute(select(User).where(User.email == (email or "").strip().lower())).scalar_one_or_none()
        if user is None:
            raise NotFound(f"No user has e-mail {email}.")
        session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token), prefix=token[:10], created_at=utcnow()))
    return token


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    return db.session.execute(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_(None), User.active.is_(True))
    ).scalar_one_or_none()


def user_for_password(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same cost whether or not the user exists)."""
    user = db.session.execute(select(User).where(User.email == (email or "").strip().lower())).scalar_one_or_none()
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    if not check_password_hash(stored, password or "") or user is None or not user.active:
        return None
    return user

"""Signing in with a password, throttled: repeated failures lock an e-mail address or an IP for a while."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.errors import DomainError, InvalidInput
from ledger.models import LoginAttempt, User
from ledger.services.clock import utcnow
from ledger.services.tx import write_transaction
from ledger.services.users import user_for_password

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LANGUAGES = ("sv", "en")


class SignInRefused(DomainError):
    """Wrong e-mail or password (which one is not said)."""

    code = "sign_in_refused"


class TooManyAttempts(DomainError):
    """Too many failures from this address or for this account; wait and try again."""

    code = "too_many_attempts"


def _recent_failures(session: Session, column: Any, value: str) -> int:
    since = utcnow() - WINDOW
    last_success = select(func.max(LoginAttempt.attempted_at)).where(
        column == value, LoginAttempt.succeeded.is_(True))
    return session.execute(
        select(func.count()).select_from(LoginAttempt).where(
            column == value, LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at >= since,
            LoginAttempt.attempted_at > func.coalesce(last_success.scalar_subquery(), since),
        )
    ).scalar_one()


def sign_in(email: str, password: str, ip: str) -> User:
    """The user with this e-mail and password; every attempt is recorded.

    :raise TooManyAttempts: MAX_FAILURES failures within WINDOW for the e-mail or the IP (even a right password).
    :raise SignInRefused: wrong e-mail or password.
    """
    email = (email or "").strip().lower()[:254]
    ip = (ip or "unknown")[:64]
    with write_transaction() as session:
        if max(_recent_failures(session, LoginAttempt.email, email), _recent_failures(session, LoginAttempt.ip, ip)) >= MAX_FAILURES:
            raise TooManyAttempts(
                f"Too many failed sign-ins; try again in {int(WINDOW.total_seconds() // 60)} minutes.",
                minutes=int(WINDOW.total_seconds() // 60),
            )
        user = user_for_password(email, password)
        session.add(LoginAttempt(email=email, ip=ip, succeeded=user is not None, attempted_at=utcnow()))
    if user is None:
        raise SignInRefused("Wrong e-mail address or password.")
    return user


def set_language(user_id: int, language: str) -> None:
    """Remember a user's language."""
    if language not in LANGUAGES:
        raise InvalidInput.single("language", f"Must be one of: {', '.join(LANGUAGES)}.")
    with write_transaction() as session:
        user = session.get(User, user_id)
        if user is not None:
            user.language = language

"""Signing in with a password, throttled per e-mail address and per (address, IP) pair, even under concurrency.

Each attempt first locks the address's counter and the pair's counter and counts itself as a failure; only
then is the password checked (outside the lock: scrypt is slow). A right password takes its count back. So
however many attempts arrive at once, at most MAX_FAILURES_PER_PAIR passwords are tried per pair, and at most
MAX_FAILURES_PER_ADDRESS per address, in a WINDOW. An office sharing one IP is not locked out by one person's
failures: nothing is counted per IP alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ledger.domain.errors import DomainError, InvalidInput
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import LoginAttempt, SignInThrottle, User
from ledger.services.access import Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.people.sessions import open_session
from ledger.services.people.users import user_for_password
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "sign_in_refused": N_("Wrong e-mail address or password."),
    "too_many_attempts": N_("Too many failed sign-ins; try again in %(minutes)s minutes."),
})

#: Failures for one address from one IP before that pair is locked for the rest of the window.
MAX_FAILURES_PER_PAIR = 5
#: Failures for one address from every IP together (a guesser with many IPs) before the address is locked.
MAX_FAILURES_PER_ADDRESS = 10
WINDOW = timedelta(minutes=15)
#: The counter of an address over every IP.
ANY_IP = ""
LANGUAGES = ("sv", "en")


class SignInRefused(DomainError):
    """Wrong e-mail or password (which one is not said)."""

    code = "sign_in_refused"


class TooManyAttempts(DomainError):
    """Too many failures for this address (from this IP, or from everywhere); wait and try again."""

    code = "too_many_attempts"


@dataclass(frozen=True)
class SignedIn:
    """The user who signed in, and the token of the server-side session their cookie carries."""

    user: User
    session_token: str


def _locked_counter(session: Session, email: str, ip: str, now: datetime) -> SignInThrottle:
    """The counter of (email, ip), created if missing and locked for the rest of the transaction."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(SignInThrottle).values(email=email, ip=ip, failures=0, window_started_at=now)
                    .on_conflict_do_nothing(index_elements=["email", "ip"]))
    counter = session.execute(
        select(SignInThrottle).where(SignInThrottle.email == email, SignInThrottle.ip == ip)
        .with_for_update().execution_options(populate_existing=True)
    ).scalar_one()
    if counter.window_started_at <= now - WINDOW:
        counter.failures, counter.window_started_at = 0, now
    return counter


def _minutes_left(counter: SignInThrottle, now: datetime) -> int:
    seconds = (counter.window_started_at + WINDOW - now).total_seconds()
    return max(1, -(-int(seconds) // 60))


def count_attempt(email: str, ip: str) -> None:
    """Count an attempt as a failure before its password is checked, or refuse it if the limit is reached.

    Signing in and changing one's password (which asks for the current one) share the counters, so that a
    stolen session cannot guess the password faster than the sign-in page allows.
    :raise TooManyAttempts: the pair or the address has used up its failures in WINDOW.
    """
    with write_transaction() as session:
        now = utcnow()
        # The address's row first, then the pair's: every sign-in locks in this order, so none deadlock.
        address = _locked_counter(session, email, ANY_IP, now)
        session.execute(delete(SignInThrottle).where(
            SignInThrottle.email == email, SignInThrottle.ip.notin_([ANY_IP, ip]),
            SignInThrottle.window_started_at <= now - WINDOW))
        pair = _locked_counter(session, email, ip, now)
        for counter, limit in ((pair, MAX_FAILURES_PER_PAIR), (address, MAX_FAILURES_PER_ADDRESS)):
            if counter.failures >= limit:
                raise TooManyAttempts(minutes=_minutes_left(counter, now))
        address.failures += 1
        pair.failures += 1


def forgive_attempt(session: Session, email: str, ip: str) -> None:
    """The right password: take back this attempt's count and clear the pair's failures (caller's transaction)."""
    session.execute(update(SignInThrottle).where(SignInThrottle.email == email, SignInThrottle.ip == ANY_IP)
                    .values(failures=case((SignInThrottle.failures > 0, SignInThrottle.failures - 1), else_=0)))
    session.execute(delete(SignInThrottle).where(SignInThrottle.email == email, SignInThrottle.ip == ip))


def sign_in(email: str, password: str, ip: str) -> SignedIn:
    """Check an e-mail and password and open a session; every checked attempt is recorded.

    :raise TooManyAttempts: the pair or the address has used up its failures in WINDOW (even a right password).
    :raise SignInRefused: wrong e-mail or password.
    """
    email = (email or "").strip().lower()[:254]
    ip = (ip or "unknown")[:64]
    count_attempt(email, ip)
    user = user_for_password(email, password)
    with write_transaction() as session:
        now = utcnow()
        session.add(LoginAttempt(email=email, ip=ip, succeeded=user is not None, attempted_at=now))
        token = None
        if user is not None:
            forgive_attempt(session, email, ip)
            token = open_session(session, user.id, ip, now)
    if user is None or token is None:  # the failure stays counted, and its attempt recorded
        raise SignInRefused()
    return SignedIn(user, token)


def unlock_address(email: str, *, actor: Actor) -> int:
    """Forget the failed sign-ins of an address (every IP), so that it can sign in again; return how many."""
    require_role(actor, "admin")
    email = (email or "").strip().lower()
    with write_transaction() as session:
        failures = session.execute(select(SignInThrottle.failures).where(
            SignInThrottle.email == email, SignInThrottle.ip == ANY_IP,
            SignInThrottle.window_started_at > utcnow() - WINDOW).with_for_update()).scalar() or 0
        session.execute(delete(SignInThrottle).where(SignInThrottle.email == email))
    return failures


def failed_sign_ins(*, actor: Actor) -> dict[str, int]:
    """Failed sign-ins per address over every IP in the current window, for the admin's list (admin)."""
    require_role(actor, "admin")
    rows = db.session.execute(select(SignInThrottle.email, SignInThrottle.failures).where(
        SignInThrottle.ip == ANY_IP, SignInThrottle.failures > 0,
        SignInThrottle.window_started_at > utcnow() - WINDOW))
    return {email: failures for email, failures in rows}


def set_language(user_id: int, language: str) -> None:
    """Remember a user's language."""
    if language not in LANGUAGES:
        raise InvalidInput.single("language", "one_of", choices=LANGUAGES)
    with write_transaction() as session:
        user = session.get(User, user_id)
        if user is not None:
            user.language = language

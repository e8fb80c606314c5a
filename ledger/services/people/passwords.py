"""Changing one's own password, and resetting a forgotten one by a one-time link.

A reset link carries a random token; only its SHA-256 is stored (`password_resets`). It works once, for
RESET_LINK_LIFETIME, and only the newest link of a user works. Setting a password by any route ends every
session of the user, so that whoever had the old password or a stolen cookie is out.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin

from flask import current_app, has_request_context, url_for
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.people.passwords import check_password_strength
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import PasswordReset, User
from ledger.services.access import Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.people.sessions import end_user_sessions, token_hash
from ledger.services.people.signin import count_attempt, forgive_attempt
from ledger.services.people.users import hash_password
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "wrong_current_password": N_("The current password is wrong."),
    "same_password": N_("The new password must differ from the current one."),
    "reset_link_invalid": N_("This link to set a password is unknown, used or expired; ask for a new one."),
    "user_deactivated": N_("The user %(email)s is deactivated."),
    "public_url_missing": N_("Set PUBLIC_URL (the address people open the app at) to make reset links."),
})

#: How long a mailed link to set a new password works.
RESET_LINK_LIFETIME = timedelta(hours=1)
#: The origin of links in mails when PUBLIC_URL is unset outside production (development and tests).
DEVELOPMENT_URL = "http://localhost:5000"


@dataclass(frozen=True)
class ResetLink:
    """A freshly made link (shown or mailed once) and the user it is for."""

    url: str
    email: str


def _set_password(session: Session, user: User, password: str, *, keep_session: str | None = None) -> int:
    """Store a new password hash, void open reset links and end the user's sessions; return sessions ended."""
    now = utcnow()
    user.password_hash = hash_password(password)
    session.execute(update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                    .values(used_at=now))
    return end_user_sessions(session, user.id, now, keep_token=keep_session)


def change_own_password(current_password: str, new_password: str, *, actor: Actor, ip: str,
                        keep_session: str | None = None) -> int:
    """Change the actor's own password, given the current one; every other session ends. Return how many.

    Wrong current passwords are throttled like sign-ins, on the same counters (the address, and the address
    from this IP): each attempt is counted before the password is checked, and a right one takes its count back.
    :raise TooManyAttempts: too many wrong passwords for the address in the window, even if this one is right.
    :raise InvalidInput: the current password is wrong, or the new one is too weak or the same.
    """
    user = db.session.get(User, actor.id)
    if user is None or not user.active:
        raise NotFound(code="user_id_not_found", user_id=actor.id)
    email, ip = user.email, (ip or "unknown")[:64]
    count_attempt(email, ip)
    if not check_password_hash(user.password_hash or "", current_password or ""):
        raise InvalidInput.single("current_password", "wrong_current_password")  # the failure stays counted
    errors = FieldErrors()
    ended = 0
    with write_transaction() as session:
        forgive_attempt(session, email, ip)
        check_password_strength(errors, new_password, user.role, field="new_password")
        if new_password == current_password:
            errors.add("new_password", "same_password")
        if not errors.problems:
            ended = _set_password(session, session.get_one(User, user.id), new_password, keep_session=keep_session)
    errors.raise_if_any()  # after the commit: the right current password is forgiven even when the new one is weak
    return ended


def _public_url(path: str) -> str:
    """An absolute link to `path` at PUBLIC_URL: never the Host header a request happened to carry."""
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        if current_app.config.get("SERVICEKONTO_ENV") not in ("development", "testing"):
            raise Conflict(code="public_url_missing")
        base = DEVELOPMENT_URL
    return urljoin(base.rstrip("/") + "/", path.lstrip("/"))


def new_reset_link(session: Session, user: User) -> str:
    """Make a reset token for the user (voiding older ones) in the caller's transaction; return its link."""
    now = utcnow()
    session.execute(update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                    .values(used_at=now))
    token = secrets.token_urlsafe(32)
    session.add(PasswordReset(user_id=user.id, token_hash=token_hash(token), created_at=now,
                              expires_at=now + RESET_LINK_LIFETIME))
    if has_request_context():
        path = url_for("account.reset_password", token=token)
    else:  # the CLI and the jobs worker: no request to build the path from
        with current_app.test_request_context():
            path = url_for("account.reset_password", token=token)
    return _public_url(path)


def make_reset_link(email: str, *, actor: Actor) -> ResetLink:
    """A new one-time link for a user to set their password (for an admin to hand over; `flask users reset-link`).

    :raise NotFound: no such user.  :raise Conflict: the user is deactivated.
    """
    require_role(actor, "admin")
    email = (email or "").strip().lower()
    with write_transaction() as session:
        user = session.execute(select(User).where(User.email == email)).scalar_one_or_none()
        if user is None:
            raise NotFound(code="user_not_found", email=email)
        if not user.active:
            raise Conflict(code="user_deactivated", email=email)
        return ResetLink(new_reset_link(session, user), user.email)


def _live_reset(session: Session, token: str, *, lock: bool = False) -> PasswordReset | None:
    query = (select(PasswordReset).join(User, User.id == PasswordReset.user_id)
             .where(PasswordReset.token_hash == token_hash(token or ""), PasswordReset.used_at.is_(None),
                    PasswordReset.expires_at > utcnow(), User.active.is_(True)))
    return session.execute(query.with_for_update() if lock else query).scalar_one_or_none()


def reset_link_user(token: str) -> User | None:
    """The user a live reset token is for (to greet them on the page), or None."""
    reset = _live_reset(db.session, token)
    return db.session.get(User, reset.user_id) if reset is not None else None


def reset_password(token: str, new_password: str) -> User:
    """Set a new password with a live reset token; the token is used up and every session of the user ends.

    :raise Conflict: the token is unknown, used, expired or its user deactivated.  :raise InvalidInput: too weak.
    """
    with write_transaction() as session:
        reset = _live_reset(session, token, lock=True)
        if reset is None:
            raise Conflict(code="reset_link_invalid")
        user = session.get(User, reset.user_id)
        assert user is not None
        errors = FieldErrors()
        check_password_strength(errors, new_password, user.role, field="new_password")
        errors.raise_if_any()
        _set_password(session, user, new_password)
        reset.used_at = utcnow()
    return user


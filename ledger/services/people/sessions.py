"""Server-side sessions: the session cookie carries a token, and only a live row here makes it a signed-in user.

A copied cookie therefore stops working as soon as its row ends: at sign-out, when the password changes, when
the user is deactivated, or when the lifetime (SESSION_LIFETIME_HOURS) runs out.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ledger.extensions import db
from ledger.models import User, UserSession
from ledger.services.clock import utcnow
from ledger.services.tx import write_transaction


def token_hash(token: str) -> str:
    """The SHA-256 stored for a session or API token (the token itself is never stored)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def session_lifetime() -> timedelta:
    """How long a sign-in lasts, from the app's SESSION_LIFETIME_HOURS."""
    return timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"])


def open_session(session: Session, user_id: int, ip: str, now: datetime) -> str:
    """Add a session for the user in the caller's transaction; return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user_id, token_hash=token_hash(token), ip=ip[:64], created_at=now,
                            expires_at=now + session_lifetime()))
    return token


def end_user_sessions(session: Session, user_id: int, now: datetime, *, keep_token: str | None = None) -> int:
    """End every live session of the user (but `keep_token`'s) in the caller's transaction; return how many."""
    query = update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None),
                                      UserSession.expires_at > now)
    if keep_token is not None:
        query = query.where(UserSession.token_hash != token_hash(keep_token))
    return session.execute(query.values(ended_at=now)).rowcount


def user_for_session(token: str | None) -> User | None:
    """The active user whose live session `token` is, or None (ended, expired, unknown or deactivated)."""
    if not token:
        return None
    return db.session.execute(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == token_hash(token), UserSession.ended_at.is_(None),
               UserSession.expires_at > utcnow(), User.active.is_(True))
    ).scalar_one_or_none()


def end_session(token: str | None) -> None:
    """End one session (signing out): every copy of its cookie stops working."""
    if not token:
        return
    with write_transaction() as session:
        session.execute(update(UserSession).where(UserSession.token_hash == token_hash(token),
                                                  UserSession.ended_at.is_(None)).values(ended_at=utcnow()))

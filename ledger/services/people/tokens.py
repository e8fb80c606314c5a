"""API tokens: issued to a user (shown once, stored hashed), listed, revoked, and checked on every request."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import bindparam, or_, select, update

from ledger.domain.errors import Conflict, FieldErrors
from ledger.extensions import db
from ledger.models import ApiToken, User
from ledger.services.access import Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.people.sessions import token_hash
from ledger.services.people.users import user_by_email
from ledger.services.tx import write_transaction

#: How many characters of a token are kept in the clear, to tell tokens apart ("sk_" and 7 more).
TOKEN_PREFIX_LENGTH = 10


MAX_TOKEN_DAYS = 3650


#: last_used_at is written at most this often per token, so that a busy client costs no write per request.
TOKEN_USE_RESOLUTION = timedelta(minutes=5)


def issue_token(email: str, *, expires_in_days: int | None = None) -> str:
    """Create a new API token for a user, valid until revoked or for `expires_in_days`; only its hash is stored.

    :raise NotFound: no such user.  :raise InvalidInput: a lifetime outside 1..MAX_TOKEN_DAYS days.
    """
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        errors = FieldErrors()
        errors.add("expires_in_days", "out_of_range", low=1, high=MAX_TOKEN_DAYS)
        errors.raise_if_any()
    token = "sk_" + secrets.token_urlsafe(32)
    with write_transaction() as session:
        user = user_by_email(email)
        now = utcnow()
        expires_at = now + timedelta(days=expires_in_days) if expires_in_days else None
        session.add(ApiToken(user_id=user.id, token_hash=token_hash(token), prefix=token[:TOKEN_PREFIX_LENGTH],
                             created_at=now, expires_at=expires_at))
    return token


def list_tokens(*, actor: Actor, email: str | None = None) -> list[ApiToken]:
    """API tokens (of one user, if `email` is given), newest first, with when each was last used (admin)."""
    require_role(actor, "admin")
    query = select(ApiToken).join(User, User.id == ApiToken.user_id).order_by(ApiToken.created_at.desc(),
                                                                             ApiToken.id.desc())
    if email is not None:
        query = query.where(User.id == user_by_email(email).id)
    return list(db.session.execute(query).scalars())


def revoke_token(prefix: str, *, actor: Actor) -> ApiToken:
    """Revoke the API token that starts with `prefix` (as `flask users tokens` shows it) or is `prefix`.

    :raise NotFound: no such token.  :raise Conflict: ambiguous, or already revoked.
    """
    require_role(actor, "admin")
    prefix = (prefix or "").strip()
    with write_transaction() as session:
        matches = list(session.execute(
            select(ApiToken).where(or_(ApiToken.prefix == prefix, ApiToken.token_hash == token_hash(prefix)))
        ).scalars())
        live = [token for token in matches if token.revoked_at is None]
        if not matches:
            raise NotFound(code="token_not_found", prefix=prefix)
        if not live:
            raise Conflict(code="token_already_revoked", prefix=prefix)
        if len(live) > 1:
            raise Conflict(code="token_prefix_ambiguous", prefix=prefix, count=len(live))
        live[0].revoked_at = utcnow()
    return live[0]


def revoke_token_by_id(token_id: int, *, actor: Actor) -> ApiToken:
    """Revoke one API token, as the admin page names it.  :raise NotFound.  :raise Conflict: already revoked."""
    require_role(actor, "admin")
    with write_transaction() as session:
        token = session.get(ApiToken, token_id, with_for_update=True)
        if token is None:
            raise NotFound(code="token_id_not_found", token_id=token_id)
        if token.revoked_at is not None:
            raise Conflict(code="token_already_revoked", prefix=token.prefix)
        token.revoked_at = utcnow()
    return token


#: Built once with bound values: every API request runs it, and building it cost as much as running it.
_LIVE_TOKEN = (
    select(User, ApiToken)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None), User.active.is_(True),
           or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > bindparam("now")))
)


def user_for_token(token: str) -> User | None:
    """The active user a live bearer token belongs to (not revoked, not expired), or None; notes its use."""
    now = utcnow()
    row = db.session.execute(_LIVE_TOKEN, {"token_hash": token_hash(token), "now": now}).one_or_none()
    if row is None:
        return None
    user, api_token = row
    if api_token.last_used_at is None or api_token.last_used_at <= now - TOKEN_USE_RESOLUTION:
        with write_transaction() as session:
            session.execute(update(ApiToken).where(
                ApiToken.id == api_token.id,
                or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - TOKEN_USE_RESOLUTION),
            ).values(last_used_at=now))
    return user

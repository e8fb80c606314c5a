"""People who sign in, their API tokens and sessions, and the counters that throttle failed sign-ins."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ledger.extensions import db
from ledger.models.types import UTCDateTime

if TYPE_CHECKING:
    from ledger.models.customers import Customer

ROLES = ("admin", "staff", "finance", "customer")


class User(db.Model):
    """A person with a role; a customer user belongs to exactly one customer."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'staff', 'finance', 'customer')", name="role"),
        CheckConstraint("(role = 'customer') = (customer_id IS NOT NULL)", name="customer_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: The name colleagues see wherever this user acted (history, tasks, cases); never a user number.
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    language: Mapped[str | None] = mapped_column(String(2))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    customer: Mapped[Customer | None] = relationship()

    # Flask-Login's user protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: None: valid until revoked.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Updated at most every few minutes (see services.users), so that reading it costs no write per request.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class UserSession(db.Model):
    """A signed-in browser: the session cookie carries the token whose SHA-256 is stored here.

    Ending the row (sign-out, password change, deactivation) ends the session for every copy of the cookie.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    ip: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PasswordReset(db.Model):
    """A one-time link to set a new password: only the token's SHA-256 is stored; it expires and works once."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Set when the link was used, or when a newer link or a password change made it void.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


#: What handling a request for a reset link did: mailed a link, found no active user, or held it back (a link was
#: mailed to the address within RESET_MAIL_INTERVAL).
RESET_REQUEST_OUTCOMES = ("mailed", "no_user", "held_back")


class PasswordResetRequest(db.Model):
    """Someone asked for a link to set a new password for an address: recorded whatever the address, and handled
    by a job, so that the page answers in the same time for known and unknown addresses."""

    __tablename__ = "password_reset_requests"
    __table_args__ = (
        CheckConstraint(f"outcome IN {RESET_REQUEST_OUTCOMES}", name="outcome"),
        Index("ix_password_reset_requests_email_at", "email", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: None until a job handled it; the sweep queues a request left unhandled again.
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    outcome: Mapped[str | None] = mapped_column(String(16))


class SignInThrottle(db.Model):
    """Failed sign-ins counted in a window, for one e-mail address (ip "") or one (address, IP) pair.

    A sign-in locks its rows (SELECT … FOR UPDATE) and counts itself before the password is checked, so that
    parallel attempts cannot all slip under the limit.
    """

    __tablename__ = "sign_in_throttles"
    __table_args__ = (UniqueConstraint("email", "ip"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int]
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginAttempt(db.Model):
    """A sign-in attempt, kept so that repeated failures can be throttled across all app servers."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_at", "email", "attempted_at"),
                      Index("ix_login_attempts_ip_at", "ip", "attempted_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool]
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)

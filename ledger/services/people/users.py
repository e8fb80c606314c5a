"""Users and passwords: create, list, deactivate, change a password; and the API tokens they hold."""
from __future__ import annotations

import re
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.people.passwords import check_password_strength
from ledger.domain.problems import N_, define_messages
from ledger.domain.text import refuse_line_breaks
from ledger.extensions import db
from ledger.models import Customer, PasswordReset, User
from ledger.models.users import ROLES
from ledger.services.access import Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.people.sessions import end_user_sessions
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "duplicate_user": N_("A user with e-mail %(email)s already exists."),
    "user_not_found": N_("No user has e-mail %(email)s."),
    "user_id_not_found": N_("User %(user_id)s does not exist."),
    "token_id_not_found": N_("API token %(token_id)s does not exist."),
    "customer_user_needs_customer": N_("A customer user needs the customer it belongs to."),
    "only_customer_users_belong": N_("Only a customer user belongs to a customer."),
    "token_not_found": N_("No API token starts with %(prefix)s."),
    "token_prefix_ambiguous": N_("%(count)s API tokens start with %(prefix)s; give the whole token."),
    "token_already_revoked": N_("The API token %(prefix)s is already revoked."),
    "cannot_deactivate_self": N_("You cannot deactivate your own account."),
    "cannot_change_own_role": N_("You cannot change your own role."),
    "customer_role_fixed": N_("A customer user stays a customer user; create a new user instead."),
    "last_active_admin": N_("%(email)s is the last active administrator; make another user an administrator "
                            "first."),
    "actor_no_longer_admin": N_("You are no longer an active administrator."),
})

#: The roles an admin can move a staff user between (a customer user belongs to a customer for good).
STAFF_ROLES = ("admin", "staff", "finance")
#: The longest display name (as the column holds it).
MAX_DISPLAY_NAME_LENGTH = 100
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: Hash used for unknown e-mail addresses, so that a failed sign-in takes as long either way.
_DUMMY_HASH = generate_password_hash("not-a-password")


def hash_password(password: str) -> str:
    """The stored form of a password: scrypt at Werkzeug's default cost (`PASSWORD_HASH_METHOD`; only the test
    suite lowers the cost, so that thousands of test users do not spend minutes hashing)."""
    return generate_password_hash(password, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def normal_email(email: str | None) -> str:
    return (email or "").strip().lower()


def user_by_email(email: str) -> User:
    user = db.session.execute(select(User).where(User.email == normal_email(email))).scalar_one_or_none()
    if user is None:
        raise NotFound(code="user_not_found", email=normal_email(email))
    return user


def _checked_display_name(errors: FieldErrors, name: object) -> str:
    """The trimmed name, or a coded problem on `display_name` (missing, blank, too long, line breaks)."""
    if not isinstance(name, str) or not name.strip():
        errors.add("display_name", "blank")
        return ""
    if not refuse_line_breaks(errors, "display_name", name):
        return ""
    name = " ".join(name.split())
    if len(name) > MAX_DISPLAY_NAME_LENGTH:
        errors.add("display_name", "too_long", max_length=MAX_DISPLAY_NAME_LENGTH)
    return name


def create_user(email: str, role: str, password: str, *, display_name: str,
                customer_id: int | None = None) -> User:
    """Create a user with a display name and a hashed password (scrypt); a customer user needs its customer.

    :raise InvalidInput: naming the bad field.  :raise Conflict: the e-mail address is taken.
    """
    errors = FieldErrors()
    display_name = _checked_display_name(errors, display_name)
    email = normal_email(email)
    if not _EMAIL.fullmatch(email):
        errors.add("email", "not_an_email", value=email)
    if role not in ROLES:
        errors.add("role", "one_of", choices=ROLES)
    check_password_strength(errors, password, role)
    if role == "customer" and customer_id is None:
        errors.add("customer", "customer_user_needs_customer")
    if role != "customer" and customer_id is not None:
        errors.add("customer", "only_customer_users_belong")
    errors.raise_if_any()
    with write_transaction() as session:
        if customer_id is not None and session.get(Customer, customer_id) is None:
            raise NotFound(code="customer_not_found", customer_id=customer_id)
        if session.execute(select(User.id).where(User.email == email)).scalar() is not None:
            raise Conflict(code="duplicate_user", email=email)
        user = User(email=email, display_name=display_name, role=role, customer_id=customer_id, password_hash=hash_password(password),
                    active=True, created_at=utcnow())
        session.add(user)
    return user


def list_users(*, actor: Actor) -> list[User]:
    """Every user, by e-mail address (admin)."""
    require_role(actor, "admin")
    return list(db.session.execute(select(User).order_by(User.email)).scalars())


def get_user(user_id: int, *, actor: Actor) -> User:
    """One user (admin).  :raise NotFound: no such user."""
    require_role(actor, "admin")
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(code="user_id_not_found", user_id=user_id)
    return user


def display_names(user_ids: Iterable[int | None] | None = None) -> dict[int, str]:
    """The display name of each user among `user_ids` (of every user if None; unknown ids left out), in one query."""
    query = select(User.id, User.display_name)
    if user_ids is not None:
        wanted = {user_id for user_id in user_ids if user_id is not None}
        if not wanted:
            return {}
        query = query.where(User.id.in_(wanted))
    return {user_id: name for user_id, name in db.session.execute(query)}


def rename_user(email: str, display_name: str, *, actor: Actor) -> User:
    """Change the name a user is shown by (admin).  :raise InvalidInput: blank or too long.  :raise NotFound."""
    require_role(actor, "admin")
    errors = FieldErrors()
    display_name = _checked_display_name(errors, display_name)
    errors.raise_if_any()
    with write_transaction():
        user = user_by_email(email)
        user.display_name = display_name
    return user


def _refuse_losing_the_last_admin(session: Session, user: User, actor: Actor) -> None:
    """Refuse a change that would leave no active admin, under a lock on every active admin's row.

    Locking them all, in id order, makes two admins who deactivate or demote each other at the same instant
    queue: the second sees the first's change and is refused, instead of both succeeding and locking everyone
    out. (SQLite's BEGIN IMMEDIATE already lets one writer in at a time.)
    """
    admins = set(session.execute(select(User.id).where(User.role == "admin", User.active.is_(True))
                                 .order_by(User.id).with_for_update()).scalars())
    if actor.id is not None and actor.role == "admin" and actor.id not in admins:
        raise Conflict(code="actor_no_longer_admin")  # deactivated or demoted by another admin meanwhile
    session.refresh(user)
    if user.id in admins and not admins - {user.id}:
        raise Conflict(code="last_active_admin", email=user.email)


def change_role(email: str, role: str, *, actor: Actor) -> User:
    """Give a staff user another staff role (admin, staff, finance); it applies from their next request.

    :raise InvalidInput: not a staff role.
    :raise Conflict: one's own role, a customer user's, or the last active admin's.
    """
    require_role(actor, "admin")
    if role not in STAFF_ROLES:
        raise InvalidInput.single("role", "one_of", choices=STAFF_ROLES)
    with write_transaction() as session:
        user = user_by_email(email)
        if user.id == actor.id:
            raise Conflict(code="cannot_change_own_role")
        if user.role == "customer":
            raise Conflict(code="customer_role_fixed")
        if role != "admin":
            _refuse_losing_the_last_admin(session, user, actor)
        user.role = role
    return user


def user_for_password(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same cost whether or not the user exists)."""
    user = db.session.execute(select(User).where(User.email == normal_email(email))).scalar_one_or_none()
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    if not check_password_hash(stored, password or "") or user is None or not user.active:
        return None
    return user


def change_password(email: str, password: str, *, actor: Actor, keep_session: str | None = None) -> int:
    """Set a new password and end the user's sessions (but `keep_session`, the one changing it); return how many.

    The user's API tokens stay valid: revoke them separately.
    :raise InvalidInput: the password is too weak.  :raise NotFound: no such user.
    """
    with write_transaction() as session:
        user = user_by_email(email)
        if actor.id != user.id:
            require_role(actor, "admin")
        errors = FieldErrors()
        check_password_strength(errors, password, user.role)
        errors.raise_if_any()
        user.password_hash = hash_password(password)
        now = utcnow()
        # A reset link made before the change must not undo it.
        session.execute(update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                        .values(used_at=now))
        return end_user_sessions(session, user.id, now, keep_token=keep_session)


def deactivate_user(email: str, *, actor: Actor) -> int:
    """Stop a user from signing in or using the API: sessions end now, tokens stop working; return sessions ended.

    :raise NotFound: no such user.  :raise Conflict: an admin deactivating themselves, or the last active admin.
    """
    require_role(actor, "admin")
    with write_transaction() as session:
        user = user_by_email(email)
        if user.id == actor.id:
            raise Conflict(code="cannot_deactivate_self")
        _refuse_losing_the_last_admin(session, user, actor)
        user.active = False
        return end_user_sessions(session, user.id, utcnow())


def activate_user(email: str, *, actor: Actor) -> User:
    """Let a deactivated user sign in again (their old sessions stay ended).

    :raise NotFound: no such user.
    """
    require_role(actor, "admin")
    with write_transaction():
        user = user_by_email(email)
        user.active = True
    return user

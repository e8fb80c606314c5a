"""Who is who in the support team (docs/support.md): the signed-in user, and the staff a case can be assigned to."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.errors import InvalidInput
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import User
from ledger.services.access import READ_ALL_ROLES, STAFF_ROLES, Actor, require_role
from ledger.services.errors import NotFound

MESSAGES = define_messages({
    "user_not_assignable": N_("User %(user_id)s cannot take cases: only active staff and admins can."),
})


def current_user_of(actor: Actor) -> User:
    """The user behind the actor (a signed-in person or an API token's owner).

    :raise NotFound: the actor is the system, not a user.
    """
    user = db.session.get(User, actor.id) if actor.id is not None else None
    if user is None:
        raise NotFound(code="user_id_not_found", user_id=actor.id)
    return user


def list_assignable_users(*, actor: Actor) -> list[User]:
    """The active staff and admins, who can be assigned cases, by name (staff, admins and finance may ask)."""
    require_role(actor, *READ_ALL_ROLES)
    return list(db.session.execute(
        select(User).where(User.role.in_(STAFF_ROLES), User.active.is_(True)).order_by(User.display_name, User.id)
    ).scalars())


def assignable_user(session: Session, user_id: int) -> User:
    """The user a case is being assigned to, in `session`.

    :raise InvalidInput: on user_id, when that is not an active staff member or admin.
    """
    user = session.get(User, user_id)
    if user is None or user.role not in STAFF_ROLES or not user.active:
        raise InvalidInput.single("user_id", "user_not_assignable", user_id=user_id)
    return user

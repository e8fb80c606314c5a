"""Who is acting, and what their role lets them see and do."""
from __future__ import annotations

from dataclasses import dataclass

from ledger.services.errors import Forbidden, NotFound


@dataclass(frozen=True)
class Actor:
    """The person (or the system, id None) on whose behalf a use case runs."""

    id: int | None
    role: str
    customer_id: int | None = None
    email: str = "system"

    @classmethod
    def of(cls, user: object) -> "Actor":
        """Snapshot a User row, so that use cases never depend on a live ORM object."""
        return cls(user.id, user.role, user.customer_id, user.email)  # type: ignore[attr-defined]


#: Scripts and the demo loader act as this.
SYSTEM = Actor(id=None, role="admin", email="system")

STAFF_ROLES = ("admin", "staff")
READ_ALL_ROLES = ("admin", "staff", "finance")
FINANCE_ROLES = ("admin", "finance")


def require_role(actor: Actor, *roles: str) -> None:
    """Raise Forbidden unless the actor has one of `roles`."""
    if actor.role not in roles:
        raise Forbidden(roles=roles, email=actor.email, role=actor.role)


def check_customer_visible(actor: Actor, customer_id: int) -> None:
    """A customer user sees only its own customer; anyone else is told it does not exist."""
    if actor.role == "customer" and actor.customer_id != customer_id:
        raise NotFound(phrasing="customer_not_found", customer_id=customer_id)

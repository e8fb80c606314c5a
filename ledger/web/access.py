"""Who may open a page: role guards for views, and the signed-in person as an Actor for services."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from ledger.services.access import Actor

View = TypeVar("View", bound=Callable[..., Any])

STAFF = ("admin", "staff")
FINANCE = ("admin", "finance")
CUSTOMER = ("customer",)


def roles_required(*roles: str) -> Callable[[View], View]:
    """Send anonymous visitors to the sign-in page; refuse other roles with 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        @login_required
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def actor() -> Actor:
    """The signed-in user, for service calls."""
    return Actor.of(current_user)

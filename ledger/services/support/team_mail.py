"""Mail to the support team (docs/support.md): who is told of an assignment and an escalation, and the link to the case.

The assignee is written to in their own language; the lead's address (`SUPPORT_LEAD_ADDRESS`) in the deployment's
default language. A case that nobody owns and a deployment without a lead address fall back to every active staff
member, so no escalation is lost unseen.
"""
from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urljoin

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.locales import LANGUAGES
from ledger.models import User
from ledger.services.access import STAFF_ROLES


class TeamRecipient(NamedTuple):
    """An address to tell, in a language; `user_id` None for the lead's address."""

    email: str
    language: str
    user_id: int | None


def _language(user: User) -> str:
    return user.language if user.language in LANGUAGES else default_language()


def default_language() -> str:
    """The language of mail to an address that is no user (the lead's): the deployment's default."""
    configured = current_app.config.get("BABEL_DEFAULT_LOCALE", LANGUAGES[0])
    return configured if configured in LANGUAGES else LANGUAGES[0]


def user_recipient(user: User) -> TeamRecipient:
    """A staff member as a recipient."""
    return TeamRecipient(user.email, _language(user), user.id)


def escalation_recipients(session: Session, assignee_id: int | None) -> list[TeamRecipient]:
    """The active assignee and the lead's address, each address once; without either, every active staff member."""
    found: dict[str, TeamRecipient] = {}
    assignee = session.get(User, assignee_id) if assignee_id is not None else None
    if assignee is not None and assignee.active and assignee.role in STAFF_ROLES:
        found[assignee.email.lower()] = user_recipient(assignee)
    lead = (current_app.config.get("SUPPORT_LEAD_ADDRESS") or "").strip()
    if lead and lead.lower() not in found:
        found[lead.lower()] = TeamRecipient(lead, default_language(), None)
    if not found:
        staff = session.execute(select(User).where(User.role.in_(STAFF_ROLES), User.active.is_(True))
                                .order_by(User.id)).scalars()
        found = {user.email.lower(): user_recipient(user) for user in staff}
    return list(found.values())


def staff_case_link(case_id: int) -> str | None:
    """The staff page of the case at PUBLIC_URL; None when the deployment has not said where it is served."""
    base = current_app.config.get("PUBLIC_URL")
    return urljoin(base.rstrip("/") + "/", f"staff/cases/{case_id}") if base else None

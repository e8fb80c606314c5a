"""How many tasks wait in the review queue, for the staff menu (one indexed COUNT per page view)."""
from __future__ import annotations

from sqlalchemy import func, select

from ledger.extensions import db
from ledger.models import Task
from ledger.services.access import STAFF_ROLES, Actor, require_role


def count_review_queue(*, actor: Actor) -> int:
    """The number of tasks whose cause is still unknown (status needs_review), across every customer."""
    require_role(actor, *STAFF_ROLES)
    return db.session.execute(select(func.count()).select_from(Task).where(Task.status == "needs_review")).scalar_one()

"""Reading the outbox for the staff page: what is queued, what was sent, what failed and why."""
from __future__ import annotations

from sqlalchemy import func, select

from ledger.domain.errors import InvalidInput
from ledger.extensions import db
from ledger.models import OutboxMessage
from ledger.models.outbox import OUTBOX_STATUSES
from ledger.services.access import Actor, require_role

#: Who may read every message the product sends (the addresses are customers' and colleagues').
OUTBOX_ROLES = ("admin", "staff", "finance")
#: Messages the page lists at most, newest first.
LISTED = 200


def list_outbox(*, actor: Actor, status: str | None = None, limit: int = LISTED) -> list[OutboxMessage]:
    """The newest messages, optionally of one status (queued, sent, failed)."""
    require_role(actor, *OUTBOX_ROLES)
    if status is not None and status not in OUTBOX_STATUSES:
        raise InvalidInput.single("status", "one_of", choices=OUTBOX_STATUSES)
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return list(db.session.execute(query).scalars())


def outbox_counts(*, actor: Actor) -> dict[str, int]:
    """How many messages are queued, sent and failed."""
    require_role(actor, *OUTBOX_ROLES)
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return {status: counts.get(status, 0) for status in OUTBOX_STATUSES}

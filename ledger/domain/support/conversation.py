"""A case's conversation (docs/support.md): which events are messages between the customer and support, which are
internal, and which way each goes."""
from __future__ import annotations

from ledger.domain.support.cases import TEAM_EVENT_KINDS

#: Events customers never see or get mailed: internal notes, and the team's own work (assignment, escalation).
INTERNAL_KINDS = ("note", *TEAM_EVENT_KINDS)
#: Events that carry the public conversation, and its direction: in from the customer, out from support.
MESSAGE_DIRECTIONS = {"opened": "in", "customer_replied": "in", "responded": "out"}


def is_visible_to_customer(kind: str) -> bool:
    """Whether the customer may see an event of this kind."""
    return kind not in INTERNAL_KINDS

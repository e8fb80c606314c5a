"""A case's conversation (DESIGN §15): which events are messages between the customer and support, which are
internal, and which way each goes."""
from __future__ import annotations

#: Events customers never see or get mailed: internal notes.
INTERNAL_KINDS = ("note",)
#: Events that carry the public conversation, and its direction: in from the customer, out from support.
MESSAGE_DIRECTIONS = {"opened": "in", "customer_replied": "in", "responded": "out"}


def is_visible_to_customer(kind: str) -> bool:
    """Whether the customer may see an event of this kind."""
    return kind not in INTERNAL_KINDS

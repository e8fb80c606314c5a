"""Closing a customer: its remaining hours are forfeited (they are valid only while a customer), then it is closed."""
from __future__ import annotations

from ledger.domain.accounts.entries import EntryKind
from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.problems import N_, define_messages
from ledger.models import LedgerEntry
from ledger.services.access import Actor, require_role
from ledger.services.accounts.entries import book_entry
from ledger.services.clock import utcnow
from ledger.services.customers.customers import refuse_if_closed
from ledger.services.idempotency import IdempotencyKey, remember, replay, replay_on_race
from ledger.services.tx import lock_account, write_transaction

MESSAGES = define_messages({
    "hours_owed": N_("Customer %(customer_id)s owes %(owed_minutes)s; invoice the hours owed before closing the account."),
})


@replay_on_race
def close_customer(
    customer_id: int, reason: str, *, actor: Actor, idempotency: IdempotencyKey | None = None
) -> LedgerEntry | None:
    """Close a customer and forfeit the remaining hours (they are valid only while a customer).

    Returns the forfeit entry, or None when no hours were left.
    :raise Conflict: already closed, or the customer still owes hours (invoice them first).
    """
    require_role(actor, "admin")
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput.single("reason", "reason_required")
    with write_transaction() as session:
        customer, account = lock_account(session, customer_id)
        if (stored := replay(session, idempotency, "close_customer")) is not None:
            entry_id = stored["entry_id"]
            return None if entry_id is None else session.get_one(LedgerEntry, entry_id)
        refuse_if_closed(customer)
        if account.balance_minutes < 0:
            raise Conflict(code="hours_owed", customer_id=customer_id, owed_minutes=-account.balance_minutes,
                           balance_minutes=account.balance_minutes)
        entry = None
        if account.balance_minutes > 0:
            entry = book_entry(
                session,
                customer,
                account,
                EntryKind.FORFEIT,
                -account.balance_minutes,
                actor=actor,
                memo=reason,
                idempotency=idempotency,
            )
        customer.status = "closed"
        customer.closed_at = utcnow()
        customer.close_reason = reason
        remember(session, idempotency, "close_customer", {"entry_id": entry.id if entry else None})
    return entry

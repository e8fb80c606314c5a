"""Low-balance notices: raised when a debit leaves the balance under the customer's threshold."""
from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ledger.extensions import db
from ledger.models import Customer, LedgerEntry, Notice
from ledger.services.clock import utcnow
from ledger.services.customers.recipients import low_balance_recipients
from ledger.services.mail.outbox import queue_mail

LOW_BALANCE = "low_balance"

#: Built once with a bound customer id: every debit under the threshold asks for the open notice.
_OPEN_LOW = ((Notice.customer_id == bindparam("owner_id")) & (Notice.kind == LOW_BALANCE)
             & Notice.resolved_at.is_(None))
_FIND_OPEN_LOW = select(Notice).where(_OPEN_LOW)
_RESOLVE_OPEN_LOW = update(Notice).where(_OPEN_LOW)


def refresh_low_balance(session: Session, customer: Customer, entry: LedgerEntry) -> Notice | None:
    """After an entry on a locked account: open a notice when a debit leaves the balance under the
    threshold (one open notice at a time), resolve it once the balance is back at or above it."""
    threshold = customer.low_balance_minutes
    if entry.balance_after >= threshold:
        if entry.balance_after - entry.minutes < threshold:  # crossed back up: the notice no longer holds
            session.execute(_RESOLVE_OPEN_LOW.values(resolved_at=utcnow()), {"owner_id": customer.id})
        return None
    if entry.kind != "consumption":
        return None
    open_notice = session.execute(_FIND_OPEN_LOW, {"owner_id": customer.id}).scalar_one_or_none()
    if open_notice is not None:
        return open_notice
    notice = Notice(
        customer_id=customer.id,
        kind=LOW_BALANCE,
        balance_minutes=entry.balance_after,
        threshold_minutes=threshold,
        entry_id=entry.id,
        created_at=entry.recorded_at,
    )
    session.add(notice)
    session.flush()
    _mail_low_balance(session, customer, notice)
    return notice


def _mail_low_balance(session: Session, customer: Customer, notice: Notice) -> None:
    """The low-balance mail, once per notice and recipient, in the same transaction as the notice."""
    params = {"customer_name": customer.name, "balance_minutes": notice.balance_minutes,
              "threshold_minutes": notice.threshold_minutes}
    for recipient in low_balance_recipients(session, customer):
        queue_mail(session, kind=LOW_BALANCE, recipient=recipient.email, language=recipient.language,
                   template="low_balance", params=params, customer_id=customer.id,
                   dedupe_key=f"low_balance:{notice.id}:{recipient.email.lower()}")


def open_notices(customer_id: int) -> list[Notice]:
    """The customer's notices that still hold, newest first."""
    return list(
        db.session.execute(
            select(Notice)
            .where(Notice.customer_id == customer_id, Notice.resolved_at.is_(None))
            .order_by(Notice.created_at.desc())
        ).scalars()
    )

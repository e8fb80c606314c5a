"""The Message-IDs of each case's conversation: ours, so that a customer's reply to any mail we sent lands on its
case, and the customer's, so that a reply to their own earlier message does too; and the In-Reply-To and
References headers that make every mail about a case one thread in a mail client."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.models import CaseMailId, OutboxMessage
from ledger.services.mail.outbox import message_id_domain

#: References carry the conversation's first Message-ID and the latest ones, at most this many in all.
MAX_REFERENCES = 10


def remember_message_id(session: Session, case_id: int, message_id: str, direction: str, now: datetime) -> None:
    """Record a Message-ID as part of the case's conversation (once; a known one stays with its case)."""
    if direction == "out":  # one we just made: it cannot be known yet
        session.add(CaseMailId(message_id=message_id, case_id=case_id, direction=direction, created_at=now))
        return
    if session.execute(select(CaseMailId.id).where(CaseMailId.message_id == message_id)).first():
        return
    try:
        with session.begin_nested():
            session.add(CaseMailId(message_id=message_id, case_id=case_id, direction=direction, created_at=now))
    except IntegrityError:  # the same Message-ID recorded at this moment by another transaction
        pass


def case_of_message_ids(session: Session, message_ids: Sequence[str]) -> int | None:
    """The case the nearest of these Message-IDs belongs to (they come nearest first), or None."""
    if not message_ids:
        return None
    found = {row.message_id: row.case_id for row in session.execute(
        select(CaseMailId.message_id, CaseMailId.case_id).where(CaseMailId.message_id.in_(list(message_ids))))}
    return next((found[message_id] for message_id in message_ids if message_id in found), None)


def is_our_message(session: Session, message_id: str | None) -> bool:
    """Whether a Message-ID is one we made (a mail of ours coming back, or a copy of it)."""
    if not message_id:
        return False
    if message_id.endswith(f"@{message_id_domain()}>"):
        return True
    return session.execute(select(OutboxMessage.id).where(OutboxMessage.message_id == message_id)).first() is not None


def thread_headers(session: Session, case_id: int) -> dict[str, str]:
    """In-Reply-To (the conversation's latest Message-ID) and References (its first and latest ones)."""
    ids = list(session.execute(
        select(CaseMailId.message_id).where(CaseMailId.case_id == case_id).order_by(CaseMailId.id)
    ).scalars())
    if not ids:
        return {}
    references = ids if len(ids) <= MAX_REFERENCES else [ids[0], *ids[-(MAX_REFERENCES - 1):]]
    return {"In-Reply-To": ids[-1], "References": " ".join(references)}

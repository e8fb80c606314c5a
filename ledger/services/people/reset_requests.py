"""Asking for a mailed link to set a new password: the page records the request and answers at once; a job mails.

Looking the address up while the visitor waits told an attacker which addresses have accounts (9.0 ms against
5.9 ms medians). Now the page does the same for every address — it records the request and queues its job — and
the job, in the background, finds the user, holds back a repeat and mails the link through the outbox. The
request row is the source of truth: the sweep queues a request a dead worker dropped again.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.extensions import db
from ledger.models import PasswordResetRequest, User
from ledger.services.clock import utcnow
from ledger.services.mail.outbox import queue_mail
from ledger.services.people.passwords import RESET_LINK_LIFETIME, new_reset_link
from ledger.services.people.users import normal_email
from ledger.services.tx import write_transaction

#: At most one reset mail per address in this time, however often the form is sent. Links an admin made to hand
#: over do not count: a person who then asks for a mail still gets one.
RESET_MAIL_INTERVAL = timedelta(minutes=5)
#: A request still unhandled this long after it was made is queued again by the sweep (its job was lost).
HANDLE_WITHIN = timedelta(seconds=30)
MAX_EMAIL_LENGTH = 254


def record_reset_request(email: str) -> int:
    """Record that someone asked for a reset link for `email`, whatever the address; return the request's id.

    The same work for every address: nothing here reads the users, so the answer's time tells nothing.
    """
    with write_transaction() as session:
        request = PasswordResetRequest(email=normal_email(email)[:MAX_EMAIL_LENGTH], requested_at=utcnow())
        session.add(request)
        session.flush()
        return request.id


def handle_reset_request(request_id: int) -> str | None:
    """Mail a reset link if the request's address is an active user's and none was mailed to it recently; note
    the outcome (mailed, no_user, held_back) and return it. A request already handled is left as it is (None).
    """
    with write_transaction() as session:
        request = session.get(PasswordResetRequest, request_id, with_for_update=True)
        if request is None or request.handled_at is not None:
            return None
        # The user's row first: two requests for one address are handled one after the other, so one mail goes.
        user = session.execute(select(User).where(User.email == request.email).with_for_update()).scalar_one_or_none()
        now = utcnow()
        if user is None or not user.active:
            outcome = "no_user"
        elif _mailed_since(session, request.email, now - RESET_MAIL_INTERVAL):
            outcome = "held_back"
        else:
            link = new_reset_link(session, user)
            queue_mail(session, kind="password_reset", recipient=user.email, language=user.language or "sv",
                       template="password_reset", customer_id=user.customer_id,
                       params={"name": user.display_name, "link": link,
                               "minutes": int(RESET_LINK_LIFETIME.total_seconds() // 60)})
            outcome = "mailed"
        request.handled_at, request.outcome = now, outcome
    return outcome


def _mailed_since(session: Session, email: str, since: datetime) -> bool:
    return session.execute(select(PasswordResetRequest.id).where(
        PasswordResetRequest.email == email, PasswordResetRequest.outcome == "mailed",
        PasswordResetRequest.handled_at > since).limit(1)).first() is not None


def unhandled_reset_requests() -> list[int]:
    """Requests left unhandled for longer than HANDLE_WITHIN (their job was lost), oldest first, for the sweep."""
    found = list(db.session.execute(
        select(PasswordResetRequest.id).where(PasswordResetRequest.handled_at.is_(None),
                                              PasswordResetRequest.requested_at < utcnow() - HANDLE_WITHIN)
        .order_by(PasswordResetRequest.id).limit(1000)).scalars())
    db.session.rollback()
    return found

"""SLA warnings (DESIGN §11): mail the staff when a case's target is at risk (80 % used) or breached.

The periodic job calls `queue_sla_warnings` every few minutes; each warning is queued once per case, target,
level and recipient (the dedupe key extends `SlaWarning.key`), so running it again, or on two workers at once,
mails nobody twice. The staff who acted on the case get it; a case nobody has touched goes to all staff.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.support.sla import WARNING_PERCENT
from ledger.locales import LANGUAGES
from ledger.models import Case, User
from ledger.services.access import STAFF_ROLES
from ledger.services.mail.outbox import queue_mail
from ledger.services.support.sla_reports import SlaWarning, cases_needing_warning
from ledger.services.tx import write_transaction

TEMPLATES = {"at_risk": "sla_at_risk", "breached": "sla_breached"}


def _recipients(session: Session, warning: SlaWarning) -> list[User]:
    query = select(User).where(User.role.in_(STAFF_ROLES), User.active.is_(True)).order_by(User.id)
    if warning.staff_user_ids:
        query = query.where(User.id.in_(warning.staff_user_ids))
    return list(session.execute(query).scalars())


def queue_sla_warnings() -> int:
    """Queue the at-risk and breached mails that are due now; the number queued."""
    warnings = cases_needing_warning()
    queued = 0
    with write_transaction() as session:
        for warning in warnings:
            case = session.get(Case, warning.case_id)
            assert case is not None
            for user in _recipients(session, warning):
                message = queue_mail(
                    session, kind=TEMPLATES[warning.level], recipient=user.email,
                    language=user.language or LANGUAGES[0], template=TEMPLATES[warning.level],
                    customer_id=warning.customer_id, dedupe_key=f"{warning.key}:{user.id}",
                    params={"case_id": case.id, "case_subject": case.subject, "severity": case.severity,
                            "target": warning.target, "due_at": warning.due_at,
                            "used_percent": WARNING_PERCENT},
                )
                queued += message is not None
    return queued

"""Escalation (docs/support.md): when a target of an open case passes 80 % or is breached, mail its assignee and
`SUPPORT_LEAD_ADDRESS`, once per case, target and level.

The periodic job calls `escalate_cases` every few minutes. "Once" is the database's: a `case_escalations` row per
(case, target, level) under a unique key, written with the `escalated` event and the mails in one transaction per
case while the case row is locked. Jobs running at the same moment wait for each other on the case and find the
mark; were one to slip past, the unique key refuses its insert and its mails roll back with it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.domain.support.escalation import due_escalations, escalation_level, escalation_note
from ledger.domain.support.sla import WARNING_PERCENT
from ledger.extensions import db
from ledger.models import Case, CaseEscalation, Customer, User
from ledger.services.clock import utcnow
from ledger.services.mail.outbox import queue_mail
from ledger.services.support.case_events import append_event, lock_case, sla_in
from ledger.services.support.case_reads import open_cases_of, views_of
from ledger.services.support.team_mail import escalation_recipients, staff_case_link
from ledger.services.tx import write_transaction

#: The mail template (and outbox kind) of each level.
TEMPLATES = {"at_risk": "sla_at_risk", "breached": "sla_breached"}


@dataclass
class EscalationRun:
    """What one run did: the (case, target, level) escalated and the messages queued."""

    escalated: list[tuple[int, str, str]] = field(default_factory=list)
    messages: int = 0


def _already_escalated(case_ids: list[int]) -> set[tuple[int, str, str]]:
    if not case_ids:
        return set()
    rows = db.session.execute(select(CaseEscalation.case_id, CaseEscalation.target, CaseEscalation.level)
                              .where(CaseEscalation.case_id.in_(case_ids)))
    return {tuple(row) for row in rows}  # type: ignore[misc]


def _candidates(now: datetime) -> dict[int, list[tuple[str, str]]]:
    """Per open case, the (target, level) reached now and not escalated yet (as last committed)."""
    reached = {view.case.id: due_escalations(view.sla) for view in views_of(open_cases_of(), now)}
    reached = {case_id: found for case_id, found in reached.items() if found}
    done = _already_escalated(sorted(reached))
    pending = defaultdict(list)
    for case_id, found in reached.items():
        for target, level in found:
            if (case_id, target, level) not in done:
                pending[case_id].append((target, level))
    return pending


def _mark(session: Session, case: Case, target: str, level: str, now: datetime) -> bool:
    """Write the mark; False when another run wrote it first (the unique key)."""
    exists = session.execute(select(CaseEscalation.id).where(
        CaseEscalation.case_id == case.id, CaseEscalation.target == target, CaseEscalation.level == level)).first()
    if exists:
        return False
    try:
        with session.begin_nested():
            session.add(CaseEscalation(case_id=case.id, target=target, level=level, escalated_at=now,
                                       assignee_id=case.assignee_id))
    except IntegrityError:
        return False
    return True


def _escalate_case(case_id: int, now: datetime, run: EscalationRun) -> None:
    with write_transaction() as session:
        case = lock_case(session, case_id)
        if case.status not in ("open", "waiting_on_customer"):
            return
        sla = sla_in(session, case, now)  # as the events stand now that the case is locked
        states = dict(sla.targets())
        assignee = session.get(User, case.assignee_id) if case.assignee_id is not None else None
        customer = session.get_one(Customer, case.customer_id)
        for target, level in due_escalations(sla):
            if escalation_level(states[target]) != level or not _mark(session, case, target, level, now):
                continue
            append_event(session, case, "escalated", None, now, message=escalation_note(target, level))
            run.escalated.append((case.id, target, level))
            state = states[target]
            for recipient in escalation_recipients(session, case.assignee_id):
                message = queue_mail(
                    session, kind=TEMPLATES[level], recipient=recipient.email, language=recipient.language,
                    template=TEMPLATES[level], customer_id=case.customer_id,
                    dedupe_key=f"escalation:{case.id}:{target}:{level}:{recipient.email.lower()}",
                    params={"case_id": case.id, "case_subject": case.subject, "severity": case.severity,
                            "target": target, "due_at": state.due_at, "used_percent": WARNING_PERCENT,
                            "customer_name": customer.name,
                            "assignee_name": assignee.display_name if assignee is not None else None,
                            "link": staff_case_link(case.id)},
                )
                run.messages += message is not None


def escalate_cases(now: datetime | None = None) -> EscalationRun:
    """Escalate every target of an open case that has passed 80 % or its due time since the last run; safe to run
    any number of times, on any number of workers at once."""
    now = now or utcnow()
    run = EscalationRun()
    for case_id in sorted(_candidates(now)):
        _escalate_case(case_id, now, run)
    return run

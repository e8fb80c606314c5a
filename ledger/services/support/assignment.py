"""Who owns a case (docs/support.md): assign it to a staff member, or back to the team; the event `assigned` keeps who
gave it to whom and when, and the new assignee is told by mail (unless they took it themselves)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ledger.domain.errors import Conflict, FieldErrors
from ledger.domain.problems import N_, define_messages
from ledger.models import Case, Customer, User
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.mail.outbox import queue_mail
from ledger.services.people.team import assignable_user
from ledger.services.support.case_events import append_event, lock_case, sla_in
from ledger.services.support.case_reads import CaseView, get_case
from ledger.services.support.team_mail import staff_case_link, user_recipient
from ledger.services.tx import write_transaction

CASE_ASSIGNED = "case_assigned"
MAX_USER_ID = 2**31 - 1
MESSAGES = define_messages({
    "case_closed_not_assigned": N_("Case %(case_id)s is closed; a closed case is not assigned."),
})


def _checked_user_id(value: Any) -> int | None:
    errors = FieldErrors()
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_USER_ID):
        errors.add("user_id", "out_of_range", low=1, high=MAX_USER_ID)
    errors.raise_if_any()
    return value  # type: ignore[no-any-return]


def assign_case(case_id: int, user_id: int | None, *, actor: Actor) -> CaseView:
    """Assign the case to an active staff member or admin, or to nobody (None); assigning it to whom it already
    belongs changes nothing.

    :raise InvalidInput: on user_id, not someone who can take cases.  :raise NotFound: unknown case.
    :raise Conflict: the case is closed.
    """
    require_role(actor, *STAFF_ROLES)
    user_id = _checked_user_id(user_id)
    with write_transaction() as session:
        case = lock_case(session, case_id)
        if case.status == "closed":
            raise Conflict(code="case_closed_not_assigned", case_id=case.id)
        assignee = assignable_user(session, user_id) if user_id is not None else None
        if case.assignee_id != user_id:
            now = utcnow()
            event = append_event(session, case, "assigned", actor.id, now, assignee_id=user_id)
            case.assignee_id = user_id
            if assignee is not None and assignee.id != actor.id:
                _tell_assignee(session, case, assignee, event.seq, actor, now)
    return get_case(case_id, actor=actor)


def _tell_assignee(session: Session, case: Case, assignee: User, seq: int, actor: Actor, now: datetime) -> None:
    """Queue the mail that tells the new assignee: the case, its customer, its due times and who assigned it."""
    recipient = user_recipient(assignee)
    sla = sla_in(session, case, now)
    assigner = session.get(User, actor.id) if actor.id is not None else None
    queue_mail(session, kind=CASE_ASSIGNED, recipient=recipient.email, language=recipient.language,
               template=CASE_ASSIGNED, customer_id=case.customer_id, dedupe_key=f"assigned:{case.id}:{seq}",
               params={"case_id": case.id, "case_subject": case.subject, "severity": case.severity,
                       "customer_name": session.get_one(Customer, case.customer_id).name,
                       "assigned_by": assigner.display_name if assigner is not None else None,
                       "first_response_due_at": sla.first_response.due_at if sla.first_response.met_at is None
                       else None,
                       "resolution_due_at": sla.resolution.due_at if sla.resolution.met_at is None else None,
                       "link": staff_case_link(case.id)})

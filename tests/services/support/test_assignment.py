"""Assigning a case (docs/support.md): an `assigned` event naming the assignee, the assignee told by mail in their
language, and only active staff or admins can take cases."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ledger.domain.errors import Conflict, InvalidInput
from ledger.extensions import db
from ledger.models import CaseEvent, OutboxMessage
from ledger.services.access import SYSTEM
from ledger.services.errors import Forbidden, NotFound
from ledger.services.people.team import current_user_of, list_assignable_users
from ledger.services.people.users import deactivate_user
from ledger.services.support.assignment import assign_case
from ledger.services.support.cases import change_case_status
from tests.services.support_helpers import local, on_plan, open_at


def _assigned_events(case_id: int) -> list[tuple[int | None, int | None]]:
    db.session.rollback()
    return [tuple(row) for row in db.session.execute(
        select(CaseEvent.actor_id, CaseEvent.assignee_id).where(CaseEvent.case_id == case_id,
                                                                 CaseEvent.kind == "assigned").order_by(CaseEvent.seq))]


def _assignment_mails() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.execute(select(OutboxMessage).where(OutboxMessage.kind == "case_assigned")
                                   .order_by(OutboxMessage.id)).scalars())


def test_a_lead_assigns_a_case_and_the_assignee_is_told_in_swedish_with_the_due_times(
        app, make_customer, make_user, freeze_clock):
    app.config["PUBLIC_URL"] = "https://konto.example.se"
    freeze_clock(local(2029, 9, 3, 8))
    customer = on_plan(make_customer, "gold", name="Nordlys Handel AB")
    lead, bjorn = make_user("admin", display_name="Lena Lead"), make_user("staff", display_name="Björn Berg")
    case = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id, severity=1, subject="Kassan står").case
    freeze_clock(local(2029, 9, 3, 10))
    assigned = assign_case(case.id, bjorn.id, actor=lead)
    assert assigned.case.assignee_id == bjorn.id
    assert _assigned_events(case.id) == [(lead.id, bjorn.id)]
    [mail] = _assignment_mails()
    assert (mail.recipient, mail.language) == (bjorn.email, "sv")
    assert mail.subject == f"Ärende {case.id} har tilldelats dig: Kassan står"
    assert "Lena Lead" in mail.body_text and "Nordlys Handel AB" in mail.body_text
    assert "2029-09-03 17:00" in mail.body_text and "2029-09-04 17:00" in mail.body_text, "first response, resolution"
    assert f"https://konto.example.se/staff/cases/{case.id}" in mail.body_text
    assert assign_case(case.id, bjorn.id, actor=lead).case.assignee_id == bjorn.id
    assert len(_assigned_events(case.id)) == 1 and len(_assignment_mails()) == 1, "no change, no event, no mail"
    assert assign_case(case.id, None, actor=lead).case.assignee_id is None
    assert _assigned_events(case.id) == [(lead.id, bjorn.id), (lead.id, None)]
    assign_case(case.id, bjorn.id, actor=bjorn)  # taking it yourself: the event, and no mail
    assert _assigned_events(case.id)[-1] == (bjorn.id, bjorn.id) and len(_assignment_mails()) == 1


def test_only_active_staff_and_admins_take_cases_and_only_staff_assign_them(make_customer, make_user, freeze_clock):
    freeze_clock(local(2029, 9, 3, 8))
    customer = on_plan(make_customer, "enterprise")
    case = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id).case
    finance, customer_user, leaver = make_user("finance"), make_user("customer", customer.id), make_user("staff")
    deactivate_user(leaver.email, actor=SYSTEM)
    colleague = make_user("staff", display_name="Björn Berg")
    assert [user.id for user in list_assignable_users(actor=finance)] == [colleague.id], "active staff and admins"
    with pytest.raises(Forbidden):
        list_assignable_users(actor=customer_user)
    assert current_user_of(colleague).email == colleague.email
    with pytest.raises(NotFound):
        current_user_of(SYSTEM)
    for user_id in (finance.id, customer_user.id, leaver.id, 999_999):
        with pytest.raises(InvalidInput) as refused:
            assign_case(case.id, user_id, actor=SYSTEM)
        assert [problem.code for problem in refused.value.problems["user_id"]] == ["user_not_assignable"]
    with pytest.raises(InvalidInput):
        assign_case(case.id, True, actor=SYSTEM)  # type: ignore[arg-type]
    for actor in (finance, customer_user):
        with pytest.raises(Forbidden):
            assign_case(case.id, None, actor=actor)
    with pytest.raises(NotFound):
        assign_case(999_999, None, actor=SYSTEM)
    change_case_status(case.id, "resolved", actor=SYSTEM)
    change_case_status(case.id, "closed", actor=SYSTEM)
    with pytest.raises(Conflict, match="closed"):
        assign_case(case.id, None, actor=SYSTEM)
    assert _assigned_events(case.id) == []

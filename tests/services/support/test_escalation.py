"""Escalation (docs/support.md): at 80 % and at breach of each target, one mail to the assignee and the support lead,
once per target and level however often, and however many at once, the job runs; read back from a real SMTP
server (aiosmtpd)."""
from __future__ import annotations

from sqlalchemy import select

from ledger.extensions import db
from ledger.models import CaseEscalation, CaseEvent, OutboxMessage, User
from ledger.services.access import SYSTEM, Actor
from ledger.services.mail.delivery import deliver_due_messages
from ledger.services.support.assignment import assign_case
from ledger.services.support.cases import change_case_status, respond_to_case
from ledger.services.support.escalation import escalate_cases
from ledger.services.tx import write_transaction
from tests.services.accounts.test_concurrency import race
from tests.services.support_helpers import local, on_plan, open_at

LEAD = "supportchef@vendor.example"


def _escalation_mails() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.execute(select(OutboxMessage).where(OutboxMessage.kind.like("sla_%"))
                                   .order_by(OutboxMessage.id)).scalars())


def _staff(make_user, language: str) -> Actor:
    actor = make_user("staff")
    with write_transaction() as session:
        session.get(User, actor.id).language = language
    return actor


def test_the_assignee_and_the_lead_get_one_mail_at_80_percent_and_one_at_breach_with_four_jobs_at_once(
        app, make_customer, make_user, freeze_clock, smtp_server):
    app.config["SUPPORT_LEAD_ADDRESS"] = LEAD
    freeze_clock(local(2029, 9, 3, 8))
    customer = on_plan(make_customer, "enterprise", name="Nordlys Handel AB")
    astrid = _staff(make_user, "en")
    case = open_at(freeze_clock, local(2029, 9, 4, 9), customer.id, severity=1).case  # first response: 8 bh
    assign_case(case.id, astrid.id, actor=SYSTEM)
    deliver_due_messages()
    smtp_server.messages.clear()  # the assignment's own mail
    freeze_clock(local(2029, 9, 4, 15, 0))  # 6 of 8 business hours: 75 %
    assert escalate_cases().escalated == [] and _escalation_mails() == []
    freeze_clock(local(2029, 9, 4, 15, 30))  # 81 %
    runs = race(app, lambda _index: escalate_cases(), count=4)
    assert sorted(item for run in runs for item in run.escalated) == [(case.id, "first_response", "at_risk")]
    assert sum(run.messages for run in runs) == 2
    for _ in range(3):
        assert escalate_cases().escalated == []
    freeze_clock(local(2029, 9, 4, 17, 1))  # past the due time
    runs = race(app, lambda _index: escalate_cases(), count=4)
    assert sorted(item for run in runs for item in run.escalated) == [(case.id, "first_response", "breached")]
    escalate_cases()
    deliver_due_messages()
    received = sorted((mail["To"], mail["Subject"]) for mail in smtp_server.messages)
    assert received == [
        (astrid.email, f"Case {case.id}: SLA at risk"), (astrid.email, f"Case {case.id}: SLA breached"),
        (LEAD, f"Ärende {case.id}: SLA i fara"), (LEAD, f"Ärende {case.id}: SLA överskridet")]
    english = next(mail for mail in smtp_server.messages if mail["To"] == astrid.email).get_body(("plain",)).get_content()
    assert "Nordlys Handel AB" in english and "first-response" in english and "Tue 4 Sep 17:00" in english
    marks = db.session.execute(select(CaseEscalation.target, CaseEscalation.level, CaseEscalation.assignee_id)
                               .order_by(CaseEscalation.id)).all()
    assert [tuple(mark) for mark in marks] == [("first_response", "at_risk", astrid.id),
                                               ("first_response", "breached", astrid.id)]
    events = db.session.execute(select(CaseEvent.kind, CaseEvent.actor_id, CaseEvent.message)
                                .where(CaseEvent.kind == "escalated").order_by(CaseEvent.seq)).all()
    assert [tuple(event) for event in events] == [("escalated", None, "first_response:at_risk"),
                                                  ("escalated", None, "first_response:breached")]


def test_an_unassigned_case_escalates_to_the_lead_alone_without_a_lead_to_every_staff_member_and_breached_once(
        app, make_customer, make_user, freeze_clock):
    freeze_clock(local(2029, 8, 1, 8))
    customer = on_plan(make_customer, "gold")
    staff = [make_user("staff"), make_user("admin")]
    make_user("finance")
    first = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id, severity=1).case
    overdue = open_at(freeze_clock, local(2029, 8, 31, 9), customer.id, severity=1).case
    calm = open_at(freeze_clock, local(2029, 9, 3, 15), customer.id, severity=1).case
    app.config["SUPPORT_LEAD_ADDRESS"] = LEAD
    freeze_clock(local(2029, 9, 3, 16))  # 7 of 8 business hours; overdue since Friday 17:00; calm: 1 of 8
    assert escalate_cases().escalated == [
        (first.id, "first_response", "at_risk"), (overdue.id, "first_response", "breached"),
        (overdue.id, "resolution", "at_risk")], "a target breached at first look: breached only"
    assert [mail.recipient for mail in _escalation_mails()] == [LEAD, LEAD, LEAD]
    assert not [mail for mail in _escalation_mails() if mail.dedupe_key.startswith(f"escalation:{calm.id}:")]
    second = open_at(freeze_clock, local(2029, 9, 4, 9), customer.id, severity=1).case
    app.config["SUPPORT_LEAD_ADDRESS"] = ""
    freeze_clock(local(2029, 9, 4, 16))
    escalate_cases()
    late = [mail for mail in _escalation_mails() if mail.dedupe_key.startswith(f"escalation:{second.id}:")]
    assert sorted(mail.recipient for mail in late) == sorted(user.email for user in staff)
    assert first.id != second.id


def test_met_targets_never_escalate_and_a_paused_one_is_not_at_risk_until_it_runs_again(make_customer, make_user,
                                                                                         freeze_clock, app):
    app.config["SUPPORT_LEAD_ADDRESS"] = LEAD
    freeze_clock(local(2029, 9, 3, 8))
    customer = on_plan(make_customer, "gold")  # severity 1: first response 8 bh, resolution 16 bh
    case = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id, severity=1).case
    freeze_clock(local(2029, 9, 3, 10))
    respond_to_case(case.id, "Vi tittar på det.", actor=make_user("staff"))
    freeze_clock(local(2029, 9, 4, 13, 0))  # resolution: 12 of 16 business hours, 75 %
    change_case_status(case.id, "waiting_on_customer", actor=SYSTEM)
    freeze_clock(local(2029, 9, 10, 9))
    assert escalate_cases().escalated == []
    change_case_status(case.id, "open", actor=SYSTEM)
    freeze_clock(local(2029, 9, 10, 10))  # 13 of 16 business hours: 81 %
    assert escalate_cases().escalated == [(case.id, "resolution", "at_risk")]
    freeze_clock(local(2029, 9, 10, 11))
    change_case_status(case.id, "resolved", actor=SYSTEM)
    freeze_clock(local(2029, 9, 20, 9))
    assert escalate_cases().escalated == []

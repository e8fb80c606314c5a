"""Cases waiting on the customer (docs/support.md): the reporter is reminded once after the plan's 3 business days and
the case is resolved by the rule after 10, counted on the business calendar across a weekend and a holiday
(National Day, Wednesday 6 June 2029), however often and however many at once the job runs."""
from __future__ import annotations

from sqlalchemy import select

from ledger.extensions import db
from ledger.models import Case, CaseEvent, OutboxMessage
from ledger.services.access import SYSTEM, Actor
from ledger.services.customers.contacts import create_contact
from ledger.services.support.cases import change_case_status, respond_to_case
from ledger.services.support.waiting import WaitingRun, follow_up_waiting_cases
from tests.services.accounts.test_concurrency import race
from tests.services.support_helpers import local, on_plan, open_at


def _events(case_id: int) -> list[tuple[str, int | None, str | None, str | None]]:
    db.session.rollback()
    return [tuple(row) for row in db.session.execute(
        select(CaseEvent.kind, CaseEvent.actor_id, CaseEvent.status, CaseEvent.message)
        .where(CaseEvent.case_id == case_id, CaseEvent.seq > 2).order_by(CaseEvent.seq))]


def _reminders() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.execute(select(OutboxMessage).where(OutboxMessage.kind == "case_waiting_reminder")
                                   .order_by(OutboxMessage.id)).scalars())


def _waiting_since_friday_afternoon(make_customer, freeze_clock):
    freeze_clock(local(2029, 5, 31, 8))
    customer = on_plan(make_customer, "enterprise", name="Nordlys Handel AB")
    karin = create_contact(customer.id, {"name": "Karin Ek", "email": "karin@nordlys.example", "language": "sv"},
                           actor=SYSTEM)
    case = open_at(freeze_clock, local(2029, 6, 1, 9), customer.id, reporter_contact_id=karin.id,
                   subject="Exporten stannar").case
    freeze_clock(local(2029, 6, 1, 14))
    change_case_status(case.id, "waiting_on_customer", "Skicka loggen, tack", actor=SYSTEM)
    return customer, case


def test_reminded_once_after_three_business_days_and_resolved_by_the_rule_after_ten_across_a_weekend_and_a_holiday(
        app, make_customer, freeze_clock):
    _customer, case = _waiting_since_friday_afternoon(make_customer, freeze_clock)
    for moment in (local(2029, 6, 4, 14), local(2029, 6, 6, 14), local(2029, 6, 7, 13, 59)):
        freeze_clock(moment)  # three calendar days; three days but for the holiday; a minute early
        assert follow_up_waiting_cases().reminded == []
    freeze_clock(local(2029, 6, 7, 14))  # Fri 3 h + Mon 8 h + Tue 8 h + Thu 5 h = 24 business hours
    runs = race(app, lambda _index: follow_up_waiting_cases(), count=4)
    assert [case_id for run in runs for case_id in run.reminded] == [case.id]
    for _ in range(2):
        assert follow_up_waiting_cases().reminded == []
    [mail] = _reminders()
    assert (mail.recipient, mail.language) == ("karin@nordlys.example", "sv")
    assert mail.subject == f"Vi väntar på ert svar i ärende {case.id}: Exporten stannar"
    assert "mån 18 juni 14:00" in mail.body_text and "10 arbetsdagar" in mail.body_text
    assert _events(case.id) == [("reminded", None, None, "waiting_reminder_business_days=3")]
    freeze_clock(local(2029, 6, 18, 13, 59))
    assert follow_up_waiting_cases() == WaitingRun()
    freeze_clock(local(2029, 6, 18, 14))  # 80 business hours: 17 calendar days, a holiday and two weekends
    runs = race(app, lambda _index: follow_up_waiting_cases(), count=4)
    assert [case_id for run in runs for case_id in run.resolved] == [case.id]
    db.session.rollback()  # a read begun before the jobs ran would still see the case waiting
    resolved = db.session.get(Case, case.id)
    assert resolved.status == "resolved" and resolved.resolved_at == local(2029, 6, 18, 14)
    assert _events(case.id) == [("reminded", None, None, "waiting_reminder_business_days=3"),
                                ("resolved", None, "resolved", "auto_resolve_business_days=10")]
    assert follow_up_waiting_cases().resolved == [] and len(_reminders()) == 1


def test_a_reply_ends_the_wait_and_waiting_again_starts_a_new_count_with_its_own_reminder(
        app, make_customer, make_user, freeze_clock):
    customer, case = _waiting_since_friday_afternoon(make_customer, freeze_clock)
    freeze_clock(local(2029, 6, 7, 14))
    follow_up_waiting_cases()
    freeze_clock(local(2029, 6, 8, 10))
    respond_to_case(case.id, "Här är loggen.", actor=make_user("customer", customer.id))
    freeze_clock(local(2029, 6, 18, 14))
    assert follow_up_waiting_cases().resolved == [], "open again: no rule acts"
    change_case_status(case.id, "waiting_on_customer", actor=SYSTEM)
    freeze_clock(local(2029, 6, 21, 13, 59))
    assert follow_up_waiting_cases().reminded == []
    freeze_clock(local(2029, 6, 21, 14))
    assert follow_up_waiting_cases().reminded == [case.id]
    assert len(_reminders()) == 2
    # a case nobody reported: the customer's service owners are reminded
    create_contact(customer.id, {"name": "Olle Ägare", "email": "olle@kund.example", "language": "en",
                                 "roles": ["service_owner"]}, actor=SYSTEM)
    unreported = open_at(freeze_clock, local(2029, 6, 21, 15), customer.id).case
    change_case_status(unreported.id, "waiting_on_customer", actor=Actor(None, "admin"))
    freeze_clock(local(2029, 6, 28, 15))  # Thu 2 h + Fri 8 h (midsommarafton: closed) + Mon 8 h + Tue 8 h -> Wed 15
    assert follow_up_waiting_cases().reminded == [unreported.id]
    assert [(mail.recipient, mail.language) for mail in _reminders()][-1] == ("olle@kund.example", "en")
    assert _reminders()[-1].subject.startswith(f"We are waiting for your reply on case {unreported.id}")

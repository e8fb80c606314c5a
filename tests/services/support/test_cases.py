"""Support cases on both engines: quota, workflow, roles, append-only events and replayed SLA state."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import DatabaseError

from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.support.sla import sla_state
from ledger.services.access import SYSTEM
from ledger.services.customers.contacts import create_contact
from ledger.services.errors import Forbidden, NotFound
from ledger.services.support.case_reads import case_plan, clock_events, get_case, list_cases
from ledger.services.support.cases import change_case_severity, change_case_status, open_case, respond_to_case
from ledger.services.support.plans import active_calendar
from tests.services.helpers import run_sql
from tests.services.support_helpers import local, on_plan, open_at, report
from tests.services.accounts.test_concurrency import race


def test_the_second_professional_case_in_a_month_is_over_quota_and_the_first_of_the_next_is_not(
        make_customer, freeze_clock):
    freeze_clock(local(2029, 5, 2, 9))
    customer = make_customer()
    first = open_at(freeze_clock, local(2029, 5, 2, 10), customer.id)
    second = open_at(freeze_clock, local(2029, 5, 31, 23, 30), customer.id)  # still May in Stockholm
    june = open_at(freeze_clock, local(2029, 6, 1, 0, 30), customer.id)  # 31 May 22:30 UTC
    assert (first.case.plan, first.case.over_quota, second.case.over_quota, june.case.over_quota) == (
        "professional", False, True, False)


def test_an_enterprise_customer_has_two_cases_a_month_within_quota(make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 9))
    customer = on_plan(make_customer, "enterprise")
    flags = [open_at(freeze_clock, local(2029, 9, 3 + i, 10), customer.id).case.over_quota for i in range(3)]
    assert flags == [False, False, True]


def test_concurrently_opened_cases_are_counted_in_order_so_exactly_the_quota_is_within_it(
        app, make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 9))
    customer = on_plan(make_customer, "gold", currency="EUR")
    results = race(app, lambda i: open_case(report(customer.id, subject=f"Fel {i}"), actor=SYSTEM).case.over_quota)
    assert sorted(results) == [False] * 4 + [True] * 6


def test_a_channel_the_plan_does_not_offer_is_refused_naming_the_channel(make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 9))
    customer = make_customer()
    with pytest.raises(InvalidInput) as refused:
        open_case(report(customer.id, channel="phone"), actor=SYSTEM)
    assert refused.value.problems["channel"][0].code == "channel_not_in_plan"
    assert "email, chat" in refused.value.errors["channel"][0]


def test_the_reporter_must_be_a_contact_of_the_cases_customer(make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 9))
    ours, theirs = make_customer(), make_customer(name="Annat AB")
    stranger = create_contact(theirs.id, {"name": "Eva Berg", "email": "eva@annat.example"}, actor=SYSTEM)
    mine = create_contact(ours.id, {"name": "Karin Ek", "email": "karin@test.example", "language": "sv"}, actor=SYSTEM)
    with pytest.raises(InvalidInput) as refused:
        open_case(report(ours.id, reporter_contact_id=stranger.id), actor=SYSTEM)
    assert refused.value.problems["reporter_contact_id"][0].code == "contact_not_of_customer"
    assert open_case(report(ours.id, reporter_contact_id=mine.id), actor=SYSTEM).case.reporter.name == "Karin Ek"


def test_bad_reports_name_every_bad_field_and_open_nothing(make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 9))
    customer = make_customer()
    with pytest.raises(InvalidInput) as refused:
        open_case({"customer_id": customer.id, "severity": 5, "subject": " ", "description": "a\x00b",
                   "channel": "fax"}, actor=SYSTEM)
    assert set(refused.value.problems) == {"severity", "subject", "description", "channel"}
    assert refused.value.problems["description"][0].code == "support_text_nul"
    assert list_cases(actor=SYSTEM) == []


def test_a_customer_user_opens_and_reads_only_its_own_cases_and_finance_only_reads(
        make_customer, make_user, freeze_clock):
    freeze_clock(local(2029, 9, 3, 9))
    ours, theirs = make_customer(), make_customer(name="Annat AB")
    customer_user, finance = make_user("customer", ours.id), make_user("finance")
    own = open_case(report(ours.id), actor=customer_user)
    other = open_case(report(theirs.id), actor=SYSTEM)
    with pytest.raises(NotFound):
        open_case(report(theirs.id), actor=customer_user)
    with pytest.raises(NotFound):
        get_case(other.case.id, actor=customer_user)
    with pytest.raises(NotFound):
        respond_to_case(other.case.id, "Hej", actor=customer_user)
    with pytest.raises(Forbidden):
        change_case_status(own.case.id, "resolved", actor=customer_user)
    with pytest.raises(Forbidden):
        open_case(report(ours.id), actor=finance)
    assert [view.case.id for view in list_cases(actor=customer_user)] == [own.case.id]
    assert {view.case.id for view in list_cases(actor=finance)} == {own.case.id, other.case.id}


def test_a_closed_case_cannot_be_set_waiting_and_a_resolved_one_reopens_only_within_14_days(
        make_customer, freeze_clock):
    customer = make_customer()
    case_id = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id).case.id
    change_case_status(case_id, "resolved", "Rättat", actor=SYSTEM)
    freeze_clock(local(2029, 9, 17, 8, 59))
    assert change_case_status(case_id, "open", actor=SYSTEM).events[-1].kind == "reopened"
    change_case_status(case_id, "resolved", actor=SYSTEM)
    change_case_status(case_id, "closed", actor=SYSTEM)
    with pytest.raises(Conflict) as refused:
        change_case_status(case_id, "waiting_on_customer", actor=SYSTEM)
    assert (refused.value.code, refused.value.params) == (
        "case_transition_not_allowed", {"from_status": "closed", "to_status": "waiting_on_customer"})
    other = open_at(freeze_clock, local(2029, 9, 17, 9), customer.id).case.id
    change_case_status(other, "resolved", actor=SYSTEM)
    freeze_clock(local(2029, 10, 2, 9))
    with pytest.raises(Conflict) as late:
        change_case_status(other, "open", actor=SYSTEM)
    assert late.value.code == "case_reopen_window_passed"


def test_a_customers_reply_puts_a_waiting_case_back_to_open(make_customer, make_user, freeze_clock):
    customer = make_customer()
    user = make_user("customer", customer.id)
    case_id = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id).case.id
    respond_to_case(case_id, "Vi tittar på det.", actor=SYSTEM)
    change_case_status(case_id, "waiting_on_customer", "Väntar på loggar", actor=SYSTEM)
    freeze_clock(local(2029, 9, 4, 10))
    view = respond_to_case(case_id, "Här är loggarna.", actor=user)
    assert view.case.status == "open"
    assert [e.kind for e in view.events] == ["opened", "responded", "status", "customer_replied", "status"]
    assert view.sla.first_response.met_at == local(2029, 9, 3, 9), "a customer's reply is not a response"


def test_a_severity_change_needs_a_reason_and_a_new_severity(make_customer, freeze_clock):
    customer = make_customer()
    case_id = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id, severity=3).case.id
    with pytest.raises(InvalidInput) as refused:
        change_case_severity(case_id, 0, " ", actor=SYSTEM)
    assert {field: [p.code for p in items] for field, items in refused.value.problems.items()} == {
        "severity": ["severity_not_a_level"], "reason": ["reason_required"]}
    with pytest.raises(Conflict, match="already has severity 3"):
        change_case_severity(case_id, 3, "Samma", actor=SYSTEM)
    assert change_case_severity(case_id, 1, "Alla användare drabbade", actor=SYSTEM).case.severity == 1


def test_case_events_refuse_update_and_delete_in_the_database(make_customer, freeze_clock, engine_name):
    customer = make_customer()
    case_id = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id).case.id
    for statement in ("UPDATE case_events SET kind = 'responded' WHERE case_id = :id",
                      "DELETE FROM case_events WHERE case_id = :id"):
        with pytest.raises(DatabaseError, match="append-only"):
            run_sql(statement, id=case_id)
    if engine_name == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            run_sql("TRUNCATE case_events CASCADE")
    assert [event.kind for event in get_case(case_id, actor=SYSTEM).events] == ["opened"]


def test_replaying_the_events_gives_the_same_sla_state_as_each_answer_did(make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 8))
    customer = on_plan(make_customer, "gold", currency="EUR")
    steps = [
        (local(2029, 9, 3, 10), lambda: open_case(report(customer.id, severity=2), actor=SYSTEM)),
        (local(2029, 9, 3, 11), lambda: respond_to_case(case_id(), "Vi undersöker.", actor=SYSTEM)),
        (local(2029, 9, 3, 14), lambda: change_case_status(case_id(), "waiting_on_customer", actor=SYSTEM)),
        (local(2029, 9, 5, 10), lambda: change_case_status(case_id(), "open", actor=SYSTEM)),
        (local(2029, 9, 5, 11), lambda: change_case_severity(case_id(), 1, "Eskalerat", actor=SYSTEM)),
        (local(2029, 9, 6, 15), lambda: change_case_status(case_id(), "resolved", actor=SYSTEM)),
    ]
    answers = []

    def case_id():
        return answers[0][1].case.id

    for moment, step in steps:
        freeze_clock(moment)
        answers.append((moment, step()))
    freeze_clock(local(2030, 1, 1, 12))
    events = get_case(case_id(), actor=SYSTEM).events
    plan = case_plan(answers[0][1].case)
    for count, (moment, answer) in enumerate(answers, start=1):
        replayed = sla_state(clock_events(events[:count]), plan.targets, active_calendar(), moment)
        assert replayed == answer.sla, f"step {count}"
    assert answers[-1][1].sla.resolution.met_at is not None


def test_the_list_puts_the_nearest_breach_first_and_filters_by_status_and_breach(make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 8))
    customer = on_plan(make_customer, "enterprise")
    overdue = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id, severity=1).case.id  # 8 bh
    later = open_at(freeze_clock, local(2029, 9, 4, 9), customer.id, severity=3).case.id  # 24 bh
    soon = open_at(freeze_clock, local(2029, 9, 4, 9, 30), customer.id, severity=1).case.id
    change_case_status(later, "waiting_on_customer", actor=SYSTEM)
    freeze_clock(local(2029, 9, 4, 10))
    assert [view.case.id for view in list_cases(actor=SYSTEM)] == [overdue, soon, later]
    assert [view.case.id for view in list_cases(actor=SYSTEM, breached=True)] == [overdue]
    assert [view.case.id for view in list_cases(actor=SYSTEM, statuses=["waiting_on_customer"])] == [later]
    with pytest.raises(InvalidInput):
        list_cases(actor=SYSTEM, statuses=["pending"])

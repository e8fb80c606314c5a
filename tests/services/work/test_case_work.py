"""Work logged on a support case: the case's quota becomes the task's `over_quota` fact, and the case shows it."""
from __future__ import annotations

from datetime import date

import pytest

from ledger import create_app
from ledger.domain.errors import InvalidInput, PlanError
from ledger.extensions import db
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.customers.customers import create_customer
from ledger.services.support.case_reads import get_case
from ledger.services.support.cases import open_case
from ledger.services.work.preview import classify_task
from ledger.services.work.tasks import record_task, resolve_task
from tests.conftest import CUSTOMER_DEFAULTS, app_config
from tests.services.support_helpers import local, open_at, report


def work(customer_id, case_id, category, minutes=30, **facts):
    return record_task({"customer_id": customer_id, "case_id": case_id, "category": category, "minutes": minutes,
                        "description": "Arbete i ärendet", "work_date": date(2029, 9, 3), **facts}, actor=SYSTEM)


@pytest.fixture
def onprem(database_url):
    """An app judging work by the on-premise support catalogue, with the clock in September 2029."""
    app = create_app(app_config(database_url, SERVICEKONTO_RULES="onprem_support"))
    with app.app_context():
        from ledger.services.clock import CLOCK_EXTENSION

        app.extensions[CLOCK_EXTENSION] = lambda: local(2029, 9, 3, 9)
        yield app
        db.session.remove()
        db.engine.dispose()


def test_on_premise_terms_debit_work_on_a_case_beyond_the_months_incidents(onprem):
    customer = create_customer(dict(CUSTOMER_DEFAULTS), actor=SYSTEM)
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
    within = open_case(report(customer.id), actor=SYSTEM).case
    beyond = open_case(report(customer.id, subject="Ännu ett fel"), actor=SYSTEM).case
    assert (within.over_quota, beyond.over_quota) == (False, True)
    free = work(customer.id, within.id, "functionality_question")
    billed = work(customer.id, beyond.id, "functionality_question")
    assert (free.task.outcome, free.task.rule_id) == ("included", "included.general_questions")
    assert (billed.task.outcome, billed.task.rule_id, billed.task.catalogue_version) == (
        "debited", "debited.incident_over_quota", "2026.2")
    assert "incidenter per månad" in billed.task.reason_sv and "incidents a month" in billed.task.reason_en
    assert work(customer.id, beyond.id, "bug_report").task.outcome == "included", "bug reports are never billed"
    preview = classify_task({"category": "configuration_question", "customer_id": customer.id, "case_id": beyond.id,
                             "minutes": 10}, actor=SYSTEM)
    assert preview.decision.rule_id == "debited.incident_over_quota" and preview.billed_minutes == 10


def test_a_task_in_review_on_an_over_quota_case_is_debited_once_the_cause_is_a_partners_change(onprem):
    customer = create_customer(dict(CUSTOMER_DEFAULTS), actor=SYSTEM)
    open_case(report(customer.id), actor=SYSTEM)
    beyond = open_case(report(customer.id), actor=SYSTEM).case
    waiting = work(customer.id, beyond.id, "remote_incident", 45)
    assert waiting.task.outcome == "needs_review"
    resolved = resolve_task(waiting.task.id, "partner_change", actor=SYSTEM)
    assert (resolved.task.rule_id, resolved.entry.minutes) == ("debited.incident_over_quota", -45)
    ours = work(customer.id, beyond.id, "remote_incident", 20, root_cause="our_product")
    assert ours.task.outcome == "included", "a fault in the system itself is never billed"


def test_the_swedish_terms_decide_the_same_whether_a_case_is_over_quota_or_not(make_customer, freeze_clock):
    customer = make_customer()
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
    first = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id).case
    second = open_at(freeze_clock, local(2029, 9, 3, 10), customer.id).case
    decisions = {(work(customer.id, case.id, category).task.rule_id, case.over_quota)
                 for case in (first, second) for category in ("guidance", "installation")}
    assert decisions == {("included.guidance", False), ("included.guidance", True),
                         ("debited.installation_training", False), ("debited.installation_training", True)}


def test_a_case_shows_the_time_logged_on_it_included_and_debited(make_customer, freeze_clock):
    customer = make_customer(billing_increment_minutes=15)
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
    case = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id).case
    work(customer.id, case.id, "guidance", 20)
    work(customer.id, case.id, "installation", 50)
    work(customer.id, case.id, "troubleshooting", 10)
    other = work(customer.id, None, "installation", 30)
    logged = get_case(case.id, actor=SYSTEM).work
    assert (logged.included_minutes, logged.debited_minutes, logged.review_minutes) == (20, 60, 10)
    assert other.task.id not in {task.id for task in logged.tasks} and len(logged.tasks) == 3


def test_work_cannot_be_logged_on_another_customers_case_or_an_unknown_one(make_customer, freeze_clock):
    ours, theirs = make_customer(), make_customer(name="Annat AB")
    case = open_at(freeze_clock, local(2029, 9, 3, 9), theirs.id).case
    for case_id, code in ((case.id, "case_of_other_customer"), (999_999, "case_not_found")):
        with pytest.raises(InvalidInput) as refused:
            work(ours.id, case_id, "guidance")
        assert refused.value.problems["case_id"][0].code == code


def test_a_misconfigured_plan_file_stops_the_app_at_start_up(database_url):
    with pytest.raises(PlanError, match="available: support_tiers"):
        create_app(app_config(database_url, SERVICEKONTO_PLANS="../etc/passwd"))

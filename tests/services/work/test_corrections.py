"""Corrections: void and replace in one transaction, each naming the other, booking what void + log would."""
from datetime import date

import pytest

from ledger.domain.errors import Conflict, InsufficientHours, InvalidInput
from ledger.extensions import db
from ledger.models import Task
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import list_entries, record_purchase
from ledger.services.accounts.statements import get_statement
from ledger.services.accounts.verify import verify_ledger
from ledger.domain.periods import Period
from ledger.services.support.case_reads import get_case
from ledger.services.support.cases import open_case
from ledger.services.work.corrections import correct_task
from ledger.services.work.reads import get_task, list_tasks
from ledger.services.work.tasks import record_task, void_task
from tests.conftest import utc
from tests.services.helpers import account_entries, assert_account_sound

DAY = date(2026, 11, 3)
SECRET = "Konfigurerade Fortnox API-nyckel för lagret"


def log(customer_id, actor=SYSTEM, **facts):
    data = {"customer_id": customer_id, "category": "installation", "minutes": 50, "description": SECRET,
            "work_date": DAY, **facts}
    return record_task(data, actor=actor).task


def ledger_of(customer_id):
    return [(entry.kind, entry.minutes, entry.balance_after) for entry in account_entries(customer_id)[1]]


CASES = {
    "more minutes": {"minutes": 70},
    "included instead of debited": {"category": "hosting"},
    "debited instead of included": {"category": "installation", "_start": {"category": "guidance"}},
    "a cause found": {"facts": {"root_cause": "customer_change"}, "_start": {"category": "troubleshooting"}},
    "another customer": {"_move": True},
    "another customer and fewer minutes": {"_move": True, "minutes": 20},
}


def test_a_correction_books_exactly_what_voiding_and_logging_the_replacement_would(make_customer):
    for name, change in CASES.items():
        change = dict(change)
        start, move = change.pop("_start", {}), change.pop("_move", False)
        corrected, controlled = [make_customer(billing_increment_minutes=15) for _ in range(2)]
        targets = [make_customer(billing_increment_minutes=15) for _ in range(2)] if move else [corrected, controlled]
        for customer in {customer.id: customer for customer in (corrected, controlled, *targets)}.values():
            record_purchase(customer.id, 300, "3000.00", actor=SYSTEM)
        original, control = log(corrected.id, **start), log(controlled.id, **start)
        changes = {**change, "reason": "Wrong in the first place"}
        if move:
            changes["customer_id"] = targets[0].id
        result = correct_task(original.id, changes, actor=SYSTEM)
        void_task(control.id, "Wrong in the first place", actor=SYSTEM)  # the same, in two steps
        replacement = record_task({
            "customer_id": targets[1].id, "category": change.get("category", start.get("category", "installation")),
            "minutes": change.get("minutes", 50), "description": SECRET, "work_date": DAY,
            **change.get("facts", {})}, actor=SYSTEM).task
        assert ledger_of(corrected.id) == ledger_of(controlled.id), name
        assert ledger_of(targets[0].id) == ledger_of(targets[1].id), name
        assert (result.replacement.outcome, result.replacement.billed_minutes) == (
            replacement.outcome, replacement.billed_minutes), name
        for customer in (corrected, controlled, *targets):
            assert_account_sound(customer.id)
    assert verify_ledger().ok


def test_the_voided_task_and_its_replacement_name_each_other(make_customer, make_user):
    customer = make_customer()
    record_purchase(customer.id, 300, "3000.00", actor=SYSTEM)
    staff, admin = make_user("staff"), make_user("admin")
    original = log(customer.id, actor=staff)
    result = correct_task(original.id, {"minutes": 40, "reason": "Typed 50 for 40"}, actor=admin)
    db.session.expire_all()
    voided, replacement = db.session.get(Task, original.id), db.session.get(Task, result.replacement.id)
    assert (voided.status, voided.replaced_by_task_id, voided.entry_id) == ("voided", replacement.id, None)
    assert (replacement.replaces_task_id, replacement.minutes, replacement.created_by) == (voided.id, 40, staff.id)
    last = voided.decisions[-1]
    assert (last.action, last.note, last.actor_id, last.entry_id) == ("voided", "Typed 50 for 40", admin.id,
                                                                      result.reversal.id)
    assert f"ersatt av uppgift {replacement.id}" in last.reason_sv and f"replaced by task {replacement.id}" in last.reason_en
    assert replacement.decisions[0].note == "Typed 50 for 40" and result.balance_minutes == 260


def test_a_smaller_correction_on_an_account_without_overdraft_is_not_refused_for_the_old_debit(make_customer):
    customer = make_customer(overdraft_limit_minutes=0)
    record_purchase(customer.id, 50, "500.00", actor=SYSTEM)
    original = log(customer.id)  # the balance is now 0
    assert correct_task(original.id, {"minutes": 45, "reason": "45 minutes"}, actor=SYSTEM).balance_minutes == 5


def test_a_refused_correction_writes_nothing(make_customer):
    customer, other = make_customer(), make_customer(overdraft_limit_minutes=0)
    record_purchase(customer.id, 300, "3000.00", actor=SYSTEM)
    original = log(customer.id)
    before = ledger_of(customer.id)
    with pytest.raises(InsufficientHours):
        correct_task(original.id, {"customer_id": other.id, "reason": "Other customer"}, actor=SYSTEM)
    with pytest.raises(InvalidInput) as refused:
        correct_task(original.id, {"category": "project", "reason": "A project"}, actor=SYSTEM)
    assert "agreement_reference" in refused.value.problems
    with pytest.raises(InvalidInput) as unexplained:
        correct_task(original.id, {"minutes": 10, "reason": "  "}, actor=SYSTEM)
    assert "reason" in unexplained.value.problems
    with pytest.raises(Conflict) as same:
        correct_task(original.id, {"minutes": 50, "reason": "Same"}, actor=SYSTEM)
    assert same.value.code == "nothing_to_correct"
    db.session.expire_all()
    assert db.session.get(Task, original.id).status == "booked" and ledger_of(customer.id) == before
    assert ledger_of(other.id) == [] and db.session.query(Task).count() == 1
    correct_task(original.id, {"minutes": 10, "reason": "Ten"}, actor=SYSTEM)
    with pytest.raises(Conflict) as voided:
        correct_task(original.id, {"minutes": 20, "reason": "Again"}, actor=SYSTEM)
    assert voided.value.code == "task_voided"


def test_work_moved_to_another_customer_leaves_the_first_customer_nothing_of_its_description(make_customer,
                                                                                           make_user, freeze_clock):
    freeze_clock(utc(2026, 11, 3, 15))
    first, second = make_customer(name="Fel Kund AB"), make_customer(name="Rätt Kund AB")
    for customer in (first, second):
        record_purchase(customer.id, 300, "3000.00", actor=SYSTEM)
    case = open_case({"customer_id": first.id, "severity": 3, "subject": "Lager", "description": "Lagret",
                      "channel": "email"}, actor=SYSTEM).case
    original = log(first.id, case_id=case.id)
    result = correct_task(original.id, {"customer_id": second.id, "reason": "Rätt Kund AB:s lager"}, actor=SYSTEM)
    assert (result.replacement.customer_id, result.replacement.case_id) == (second.id, None)
    reader = make_user("customer", customer_id=first.id)
    seen = get_task(original.id, actor=reader)
    listed = list_tasks(actor=reader)
    statement = get_statement(first.id, Period(2026, 11), actor=reader)
    entries = list_entries(first.id, actor=reader)
    case_tasks = get_case(case.id, actor=reader).work.tasks
    for task in (seen, *listed, *statement.tasks, *case_tasks):
        assert task.moved and task.description == "" and task.decisions == ()
        assert "Rätt" not in task.reason_sv + task.reason_en and task.billed_minutes == 0
    texts = " ".join(entry.memo for entry in (*entries, *statement.entries))
    assert SECRET not in texts and "Rätt" not in texts and texts.count("moved to another customer") == 4
    assert [entry.minutes for entry in entries] == [300, -50, 50]
    staff_view = get_task(original.id, actor=make_user("staff"))
    assert staff_view.description == SECRET and staff_view.replaced_by_task_id == result.replacement.id
    own = make_user("customer", customer_id=second.id)
    assert get_task(result.replacement.id, actor=own).description == SECRET

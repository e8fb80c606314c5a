"""L2/L3 end to end: `verify_ledger` passes a sound ledger and names the entry someone edited."""
import pytest

from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import get_balance, record_adjustment, record_purchase
from ledger.services.accounts.verify import verify_ledger
from ledger.services.errors import LedgerInconsistent
from tests.services.helpers import debit, run_sql


def test_a_ledger_written_through_the_services_verifies(make_customer):
    for _ in range(3):
        customer = make_customer()
        record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
        debit(customer.id, 45, "Import job fixed", actor=SYSTEM)
        record_adjustment(customer.id, -15, "Goodwill correction", actor=SYSTEM)
    report = verify_ledger()
    assert report.ok, report.problems
    assert (report.accounts, report.entries) == (3, 9)


def test_editing_one_entrys_minutes_with_the_trigger_bypassed_is_named_by_verify(make_customer):
    customer = make_customer()
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
    tampered = debit(customer.id, 45, "Import job fixed", actor=SYSTEM).entry
    debit(customer.id, 30, "Report", actor=SYSTEM)
    run_sql("UPDATE ledger_entries SET minutes = -5 WHERE id = :id", bypass_triggers=True, id=tampered.id)
    report = verify_ledger()
    assert not report.ok
    problem = report.problems[0]
    assert (problem.entry_id, problem.seq) == (tampered.id, 2)
    assert "hash mismatch" in problem.problem


def test_the_balance_read_refuses_an_account_row_that_disagrees_with_its_last_entry(make_customer):
    customer = make_customer()
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
    assert get_balance(customer.id, actor=SYSTEM) == 600
    run_sql("UPDATE service_accounts SET balance_minutes = 6000 WHERE customer_id = :id", id=customer.id)
    with pytest.raises(LedgerInconsistent, match="ledger verify"):
        get_balance(customer.id, actor=SYSTEM)
    assert "balance 6000" in str(verify_ledger().problems[0])


def test_a_settlement_that_is_on_no_issued_invoice_is_reported(make_customer):
    from ledger.domain.accounts.entries import EntryKind
    from ledger.services.accounts.bulk import Movement, bulk_load_entries

    customer = make_customer()
    bulk_load_entries(customer.id, [Movement(EntryKind.SETTLEMENT, 60, "settled by hand")], actor=SYSTEM)
    problems = verify_ledger().problems
    assert [p.problem for p in problems] == ["settlement is on no issued invoice line."]

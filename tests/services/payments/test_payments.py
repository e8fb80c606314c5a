"""Payments from the bank's BgMax file and by hand: stored once, matched by OCR, append-only, summed into a status."""
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError

from ledger.domain.errors import Conflict, InvalidInput
from ledger.extensions import db
from ledger.models import Payment
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import credit_invoice
from ledger.services.payments.by_hand import record_payment
from ledger.services.payments.intake import assign_payment, import_bgmax
from ledger.services.payments.reads import unmatched_payments, with_payment
from tests.conftest import utc
from tests.domain.bgmax_files import Deposit, Pay, bgmax_file, bgmax_lines, drop_line, encode, replace_line
from tests.services.helpers import run_sql
from tests.services.payment_helpers import TO_PAY_MINOR


def morning_file(first, second, third):
    """Two deposits: one invoice paid in full, one in part, one paid twice over, and a mistyped OCR."""
    wrong_ocr = first.ocr[:-1] + str((int(first.ocr[-1]) + 1) % 10)
    return [
        Deposit(serial=11, payment_date=date(2026, 11, 20), payments=[
            Pay(TO_PAY_MINOR, first.ocr, name="Kalles Plåt AB"),
            Pay(200_000, second.ocr),
        ]),
        Deposit(serial=12, payment_date=date(2026, 11, 23), payments=[
            Pay(2 * TO_PAY_MINOR, third.ocr),
            Pay(50_000, wrong_ocr, reference_code=3, name="Berits Garn"),
        ]),
    ]


def test_a_morning_file_pays_in_full_in_part_twice_over_and_keeps_the_wrong_ocr_for_a_person(issued):
    first, second, third = issued(3)
    result = import_bgmax(bgmax_file(morning_file(first, second, third)), actor=SYSTEM)
    assert [(item.invoice_id, item.amount_minor) for item in result.matched] == [
        (first.id, TO_PAY_MINOR), (second.id, 200_000), (third.id, 2 * TO_PAY_MINOR)]
    [unmatched] = result.unmatched
    assert (unmatched.unmatched_code, unmatched.line, unmatched.payer_name) == ("payment_reference_not_ocr", 9,
                                                                                "Berits Garn")
    assert result.already_imported == []
    figures = {invoice.number: (view.payment_status, view.paid_minor, view.outstanding_minor)
               for invoice in (first, second, third) for view in [with_payment(invoice, date(2026, 11, 24))]}
    assert figures == {first.number: ("paid", TO_PAY_MINOR, 0),
                       second.number: ("partly_paid", 200_000, TO_PAY_MINOR - 200_000),
                       third.number: ("paid", 2 * TO_PAY_MINOR, -TO_PAY_MINOR)}
    assert [payment.payer_name for payment in unmatched_payments(actor=SYSTEM)] == ["Berits Garn"]


def test_the_same_file_imported_twice_changes_nothing(issued):
    data = bgmax_file(morning_file(*issued(3)))
    import_bgmax(data, actor=SYSTEM)
    again = import_bgmax(data, actor=SYSTEM)
    assert (again.matched, again.unmatched, len(again.already_imported)) == ([], [], 4)
    assert db.session.scalar(select(func.count()).select_from(Payment)) == 4


@pytest.mark.parametrize("damage, code, line", [
    (lambda lines: lines[:-1], "bgmax_truncated", 5),
    (lambda lines: replace_line(lines, 6, 3, "00000003"), "bgmax_end_count_mismatch", 6),
    (lambda lines: drop_line(lines, 3), "bgmax_deposit_count_mismatch", 4),
])
def test_a_damaged_file_is_refused_whole_naming_the_line(issued, damage, code, line):
    [invoice] = issued()
    deposits = [Deposit(payments=[Pay(100_000, invoice.ocr), Pay(5_000, invoice.ocr)])]
    lines = bgmax_lines(deposits)
    with pytest.raises(InvalidInput) as refused:
        import_bgmax(encode(damage(lines)), actor=SYSTEM)
    [problem] = refused.value.problems["file"]
    assert (problem.code, problem.params["line"]) == (code, line)
    assert db.session.scalar(select(func.count()).select_from(Payment)) == 0


def test_a_test_file_from_bankgirot_is_not_imported(issued):
    [invoice] = issued()
    with pytest.raises(InvalidInput) as refused:
        import_bgmax(bgmax_file([Deposit(payments=[Pay(100, invoice.ocr)])], test=True), actor=SYSTEM)
    assert refused.value.problems["file"][0].code == "bgmax_test_file"


def test_a_payment_in_another_currency_than_the_invoice_stays_unmatched(issued):
    [invoice] = issued()
    result = import_bgmax(bgmax_file([Deposit(currency="EUR", payments=[Pay(100, invoice.ocr)])]), actor=SYSTEM)
    assert [item.unmatched_code for item in result.unmatched] == ["payment_currency_mismatch"]


def test_an_unmatched_payment_assigned_by_a_person_pays_the_invoice_once(issued):
    [invoice] = issued()
    result = import_bgmax(bgmax_file([Deposit(payments=[Pay(TO_PAY_MINOR, "Faktura oktober")])]), actor=SYSTEM)
    [unmatched] = result.unmatched
    assert unmatched.unmatched_code == "payment_reference_not_ocr"
    assign_payment(unmatched.payment_id, invoice.id, "Kunden skrev fakturamånaden", actor=SYSTEM)
    assert with_payment(invoice, date(2026, 11, 24)).payment_status == "paid"
    assert unmatched_payments(actor=SYSTEM) == []
    with pytest.raises(Conflict):
        assign_payment(unmatched.payment_id, invoice.id, "igen", actor=SYSTEM)


def test_payments_by_hand_and_their_correction_move_the_status_both_ways(issued, freeze_clock):
    [invoice] = issued()
    freeze_clock(utc(2026, 11, 20, 9))
    base = {"paid_on": date(2026, 11, 19), "reason": "Swish"}
    record_payment(invoice.id, {**base, "amount": "1000,00"}, actor=SYSTEM)
    assert with_payment(invoice).payment_status == "partly_paid"
    record_payment(invoice.id, {**base, "amount": "5030.00"}, actor=SYSTEM)
    assert with_payment(invoice).payment_status == "paid"
    record_payment(invoice.id, {**base, "amount": "-5030.00", "reason": "Fel faktura"}, actor=SYSTEM)
    assert (with_payment(invoice).payment_status, with_payment(invoice).paid_minor) == ("partly_paid", 100_000)
    freeze_clock(utc(2026, 12, 3, 9))
    assert (with_payment(invoice).payment_status, with_payment(invoice).days_overdue) == ("overdue", 1)


def test_a_correction_cannot_take_back_more_than_was_paid_and_every_bad_field_is_named(issued, freeze_clock):
    [invoice] = issued()
    freeze_clock(utc(2026, 11, 20, 9))
    with pytest.raises(InvalidInput) as refused:
        record_payment(invoice.id, {"amount": "-1.00", "paid_on": date(2026, 11, 19), "reason": "x"}, actor=SYSTEM)
    assert refused.value.problems["amount"][0].code == "payment_reversal_too_large"
    with pytest.raises(InvalidInput) as refused:
        record_payment(invoice.id, {"amount": "0", "paid_on": date(2026, 12, 1), "reason": " "}, actor=SYSTEM)
    assert set(refused.value.problems) == {"amount", "paid_on", "reason"}


def test_a_payment_after_a_credit_note_leaves_the_customer_a_credit(issued, freeze_clock):
    [invoice] = issued()
    credit_invoice(invoice.id, "Fel pris", actor=SYSTEM)
    assert (with_payment(invoice).payment_status, with_payment(invoice).outstanding_minor) == ("credited", 0)
    import_bgmax(bgmax_file([Deposit(payments=[Pay(TO_PAY_MINOR, invoice.ocr)])]), actor=SYSTEM)
    freeze_clock(utc(2026, 12, 20, 9))
    view = with_payment(invoice)
    assert (view.payment_status, view.outstanding_minor, view.payment.credit_minor) == ("credited", -TO_PAY_MINOR,
                                                                                         TO_PAY_MINOR)


def test_an_unpaid_invoice_turns_overdue_the_day_after_its_due_date(issued, freeze_clock):
    [invoice] = issued()
    freeze_clock(utc(2026, 12, 2, 20))  # 21:00 in Stockholm on the due date: still on time
    assert with_payment(invoice).payment_status == "unpaid"
    freeze_clock(utc(2026, 12, 2, 23, 30))  # 00:30 on 3 December in Stockholm
    assert (with_payment(invoice).payment_status, with_payment(invoice).days_overdue) == ("overdue", 1)


@pytest.mark.parametrize("table", ["payments", "payment_assignments"])
def test_payments_and_assignments_are_append_only_in_the_database(issued, table):
    [invoice] = issued()
    result = import_bgmax(bgmax_file([Deposit(payments=[Pay(100, "okänd")])]), actor=SYSTEM)
    assign_payment(result.unmatched[0].payment_id, invoice.id, "by hand", actor=SYSTEM)
    with pytest.raises(DatabaseError, match="append-only"):
        run_sql(f"UPDATE {table} SET invoice_id = NULL")
    with pytest.raises(DatabaseError, match="append-only"):
        run_sql(f"DELETE FROM {table}")


def test_truncating_payments_is_refused_on_postgresql(issued, engine_name):
    if engine_name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE is covered above")
    with pytest.raises(DatabaseError, match="append-only"):
        run_sql("TRUNCATE payment_reminders, payment_assignments, payments, write_offs CASCADE")


_amounts = st.integers(min_value=1, max_value=10**9)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_amounts, st.booleans()), min_size=1, max_size=6), st.integers(1, 99_999))
def test_what_an_import_stores_adds_up_to_what_the_file_says_for_any_set_of_payments(issued_once, rows, serial):
    invoice = issued_once()
    before = with_payment(invoice).paid_minor
    deposit = Deposit(serial=serial, payments=[Pay(amount, invoice.ocr if to_invoice else "") for amount, to_invoice
                                               in rows])
    result = import_bgmax(bgmax_file([deposit]), actor=SYSTEM)
    new = result.matched + result.unmatched
    assert sum(item.amount_minor for item in new + result.already_imported) == sum(amount for amount, _ in rows)
    if not result.already_imported:
        assert with_payment(invoice).paid_minor - before == sum(amount for amount, to_invoice in rows if to_invoice)


@pytest.fixture
def issued_once(issued):
    """One issued invoice for the whole test, however many examples hypothesis runs."""
    made = []

    def get():
        if not made:
            made.extend(issued())
        return made[0]

    return get

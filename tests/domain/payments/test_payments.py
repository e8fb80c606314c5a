"""Bank payments find their invoices by OCR, import once, and settle invoices into a payment status."""
from datetime import date

import pytest

from ledger.domain.billing.invoicing import ocr_reference
from ledger.domain.payments.bgmax import parse_bgmax
from ledger.domain.payments.matching import (
    PAID,
    PARTLY_PAID,
    UNPAID,
    import_keys,
    match_payment,
    match_reference,
    payment_status,
)
from tests.domain.bgmax_files import Deposit, Pay, bgmax_file

INVOICES = {ocr_reference(number): number for number in (1001, 1002, 1003, 1004)}
TO_PAY = {1001: 125_000, 1002: 250_000, 1003: 99_900, 1004: 10_000}
DUE = date(2026, 11, 30)


def wrong_check_digit(ocr: str) -> str:
    """The OCR as a payer mistypes it: the last digit off by one."""
    return ocr[:-1] + str((int(ocr[-1]) + 1) % 10)


def _payment(pay: Pay):
    return parse_bgmax(bgmax_file([Deposit([pay])])).deposits[0].payments[0]


def test_a_payment_naming_an_invoices_ocr_is_matched_to_it():
    match = match_payment(_payment(Pay(125_000, ocr_reference(1001))), INVOICES)
    assert (match.matched, match.target, match.ocr) == (True, 1001, ocr_reference(1001))


def test_a_correct_ocr_the_bank_did_not_check_is_matched_all_the_same():
    match = match_payment(_payment(Pay(125_000, ocr_reference(1002), reference_code=4)), INVOICES)
    assert match.target == 1002


@pytest.mark.parametrize(("reference", "code"), [
    (wrong_check_digit(ocr_reference(1001)), "payment_reference_not_ocr"),
    ("10011", "payment_reference_not_ocr"),  # Luhn-correct digits whose length digit is wrong
    (ocr_reference(1999), "payment_reference_unknown"),
    ("", "payment_without_reference"),
    ("Faktura 1001", "payment_reference_not_ocr"),
])
def test_a_payment_whose_reference_fails_the_check_or_names_no_invoice_is_kept_unmatched(reference, code):
    match = match_payment(_payment(Pay(125_000, reference)), INVOICES)
    assert (match.matched, match.target, match.unmatched_code) == (False, None, code)
    assert match.unmatched_params == ({"reference": reference} if reference else {})


def test_a_payment_for_several_invoices_is_left_for_a_person_to_split():
    several = Pay(350_000, f"{ocr_reference(1001)} {ocr_reference(1002)}")
    with_extra = Pay(350_000, ocr_reference(1001), extra_references=[(ocr_reference(1002), 0)])
    for pay in (several, with_extra):
        match = match_payment(_payment(pay), INVOICES)
        assert (match.target, match.unmatched_code) == (None, "payment_several_references")
        assert match.unmatched_params == {"references": [ocr_reference(1001), ocr_reference(1002)]}


def test_a_deduction_naming_an_ocr_is_matched_as_a_negative_payment():
    deduction = parse_bgmax(bgmax_file([Deposit([Pay(50_000, ocr_reference(1003)), Pay(-20_000, ocr_reference(1004))])]))
    payment = deduction.deposits[0].payments[1]
    assert (match_payment(payment, INVOICES).target, payment.amount_minor) == (1004, -20_000)


def test_a_reference_typed_by_hand_is_checked_like_a_bank_one():
    assert match_reference(f" {ocr_reference(1004)} ", INVOICES).target == 1004
    assert match_reference("1004", INVOICES).unmatched_code == "payment_reference_not_ocr"


def morning() -> bytes:
    return bgmax_file([
        Deposit(serial=11, payments=[
            Pay(125_000, ocr_reference(1001)),                  # exactly what 1001 asks
            Pay(100_000, ocr_reference(1002)),                  # part of 1002
            Pay(99_900, wrong_check_digit(ocr_reference(1003))),  # a mistyped OCR
        ]),
        Deposit(serial=12, payment_date=date(2026, 11, 24), payments=[
            Pay(15_000, ocr_reference(1004)),                   # more than 1004 asks
        ]),
    ])


def test_a_morning_file_pays_one_invoice_in_full_one_in_part_one_too_much_and_keeps_the_stray_payment():
    received: dict[int, list[int]] = {number: [] for number in TO_PAY}
    unmatched = []
    for _key, _deposit, payment in import_keys(parse_bgmax(morning())):
        match = match_payment(payment, INVOICES)
        if match.matched:
            received[match.target].append(payment.amount_minor)
        else:
            unmatched.append((payment.amount_minor, match.unmatched_code))
    today = date(2026, 11, 25)
    statuses = {number: payment_status(to_pay_minor=TO_PAY[number], payments_minor=received[number], credited_minor=0,
                                       due_on=DUE, today=today) for number in TO_PAY}
    assert {number: status.status for number, status in statuses.items()} == {
        1001: PAID, 1002: PARTLY_PAID, 1003: UNPAID, 1004: PAID}
    assert (statuses[1002].paid_minor, statuses[1002].outstanding_minor) == (100_000, 150_000)
    assert (statuses[1004].outstanding_minor, statuses[1004].credit_minor) == (-5_000, 5_000)
    assert unmatched == [(99_900, "payment_reference_not_ocr")]


def test_the_same_file_twice_gives_the_same_import_keys_so_nothing_is_imported_twice():
    first = [key for key, _deposit, _payment in import_keys(parse_bgmax(morning()))]
    again = [key for key, _deposit, _payment in import_keys(parse_bgmax(morning()))]
    assert first == again and len(set(first)) == len(first) == 4
    assert first[0] == "bgmax:9912346:20261123:00011:000000000001"


def test_payments_sharing_a_bgc_serial_number_in_one_deposit_keep_keys_of_their_own():
    bank_file = parse_bgmax(bgmax_file([Deposit([Pay(100, ocr_reference(1001), bgc_serial=16),
                                                 Pay(200, ocr_reference(1002), bgc_serial=16)])]))
    keys = [key for key, _deposit, _payment in import_keys(bank_file)]
    assert keys == ["bgmax:9912346:20261123:00001:000000000016", "bgmax:9912346:20261123:00001:000000000016/2"]


def test_a_deposit_serial_number_that_comes_round_again_on_another_day_is_another_deposit():
    def keys(day: date) -> list[str]:
        bank_file = parse_bgmax(bgmax_file([Deposit([Pay(100, ocr_reference(1001))], serial=1, payment_date=day)]))
        return [key for key, _deposit, _payment in import_keys(bank_file)]
    assert keys(date(2026, 1, 2)) != keys(date(2027, 1, 4))

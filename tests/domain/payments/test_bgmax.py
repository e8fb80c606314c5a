"""A BgMax file from the bank reads back exactly, or is refused whole with the line that is wrong."""
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.billing.invoicing import ocr_reference
from ledger.domain.payments.bgmax import parse_bgmax
from tests.domain.bgmax_files import Deposit, Pay, bgmax_file, bgmax_lines, encode

OCR_1001, OCR_1002, OCR_1003 = ocr_reference(1001), ocr_reference(1002), ocr_reference(1003)


def morning_file() -> list[Deposit]:
    """Two deposits as one morning's file brings them: OCR payments, a deduction, extra references, a paper form."""
    return [
        Deposit(serial=74, payment_date=date(2026, 11, 20), payments=[
            Pay(149_900, OCR_1001, name="Kalles Plåt AB", address="Storgatan 2", postal_code="12345",
                city="Storåker", org_number="5566778899"),
            Pay(-50_000, "89853", deduction_code=1, channel=2, name="Kalles Plåt AB"),
            Pay(140_000, f"{OCR_1002} {OCR_1003}", channel=2, extra_references=[(OCR_1002, 0), (OCR_1003, -2_500)],
                information=["Betalning för två fakturor"]),
        ]),
        Deposit(serial=75, payment_date=date(2026, 11, 23), payments=[
            Pay(120_000, "", sender_bankgiro="1234567", channel=3, image_marker=1, name="Berits Garn"),
        ]),
    ]


def test_a_morning_file_reads_back_every_deposit_and_payment_with_its_fields():
    bank_file = parse_bgmax(bgmax_file(morning_file()))
    assert (bank_file.header.version, bank_file.header.is_test) == ("01", False)
    assert bank_file.header.created_at == datetime(2026, 11, 23, 6, 15, 2, 123456)
    first, second = bank_file.deposits
    assert (first.bankgiro, first.currency, first.bank_account, first.serial, first.payment_date) == (
        "9912346", "SEK", "5841000001009823", 74, date(2026, 11, 20))
    assert first.amount_minor == 149_900 - 50_000 + 140_000
    paid = first.payments[0]
    assert (paid.reference, paid.reference_code, paid.amount_minor, paid.sender_bankgiro, paid.channel) == (
        OCR_1001, 2, 149_900, "3783511", 1)
    assert (paid.bgc_serial, paid.has_image, paid.is_deduction, paid.line) == ("000000000001", False, False, 3)
    assert (paid.payer.name, paid.payer.address, paid.payer.postal_code, paid.payer.city, paid.payer.org_number) == (
        "Kalles Plåt AB", "Storgatan 2", "12345", "Storåker", "5566778899")
    assert (second.serial, [payment.has_image for payment in second.payments]) == (75, [True])


def test_a_deduction_reads_as_a_negative_amount_with_its_deduction_code():
    deduction = parse_bgmax(bgmax_file(morning_file())).deposits[0].payments[1]
    assert (deduction.is_deduction, deduction.amount_minor, deduction.deduction_code, deduction.reference_code) == (
        True, -50_000, 1, 3)


def test_extra_references_and_information_belong_to_the_payment_before_them():
    payment = parse_bgmax(bgmax_file(morning_file())).deposits[0].payments[2]
    assert payment.reference == f"{OCR_1002} {OCR_1003}"
    assert [(extra.reference, extra.reference_code, extra.amount_minor) for extra in payment.extra_references] == [
        (OCR_1002, 2, 0), (OCR_1003, 2, -2_500)]
    assert payment.information == ("Betalning för två fakturor",)
    assert payment.payer.name == ""  # no name record followed this one


def test_a_test_file_is_marked_as_such():
    assert parse_bgmax(bgmax_file([Deposit([Pay(100, OCR_1001)])], test=True)).header.is_test


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
@pytest.mark.parametrize("final_newline", [True, False])
def test_windows_and_unix_line_ends_read_the_same(newline, final_newline):
    data = encode(bgmax_lines(morning_file()), newline, final_newline=final_newline)
    assert parse_bgmax(data) == parse_bgmax(bgmax_file(morning_file()))


def test_a_file_without_deposits_is_an_empty_morning():
    assert parse_bgmax(bgmax_file([])).deposits == ()


def test_a_paper_form_payment_without_sender_bankgiro_has_none():
    payment = parse_bgmax(bgmax_file([Deposit([Pay(5_000, OCR_1001, sender_bankgiro="0")])])).deposits[0].payments[0]
    assert payment.sender_bankgiro is None


_amounts = st.integers(min_value=1, max_value=10**11)
_payments = st.lists(
    st.tuples(_amounts, st.booleans(), st.integers(min_value=1000, max_value=10**9)), min_size=1, max_size=8)


def _deposit_of(rows: list[tuple[int, bool, int]], serial: int) -> Deposit:
    pays = [Pay(amount, ocr_reference(number)) for amount, _deduct, number in rows]
    credit = sum(amount for amount, deduct, _ in rows)
    # deductions never exceed the deposit: each deducts at most what the payments brought
    pays += [Pay(-(amount // 3), str(number)) for amount, deduct, number in rows if deduct and amount // 3]
    assert sum(pay.amount_minor for pay in pays) <= credit
    return Deposit(pays, serial=serial)


@settings(max_examples=150, deadline=None)
@given(st.lists(_payments, min_size=1, max_size=4))
def test_the_amounts_read_are_the_amounts_written_for_any_set_of_payments(deposit_rows):
    deposits = [_deposit_of(rows, serial) for serial, rows in enumerate(deposit_rows, start=1)]
    bank_file = parse_bgmax(bgmax_file(deposits))
    assert [[payment.amount_minor for payment in deposit.payments] for deposit in bank_file.deposits] == [
        [pay.amount_minor for pay in deposit.payments] for deposit in deposits]
    assert [[payment.reference for payment in deposit.payments] for deposit in bank_file.deposits] == [
        [pay.reference for pay in deposit.payments] for deposit in deposits]
    assert [deposit.amount_minor for deposit in bank_file.deposits] == [
        sum(pay.amount_minor for pay in deposit.payments) for deposit in deposits]

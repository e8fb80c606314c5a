"""Getting paid: matching bank payments to invoices by OCR, import keys, payment status and reminders.

All amounts are minor units of the invoice's currency. Payments are append-only: a wrong payment is
corrected by a negative one, so every figure here is a sum and does not depend on the order payments
arrived in.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from ledger.domain.billing.invoicing import is_valid_ocr
from ledger.domain.payments.bgmax import BgMaxDeposit, BgMaxFile, BgMaxPayment
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "payment_without_reference": N_("The payment carries no reference."),
    "payment_reference_not_ocr": N_("The reference %(reference)s is not an OCR number: its length digit or check "
                                    "digit is wrong."),
    "payment_reference_unknown": N_("No issued invoice has the OCR number %(reference)s."),
    "payment_several_references": N_("The payment names several references (%(references)s); assign it by hand."),
})

UNPAID, PARTLY_PAID, PAID, OVERDUE, CREDITED = "unpaid", "partly_paid", "paid", "overdue", "credited"
PAYMENT_STATUSES = (UNPAID, PARTLY_PAID, PAID, OVERDUE, CREDITED)

#: At most one reminder per invoice in this many days, for as long as it stays overdue.
REMINDER_INTERVAL_DAYS = 14

Target = TypeVar("Target")


@dataclass(frozen=True)
class Match(Generic[Target]):
    """Where a payment goes: `target` (what the OCR mapping held) or, when unmatched, a code and its parameters."""

    target: Target | None
    ocr: str | None = None
    unmatched_code: str | None = None
    unmatched_params: Mapping[str, object] | None = None

    @property
    def matched(self) -> bool:
        return self.target is not None


def payment_references(payment: BgMaxPayment) -> list[str]:
    """Every reference a payment names: its own (a reference of numbers separated by blanks lists several;
    any other text is one reference) and those of its extra reference records."""
    tokens = payment.reference.split()
    own = tokens if all(token.isascii() and token.isdigit() for token in tokens) else [payment.reference]
    return own + [extra.reference for extra in payment.extra_references if extra.reference]


def match_payment(payment: BgMaxPayment, target_by_ocr: Mapping[str, Target]) -> Match[Target]:
    """Match a bank payment or deduction to the invoice whose OCR it names; anything doubtful stays unmatched.

    Only a payment naming exactly one reference is matched, and only when that reference passes the OCR
    length digit and Luhn check and belongs to an invoice: a payment for several invoices does not say how
    much goes to which, so a person assigns it. The bank's reference code is not trusted on its own: a
    bankgiro without OCR control reports correct OCR numbers as code 3 or 4, and we check the digits here.
    """
    references = payment_references(payment)
    if not references:
        return Match(None, unmatched_code="payment_without_reference", unmatched_params={})
    if len(references) > 1:
        return Match(None, unmatched_code="payment_several_references", unmatched_params={"references": references})
    return match_reference(references[0], target_by_ocr)


def match_reference(reference: str, target_by_ocr: Mapping[str, Target]) -> Match[Target]:
    """Match one reference (a bank payment's, or one typed by hand) to an invoice OCR."""
    reference = reference.strip()
    if not reference:
        return Match(None, unmatched_code="payment_without_reference", unmatched_params={})
    if not is_valid_ocr(reference):
        return Match(None, unmatched_code="payment_reference_not_ocr", unmatched_params={"reference": reference})
    target = target_by_ocr.get(reference)
    if target is None:
        return Match(None, unmatched_code="payment_reference_unknown", unmatched_params={"reference": reference})
    return Match(target, ocr=reference)


def import_key(deposit: BgMaxDeposit, payment: BgMaxPayment, occurrence: int = 1) -> str:
    """The key under which a bank payment is stored once: deposit (bankgiro, payment date, deposit serial
    number) and BGC serial number, so that importing the same file again finds every payment already there.

    The deposit serial number has five digits and starts again, so the deposit is named by its receiving
    bankgiro and payment date too. `occurrence` (2, 3 ...) tells apart payments of one deposit that carry
    the same BGC serial number, which Bankgirot's own example file does.
    """
    key = f"bgmax:{deposit.bankgiro}:{deposit.payment_date:%Y%m%d}:{deposit.serial:05d}:{payment.bgc_serial}"
    return key if occurrence == 1 else f"{key}/{occurrence}"


def import_keys(bank_file: BgMaxFile) -> list[tuple[str, BgMaxDeposit, BgMaxPayment]]:
    """Every payment and deduction of a file with its import key, in file order; the same file gives the same keys."""
    seen: dict[str, int] = {}
    keyed = []
    for deposit, payment in bank_file.payments():
        first = import_key(deposit, payment)
        seen[first] = seen.get(first, 0) + 1
        keyed.append((import_key(deposit, payment, seen[first]), deposit, payment))
    return keyed


@dataclass(frozen=True)
class PaymentStatus:
    """What an invoice has been paid and still owes, in minor units.

    `outstanding_minor` = amount to pay - credited - written off - paid. Below zero the customer has paid more
    than it owes: the invoice is `paid` and `credit_minor` is what the customer has to its good (to refund or
    to set against a later invoice by a person).
    """

    status: str
    to_pay_minor: int
    credited_minor: int
    paid_minor: int
    outstanding_minor: int
    days_overdue: int
    written_off_minor: int = 0

    @property
    def credit_minor(self) -> int:
        """What was paid beyond what is owed (0 unless overpaid)."""
        return max(0, -self.outstanding_minor)


def payment_status(*, to_pay_minor: int, payments_minor: Iterable[int], credited_minor: int, due_on: date,
                   today: date, written_off_minor: int = 0) -> PaymentStatus:
    """The payment status of an issued invoice on `today`.

    `payments_minor`: every payment recorded against it, reversals and refunds as negative amounts.
    `credited_minor`: what its credit notes credited, as a positive amount (minus the sum of their to_pay_minor);
    a credit note settles what it credits, so a fully credited invoice owes nothing and reads `credited`.
    `written_off_minor`: remainders finance gave up on. Nothing outstanding (or less than nothing): `paid`.
    Something outstanding after the due date: `overdue` (the due date itself is still on time). Otherwise
    `partly_paid` if anything was paid, else `unpaid`.
    """
    if to_pay_minor < 0 or credited_minor < 0 or written_off_minor < 0:
        raise ValueError("payment status is for invoices: amounts to pay, credited and written off are not negative")
    paid = sum(payments_minor)
    outstanding = to_pay_minor - credited_minor - written_off_minor - paid
    days_late = max(0, (today - due_on).days)
    if outstanding <= 0:
        status = CREDITED if 0 < to_pay_minor <= credited_minor else PAID
    elif days_late > 0:
        status = OVERDUE
    elif paid > 0:
        status = PARTLY_PAID
    else:
        status = UNPAID
    return PaymentStatus(status, to_pay_minor, credited_minor, paid, outstanding,
                         days_late if status == OVERDUE else 0, written_off_minor)


@dataclass(frozen=True)
class ReminderDue:
    """A reminder to queue now: its number for this invoice (1, 2 ...) and the key that makes queueing it idempotent."""

    sequence: int
    dedup_key: str


def reminder_key(invoice_id: int, sequence: int) -> str:
    """The dedup key of the `sequence`-th reminder of an invoice: two runs that both find it due queue it once."""
    return f"invoice-reminder:{invoice_id}:{sequence}"


def reminder_due(invoice_id: int, status: PaymentStatus, reminded_on: Iterable[date], today: date,
                 *, grace_days: int = 0) -> ReminderDue | None:
    """The reminder to queue today, or None: only while overdue (by more than `grace_days`), and at most one
    every REMINDER_INTERVAL_DAYS days after the last one (`reminded_on`: the days earlier reminders were queued).

    The key counts earlier reminders rather than naming today, so that two runs on either side of midnight
    that read the same history still produce the same key.
    """
    if status.status != OVERDUE or status.days_overdue <= grace_days:
        return None
    earlier = sorted(reminded_on)
    if earlier and (today - earlier[-1]).days < REMINDER_INTERVAL_DAYS:
        return None
    sequence = len(earlier) + 1
    return ReminderDue(sequence, reminder_key(invoice_id, sequence))

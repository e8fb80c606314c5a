"""Invoice arithmetic in minor units: line amounts, VAT rounded to öre, öresavrundning, OCR references."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from stdnum import luhn


def divide_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest integer, halves away from zero (symmetric for credits)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    return sign * ((2 * abs(numerator) + denominator) // (2 * denominator))


def hours_amount(minutes: int, hourly_rate_minor: int) -> int:
    """The price of `minutes` at an hourly rate, rounded to the minor unit."""
    return divide_half_up(minutes * hourly_rate_minor, 60)


def vat_amount(net_minor: int, rate_bp: int) -> int:
    """VAT on a net amount at a rate in basis points, rounded to öre/cent."""
    return divide_half_up(net_minor * rate_bp, 10_000)


@dataclass(frozen=True)
class Totals:
    """What an invoice adds up to; `to_pay_minor` = `total_minor` + `rounding_minor`."""

    net_minor: int
    vat_rate_bp: int
    vat_minor: int
    total_minor: int
    rounding_minor: int
    to_pay_minor: int


def invoice_totals(line_amounts: Iterable[int], vat_rate_bp: int, *, round_to_whole_units: bool) -> Totals:
    """Sum the lines, add VAT on the net, and optionally round the amount to pay to whole kronor
    (öresavrundning), showing the difference as its own amount."""
    net = sum(line_amounts)
    vat = vat_amount(net, vat_rate_bp)
    total = net + vat
    to_pay = divide_half_up(total, 100) * 100 if round_to_whole_units else total
    return Totals(net, vat_rate_bp, vat, total, to_pay - total, to_pay)


def ocr_reference(invoice_number: int) -> str:
    """The OCR reference of an invoice number: the number, a length digit and a Luhn check digit
    (Bankgirot's "längdkontroll"): 1001 -> 1001 + 6 + check digit."""
    if invoice_number < 1:
        raise ValueError("invoice numbers start at 1")
    digits = str(invoice_number)
    length_digit = str((len(digits) + 2) % 10)
    return digits + length_digit + luhn.calc_check_digit(digits + length_digit)


def is_valid_ocr(reference: str) -> bool:
    """True if the reference has a correct length digit and Luhn check digit."""
    return (
        reference.isdigit()
        and len(reference) >= 3
        and int(reference[-2]) == len(reference) % 10
        and luhn.is_valid(reference)
    )

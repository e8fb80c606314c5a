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
    """What an invoice adds up to; `to_pay_minor` = `total_minor` + `rounding_minor`. `net_minor` is every line;
    `untaxed_minor` the part of it outside the scope of VAT (late interest, reminder fees), on which none is due."""

    net_minor: int
    vat_rate_bp: int
    vat_minor: int
    total_minor: int
    rounding_minor: int
    to_pay_minor: int
    untaxed_minor: int = 0

    @property
    def taxable_minor(self) -> int:
        """The part of the net VAT is charged on."""
        return self.net_minor - self.untaxed_minor


def invoice_totals(line_amounts: Iterable[int], vat_rate_bp: int, *, round_to_whole_units: bool,
                   untaxed_amounts: Iterable[int] = ()) -> Totals:
    """Sum the lines, add VAT on the taxable ones (`line_amounts`; `untaxed_amounts` are outside VAT), and
    optionally round the amount to pay to whole kronor (öresavrundning), showing the difference as its own amount."""
    taxable, untaxed = sum(line_amounts), sum(untaxed_amounts)
    vat = vat_amount(taxable, vat_rate_bp)
    net = taxable + untaxed
    total = net + vat
    to_pay = divide_half_up(total, 100) * 100 if round_to_whole_units else total
    return Totals(net, vat_rate_bp, vat, total, to_pay - total, to_pay, untaxed)


def ocr_reference(invoice_number: int) -> str:
    """The OCR reference of an invoice number: the number, a length digit and a Luhn check digit
    (Bankgirot's "längdkontroll"): 1001 -> 1001 + 6 + check digit."""
    if invoice_number < 1:
        raise ValueError("invoice numbers start at 1")
    digits = str(invoice_number)
    length_digit = str((len(digits) + 2) % 10)
    return digits + length_digit + luhn.calc_check_digit(digits + length_digit)


def series_ocr_reference(series: str, invoice_number: int) -> str:
    """The OCR reference of a number whose plain OCR another series already holds: the series' letters as digits
    (base 36: G is 16) before the number, so that G1001 and F1001 are paid to different references."""
    code = "".join(str(int(character, 36)) for character in series if character.isascii() and character.isalnum())
    return ocr_reference(int(f"{code}{invoice_number}"))


def is_valid_ocr(reference: str) -> bool:
    """True if the reference has a correct length digit and Luhn check digit."""
    return (
        reference.isdigit()
        and len(reference) >= 3
        and int(reference[-2]) == len(reference) % 10
        and luhn.is_valid(reference)
    )

"""BgMax files for tests, written the way Bankgirot writes them: 80-character lines, ISO-8859-1, the
deposit totals and end counts computed from the payments. Tests build valid files from payment sets
and then break them on purpose (`replace_line`, `drop_line`) to see each refusal."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ledger.domain.billing.invoicing import is_valid_ocr


@dataclass(frozen=True)
class Pay:
    """One payment (20), or a deduction (21) when `amount_minor` is below zero."""

    amount_minor: int
    reference: str = ""
    reference_code: int | None = None  # None: 2 for a valid OCR, 3 for other text, 1 for no reference
    sender_bankgiro: str = "3783511"
    channel: int = 1
    bgc_serial: int | None = None  # None: numbered in file order
    image_marker: int = 0
    deduction_code: int = 0
    extra_references: Sequence[tuple[str, int]] = ()  # (reference, amount_minor): 22, or 23 when negative
    information: Sequence[str] = ()
    name: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    org_number: str = ""


@dataclass(frozen=True)
class Deposit:
    """One section: opening record, payments, deposit record."""

    payments: Sequence[Pay]
    serial: int = 1
    payment_date: date = date(2026, 11, 23)
    bankgiro: str = "9912346"
    bank_account: str = "5841000001009823"
    currency: str = "SEK"
    deposit_type: str = " "


@dataclass
class _Counter:
    serial: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"20": 0, "21": 0, "22": 0, "15": 0})


def _number(value: int | str, width: int) -> str:
    text = str(value)
    assert text.isdigit() and len(text) <= width, (value, width)
    return text.rjust(width, "0")


def _text(value: str, width: int) -> str:
    assert len(value) <= width, (value, width)
    return value.ljust(width)


def _line(*parts: str) -> str:
    text = "".join(parts)
    assert len(text) <= 80, text
    return text.ljust(80)


def _code_of(pay: Pay, reference: str) -> int:
    if pay.reference_code is not None:
        return pay.reference_code
    if not reference:
        return 1
    return 2 if is_valid_ocr(reference) else 3


def _transaction(kind: str, pay: Pay, reference: str, amount_minor: int, code: int, serial: int) -> str:
    shown = reference.rjust(25) if code == 2 else _text(reference, 25)  # OCR right-aligned, text left-aligned
    tail = _number(pay.deduction_code, 1) if kind == "21" else ""
    return _line(kind, _number(pay.sender_bankgiro, 10), shown, _number(abs(amount_minor), 18), _number(code, 1),
                 _number(pay.channel, 1), _number(serial, 12), _number(pay.image_marker, 1), tail)


def _payment_lines(pay: Pay, counter: _Counter) -> list[str]:
    counter.serial += 1
    serial = pay.bgc_serial if pay.bgc_serial is not None else counter.serial
    kind = "21" if pay.amount_minor < 0 else "20"
    counter.counts[kind] += 1
    lines = [_transaction(kind, pay, pay.reference, pay.amount_minor, _code_of(pay, pay.reference), serial)]
    for reference, amount in pay.extra_references:
        counter.counts["22"] += 1
        extra = Pay(0, sender_bankgiro=pay.sender_bankgiro, channel=pay.channel, image_marker=pay.image_marker)
        lines.append(_transaction("23" if amount < 0 else "22", extra, reference, amount, _code_of(extra, reference),
                                  serial))
    lines += [_line("25", _text(text, 50)) for text in pay.information]
    if pay.name:
        lines.append(_line("26", _text(pay.name, 35)))
    if pay.address or pay.postal_code:
        lines.append(_line("27", _text(pay.address, 35), _text(pay.postal_code, 9)))
    if pay.city:
        lines.append(_line("28", _text(pay.city, 35)))
    if pay.org_number:
        lines.append(_line("29", _number(pay.org_number, 12)))
    return lines


def bgmax_lines(deposits: Sequence[Deposit], *, created_at: datetime = datetime(2026, 11, 23, 6, 15, 2, 123456),
                test: bool = False, version: str = "01") -> list[str]:
    """The lines (without line ends) of a valid BgMax file holding these deposits."""
    counter = _Counter()
    lines = [_line("01", _text("BGMAX", 20), version, created_at.strftime("%Y%m%d%H%M%S%f"), "T" if test else "P")]
    for deposit in deposits:
        lines.append(_line("05", _number(deposit.bankgiro, 10), " " * 10, deposit.currency))
        for pay in deposit.payments:
            lines += _payment_lines(pay, counter)
        counter.counts["15"] += 1
        total = sum(pay.amount_minor for pay in deposit.payments)
        assert total >= 0, "a deposit cannot be negative"
        lines.append(_line("15", _number(deposit.bank_account, 35), deposit.payment_date.strftime("%Y%m%d"),
                           _number(deposit.serial, 5), _number(total, 18), deposit.currency,
                           _number(len(deposit.payments), 8), deposit.deposit_type))
    counts = counter.counts
    lines.append(_line("70", *(_number(counts[kind], 8) for kind in ("20", "21", "22", "15"))))
    return lines


def encode(lines: Sequence[str], newline: str = "\r\n", *, final_newline: bool = True) -> bytes:
    """The file's bytes as the bank delivers them: ISO-8859-1."""
    return (newline.join(lines) + (newline if final_newline else "")).encode("latin-1")


def bgmax_file(deposits: Sequence[Deposit], **options: object) -> bytes:
    """A valid BgMax file holding these deposits, as bytes."""
    return encode(bgmax_lines(deposits, **options))  # type: ignore[arg-type]


def replace_line(lines: Sequence[str], number: int, start: int, text: str) -> list[str]:
    """The lines with line `number` (from 1) overwritten from position `start` (from 1) by `text`."""
    changed = list(lines)
    line = changed[number - 1]
    changed[number - 1] = line[:start - 1] + text + line[start - 1 + len(text):]
    return changed


def drop_line(lines: Sequence[str], number: int) -> list[str]:
    """The lines without line `number` (from 1)."""
    return [line for index, line in enumerate(lines, start=1) if index != number]

"""The fields of each BgMax record, at the positions of Bankgirot's technical manual (1-based, inclusive).

Each reader takes one 80-character line and returns its fields, or refuses the line by code naming the
line number and positions. Reserved positions must be blank: a field shifted by one column shows there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ledger.domain.errors import DomainError
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "bgmax_bad_digits": N_("Line %(line)s, positions %(start)s-%(end)s: expected digits, found “%(found)s”."),
    "bgmax_bad_date": N_("Line %(line)s, positions %(start)s-%(end)s: “%(found)s” is not a date."),
    "bgmax_bad_marker": N_("Line %(line)s, position %(start)s: “%(found)s” is not one of %(choices)s."),
    "bgmax_not_blank": N_("Line %(line)s, positions %(start)s-%(end)s are reserved and must be blank."),
    "bgmax_bad_ocr": N_("Line %(line)s: reference code 2 promises a correct OCR number, but the reference is "
                        "“%(found)s”."),
})

_DIGITS = re.compile(r"[0-9]+")  # str.isdigit() would accept ², ³ and ¹, which ISO-8859-1 has


class BgMaxRefused(DomainError):
    """The bank file cannot be read as BgMax; nothing of it may be imported. `params["line"]` names the line."""

    code = "bgmax_refused"


@dataclass(frozen=True)
class Record:
    """One line of the file: its number (from 1) and its 80 characters."""

    number: int
    text: str

    @property
    def kind(self) -> str:
        return self.text[:2]

    def refuse(self, code: str, **params: object) -> BgMaxRefused:
        """A refusal of this line."""
        return BgMaxRefused(code=code, line=self.number, **params)

    def raw(self, start: int, end: int) -> str:
        return self.text[start - 1:end]

    def digits(self, start: int, end: int) -> str:
        """The field as digits, refused unless every character is 0-9."""
        value = self.raw(start, end)
        if not _DIGITS.fullmatch(value):
            raise self.refuse("bgmax_bad_digits", start=start, end=end, found=value)
        return value

    def number_at(self, start: int, end: int) -> int:
        return int(self.digits(start, end))

    def text_at(self, start: int, end: int) -> str:
        return self.raw(start, end).strip()

    def optional_digits(self, start: int, end: int) -> str | None:
        """A right-aligned, zero-filled number that may be blank or all zeros (then None), without its zeros."""
        value = self.raw(start, end)
        if not value.strip():
            return None
        return self.digits(start, end).lstrip("0") or None

    def marker(self, start: int, choices: str) -> str:
        value = self.raw(start, start)
        if len(value) != 1 or value not in choices:
            shown = [choice if choice != " " else "' '" for choice in choices]
            raise self.refuse("bgmax_bad_marker", start=start, found=value, choices=shown)
        return value

    def day(self, start: int) -> date:
        """An eight-digit date, YYYYMMDD."""
        value = self.digits(start, start + 7)
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            raise self.refuse("bgmax_bad_date", start=start, end=start + 7, found=value) from None

    def blank(self, start: int, end: int = 80) -> None:
        if self.raw(start, end).strip():
            raise self.refuse("bgmax_not_blank", start=start, end=end)


def start_fields(record: Record) -> tuple[str, str, datetime, str]:
    """01: layout name (3-22), version (23-24), file timestamp (25-44), test marker T/P (45)."""
    stamp = record.digits(25, 44)
    try:
        created_at = datetime(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]), int(stamp[8:10]),
                              int(stamp[10:12]), int(stamp[12:14]), int(stamp[14:20]))
    except ValueError:
        raise record.refuse("bgmax_bad_date", start=25, end=44, found=stamp) from None
    marker = record.marker(45, "TP")
    record.blank(46)
    return record.text_at(3, 22), record.raw(23, 24), created_at, marker


def opening_fields(record: Record) -> tuple[str, str | None, str]:
    """05: receiving bankgiro (3-12), receiving plusgiro (13-22, usually blank), currency (23-25)."""
    bankgiro = record.digits(3, 12).lstrip("0")
    plusgiro = record.optional_digits(13, 22)
    currency = record.raw(23, 25)
    record.blank(26)
    return bankgiro, plusgiro, currency


@dataclass(frozen=True)
class TransactionFields:
    """The fields records 20, 21, 22 and 23 share; `deduction_code` only on 21."""

    sender_bankgiro: str | None
    reference: str
    reference_code: int
    amount_minor: int
    channel: int
    bgc_serial: str
    image_marker: int
    deduction_code: int | None


def transaction_fields(record: Record) -> TransactionFields:
    """20/21/22/23: sender bankgiro (3-12), reference (13-37), amount in öre (38-55), reference code (56),
    payment channel (57), BGC serial number (58-69), image marker (70); 21 adds the deduction code (71)."""
    sender = record.optional_digits(3, 12)
    reference_code = record.number_at(56, 56)
    reference = record.text_at(13, 37)
    if reference_code == 2 and not _DIGITS.fullmatch(reference):
        raise record.refuse("bgmax_bad_ocr", found=reference)
    amount = record.number_at(38, 55)
    channel = record.number_at(57, 57)
    serial = record.digits(58, 69)
    image = record.number_at(70, 70)
    deduction_code = None
    if record.kind == "21":
        deduction_code = record.number_at(71, 71)
        record.blank(72)
    else:
        record.blank(71)
    return TransactionFields(sender, reference, reference_code, amount, channel, serial, image, deduction_code)


def information_text(record: Record) -> str:
    """25: free text from the payer (3-52)."""
    record.blank(53)
    return record.text_at(3, 52)


def payer_fields(record: Record) -> dict[str, str]:
    """26: name (3-37), extra name (38-72); 27: address (3-37), postal code (38-46); 28: city (3-37),
    country (38-72), country code (73-74); 29: organisation or personal number (3-14)."""
    if record.kind == "26":
        record.blank(73)
        return {"name": record.text_at(3, 37), "extra_name": record.text_at(38, 72)}
    if record.kind == "27":
        record.blank(47)
        return {"address": record.text_at(3, 37), "postal_code": record.text_at(38, 46)}
    if record.kind == "28":
        record.blank(75)
        return {"city": record.text_at(3, 37), "country": record.text_at(38, 72), "country_code": record.text_at(73, 74)}
    record.blank(15)
    return {"org_number": record.optional_digits(3, 14) or ""}


@dataclass(frozen=True)
class DepositFields:
    """15: what the bank says it deposited."""

    bank_account: str
    payment_date: date
    serial: int
    amount_minor: int
    currency: str
    payment_count: int
    deposit_type: str


def deposit_fields(record: Record) -> DepositFields:
    """15: receiving bank account (3-37), payment date (38-45), deposit serial number (46-50), amount in öre
    (51-68), currency (69-71), number of payment and deduction records (72-79), deposit type (80)."""
    return DepositFields(
        bank_account=record.digits(3, 37).lstrip("0"), payment_date=record.day(38), serial=record.number_at(46, 50),
        amount_minor=record.number_at(51, 68), currency=record.raw(69, 71), payment_count=record.number_at(72, 79),
        deposit_type=record.marker(80, " KDS").strip(),
    )


def end_counts(record: Record) -> dict[str, int]:
    """70: number of payment (3-10), deduction (11-18), extra reference (19-26) and deposit (27-34) records."""
    record.blank(35)
    return {"20": record.number_at(3, 10), "21": record.number_at(11, 18), "22+23": record.number_at(19, 26),
            "15": record.number_at(27, 34)}

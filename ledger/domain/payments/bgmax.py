"""Bankgirot's BgMax file (Bankgiro Inbetalningar) as the bank delivers it, read strictly.

A file is fixed 80-character lines in ISO-8859-1: a start record (01), one section per deposit -- an
opening record (05), payments (20) and deductions (21) each followed by their extra references (22/23),
information (25), name (26), addresses (27, 28) and organisation number (29), and a deposit record (15)
-- then an end record (70). The file is refused whole, naming the line, when any line is malformed,
out of order or disagrees with the totals the bank wrote into records 15 and 70: a bank file that does
not add up is never half-imported.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from ledger.domain.payments.bgmax_records import (BgMaxRefused, Record, deposit_fields, end_counts, information_text,
                                                opening_fields, payer_fields, start_fields, transaction_fields)
from ledger.domain.problems import N_, define_messages

__all__ = ["BgMaxRefused", "BgMaxFile", "BgMaxHeader", "BgMaxDeposit", "BgMaxPayment", "ExtraReference", "Payer",
           "parse_bgmax"]

LINE_LENGTH = 80
LAYOUT = "BGMAX"
VERSION = "01"
CURRENCIES = ("SEK", "EUR")

MESSAGES = define_messages({
    "bgmax_empty": N_("The file is empty."),
    "bgmax_not_bgmax": N_("Line %(line)s: this is not a BgMax file; it must begin with a start record (01) "
                          "naming the layout BGMAX."),
    "bgmax_version_unsupported": N_("Line %(line)s: BgMax version %(version)s is not supported; version 01 is."),
    "bgmax_line_length": N_("Line %(line)s has %(length)s characters; every BgMax line has 80."),
    "bgmax_utf8": N_("Line %(line)s is encoded as UTF-8; upload the file exactly as the bank delivered it "
                     "(ISO-8859-1)."),
    "bgmax_control_character": N_("Line %(line)s has a control character at position %(position)s."),
    "bgmax_unknown_record": N_("Line %(line)s has the unknown record type %(record)s."),
    "bgmax_out_of_order": N_("Line %(line)s: a record %(record)s cannot follow a record %(after)s."),
    "bgmax_unknown_currency": N_("Line %(line)s: the currency %(currency)s is not SEK or EUR."),
    "bgmax_currency_mismatch": N_("Line %(line)s: the deposit is in %(currency)s but its opening record says "
                                  "%(opening_currency)s."),
    "bgmax_deposit_count_mismatch": N_("Line %(line)s: the deposit record counts %(stated)s payments and "
                                       "deductions, the deposit has %(actual)s."),
    "bgmax_deposit_amount_mismatch": N_("Line %(line)s: the deposit record states %(stated_ore)s öre, its "
                                        "payments less deductions add up to %(actual_ore)s öre."),
    "bgmax_end_count_mismatch": N_("Line %(line)s: the end record counts %(stated)s records %(record)s, the "
                                   "file has %(actual)s."),
    "bgmax_truncated": N_("The file ends at line %(line)s without an end record (70); it is incomplete."),
    "bgmax_after_end": N_("Line %(line)s comes after the end record (70); the file must end there."),
})

#: Which record may follow which (the manual's order: 22/23, then 25s, then 26, 27, 28, 29, each at most once).
_PAYMENT_NEXT = {"20", "21", "15"}
_FOLLOWS: dict[str, set[str]] = {
    "01": {"05", "70"},
    "05": {"20", "21"},
    "20": _PAYMENT_NEXT | {"22", "23", "25", "26", "27", "28", "29"},
    "21": _PAYMENT_NEXT | {"22", "23", "25", "26", "27", "28", "29"},
    "22": _PAYMENT_NEXT | {"22", "23", "25", "26", "27", "28", "29"},
    "23": _PAYMENT_NEXT | {"22", "23", "25", "26", "27", "28", "29"},
    "25": _PAYMENT_NEXT | {"25", "26", "27", "28", "29"},
    "26": _PAYMENT_NEXT | {"27", "28", "29"},
    "27": _PAYMENT_NEXT | {"28", "29"},
    "28": _PAYMENT_NEXT | {"29"},
    "29": _PAYMENT_NEXT,
    "15": {"05", "70"},
    "70": set(),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class BgMaxHeader:
    """The start record: BgMax version, when Bankgirot wrote the file (its local time, as written), test or not."""

    version: str
    created_at: datetime
    is_test: bool


@dataclass(frozen=True)
class ExtraReference:
    """A further reference of the payment before it (22), or a negative one (23: amount below zero)."""

    line: int
    reference: str
    reference_code: int
    amount_minor: int


@dataclass(frozen=True)
class Payer:
    """Who paid, from records 26-29 (empty strings where the bank sent nothing)."""

    name: str = ""
    extra_name: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = ""
    country_code: str = ""
    org_number: str = ""


@dataclass(frozen=True)
class BgMaxPayment:
    """One payment (record 20) or deduction (21: `amount_minor` below zero) with what followed it."""

    line: int
    is_deduction: bool
    sender_bankgiro: str | None
    reference: str
    reference_code: int
    amount_minor: int
    channel: int
    bgc_serial: str
    image_marker: int
    deduction_code: int | None
    extra_references: tuple[ExtraReference, ...] = ()
    information: tuple[str, ...] = ()
    payer: Payer = Payer()

    @property
    def has_image(self) -> bool:
        """Bankgirot holds an image of the paper form (image marker 1)."""
        return self.image_marker == 1


@dataclass(frozen=True)
class BgMaxDeposit:
    """One section: an opening record (05, at `line`), its payments, and the deposit record (15)."""

    line: int
    bankgiro: str
    plusgiro: str | None
    currency: str
    bank_account: str
    payment_date: date
    serial: int
    amount_minor: int
    deposit_type: str
    payments: tuple[BgMaxPayment, ...]


@dataclass(frozen=True)
class BgMaxFile:
    """A whole BgMax file whose every count and total agreed."""

    header: BgMaxHeader
    deposits: tuple[BgMaxDeposit, ...]

    def payments(self) -> Iterator[tuple[BgMaxDeposit, BgMaxPayment]]:
        """Every payment and deduction with its deposit, in file order."""
        for deposit in self.deposits:
            for payment in deposit.payments:
                yield deposit, payment


def parse_bgmax(data: bytes) -> BgMaxFile:
    """Read a BgMax file as delivered (bytes, ISO-8859-1); raise BgMaxRefused naming the first bad line."""
    records = _records(data)
    header = _header(records[0])
    reader = _Reader()
    for record in records[1:]:
        reader.feed(record)
    if reader.previous != "70":
        raise BgMaxRefused(code="bgmax_truncated", line=records[-1].number)
    return BgMaxFile(header, tuple(reader.deposits))


def _records(data: bytes) -> list[Record]:
    if not data:
        raise BgMaxRefused(code="bgmax_empty")
    raw_lines = data.split(b"\n")
    if raw_lines[-1] == b"":
        raw_lines.pop()
    records = []
    for number, raw in enumerate(raw_lines, start=1):
        raw = raw[:-1] if raw.endswith(b"\r") else raw
        text = raw.decode("latin-1")  # every byte is a character in ISO-8859-1: nothing to fail here
        if len(text) != LINE_LENGTH:
            if _is_utf8_of_80(raw):
                raise BgMaxRefused(code="bgmax_utf8", line=number)
            if number == 1 and not text.startswith("01"):
                raise BgMaxRefused(code="bgmax_not_bgmax", line=number)
            raise BgMaxRefused(code="bgmax_line_length", line=number, length=len(text))
        control = _CONTROL.search(text)
        if control:
            raise BgMaxRefused(code="bgmax_control_character", line=number, position=control.start() + 1)
        records.append(Record(number, text))
    return records


def _is_utf8_of_80(raw: bytes) -> bool:
    try:
        return len(raw.decode("utf-8")) == LINE_LENGTH
    except UnicodeDecodeError:
        return False


def _header(record: Record) -> BgMaxHeader:
    if record.kind != "01" or record.text_at(3, 22) != LAYOUT:
        raise record.refuse("bgmax_not_bgmax")
    _layout, version, created_at, marker = start_fields(record)
    if version != VERSION:
        raise record.refuse("bgmax_version_unsupported", version=version)
    return BgMaxHeader(version, created_at, is_test=marker == "T")


@dataclass
class _Reader:
    """Walks the records after the start record, building deposits and checking the bank's totals."""

    previous: str = "01"
    deposits: list[BgMaxDeposit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"20": 0, "21": 0, "22+23": 0, "15": 0})
    opening: tuple[int, str, str | None, str] | None = None
    payments: list[BgMaxPayment] = field(default_factory=list)
    payer: dict[str, str] = field(default_factory=dict)

    def feed(self, record: Record) -> None:
        kind = record.kind
        if self.previous == "70":
            raise record.refuse("bgmax_after_end")
        if kind not in _FOLLOWS:
            raise record.refuse("bgmax_unknown_record", record=kind)
        if kind not in _FOLLOWS[self.previous]:
            raise record.refuse("bgmax_out_of_order", record=kind, after=self.previous)
        if kind in ("20", "21", "15"):
            self._close_payment()
        getattr(self, f"_record_{kind}")(record)
        self.previous = kind

    def _record_05(self, record: Record) -> None:
        bankgiro, plusgiro, currency = opening_fields(record)
        if currency not in CURRENCIES:
            raise record.refuse("bgmax_unknown_currency", currency=currency)
        self.opening = (record.number, bankgiro, plusgiro, currency)

    def _record_20(self, record: Record) -> None:
        fields = transaction_fields(record)
        sign = -1 if record.kind == "21" else 1
        self.counts[record.kind] += 1
        self.payments.append(BgMaxPayment(
            line=record.number, is_deduction=sign < 0, sender_bankgiro=fields.sender_bankgiro,
            reference=fields.reference, reference_code=fields.reference_code, amount_minor=sign * fields.amount_minor,
            channel=fields.channel, bgc_serial=fields.bgc_serial, image_marker=fields.image_marker,
            deduction_code=fields.deduction_code,
        ))

    _record_21 = _record_20

    def _record_22(self, record: Record) -> None:
        fields = transaction_fields(record)
        sign = -1 if record.kind == "23" else 1
        self.counts["22+23"] += 1
        extra = ExtraReference(record.number, fields.reference, fields.reference_code, sign * fields.amount_minor)
        last = self.payments[-1]
        self.payments[-1] = replace(last, extra_references=(*last.extra_references, extra))

    _record_23 = _record_22

    def _record_25(self, record: Record) -> None:
        last = self.payments[-1]
        self.payments[-1] = replace(last, information=(*last.information, information_text(record)))

    def _record_26(self, record: Record) -> None:
        self.payer.update(payer_fields(record))

    _record_27 = _record_28 = _record_29 = _record_26

    def _close_payment(self) -> None:
        if self.payer:
            self.payments[-1] = replace(self.payments[-1], payer=Payer(**self.payer))
            self.payer = {}

    def _record_15(self, record: Record) -> None:
        assert self.opening is not None  # _FOLLOWS lets 15 come only inside a section
        line, bankgiro, plusgiro, currency = self.opening
        fields = deposit_fields(record)
        if fields.currency != currency:
            raise record.refuse("bgmax_currency_mismatch", currency=fields.currency, opening_currency=currency)
        if fields.payment_count != len(self.payments):
            raise record.refuse("bgmax_deposit_count_mismatch", stated=fields.payment_count, actual=len(self.payments))
        total = sum(payment.amount_minor for payment in self.payments)
        if fields.amount_minor != total:
            raise record.refuse("bgmax_deposit_amount_mismatch", stated_ore=fields.amount_minor, actual_ore=total)
        self.counts["15"] += 1
        self.deposits.append(BgMaxDeposit(
            line=line, bankgiro=bankgiro, plusgiro=plusgiro, currency=currency, bank_account=fields.bank_account,
            payment_date=fields.payment_date, serial=fields.serial, amount_minor=total,
            deposit_type=fields.deposit_type, payments=tuple(self.payments),
        ))
        self.opening, self.payments = None, []

    def _record_70(self, record: Record) -> None:
        for kind, stated in end_counts(record).items():
            if stated != self.counts[kind]:
                raise record.refuse("bgmax_end_count_mismatch", record=kind, stated=stated, actual=self.counts[kind])

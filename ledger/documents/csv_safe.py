"""CSV that a spreadsheet cannot run: no text cell may begin a formula (CSV/formula injection).

A spreadsheet treats a cell that begins with =, +, -, @ (or a tab, CR or LF before one) as a formula, so a
customer named `=HYPERLINK("https://evil.example", "Click")` would become a live link or worse on the
accountant's machine. Every text cell that begins with one of those characters is written with a leading
apostrophe, which spreadsheets show as text and do not evaluate.

Numbers are different: a credit note's amount is "-950.00", and an apostrophe would turn it into text the
accountant cannot add up. So amounts and counts are passed as `Number` (or int) and written as they are:
a cell that is only an optional minus, digits and a decimal point is a number in every spreadsheet, never a
formula, and `Number` refuses anything else. Use `SafeCsvWriter` for every CSV the product writes.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from ledger.domain.money import format_minor

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class Number:
    """A cell that is a plain decimal number ("-950.00", "25"), written unchanged."""

    text: str

    def __post_init__(self) -> None:
        if not _PLAIN_NUMBER.fullmatch(self.text):
            raise ValueError(f"{self.text!r} is not a plain decimal number")


def amount(minor: int, digits: int = 2) -> Number:
    """A minor-unit amount as a number cell: -95000 -> -950.00."""
    return Number(format_minor(minor, digits))


def safe_cell(value: object) -> str:
    """The text of one cell: numbers as they are, text with an apostrophe before a formula's first character."""
    if value is None:
        return ""
    if isinstance(value, Number):
        return value.text
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


class SafeCsvWriter:
    """csv.writer whose every row goes through safe_cell."""

    def __init__(self, target: TextIO) -> None:
        self._writer = csv.writer(target, lineterminator="\n")

    def writerow(self, values: Iterable[object]) -> None:
        """Write one row of neutralised cells."""
        self._writer.writerow([safe_cell(value) for value in values])

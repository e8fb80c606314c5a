"""SIE 4 files for the books: the month's vouchers as a type 4 import file (4I), PC8 = code page 437.

Each post is one line: `#LABEL field field ...`; text fields are quoted, with a quote inside written `\\"`; the
rows of a voucher stand between `{` and `}` lines. Amounts are SEK with a point and two decimals, debit positive.
Lines end with CR LF. Characters that code page 437 lacks are written as their nearest letter (or "?").
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from ledger.domain.books.vouchers import Account, Voucher
from ledger.domain.money import format_minor

ENCODING = "cp437"
CONTENT_TYPE = "text/plain; charset=IBM437"
PROGRAM = ("Servicekonto", "1.0")
#: Letters code page 437 lacks, written as the nearest it has (å ä ö é ü Å Ä Ö É Ü æ Æ are all there).
_NEAREST = str.maketrans({
    "€": "EUR", "−": "-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...",
    "Ø": "O", "ø": "o", "Š": "S", "š": "s", "Ž": "Z", "ž": "z", "Č": "C", "č": "c", "Ł": "L", "ł": "l",
    "Õ": "O", "õ": "o", "Ã": "A", "ã": "a", "Ý": "Y", "ý": "y", "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d",
    "\\": "/",  # a backslash before the closing quote would read as an escaped quote
})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def quoted(text: str) -> str:
    """A text field: one line, quotes escaped, in double quotes ("Kund \\"Väst\\" AB")."""
    one_line = " ".join(_CONTROL.sub(" ", text.translate(_NEAREST)).split())
    return '"' + one_line.replace('"', '\\"') + '"'


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def _year_before(start: date) -> date:
    """The first day of the financial year before the one starting on `start` (#RAR -1)."""
    return start.replace(year=start.year - 1)


def _accounts(vouchers: Sequence[Voucher]) -> list[Account]:
    used = {posting.account.number: posting.account for voucher in vouchers for posting in voucher.postings}
    return [used[number] for number in sorted(used)]


def sie_lines(vouchers: Sequence[Voucher], *, company_name: str, org_number: str,
              financial_year: tuple[date, date], generated_on: date) -> list[str]:
    """The file's posts in order: identification, the financial year and the one before (#RAR 0 and -1), the
    accounts used, then one #VER per voucher."""
    unbalanced = [f"{voucher.series}{voucher.number}" for voucher in vouchers if voucher.balance_minor]
    if unbalanced:
        raise ValueError(f"vouchers that do not balance: {', '.join(unbalanced)}")
    lines = [
        "#FLAGGA 0",
        f"#PROGRAM {quoted(PROGRAM[0])} {quoted(PROGRAM[1])}",
        "#FORMAT PC8",
        f"#GEN {_day(generated_on)}",
        "#SIETYP 4",
        f"#FNAMN {quoted(company_name)}",
        f"#ORGNR {org_number}",
        f"#RAR 0 {_day(financial_year[0])} {_day(financial_year[1])}",
        f"#RAR -1 {_day(_year_before(financial_year[0]))} {_day(financial_year[0] - timedelta(days=1))}",
        "#VALUTA SEK",
    ]
    lines += [f"#KONTO {account.number} {quoted(account.name)}" for account in _accounts(vouchers)]
    for voucher in vouchers:
        lines.append(f"#VER {quoted(voucher.series)} {voucher.number} {_day(voucher.voucher_date)} "
                     f"{quoted(voucher.text)}")
        lines.append("{")
        for posting in voucher.postings:
            row = f"   #TRANS {posting.account.number} {{}} {format_minor(posting.amount_sek_minor)}"
            if posting.text:
                row += f" {_day(voucher.voucher_date)} {quoted(posting.text)}"
            lines.append(row)
        lines.append("}")
    return lines


def sie_file(vouchers: Sequence[Voucher], *, company_name: str, org_number: str,
             financial_year: tuple[date, date], generated_on: date) -> bytes:
    """The SIE 4 file as CP437 bytes (PC8), lines ending CR LF.

    :raise ValueError: a voucher does not balance, or falls outside the financial year.
    """
    outside = [f"{voucher.series}{voucher.number}" for voucher in vouchers
               if not financial_year[0] <= voucher.voucher_date <= financial_year[1]]
    if outside:
        raise ValueError(f"vouchers outside the financial year: {', '.join(outside)}")
    text = "\r\n".join(sie_lines(vouchers, company_name=company_name, org_number=org_number,
                                 financial_year=financial_year, generated_on=generated_on)) + "\r\n"
    return text.encode(ENCODING, errors="replace")


def file_name(period: str) -> str:
    """The export's file name: a type 4 import file has the extension .si ("servicekonto-2025-10.si")."""
    return f"servicekonto-{period}.si"

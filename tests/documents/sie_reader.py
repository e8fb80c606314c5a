"""A strict reader of SIE 4 import files, to read our exports back the way a bookkeeping program must.

No SIE reader on PyPI reads CP437 and checks vouchers (see docs/einvoice.md), so the tests use this one. It
refuses anything malformed: a wrong encoding or line ending, an unknown or misplaced post, a bad field, an
unterminated quote, an account not declared with #KONTO, a date outside the financial year, an unbalanced voucher.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

_AMOUNT = re.compile(r"^-?\d+(?:\.\d{1,2})?$")
_HEADER_ORDER = ("FLAGGA", "PROGRAM", "FORMAT", "GEN", "SIETYP", "FNAMN", "ORGNR", "RAR", "VALUTA")
_REQUIRED = ("FLAGGA", "PROGRAM", "FORMAT", "GEN", "SIETYP", "FNAMN", "RAR")


class SieError(ValueError):
    """The file is not a well-formed SIE 4 import file; the message names the line."""


@dataclass
class Row:
    """A #TRANS row: account, amount in öre (debit positive), optional date and text."""

    account: int
    amount_minor: int
    row_date: date | None
    text: str | None


@dataclass
class Ver:
    """A #VER voucher and its rows."""

    series: str
    number: str
    voucher_date: date
    text: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class SieFile:
    """What the file says."""

    posts: dict[str, list[str]] = field(default_factory=dict)
    accounts: dict[int, str] = field(default_factory=dict)
    vouchers: list[Ver] = field(default_factory=list)

    @property
    def financial_year(self) -> tuple[date, date]:
        """#RAR 0: the current financial year."""
        return _date(self.posts["RAR"][1]), _date(self.posts["RAR"][2])


def tokens(line: str, number: int) -> list[str]:
    """The fields of one line: bare words, "quoted text" with \\" escapes, and {} object lists."""
    fields, position = [], 0
    while position < len(line):
        character = line[position]
        if character in " \t":
            position += 1
        elif character == '"':
            value, position = [], position + 1
            while True:
                if position >= len(line):
                    raise SieError(f"line {number}: unterminated quote")
                if line.startswith('\\"', position):
                    value.append('"')
                    position += 2
                elif line[position] == '"':
                    position += 1
                    break
                else:
                    value.append(line[position])
                    position += 1
            if position < len(line) and line[position] not in " \t":
                raise SieError(f"line {number}: text runs on after its closing quote")
            fields.append("".join(value))
        elif character == "{":
            end = line.find("}", position)
            if end < 0:
                raise SieError(f"line {number}: unterminated object list")
            fields.append(line[position:end + 1])
            position = end + 1
        else:
            end = position
            while end < len(line) and line[end] not in ' \t"':
                end += 1
            fields.append(line[position:end])
            position = end
    return fields


def _date(text: str) -> date:
    try:
        if not re.fullmatch(r"\d{8}", text):
            raise ValueError(text)
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise SieError(f"{text!r} is not a date YYYYMMDD") from None


def _amount(text: str, number: int) -> int:
    if not _AMOUNT.fullmatch(text):
        raise SieError(f"line {number}: {text!r} is not an amount")
    units, _, fraction = text.lstrip("-").partition(".")
    value = int(units) * 100 + int(fraction.ljust(2, "0"))
    return -value if text.startswith("-") else value


def read_sie(content: bytes) -> SieFile:
    """Parse an SIE 4 file as a bookkeeping program would, refusing anything malformed."""
    text = content.decode("cp437")  # every byte is a character of code page 437
    if not text.endswith("\r\n") or "\n" in text.replace("\r\n", "") or "\r" in text.replace("\r\n", ""):
        raise SieError("every line must end with CR LF")
    lines = text[:-2].split("\r\n")
    sie, open_voucher, expect_brace = SieFile(), None, False
    for number, line in enumerate(lines, start=1):
        if any(ord(character) < 32 and character != "\t" for character in line):
            raise SieError(f"line {number}: control character")
        if expect_brace:
            if line.strip() != "{":
                raise SieError(f"line {number}: #VER must be followed by {{")
            expect_brace = False
            continue
        if line.strip() == "}":
            if open_voucher is None:
                raise SieError(f"line {number}: }} without #VER")
            _close(open_voucher, number)
            open_voucher = None
            continue
        fields = tokens(line, number)
        if not fields or not fields[0].startswith("#"):
            raise SieError(f"line {number}: a post starts with #")
        label, values = fields[0][1:], fields[1:]
        if open_voucher is not None:
            if label != "TRANS":
                raise SieError(f"line {number}: only #TRANS inside a voucher, not #{label}")
            open_voucher.rows.append(_trans(sie, values, number))
        elif label == "VER":
            open_voucher, expect_brace = _ver(sie, values, number), True
            sie.vouchers.append(open_voucher)
        elif label == "KONTO":
            if len(values) != 2 or not re.fullmatch(r"\d{4}", values[0]) or not values[1]:
                raise SieError(f"line {number}: #KONTO needs a four-digit account and a name")
            sie.accounts[int(values[0])] = values[1]
        elif label in _HEADER_ORDER:
            _header(sie, label, values, number)
        else:
            raise SieError(f"line {number}: unknown post #{label}")
    if open_voucher is not None or expect_brace:
        raise SieError("the last voucher is not closed")
    missing = [label for label in _REQUIRED if label not in sie.posts]
    if missing:
        raise SieError(f"missing posts: {', '.join(missing)}")
    return sie


def _header(sie: SieFile, label: str, values: list[str], number: int) -> None:
    if label == "RAR" and values[:1] == ["-1"]:
        _previous_year(sie, values, number)
        return
    if label in sie.posts:
        raise SieError(f"line {number}: #{label} twice")
    if sie.accounts or sie.vouchers:
        raise SieError(f"line {number}: #{label} after the accounts")
    expected = _HEADER_ORDER.index(label)
    if any(_HEADER_ORDER.index(seen) > expected for seen in sie.posts if seen in _HEADER_ORDER):
        raise SieError(f"line {number}: #{label} out of order")
    if label == "FLAGGA" and (number != 1 or values != ["0"]):
        raise SieError("#FLAGGA 0 must be the first line")
    rules = {"FORMAT": values == ["PC8"], "SIETYP": values == ["4"], "VALUTA": values == ["SEK"],
             "PROGRAM": len(values) == 2 and all(values), "FNAMN": len(values) == 1 and bool(values[0]),
             "ORGNR": len(values) == 1 and bool(re.fullmatch(r"\d{6}-\d{4}", values[0])),
             "GEN": len(values) in (1, 2), "RAR": len(values) == 3 and values[0] == "0"}
    if not rules.get(label, True):
        raise SieError(f"line {number}: malformed #{label}")
    if label == "GEN":
        _date(values[0])
    if label == "RAR" and _date(values[2]) < _date(values[1]):
        raise SieError(f"line {number}: the financial year ends before it starts")
    sie.posts[label] = values


def _previous_year(sie: SieFile, values: list[str], number: int) -> None:
    """#RAR -1: the year before, right after #RAR 0 and ending the day before it starts."""
    if "RAR" not in sie.posts or "RAR-1" in sie.posts or len(values) != 3 or "VALUTA" in sie.posts:
        raise SieError(f"line {number}: #RAR -1 must follow #RAR 0, once")
    start, end = _date(values[1]), _date(values[2])
    if end < start or (sie.financial_year[0] - end).days != 1:
        raise SieError(f"line {number}: #RAR -1 must end the day before #RAR 0 starts")
    sie.posts["RAR-1"] = values


def _ver(sie: SieFile, values: list[str], number: int) -> Ver:
    if len(values) != 4 or not values[0] or not values[1].isdigit() or not values[3]:
        raise SieError(f"line {number}: #VER needs series, number, date and text")
    voucher = Ver(values[0], values[1], _date(values[2]), values[3])
    if "RAR" in sie.posts and not sie.financial_year[0] <= voucher.voucher_date <= sie.financial_year[1]:
        raise SieError(f"line {number}: voucher dated outside the financial year")
    if any((seen.series, seen.number) == (voucher.series, voucher.number) for seen in sie.vouchers):
        raise SieError(f"line {number}: voucher {voucher.series} {voucher.number} twice")
    return voucher


def _trans(sie: SieFile, values: list[str], number: int) -> Row:
    if len(values) not in (3, 5) or values[1] != "{}":
        raise SieError(f"line {number}: #TRANS needs account, {{}}, amount (and date and text)")
    if not values[0].isdigit() or int(values[0]) not in sie.accounts:
        raise SieError(f"line {number}: account {values[0]} has no #KONTO")
    row_date = _date(values[3]) if len(values) == 5 else None
    return Row(int(values[0]), _amount(values[2], number), row_date, values[4] if len(values) == 5 else None)


def _close(voucher: Ver, number: int) -> None:
    if not voucher.rows:
        raise SieError(f"line {number}: voucher {voucher.number} has no rows")
    balance = sum(row.amount_minor for row in voucher.rows)
    if balance:
        raise SieError(f"line {number}: voucher {voucher.number} does not balance ({balance} öre)")

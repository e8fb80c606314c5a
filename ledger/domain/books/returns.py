"""What the month's invoices fill in Skatteverket's forms (docs/books.md): the VAT return's boxes and the EC sales
list (periodisk sammanställning) as the file Skatteverket takes, format SKV 574008.

Both follow issue dates and take credit notes as negative. The VAT return's boxes: 05 taxable sales in Sweden, 10
output VAT 25 % (the month's postings on the VAT account, to the öre), 39 services to businesses in other EU
countries (reverse charge), 40 other services supplied outside Sweden. Late-payment interest and reminder fees are
outside the scope of VAT and in no box. The form takes whole kronor: the öre are dropped.

The EC sales list file is semicolon separated: "SKV574008;", then the seller's line (VAT number, period YYMM,
contact name, phone, e-mail), then one line per buyer VAT number: goods; triangular trade; services — this app
sells services only, so the first two are empty and the services column carries the month's net in whole kronor.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ledger.domain.billing.vat import VatCode

EC_SALES_HEADER = "SKV574008;"
EC_SALES_ENCODING = "iso-8859-1"
VAT_BOXES = ("05", "10", "39", "40")


@dataclass(frozen=True)
class VatDocument:
    """An issued invoice or credit note as the forms need it: SEK amounts signed as issued."""

    vat_code: str
    buyer_vat_number: str | None
    taxable_net_sek_minor: int
    vat_sek_minor: int


@dataclass(frozen=True)
class VatReturn:
    """The boxes in öre; `kronor` gives the whole kronor the form takes."""

    boxes: dict[str, int]

    def kronor(self, box: str) -> int:
        amount = self.boxes[box]
        return amount // 100 if amount >= 0 else -((-amount) // 100)


def vat_return(documents: Iterable[VatDocument]) -> VatReturn:
    """Boxes 05, 10, 39 and 40 of the month's documents."""
    boxes = dict.fromkeys(VAT_BOXES, 0)
    box_of = {VatCode.SWEDEN: "05", VatCode.REVERSE_CHARGE: "39", VatCode.OUTSIDE_EU: "40"}
    for document in documents:
        boxes[box_of[VatCode(document.vat_code)]] += document.taxable_net_sek_minor
        boxes["10"] += document.vat_sek_minor
    return VatReturn(boxes)


@dataclass(frozen=True)
class EcSalesLine:
    """One buyer's services of the month, in whole kronor (negative when credits outweigh sales)."""

    vat_number: str
    services_kronor: int


def _whole_kronor(minor: int) -> int:
    """Öre to kronor, halves away from zero."""
    whole = (abs(minor) + 50) // 100
    return whole if minor >= 0 else -whole


def ec_sales_lines(documents: Iterable[VatDocument]) -> list[EcSalesLine]:
    """One line per buyer VAT number of the reverse-charge documents, credit notes netted off."""
    totals: dict[str, int] = defaultdict(int)
    for document in documents:
        if VatCode(document.vat_code) is VatCode.REVERSE_CHARGE and document.buyer_vat_number:
            totals[_vat_number(document.buyer_vat_number)] += document.taxable_net_sek_minor
    return [EcSalesLine(number, _whole_kronor(total)) for number, total in sorted(totals.items())]


def _vat_number(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


def _phone(text: str) -> str:
    """Digits, a leading plus and hyphens only, at most 17 characters (as the form asks)."""
    kept = re.sub(r"[^0-9+-]", "", text)
    return (kept[:1] + kept[1:].replace("+", ""))[:17]


def _field(text: str, limit: int) -> str:
    return " ".join(text.replace(";", " ").split())[:limit]


def ec_sales_file(lines: Iterable[EcSalesLine], *, seller_vat_number: str, year: int, month: int,
                  contact_name: str, contact_phone: str, contact_email: str) -> bytes:
    """The SKV 574008 file: header, the seller's line, one line per buyer; CR LF, ISO-8859-1."""
    rows = [EC_SALES_HEADER,
            ";".join([_vat_number(seller_vat_number), f"{year % 100:02d}{month:02d}", _field(contact_name, 35),
                      _phone(contact_phone), _field(contact_email, 100)])]
    rows += [f"{line.vat_number};;;{line.services_kronor};" for line in lines]
    return ("\r\n".join(rows) + "\r\n").encode(EC_SALES_ENCODING, errors="replace")

"""Reading a UBL document back for the rule tests: XPath with the UBL prefixes, decimals never floats."""
from __future__ import annotations

from decimal import Decimal

from lxml import etree

from ledger.documents.peppol import peppol_xml
from ledger.domain.billing.einvoice import EInvoice

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}


class Ubl:
    """A parsed e-invoice with the few queries the rules need."""

    def __init__(self, content: bytes) -> None:
        self.root = etree.fromstring(content)
        self.credit = etree.QName(self.root).localname == "CreditNote"

    @classmethod
    def of(cls, invoice: EInvoice) -> "Ubl":
        """The e-invoice as written for `invoice`, parsed."""
        return cls(peppol_xml(invoice))

    def all(self, path: str, node: etree._Element | None = None) -> list[etree._Element]:
        """Every element at `path` (relative to the root, or to `node`)."""
        return (node if node is not None else self.root).xpath(path, namespaces=NS)

    def one(self, path: str, node: etree._Element | None = None) -> etree._Element:
        """The single element at `path`; fails the test if there is not exactly one."""
        found = self.all(path, node)
        assert len(found) == 1, f"expected one {path}, found {len(found)}"
        return found[0]

    def text(self, path: str, node: etree._Element | None = None) -> str:
        """The text of the single element at `path`."""
        return self.one(path, node).text or ""

    def amount(self, path: str, node: etree._Element | None = None) -> Decimal:
        """The decimal at `path`."""
        return Decimal(self.text(path, node))

    def exists(self, path: str, node: etree._Element | None = None) -> bool:
        """True if anything is at `path`."""
        return bool(self.all(path, node))

    @property
    def lines(self) -> list[etree._Element]:
        """The invoice or credit note lines."""
        return self.all("cac:CreditNoteLine" if self.credit else "cac:InvoiceLine")

    @property
    def quantity_tag(self) -> str:
        """cbc:CreditedQuantity on a credit note, cbc:InvoicedQuantity on an invoice."""
        return "cbc:CreditedQuantity" if self.credit else "cbc:InvoicedQuantity"

    @property
    def currency(self) -> str:
        """The document currency (BT-5)."""
        return self.text("cbc:DocumentCurrencyCode")

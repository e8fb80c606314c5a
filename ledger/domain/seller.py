"""The seller printed on every invoice, checked once so that no invoice is issued with a wrong number."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from stdnum import exceptions as stdnum_errors
from stdnum import bic, iban, luhn
from stdnum.eu import vat as eu_vat
from stdnum.se import orgnr

from ledger.domain.errors import FieldErrors


@dataclass(frozen=True)
class Seller:
    """Who issues the invoices and how to pay them."""

    name: str
    address: str
    org_number: str
    vat_number: str
    bankgiro: str
    iban: str
    bic: str
    f_skatt: bool
    email: str
    phone: str
    payment_terms_days: int
    late_interest_sv: str
    late_interest_en: str
    #: "Styrelsens säte: Göteborg" (ABL 28 kap. 5 §); empty when not set. Older snapshots lack both fields.
    seat: str = ""
    our_reference: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_seller(settings: dict[str, Any]) -> Seller:
    """Validate the seller settings (org and VAT number, bankgiro, IBAN/BIC); raise InvalidInput naming each."""
    errors = FieldErrors()
    values = {key: settings.get(key) for key in Seller.__dataclass_fields__}
    for key in ("name", "address", "org_number", "vat_number", "bankgiro", "email"):
        if not isinstance(values[key], str) or not values[key].strip():
            errors.add(key, "Must be set.")
    try:
        values["org_number"] = orgnr.format(orgnr.validate(values["org_number"] or ""))
    except stdnum_errors.ValidationError:
        errors.add("org_number", f"{values['org_number']!r} is not a valid Swedish organisation number.")
    try:
        values["vat_number"] = eu_vat.validate(values["vat_number"] or "")
    except stdnum_errors.ValidationError:
        errors.add("vat_number", f"{values['vat_number']!r} is not a valid VAT number.")
    bankgiro_digits = (values["bankgiro"] or "").replace("-", "")
    if not (bankgiro_digits.isdigit() and len(bankgiro_digits) in (7, 8) and luhn.is_valid(bankgiro_digits)):
        errors.add("bankgiro", f"{values['bankgiro']!r} is not a bankgiro number (7-8 digits, Luhn-checked).")
    if values["iban"]:
        try:
            values["iban"] = iban.format(iban.validate(values["iban"]))
        except stdnum_errors.ValidationError:
            errors.add("iban", f"{values['iban']!r} is not a valid IBAN.")
    if values["bic"]:
        try:
            values["bic"] = bic.validate(values["bic"])
        except stdnum_errors.ValidationError:
            errors.add("bic", f"{values['bic']!r} is not a valid BIC.")
    days = values["payment_terms_days"]
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 120:
        errors.add("payment_terms_days", "Must be a whole number of days from 0 to 120.")
    for key in ("seat", "our_reference"):
        values[key] = values[key].strip() if isinstance(values[key], str) else ""
    errors.raise_if_any()
    return Seller(**{**values, "f_skatt": bool(values["f_skatt"])})

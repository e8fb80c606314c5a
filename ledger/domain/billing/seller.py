"""The seller printed on every invoice, checked once so that no invoice is issued with a wrong number."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from stdnum import bic, iban, luhn
from stdnum import exceptions as stdnum_errors
from stdnum.eu import vat as eu_vat
from stdnum.se import orgnr

from ledger.domain.errors import FieldErrors
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "seller_setting_missing": N_("Must be set."),
    "seller_org_number_invalid": N_("%(value)s is not a valid Swedish organisation number."),
    "seller_vat_number_invalid": N_("%(value)s is not a valid VAT number."),
    "bankgiro_invalid": N_("%(value)s is not a bankgiro number (7-8 digits, Luhn-checked)."),
    "iban_invalid": N_("%(value)s is not a valid IBAN."),
    "bic_invalid": N_("%(value)s is not a valid BIC."),
    "payment_terms_out_of_range": N_("Must be a whole number of days from %(low)s to %(high)s."),
})


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
            errors.add(key, "seller_setting_missing")
    try:
        values["org_number"] = orgnr.format(orgnr.validate(values["org_number"] or ""))
    except stdnum_errors.ValidationError:
        errors.add("org_number", "seller_org_number_invalid", value=repr(values["org_number"]))
    try:
        values["vat_number"] = eu_vat.validate(values["vat_number"] or "")
    except stdnum_errors.ValidationError:
        errors.add("vat_number", "seller_vat_number_invalid", value=repr(values["vat_number"]))
    bankgiro_digits = (values["bankgiro"] or "").replace("-", "")
    if not (bankgiro_digits.isdigit() and len(bankgiro_digits) in (7, 8) and luhn.is_valid(bankgiro_digits)):
        errors.add("bankgiro", "bankgiro_invalid", value=repr(values["bankgiro"]))
    if values["iban"]:
        try:
            values["iban"] = iban.format(iban.validate(values["iban"]))
        except stdnum_errors.ValidationError:
            errors.add("iban", "iban_invalid", value=repr(values["iban"]))
    if values["bic"]:
        try:
            values["bic"] = bic.validate(values["bic"])
        except stdnum_errors.ValidationError:
            errors.add("bic", "bic_invalid", value=repr(values["bic"]))
    days = values["payment_terms_days"]
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 120:
        errors.add("payment_terms_days", "payment_terms_out_of_range", low=0, high=120)
    for key in ("seat", "our_reference"):
        values[key] = values[key].strip() if isinstance(values[key], str) else ""
    errors.raise_if_any()
    return Seller(**{**values, "f_skatt": bool(values["f_skatt"])})

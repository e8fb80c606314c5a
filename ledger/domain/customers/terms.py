"""A customer's identity and agreement terms: validation of every field, collected per field."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from babel import Locale
from stdnum import exceptions as stdnum_errors
from stdnum.eu import vat as eu_vat
from stdnum.se import orgnr as se_orgnr

from ledger.domain.customers.peppol_ids import check_peppol_id
from ledger.domain.errors import FieldErrors, InvalidInput
from ledger.domain.minutes import MAX_BILLING_INCREMENT_MINUTES, MAX_LIMIT_MINUTES
from ledger.domain.money import Money, check_currency, parse_amount
from ledger.domain.problems import N_, define_messages
from ledger.domain.text import refuse_line_breaks

#: EU member states by ISO 3166-1 alpha-2 code (Greece is GR here, EL in VAT numbers).
EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
COUNTRIES = frozenset(
    code for code in Locale("en").territories if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
)
LANGUAGES = ("sv", "en")
#: Where our product runs: hosted by us, or installed on the customer's servers (docs/contacts-and-agreements.md).
DEPLOYMENTS = ("hosted", "on_premise")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MESSAGES = define_messages({
    "not_whole_minutes": N_("Must be a whole number of minutes."),
    "not_a_country": N_("%(value)s is not a country code (ISO 3166-1 alpha-2) such as SE or DE."),
    "org_number_invalid": N_("%(value)s is not a valid Swedish organisation number."),
    "vat_number_invalid": N_("%(value)s is not a valid EU VAT number."),
    "vat_number_wrong_country": N_("%(value)s is not a VAT number of %(country)s; it must start with %(prefix)s."),
})
#: The only customer field that may hold several lines; the rest are printed on one line (and in mail headers).
MULTI_LINE_FIELDS = frozenset({"address"})
_LIMITS = {"name": 200, "email": 254, "address": 500, "invoice_reference": 100, "org_number": 40, "vat_number": 40}


@dataclass(frozen=True)
class CustomerTerms:
    """A validated, normalised customer: who they are and what they agreed to."""

    name: str
    org_number: str
    country: str
    language: str
    currency: str
    hourly_rate: Money
    monthly_fee: Money
    billing_increment_minutes: int = 1
    overdraft_limit_minutes: int | None = None
    low_balance_minutes: int = 120
    vat_number: str | None = None
    email: str | None = None
    address: str | None = None
    invoice_reference: str | None = None
    deployment: str = "hosted"
    peppol_id: str | None = None


def is_eu(country: str) -> bool:
    """True for an EU member state."""
    return country in EU_COUNTRIES


def normalise_org_number(country: str, value: str) -> str:
    """A Swedish organisation number as NNNNNN-NNNN (Luhn-checked); other countries' kept as given."""
    if country != "SE":
        return value.strip()
    try:
        return se_orgnr.format(se_orgnr.validate(value))
    except stdnum_errors.ValidationError:
        raise InvalidInput.single("org_number", "org_number_invalid", value=value) from None


def normalise_vat_number(country: str, value: str) -> str:
    """An EU VAT number validated and compacted (it must belong to `country`); others kept as given."""
    if not is_eu(country):
        return value.strip()
    try:
        compact = eu_vat.validate(value)
    except stdnum_errors.ValidationError:
        raise InvalidInput.single("vat_number", "vat_number_invalid", value=value) from None
    prefix = "EL" if country == "GR" else country
    if not compact.upper().startswith(prefix):
        raise InvalidInput.single("vat_number", "vat_number_wrong_country", value=value, country=country, prefix=prefix)
    return compact.upper()


def _text(errors: FieldErrors, data: dict[str, Any], field: str, *, required: bool) -> str | None:
    value = data.get(field)
    if value is None or (isinstance(value, str) and not value.strip() and not required):
        if required:
            errors.add(field, "required")
        return None
    if not isinstance(value, str):
        errors.add(field, "not_text")
        return None
    value = value.strip()
    if required and not value:
        errors.add(field, "blank")
        return None
    if field not in MULTI_LINE_FIELDS and not refuse_line_breaks(errors, field, value):
        return None
    if len(value) > _LIMITS[field]:
        errors.add(field, "too_long", max_length=_LIMITS[field])
        return None
    return value


def _whole(errors: FieldErrors, data: dict[str, Any], field: str, default: int | None, low: int, high: int) -> int | None:
    value = data.get(field, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(field, "not_whole_minutes")
        return None
    if not low <= value <= high:
        errors.add(field, "out_of_range", low=low, high=high)
        return None
    return value


def validate_customer(data: dict[str, Any]) -> CustomerTerms:
    """Check every field of a new customer and return it normalised; raise InvalidInput naming each bad field."""
    errors = FieldErrors()
    name = _text(errors, data, "name", required=True)
    country = data.get("country") or "SE"
    if not isinstance(country, str) or country.upper() not in COUNTRIES:
        errors.add("country", "not_a_country", value=str(country)[:20])
        country = None
    else:
        country = country.upper()
    language = data.get("language") or "sv"
    if language not in LANGUAGES:
        errors.add("language", "one_of", choices=LANGUAGES)
    deployment = data.get("deployment") or "hosted"
    if deployment not in DEPLOYMENTS:
        errors.add("deployment", "one_of", choices=DEPLOYMENTS)
    currency: str | None = None
    try:
        currency = check_currency(data.get("currency") or "SEK")
    except InvalidInput as error:
        errors.merge(error)
    money: dict[str, Money] = {}
    for field in ("hourly_rate", "monthly_fee"):
        if data.get(field) is None:
            errors.add(field, "required")
        else:
            try:  # check the format even when the currency itself is wrong
                money[field] = parse_amount(data[field], currency or "SEK", field)
            except InvalidInput as error:
                errors.merge(error)
    org_number = _text(errors, data, "org_number", required=True)
    if org_number and country:
        try:
            org_number = normalise_org_number(country, org_number)
        except InvalidInput as error:
            errors.merge(error)
    vat_number = _text(errors, data, "vat_number", required=False)
    if vat_number and country:
        try:
            vat_number = normalise_vat_number(country, vat_number)
        except InvalidInput as error:
            errors.merge(error)
    email = _text(errors, data, "email", required=False)
    if email and not _EMAIL.fullmatch(email):
        errors.add("email", "not_an_email", value=email)
    terms = dict(
        billing_increment_minutes=_whole(errors, data, "billing_increment_minutes", 1, 1, MAX_BILLING_INCREMENT_MINUTES),
        overdraft_limit_minutes=_whole(errors, data, "overdraft_limit_minutes", None, 0, MAX_LIMIT_MINUTES),
        low_balance_minutes=_whole(errors, data, "low_balance_minutes", 120, 0, MAX_LIMIT_MINUTES),
    )
    address = _text(errors, data, "address", required=False)
    invoice_reference = _text(errors, data, "invoice_reference", required=False)
    peppol_id = None
    try:
        peppol_id = check_peppol_id(data.get("peppol_id"))
    except InvalidInput as error:
        errors.merge(error)
    errors.raise_if_any()
    return CustomerTerms(
        name=name,  # type: ignore[arg-type]
        org_number=org_number,  # type: ignore[arg-type]
        country=country,  # type: ignore[arg-type]
        language=language,
        currency=currency,  # type: ignore[arg-type]
        hourly_rate=money["hourly_rate"],
        monthly_fee=money["monthly_fee"],
        vat_number=vat_number or None,
        email=email or None,
        address=address or None,
        invoice_reference=invoice_reference or None,
        deployment=deployment,
        peppol_id=peppol_id,
        **terms,  # type: ignore[arg-type]
    )

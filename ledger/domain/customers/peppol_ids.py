"""Peppol electronic addresses (`scheme:identifier`): checked when a customer is saved, resolved for an e-invoice.

Schemes are ISO 6523 ICD codes from the Peppol "Electronic Address Scheme" list. A customer's `peppol_id` may use
0007 (Swedish organisation number, Luhn-checked), 0088 (GS1 GLN, GS1 check digit) or 0192 (Norwegian organisation
number, mod 11). Without one, an e-invoice is addressed by the buyer's Swedish or Norwegian organisation number,
or by an EU buyer's VAT number under its country's VAT scheme.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import ean
from stdnum import exceptions as stdnum_errors
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr

from ledger.domain.errors import InvalidInput
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "peppol_id_format": N_("Write a Peppol address as scheme:identifier, for example 0007:5567321707."),
    "peppol_scheme_unsupported": N_("Peppol scheme %(scheme)s is not supported; use one of: %(choices)s."),
    "peppol_se_orgnr_invalid": N_(
        "%(identifier)s is not a Swedish organisation number (10 digits with a valid check digit)."),
    "peppol_gln_invalid": N_("%(identifier)s is not a GLN (13 digits with a valid GS1 check digit)."),
    "peppol_no_orgnr_invalid": N_(
        "%(identifier)s is not a Norwegian organisation number (9 digits with a valid check digit)."),
    "peppol_address_missing": N_(
        "%(buyer)s has no Peppol address: give the customer a Peppol ID (scheme:identifier)."),
})

SWEDISH_ORG_NUMBER = "0007"
GLN = "0088"
NORWEGIAN_ORG_NUMBER = "0192"
SUPPORTED_SCHEMES = (SWEDISH_ORG_NUMBER, GLN, NORWEGIAN_ORG_NUMBER)

#: The Peppol address scheme of each EU member state's VAT numbers (identifier: the VAT number with its prefix).
VAT_NUMBER_SCHEMES = {
    "AT": "9914", "BE": "9925", "BG": "9926", "CY": "9928", "CZ": "9929", "DE": "9930", "DK": "0184",
    "EE": "9931", "ES": "9920", "FI": "0213", "FR": "9957", "GR": "9933", "HR": "9934", "HU": "9910",
    "IE": "9935", "IT": "0211", "LT": "9937", "LU": "9938", "LV": "9939", "MT": "9943", "NL": "9944",
    "PL": "9945", "PT": "9946", "RO": "9947", "SI": "9949", "SK": "9950",
}

_SHAPE = re.compile(r"^(?P<scheme>\d{4}):(?P<identifier>\S(?:.*\S)?)$")


@dataclass(frozen=True)
class PeppolId:
    """A Peppol participant address: the EndpointID's schemeID and value."""

    scheme: str
    identifier: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.identifier}"


def _compact(identifier: str) -> str:
    return re.sub(r"[\s.-]", "", identifier)


def parse_peppol_id(value: str, field: str = "peppol_id") -> PeppolId:
    """Parse and normalise `scheme:identifier` (0007:556732-1707 -> 0007:5567321707).

    :raise InvalidInput: naming `field`, with the code of what is wrong.
    """
    match = _SHAPE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise InvalidInput.single(field, "peppol_id_format")
    scheme, identifier = match["scheme"], _compact(match["identifier"])
    if scheme not in SUPPORTED_SCHEMES:
        raise InvalidInput.single(field, "peppol_scheme_unsupported", scheme=scheme, choices=list(SUPPORTED_SCHEMES))
    checks = {
        SWEDISH_ORG_NUMBER: (se_orgnr.validate, "peppol_se_orgnr_invalid", 10),
        GLN: (ean.validate, "peppol_gln_invalid", 13),
        NORWEGIAN_ORG_NUMBER: (no_orgnr.validate, "peppol_no_orgnr_invalid", 9),
    }
    validate, code, length = checks[scheme]
    try:
        identifier = validate(identifier)
    except stdnum_errors.ValidationError:
        raise InvalidInput.single(field, code, identifier=match["identifier"]) from None
    if len(identifier) != length or not identifier.isdigit():
        raise InvalidInput.single(field, code, identifier=match["identifier"])
    return PeppolId(scheme, identifier)


def check_peppol_id(value: object, field: str = "peppol_id") -> str | None:
    """The normalised `scheme:identifier` of a customer field, or None when it is empty.

    :raise InvalidInput: naming `field`.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InvalidInput.single(field, "not_text")
    return str(parse_peppol_id(value, field))


def organisation_endpoint(country: str, org_number: str | None) -> PeppolId | None:
    """A Swedish (0007) or Norwegian (0192) organisation number as a Peppol address, if it is a valid one."""
    compact = _compact(org_number or "")
    for scheme_country, scheme, module in (("SE", SWEDISH_ORG_NUMBER, se_orgnr), ("NO", NORWEGIAN_ORG_NUMBER, no_orgnr)):
        if country == scheme_country and module.is_valid(compact):
            return PeppolId(scheme, module.compact(compact))
    return None


def buyer_endpoint(peppol_id: str | None, country: str, org_number: str | None,
                   vat_number: str | None) -> PeppolId | None:
    """Where the buyer receives e-invoices: its Peppol ID, else its organisation number, else its EU VAT number."""
    if peppol_id:
        return parse_peppol_id(peppol_id)
    by_number = organisation_endpoint(country, org_number)
    if by_number is not None:
        return by_number
    scheme = VAT_NUMBER_SCHEMES.get(country)
    if scheme and vat_number:
        return PeppolId(scheme, _compact(vat_number).upper())
    return None

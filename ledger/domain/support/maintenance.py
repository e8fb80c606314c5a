"""Maintenance packs as data (docs/contacts-and-agreements.md, seed 003): the variants and their price for one 12-month period.

The `[maintenance.<variant>]` tables of the plan file:

    [maintenance.site]
    label_sv, label_en                 # printed on the invoice line: "Underhållsavtal, site, …"
    description_sv, description_en
    price = { SEK = "30000.00", EUR = "2750.00" }   # one period; a currency left out must be priced by hand
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ledger.domain.errors import PlanError
from ledger.domain.money import CURRENCIES, MAX_AMOUNT_MINOR

VARIANTS = ("one_server", "site")
_PRICE = re.compile(r"^(\d{1,13})\.(\d{2})$")


@dataclass(frozen=True)
class MaintenanceVariant:
    """A maintenance pack: what it covers and its price for one period per currency (minor units)."""

    id: str
    label_sv: str
    label_en: str
    description_sv: str
    description_en: str
    price_minor: dict[str, int]


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PlanError(f"{where}: `{key}` must be a non-empty string")
    return value.strip()


def _variant(variant: str, raw: Any) -> MaintenanceVariant:
    where = f"maintenance.{variant}"
    allowed = {"label_sv", "label_en", "description_sv", "description_en", "price"}
    if not isinstance(raw, dict) or set(raw) - allowed:
        raise PlanError(f"{where}: must be a table of {', '.join(sorted(allowed))}")
    prices = {}
    for currency, text in (raw.get("price") or {}).items():
        match = _PRICE.fullmatch(text) if isinstance(text, str) else None
        if currency not in CURRENCIES or match is None:
            raise PlanError(f'{where}: prices are "30000.00" in {", ".join(sorted(CURRENCIES))}')
        prices[currency] = int(match[1]) * 100 + int(match[2])
        if prices[currency] > MAX_AMOUNT_MINOR:
            raise PlanError(f"{where}: the {currency} price is too large")
    return MaintenanceVariant(variant, *(_text(raw, key, where) for key in
                                         ("label_sv", "label_en", "description_sv", "description_en")), prices)


def parse_maintenance(document: Mapping[str, Any]) -> dict[str, MaintenanceVariant]:
    """The maintenance variants of a parsed plan file (none when it has no [maintenance]); PlanError if wrong."""
    raw = document.get("maintenance") or {}
    if not isinstance(raw, dict) or set(raw) - set(VARIANTS):
        raise PlanError(f"maintenance: the variants are {', '.join(VARIANTS)}")
    return {variant: _variant(variant, raw[variant]) for variant in VARIANTS if variant in raw}

"""Which of a customer's fields an edit may change, and what changed: each as its stored text, for the audit trail."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.domain.customers.terms import CustomerTerms

#: What staff may change on an existing customer. Who the customer is (organisation number, country) and the
#: currency its account and invoices are kept in stay as created: a different one is a different customer.
EDITABLE_FIELDS = (
    "name", "email", "address", "invoice_reference", "language", "vat_number",
    "hourly_rate", "monthly_fee", "billing_increment_minutes", "overdraft_limit_minutes", "low_balance_minutes",
)
MONEY_FIELDS = frozenset({"hourly_rate", "monthly_fee"})
MINUTE_FIELDS = frozenset({"billing_increment_minutes", "overdraft_limit_minutes", "low_balance_minutes"})


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after an edit, as stored text (None: no value)."""

    field: str
    before: str | None
    after: str | None


def stored_text(field: str, value: Any) -> str | None:
    """A field's value as the audit trail keeps it: minor units for money, whole minutes, text as given."""
    if value is None:
        return None
    if field in MONEY_FIELDS:
        return str(value.minor if hasattr(value, "minor") else value)
    return str(value)


def terms_as_text(terms: CustomerTerms) -> dict[str, str | None]:
    """The editable fields of validated terms as stored text."""
    return {field: stored_text(field, getattr(terms, field)) for field in EDITABLE_FIELDS}


def changed_fields(before: dict[str, str | None], after: dict[str, str | None]) -> list[FieldChange]:
    """The editable fields whose stored text differs, in the order of EDITABLE_FIELDS."""
    return [FieldChange(field, before.get(field), after.get(field))
            for field in EDITABLE_FIELDS if before.get(field) != after.get(field)]

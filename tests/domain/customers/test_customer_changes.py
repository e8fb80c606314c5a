"""What an edit of a customer's terms changed, field by field, as the audit trail stores it (no app)."""
from __future__ import annotations

from ledger.domain.customers.changes import EDITABLE_FIELDS, FieldChange, changed_fields, terms_as_text
from ledger.domain.customers.terms import validate_customer

BASE = {"name": "Nordlys AB", "org_number": "556677-8899", "country": "SE", "currency": "SEK",
        "hourly_rate": "950.00", "monthly_fee": "1499.00"}


def test_only_fields_whose_value_differs_are_changes_and_money_is_kept_in_minor_units():
    before = terms_as_text(validate_customer(BASE))
    after = terms_as_text(validate_customer({**BASE, "hourly_rate": "1000", "address": "Storgatan 1\n111 22 Stockholm"}))
    assert changed_fields(before, after) == [
        FieldChange("address", None, "Storgatan 1\n111 22 Stockholm"),
        FieldChange("hourly_rate", "95000", "100000"),
    ]


def test_the_same_terms_written_differently_are_no_change():
    before = terms_as_text(validate_customer(BASE))
    assert changed_fields(before, terms_as_text(validate_customer({**BASE, "hourly_rate": "950", "name": " Nordlys AB "}))) == []


def test_who_the_customer_is_and_its_currency_are_not_editable():
    assert not {"org_number", "country", "currency"} & set(EDITABLE_FIELDS)

"""Customer validation: every field checked, every problem named at once."""
import pytest

from ledger.domain.customers.terms import validate_customer
from ledger.domain.errors import InvalidInput

VALID = {"name": "Acme AB", "org_number": "5566778899", "hourly_rate": "950,00", "monthly_fee": "1499"}


def test_a_swedish_customer_is_normalised():
    terms = validate_customer(VALID)
    assert terms.org_number == "556677-8899"
    assert (terms.country, terms.language, terms.currency) == ("SE", "sv", "SEK")
    assert (terms.hourly_rate.minor, terms.monthly_fee.minor) == (95000, 149900)
    assert (terms.billing_increment_minutes, terms.overdraft_limit_minutes, terms.low_balance_minutes) == (1, None, 120)


def test_a_swedish_organisation_number_with_a_wrong_check_digit_is_refused():
    with pytest.raises(InvalidInput) as refused:
        validate_customer({**VALID, "org_number": "556677-8890"})
    assert "org_number" in refused.value.errors
    assert "not a valid Swedish organisation number" in refused.value.errors["org_number"][0]


def test_a_foreign_organisation_number_is_kept_as_given():
    terms = validate_customer({**VALID, "country": "NO", "org_number": "987 654 321", "currency": "EUR"})
    assert terms.org_number == "987 654 321"


def test_an_eu_vat_number_must_be_valid_and_belong_to_the_country():
    assert validate_customer({**VALID, "country": "DE", "vat_number": "DE 136 695 976"}).vat_number == "DE136695976"
    for country, vat in (("DE", "DE136695977"), ("FI", "DE136695976")):
        with pytest.raises(InvalidInput) as refused:
            validate_customer({**VALID, "country": country, "vat_number": vat})
        assert list(refused.value.errors) == ["vat_number"]


def test_every_bad_field_is_named_in_one_answer():
    with pytest.raises(InvalidInput) as refused:
        validate_customer({
            "name": " ", "org_number": "1", "country": "XX", "language": "de", "currency": "USD",
            "hourly_rate": "-1", "billing_increment_minutes": True, "overdraft_limit_minutes": -5,
            "email": "not-an-address",
        })
    # The org number cannot be checked against an unknown country, so it is not named.
    assert set(refused.value.errors) == {
        "name", "country", "language", "currency", "hourly_rate", "monthly_fee",
        "billing_increment_minutes", "overdraft_limit_minutes", "email",
    }

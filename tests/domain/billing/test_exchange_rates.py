"""The Riksbank's exchange-rate CSV reads strictly; an invoice uses the latest rate on or before its issue
date; VAT in kronor is VAT × rate rounded once, to the öre."""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.billing.exchange_rates import (
    ExchangeRate,
    RatesFileRefused,
    parse_rate,
    parse_riksbank_csv,
    rate_on,
    require_rate,
    vat_sek_minor,
)
from ledger.domain.errors import Conflict, InvalidInput

GROUP = "Valutor mot svenska kronor"
LONG = (
    "Datum;Grupp;Serie;Värde\r\n"
    f"2026-11-19;{GROUP};SEKEURPMI;11,4835\r\n"
    f"2026-11-19;{GROUP};SEKUSDPMI;10,8812\r\n"
    f"2026-11-20;{GROUP};SEKEURPMI;11,5012\r\n"
    f"2026-11-23;{GROUP};SEKEURPMI;n/a\r\n"
    f"2026-11-24;{GROUP};SEKEURPMI;11,49\r\n"
)


def rates_of(text: str, **options) -> list[tuple[str, date, int]]:
    found = parse_riksbank_csv(text.encode("utf-8"), **options)
    return [(rate.currency, rate.rate_date, rate.rate_micro) for rate in found.rates]


def test_the_riksbank_file_reads_as_exact_rates_per_day_for_the_currencies_we_invoice_in():
    found = parse_riksbank_csv(LONG.encode("utf-8"))
    assert [(rate.currency, rate.rate_date, rate.rate_micro) for rate in found.rates] == [
        ("EUR", date(2026, 11, 19), 11_483_500), ("EUR", date(2026, 11, 20), 11_501_200),
        ("EUR", date(2026, 11, 24), 11_490_000)]
    assert (found.ignored_series, found.days_without_rate) == (("SEKUSDPMI",), 1)
    assert found.rates[0].rate == Decimal("11.4835")
    assert [str(ExchangeRate("EUR", date(2026, 11, 19), micro).rate) for micro in (10_000_000, 11_483_500, 1)] == [
        "10", "11.4835", "0.000001"]


def test_other_currencies_are_read_when_asked_for():
    assert ("USD", date(2026, 11, 19), 10_881_200) in rates_of(LONG, currencies=("EUR", "USD"))


def test_a_file_with_one_column_per_series_reads_the_same():
    wide = "Datum;SEKEURPMI;SEKUSDPMI\n2026-11-19;11,4835;10,8812\n2026-11-20;11,5012;10,9\n2026-11-23;n/a;n/a\n"
    assert rates_of(wide) == [("EUR", date(2026, 11, 19), 11_483_500), ("EUR", date(2026, 11, 20), 11_501_200)]


def test_older_exports_with_a_bom_latin1_text_and_quotes_per_hundred_units_read_too():
    older = "\ufeffPeriod;Grupp;Serie;Värde\n2019-01-02;Valutor;1 EUR;10,2335\n2019-01-02;Valutor;100 JPY;8,1234\n"
    assert rates_of(older, currencies=("EUR", "JPY")) == [
        ("EUR", date(2019, 1, 2), 10_233_500), ("JPY", date(2019, 1, 2), 81_234)]
    latin1 = "Period;Grupp;Serie;Värde\n2019-01-02;Valutor;1 EUR;10,2335\n".encode("latin-1")
    assert parse_riksbank_csv(latin1).rates[0].rate_micro == 10_233_500


def test_the_same_rate_twice_is_one_rate():
    twice = LONG + f"2026-11-24;{GROUP};SEKEURPMI;11,4900\r\n"
    assert len(parse_riksbank_csv(twice.encode()).rates) == 3


REFUSALS = {
    "an empty file": (b"", "exchange_rates_empty", None),
    "a file of blank lines": (b"\r\n \r\n", "exchange_rates_empty", None),
    "another header": (b"Date,Series,Value\n2026-11-19,SEKEURPMI,11.48\n", "exchange_rates_header", 1),
    "a misspelt header": (b"Datum;Grupp;Serie;Varde\n2026-11-19;x;SEKEURPMI;11,48\n", "exchange_rates_header", 1),
    "a row with a column missing": (f"Datum;Grupp;Serie;Värde\n2026-11-19;{GROUP};11,48\n".encode(),
                                    "exchange_rates_columns", 2),
    "a Swedish date": (f"Datum;Grupp;Serie;Värde\n19/11/2026;{GROUP};SEKEURPMI;11,48\n".encode(),
                       "exchange_rates_bad_date", 2),
    "an impossible date": (f"Datum;Grupp;Serie;Värde\n2026-02-30;{GROUP};SEKEURPMI;11,48\n".encode(),
                           "exchange_rates_bad_date", 2),
    "a rate with thousands": (f"{LONG}2026-11-25;{GROUP};SEKEURPMI;1 011,48\r\n".encode(), "exchange_rates_bad_rate", 7),
    "a negative rate": (f"{LONG}2026-11-25;{GROUP};SEKEURPMI;-11,48\r\n".encode(), "exchange_rates_bad_rate", 7),
    "a zero rate": (f"{LONG}2026-11-25;{GROUP};SEKEURPMI;0,0\r\n".encode(), "exchange_rates_bad_rate", 7),
    "seven decimals": (f"{LONG}2026-11-25;{GROUP};SEKEURPMI;11,4835001\r\n".encode(), "exchange_rates_bad_rate", 7),
    "an interest-rate series": (f"{LONG}2026-11-25;Styrränta;SECBREPOEFF;1,75\r\n".encode(),
                                "exchange_rates_unknown_series", 7),
    "an unknown wide column": (b"Datum;SEKEURPMI;Euro\n2026-11-19;11,4835;11,4835\n", "exchange_rates_unknown_series", 1),
    "two rates for one day": (f"{LONG}2026-11-24;{GROUP};SEKEURPMI;11,50\r\n".encode(), "exchange_rates_conflict", 7),
    "an unclosed quote": (f'Datum;Grupp;Serie;Värde\n2026-11-19;"{GROUP};SEKEURPMI;11,48\n'.encode(),
                          "exchange_rates_bad_csv", 2),
}


@pytest.mark.parametrize(("data", "code", "line"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_file_that_is_not_the_riksbanks_is_refused_naming_the_line(data, code, line):
    with pytest.raises(RatesFileRefused) as refused:
        parse_riksbank_csv(data)
    assert (refused.value.code, refused.value.params.get("line")) == (code, line)
    if line is not None:
        assert f"Line {line}" in refused.value.message


def test_a_rate_typed_by_a_person_takes_a_comma_or_a_point():
    assert parse_rate("11,4835") == parse_rate("11.4835") == parse_rate(" 11.483500 ") == 11_483_500
    for wrong in ("", "0", "-11", "11,4835001", "11,48,35", "elva", None, 11.48):
        with pytest.raises(InvalidInput) as refused:
            parse_rate(wrong, field="rate")
        assert [problem.code for problem in refused.value.problems["rate"]] == ["not_an_exchange_rate"]


RATES = [ExchangeRate("EUR", date(2026, 11, 20), 11_501_200), ExchangeRate("EUR", date(2026, 11, 19), 11_483_500),
         ExchangeRate("USD", date(2026, 11, 23), 10_900_000)]


def test_an_invoice_uses_the_latest_rate_on_or_before_its_issue_date():
    assert rate_on(RATES, "EUR", date(2026, 11, 20)).rate_micro == 11_501_200
    assert rate_on(RATES, "EUR", date(2026, 11, 23)).rate_micro == 11_501_200  # Monday: Friday's rate
    assert rate_on(RATES, "EUR", date(2026, 11, 19)).rate_micro == 11_483_500
    assert rate_on(RATES, "EUR", date(2026, 11, 18)) is None


def test_issuing_without_a_rate_is_refused_naming_the_currency_and_date():
    with pytest.raises(Conflict) as refused:
        require_rate(RATES, "EUR", date(2026, 11, 18))
    assert refused.value.code == "exchange_rate_missing"
    assert dict(refused.value.params) == {"currency": "EUR", "date": date(2026, 11, 18)}
    assert refused.value.message == ("There is no EUR exchange rate on or before 2026-11-18; record the Riksbank's "
                                     "rate first.")


def test_vat_in_kronor_is_rounded_once_to_the_ore_and_symmetric_for_credit_notes():
    assert vat_sek_minor(2_500, 11_483_500) == 28_709  # 25,00 EUR × 11,4835 = 287,0875 kr
    assert vat_sek_minor(-2_500, 11_483_500) == -28_709
    assert vat_sek_minor(2, 11_250_000) == 23  # 0,225 kr: half rounds away from zero


@given(st.integers(min_value=-10**10, max_value=10**10), st.integers(min_value=1, max_value=10**8))
def test_vat_in_kronor_is_the_exact_product_rounded_half_up(vat_minor, rate_micro):
    exact = Decimal(vat_minor) * Decimal(rate_micro) / Decimal(10**6)
    expected = int(exact.copy_abs().quantize(Decimal(1), rounding=ROUND_HALF_UP)) * (1 if vat_minor >= 0 else -1)
    assert vat_sek_minor(vat_minor, rate_micro) == expected


@given(st.integers(min_value=1, max_value=999_999_999_999))
def test_a_rate_written_with_a_decimal_comma_reads_back_exactly(rate_micro):
    units, millionths = divmod(rate_micro, 10**6)
    assert parse_rate(f"{units},{millionths:06d}") == rate_micro


@given(st.lists(st.tuples(st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31)),
                          st.integers(min_value=1, max_value=10**8)), min_size=1, max_size=20, unique_by=lambda x: x[0]),
       st.dates(min_value=date(2019, 12, 1), max_value=date(2028, 1, 31)), st.randoms())
def test_the_rate_used_is_the_latest_on_or_before_the_day_whatever_order_rates_were_recorded_in(rows, day, rng):
    rates = [ExchangeRate("EUR", rate_date, micro) for rate_date, micro in rows]
    shuffled = list(rates)
    rng.shuffle(shuffled)
    found = rate_on(shuffled, "EUR", day)
    earlier = [rate for rate in rates if rate.rate_date <= day]
    assert found == (max(earlier, key=lambda rate: rate.rate_date) if earlier else None)
    if found is not None:
        assert not any(found.rate_date < rate.rate_date <= day for rate in rates)
        assert rate_on(rates, "EUR", day) == found

"""Whatever the minutes, rates and prices, the UBL we write multiplies out and adds up (R120, BR-CO-10/15/16)."""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.billing.exchange_rates import ExchangeRate
from ledger.domain.billing.line_prices import UnitCode, minutes_at_hourly_rate, single_item
from tests.documents.examples import BUYERS, build, credit_note
from tests.documents.ubl import Ubl

owed = st.tuples(st.integers(1, 600_000), st.integers(0, 2_000_000)).map(lambda pair: minutes_at_hourly_rate(*pair))
fixed = st.tuples(st.integers(0, 10**9), st.sampled_from(list(UnitCode))).map(lambda pair: single_item(*pair))
rates = st.integers(1_000_000, 20_000_000).map(lambda micro: ExchangeRate("EUR", date(2025, 10, 31), micro))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(owed, fixed), min_size=1, max_size=5), st.sampled_from(sorted(BUYERS)), rates,
       st.booleans())
def test_any_invoice_or_credit_note_multiplies_out_and_adds_up_in_its_ubl(prices, buyer, rate, as_credit):
    currency = "SEK" if buyer in ("SE", "NO") else "EUR"
    invoice = build(BUYERS[buyer], [(f"Rad {i}", price) for i, price in enumerate(prices)], currency=currency,
                    rate=rate if currency == "EUR" else None)
    ubl = Ubl.of(credit_note(invoice) if as_credit else invoice)
    for line in ubl.lines:
        base = ubl.amount("cac:Price/cbc:BaseQuantity", line) if ubl.exists("cac:Price/cbc:BaseQuantity", line) else 1
        exact = ubl.amount(ubl.quantity_tag, line) * ubl.amount("cac:Price/cbc:PriceAmount", line) / base
        assert ubl.amount("cbc:LineExtensionAmount", line) == exact.quantize(Decimal("0.01"), ROUND_HALF_UP)
    monetary = "cac:LegalMonetaryTotal"
    assert ubl.amount(f"{monetary}/cbc:LineExtensionAmount") == sum(
        ubl.amount("cbc:LineExtensionAmount", line) for line in ubl.lines)
    vat = ubl.amount(f"cac:TaxTotal/cbc:TaxAmount[@currencyID='{ubl.currency}']")
    assert ubl.amount(f"{monetary}/cbc:TaxInclusiveAmount") == ubl.amount(f"{monetary}/cbc:TaxExclusiveAmount") + vat
    rounding = sum(ubl.amount(".", element) for element in ubl.all(f"{monetary}/cbc:PayableRoundingAmount"))
    assert ubl.amount(f"{monetary}/cbc:PayableAmount") == ubl.amount(f"{monetary}/cbc:TaxInclusiveAmount") + rounding

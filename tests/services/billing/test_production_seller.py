"""A production deployment prints only the seller it configured: no demo value, and no start without its seat."""
import pytest

from ledger.config import load_config, seller_settings
from ledger.domain.billing.seller import check_seller

SIX = {"SELLER_NAME": "Prov AB", "SELLER_ADDRESS": "Storgatan 1\n411 01 Göteborg", "SELLER_ORG_NUMBER": "559876-5435",
       "SELLER_VAT_NUMBER": "SE559876543501", "SELLER_BANKGIRO": "505-0125", "SELLER_EMAIL": "faktura@prov.example"}
PRODUCTION = {"SERVICEKONTO_ENV": "production", "SECRET_KEY": "x" * 64}


def test_production_refuses_to_start_without_seller_seat_and_never_prints_a_demo_seller_value(monkeypatch):
    for key in ("SELLER_SEAT", "SELLER_PHONE", "SELLER_IBAN", "SELLER_BIC", "SELLER_F_SKATT"):
        monkeypatch.delenv(key, raising=False)
    with pytest.raises(RuntimeError, match="SELLER_SEAT"):
        load_config({**PRODUCTION, **SIX})
    seller = check_seller(seller_settings(load_config({**PRODUCTION, **SIX,
                                                       "SELLER_SEAT": "Styrelsens säte: Göteborg"})))
    assert seller.seat == "Styrelsens säte: Göteborg"
    assert (seller.phone, seller.iban, seller.bic, seller.f_skatt, seller.our_reference) == ("", "", "", False, "")
    demo = check_seller(seller_settings(load_config({"SERVICEKONTO_ENV": "development"})))
    assert demo.phone == "+46 8 123 456 00"  # the demo company stays on developer machines

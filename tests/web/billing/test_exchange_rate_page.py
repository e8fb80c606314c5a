"""The finance page where a rate is recorded, in Swedish and English."""
import pytest

from ledger.extensions import db
from ledger.models import ExchangeRateRecord
from tests.web.conftest import post_form


@pytest.fixture
def finance(client, sign_in):
    sign_in("finance")
    return client


def test_finance_records_a_rate_on_the_page_and_sees_it_listed_in_swedish(finance):
    finance.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    answer = post_form(finance, "/finance/exchange-rates", {"currency": "EUR", "date": "2026-10-30", "rate": "11,0215"},
                       follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Växelkurser" in page
    assert "2026-10-30" in page and "11,0215" in page
    db.session.rollback()
    assert db.session.query(ExchangeRateRecord).one().rate_micro == 11_021_500


def test_a_bad_rate_is_marked_on_its_field_with_422(finance):
    finance.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    answer = post_form(finance, "/finance/exchange-rates", {"currency": "EUR", "date": "2026-10-30", "rate": "elva"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "at most 6 decimals" in page


def test_the_page_is_for_finance_only(client, sign_in):
    sign_in("staff")
    assert client.get("/finance/exchange-rates").status_code == 403


def test_the_overview_warns_of_the_reverse_charge_deadline_and_says_when_it_passed(client, sign_in, october,
                                                                                   freeze_clock):
    from datetime import datetime, timezone

    from ledger.domain.periods import parse_period
    from ledger.services.access import SYSTEM
    from ledger.services.billing.runs import run_invoices

    october(name="Müller Logistik GmbH", country="DE", org_number="HRB 12345", vat_number="DE136695976",
            currency="EUR")
    run_invoices(parse_period("2026-10"), actor=SYSTEM)
    sign_in("finance")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/finance?period=2026-10").get_data(as_text=True)
    assert "1 reverse-charge drafts of 2026-10 must be issued by 2026-11-15" in page
    freeze_clock(datetime(2026, 11, 16, 9, tzinfo=timezone.utc))
    sign_in("finance")  # the session of two weeks ago has expired
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    page = client.get("/finance?period=2026-10").get_data(as_text=True)
    assert "2026-11-15" in page and "har passerats" in page


def test_a_month_without_reverse_charge_drafts_has_no_warning(finance, october):
    october()
    page = finance.get("/finance?period=2026-10").get_data(as_text=True)
    assert "reverse-charge" not in page and "omvänd" not in page.lower()


def test_the_review_page_of_an_eur_invoice_shows_its_vat_in_sek_with_rate_and_date(finance, october):
    from ledger.domain.periods import parse_period
    from ledger.services.access import SYSTEM
    from ledger.services.billing.issuing import issue_invoice
    from ledger.services.billing.runs import run_invoices

    october(name="Oy Pieni Yritys Ab", country="FI", org_number="2077474-0", currency="EUR")
    [draft] = run_invoices(parse_period("2026-10"), actor=SYSTEM).created
    invoice = issue_invoice(draft.id, actor=SYSTEM)
    finance.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = finance.get(f"/finance/invoices/{invoice.id}").get_data(as_text=True)
    assert "VAT in SEK at the Riksbank's rate 11.4835 SEK/EUR of 2020-01-02" in page
    kronor, ore = divmod(invoice.vat_sek_minor, 100)
    assert f"SEK\xa0{kronor:,}.{ore:02d}" in page

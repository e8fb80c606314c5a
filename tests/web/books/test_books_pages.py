"""The books' pages for finance: deferred revenue, the VAT return and the EC sales list, in Swedish with no
English and in English; a bad month named on the page; the file downloadable; finance only."""
from __future__ import annotations

import re

import pytest

from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import number_drafts
from ledger.services.billing.runs import run_invoices

#: English words of these pages; none may reach a Swedish one.
ENGLISH = ("Deferred revenue", "VAT return", "EC sales list", "Whole kronor", "What it holds", "Download the file",
           "Customer", "Total", "Show month", "Show day", "Box", "Services", "Taxable", "Output VAT")
PAGES = ("/finance/books/deferred?date=2026-11-30", "/finance/books/vat-return?period=2026-11",
         "/finance/books/ec-sales-list?period=2026-11")


@pytest.fixture
def november(october):
    october()
    october(name="Oy Pieni Yritys Ab", country="FI", org_number="2077474-0", vat_number="FI20774740")
    drafts = run_invoices(Period(2026, 10), actor=SYSTEM).created
    number_drafts([draft.id for draft in drafts], actor=SYSTEM)


@pytest.mark.parametrize("path", PAGES)
def test_the_books_pages_are_swedish_through_and_through(client, sign_in, november, path):
    sign_in("finance")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    page = client.get(path)
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'lang="sv"' in body
    for word in ENGLISH:
        assert not re.search(rf"\b{word}\b", body), f"{word!r} on a Swedish page"


def test_the_swedish_pages_show_the_figures(client, sign_in, november):
    sign_in("finance")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    assert "Förutbetalda intäkter" in client.get(PAGES[0]).get_data(as_text=True)
    vat = client.get(PAGES[1]).get_data(as_text=True)
    assert "Momsdeklaration" in vat and "Utgående moms 25 %" in vat
    ec = client.get(PAGES[2]).get_data(as_text=True)
    assert "Periodisk sammanställning" in ec and "FI20774740" in ec
    download = client.get("/finance/books/ec-sales-list/file?period=2026-11")
    assert download.status_code == 200 and download.data.startswith(b"SKV574008;\r\n")


@pytest.mark.parametrize("path", PAGES)
def test_the_books_pages_in_english(client, sign_in, november, path):
    sign_in("finance")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    body = client.get(path).get_data(as_text=True)
    assert any(word in body for word in ("Deferred revenue", "VAT return", "EC sales list"))


def test_a_bad_month_is_named_on_the_page(client, sign_in):
    sign_in("finance")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    page = client.get("/finance/books/vat-return?period=2026-13")
    assert page.status_code == 422 and "ÅÅÅÅ-MM" in page.get_data(as_text=True)
    assert client.get("/finance/books/deferred?date=2026-02-30").status_code == 422
    assert client.get("/finance/books/deferred?date=9999-12-31").status_code == 422


@pytest.mark.parametrize("role", ["staff", "customer"])
def test_only_finance_opens_the_books(client, sign_in, make_customer, role):
    sign_in(role, make_customer().id if role == "customer" else None)
    assert client.get(PAGES[1]).status_code in (403, 404)

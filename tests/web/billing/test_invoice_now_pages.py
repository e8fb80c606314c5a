"""An invoice now from the month's page, its lines changed on its draft, and the run's export that says how many
documents it holds; an unmatched payment is offered only invoices in its currency."""
import html
import io
import re
import zipfile
from datetime import date

from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import issue_invoice
from ledger.services.billing.runs import run_invoices
from ledger.services.payments.intake import import_bgmax
from tests.domain.bgmax_files import Deposit, Pay, bgmax_file
from tests.web.conftest import post_form


def text_of(answer) -> str:
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(answer.get_data(as_text=True)))


def test_finance_drafts_an_invoice_now_changes_its_lines_and_the_run_leaves_what_it_invoiced(client, sign_in, october):
    customer = october(name="Brådskande AB")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    sign_in("finance")
    drafted = post_form(client, "/finance/invoices/draft", {"now-customer_id": str(customer.id)},
                        page="/finance?period=2026-10")
    assert drafted.status_code == 303
    page = drafted.headers["Location"]
    draft = text_of(client.get(page))
    assert "Timpaket 2 tim, köpt 2026-10-06" in draft and "Månadsavgift" not in draft
    added = post_form(client, f"{page}/lines", {"line-description": "Resa till kund", "line-quantity": "1,5",
                                                "line-unit": "hour", "line-unit_price": "800,00"}, page=page)
    assert added.status_code == 303
    draft = text_of(client.get(page))
    assert "Resa till kund" in draft and "1,5 tim" in draft and "1\xa0200,00\xa0kr" in draft
    refused = post_form(client, f"{page}/lines", {"line-description": "Fel", "line-quantity": "0",
                                                  "line-unit": "hour", "line-unit_price": "1"}, page=page)
    assert refused.status_code == 422 and "Skriv antalet som ett tal" in text_of(refused)
    assert post_form(client, f"{page}/lines/2/remove", {}, page=page).status_code == 303
    assert "Resa till kund" not in text_of(client.get(page))
    [month] = run_invoices(Period(2026, 10), actor=SYSTEM).created
    assert [line.kind for line in month.lines] == ["monthly_fee", "hours_owed"]  # the package is on the draft
    issue_invoice(month.id, actor=SYSTEM)
    overview = text_of(client.get("/finance?period=2026-10"))
    assert "Exportera det 1 dokumentet i körningen för 2026-10" in overview
    with client.get("/finance/export?service_period=2026-10") as export:
        names = zipfile.ZipFile(io.BytesIO(export.data)).namelist()
    assert f"F{month.number}.pdf" in names and "summary-2026-10.csv" in names
    issued = text_of(client.get("/finance/issued?period=2026-11"))
    assert "Exportera det 1 dokumentet utfärdat 2026-11" in issued


def test_an_unmatched_payment_is_offered_only_invoices_in_its_currency_and_told_why_none_fits(client, sign_in,
                                                                                            numbered):
    [sek] = numbered()
    import_bgmax(bgmax_file([Deposit(currency="EUR", payment_date=date(2026, 11, 20),
                                     payments=[Pay(10_000, "", name="Utländsk Kund")])]), actor=SYSTEM)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    sign_in("finance")
    page = text_of(client.get("/finance/payments"))
    assert "Ingen obetald faktura är i EUR, betalningens valuta" in page
    assert f"F{sek.number} ·" not in page

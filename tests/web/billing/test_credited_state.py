"""A credited invoice is marked so wherever it is listed, month sums subtract credit notes, and the portal says
whether hours bought are invoiced yet."""
from __future__ import annotations

import html
import re

from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import credit_invoice, issue_invoice
from ledger.services.billing.runs import run_invoices
from tests.web.conftest import post_form


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)).replace("\xa0", " "))


def issued_october(customer):
    draft = next(i for i in run_invoices(Period(2026, 10), actor=SYSTEM).created if i.customer_id == customer.id)
    return issue_invoice(draft.id, actor=SYSTEM)


def test_a_credited_invoice_is_marked_in_the_list_and_on_its_page_and_the_month_nets_to_zero(
        client, sign_in, october):
    customer = october(name="Alfa AB")
    invoice = issued_october(customer)
    credit_invoice(invoice.id, "Fel timpris", actor=SYSTEM)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    sign_in("finance")
    overview = text(client.get("/finance?period=2026-10"))
    assert f"F{invoice.number}</a> <span class=\"badge credited\">Krediterad</span>" in overview
    assert "Netto för månaden, kreditfakturor avdragna" in overview
    net = overview.split('class="net-heading">')[1].split("</dl>")[0]
    assert "Summa SEK" in net and "0,00 kr" in net, net
    page = text(client.get(f"/finance/invoices/{invoice.id}"))
    assert "Krediterad" in page and f"Utfärdad, krediterad av F{invoice.number + 1}" in page


def test_the_portal_says_whether_hours_bought_are_invoiced_yet_and_marks_a_credited_invoice(
        client, sign_in, october, freeze_clock):
    customer = october(name="Alfa AB")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    sign_in("customer", customer.id)
    assert "inte fakturerade än" in text(client.get("/portal"))
    invoice = issued_october(customer)
    page = text(client.get("/portal"))
    assert f"Förbetalda timmar; fakturerade på faktura F{invoice.number}." in page and "inte fakturerade än" not in page
    credit_invoice(invoice.id, "Fel timpris", actor=SYSTEM)
    assert "Krediterad" in text(client.get("/portal"))


def test_the_invoice_page_lists_every_credit_note_and_what_is_left_until_it_is_credited_in_full(
        client, sign_in, october):
    invoice = issued_october(october(name="Alfa AB"))
    first = credit_invoice(invoice.id, "Rabatt", actor=SYSTEM, lines=[{"position": 1, "amount": "499,00"}])
    second = credit_invoice(invoice.id, "Mer rabatt", actor=SYSTEM, lines=[{"position": 2, "amount": "900,00"}])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    sign_in("finance")
    page = text(client.get(f"/finance/invoices/{invoice.id}"))
    assert f"Utfärdad, delvis krediterad av F{first.number}, F{second.number}" in page
    assert "Kreditfakturor för denna faktura" in page and "Rabatt" in page and "Mer rabatt" in page
    assert "Kvar att kreditera, exkl. moms: 3 425,00 kr" in page and "Kreditera fakturan" in page
    question = post_form(client, f"/finance/invoices/{invoice.id}/credit", {"reason": "Resten"},
                         page=f"/finance/invoices/{invoice.id}")
    assert "En kreditfaktura på det som är kvar av faktura F1001 (3 425,00 kr exkl. moms)" in text(question)
    rest = credit_invoice(invoice.id, "Resten", actor=SYSTEM)
    page = text(client.get(f"/finance/invoices/{invoice.id}"))
    assert f"Utfärdad, krediterad av F{first.number}, F{second.number}, F{rest.number}" in page
    assert "Kvar att kreditera" not in page and "Kreditera fakturan" not in page

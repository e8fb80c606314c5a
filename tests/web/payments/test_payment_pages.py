"""Finance's payments page: upload the morning file, see what it paid, assign what it could not match."""
import html
import io
import re

from ledger.services.access import SYSTEM
from ledger.services.payments.by_hand import record_payment
from ledger.services.payments.intake import import_bgmax
from tests.conftest import utc
from tests.domain.bgmax_files import Deposit, Pay, bgmax_file, bgmax_lines, encode, replace_line
from tests.services.payment_helpers import TO_PAY_MINOR
from tests.web.conftest import post_form


def reader(client, sign_in, language):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    sign_in("finance")
    return client


def upload(client, data: bytes):
    return post_form(client, "/finance/payments/bgmax", {"file": (io.BytesIO(data), "bgmax.txt")},
                     page="/finance/payments", content_type="multipart/form-data")


def text_of(answer) -> str:
    """The page with runs of ordinary whitespace as one space (no-break spaces are part of amounts)."""
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(answer.get_data(as_text=True)))


def test_finance_uploads_the_morning_file_and_sees_what_it_paid_and_what_waits_for_a_person(client, sign_in, issued,
                                                                                            freeze_clock):
    first, second = issued(2)
    freeze_clock(utc(2026, 12, 5, 9))
    reader(client, sign_in, "en")
    data = bgmax_file([Deposit(payments=[Pay(TO_PAY_MINOR, first.ocr), Pay(12_500, "", name="Berits Garn")])])
    answer = upload(client, data)
    page = text_of(answer)
    assert answer.status_code == 200
    assert "1 matched, 1 to assign, 0 already imported" in page
    assert f"F{first.number}" in page and "The payment carries no reference." in page
    assert "Overdue 3 days" in page  # the second invoice, due 2 December
    again = text_of(upload(client, data))
    assert "0 matched, 0 to assign, 2 already imported" in again


def test_a_file_whose_counts_disagree_is_refused_on_the_page_naming_the_line_in_swedish(client, sign_in, issued):
    [invoice] = issued()
    reader(client, sign_in, "sv")
    lines = replace_line(bgmax_lines([Deposit(payments=[Pay(100, invoice.ocr)])]), 5, 3, "00000002")
    answer = upload(client, encode(lines))
    page = text_of(answer)
    assert answer.status_code == 422
    assert "Rad 5" in page and "Inget i filen importerades." in page
    assert "Line 5" not in page


def test_an_unmatched_payment_is_assigned_from_the_page(client, sign_in, issued):
    [invoice] = issued()
    reader(client, sign_in, "en")
    upload(client, bgmax_file([Deposit(payments=[Pay(TO_PAY_MINOR, "Faktura oktober")])]))
    page = client.get("/finance/payments").get_data(as_text=True)
    [payment_id] = re.findall(r'/finance/payments/(\d+)/assign', page)
    prefix = f"payment-{payment_id}-"
    refused = post_form(client, f"/finance/payments/{payment_id}/assign",
                        {prefix + "invoice_id": str(invoice.id), prefix + "reason": ""}, page="/finance/payments")
    assert refused.status_code == 422 and "Write why the payment belongs to this invoice." in text_of(refused)
    done = post_form(client, f"/finance/payments/{payment_id}/assign",
                     {prefix + "invoice_id": str(invoice.id), prefix + "reason": "The amount matches"},
                     page="/finance/payments", follow_redirects=True)
    assert "The payment was assigned." in text_of(done) and "Every payment belongs to an invoice." in text_of(done)


def test_staff_and_customers_do_not_see_the_payments_page(client, sign_in):
    sign_in("staff")
    assert client.get("/finance/payments").status_code == 403


def test_the_portal_shows_the_customer_what_is_unpaid_and_overdue_in_swedish(client, sign_in, issued, freeze_clock):
    paid, unpaid = issued(2)
    import_bgmax(bgmax_file([Deposit(payments=[Pay(TO_PAY_MINOR, paid.ocr)])]), actor=SYSTEM)
    freeze_clock(utc(2026, 12, 10, 9))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    sign_in("customer", customer_id=unpaid.customer_id)
    page = text_of(client.get("/portal"))
    assert "1 faktura är obetald: 6\xa0030,00\xa0kr återstår att betala." in page
    assert "Förfallen 8 dagar" in page and "förföll 2026-12-02" in page
    sign_in("customer", customer_id=paid.customer_id)
    assert "Betald" in text_of(client.get("/portal")) and "obetald" not in text_of(client.get("/portal"))


def test_the_finance_invoice_page_shows_what_was_paid_and_what_is_outstanding(client, sign_in, issued, freeze_clock):
    [invoice] = issued()
    freeze_clock(utc(2026, 11, 20, 9))
    reader(client, sign_in, "en")
    record_payment(invoice.id, {"amount": "1000.00", "paid_on": utc(2026, 11, 19).date(), "reason": "Swish"},
                   actor=SYSTEM)
    page = text_of(client.get(f"/finance/invoices/{invoice.id}"))
    assert "Partly paid" in page and "Amount paid" in page and "SEK\xa01,000.00" in page and "SEK\xa05,030.00" in page

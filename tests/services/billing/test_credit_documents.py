"""Issue 26 item 5 read back from the documents: a yearly line's period, the re-invoice naming the invoice it
replaces and the credit note saying how it is settled, on the PDF in Swedish and English and in the e-invoice; the
other-language copy made from the invoice as issued."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ledger.extensions import db
from ledger.models import InvoiceEInvoice, Task
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import credit_invoice, issue_invoice
from ledger.services.billing.reads import invoice_pdf
from ledger.services.billing.runs import run_invoices
from ledger.services.payments.by_hand import record_payment
from ledger.services.work.corrections import correct_task
from tests.documents.ubl import Ubl
from tests.services.billing.test_several_credits import OCTOBER, issued_october, with_site_pack
from tests.services.invoice_helpers import pdf_text


def printed(invoice, language=None) -> str:
    return pdf_text(invoice_pdf(invoice.id, actor=SYSTEM, language=language).content)


def archived_ubl(invoice) -> Ubl:
    db.session.rollback()
    return Ubl(db.session.execute(select(InvoiceEInvoice.content)
                                  .where(InvoiceEInvoice.invoice_id == invoice.id)).scalar_one())


def test_the_re_invoice_names_what_it_replaces_and_its_yearly_line_its_period_in_both_languages(
        october, freeze_clock):
    customer, _agreement = with_site_pack(october, freeze_clock)
    invoice = issued_october(customer)
    note = credit_invoice(invoice.id, "Fel adress", actor=SYSTEM)
    assert "Krediteras mot faktura F1001, som inte är betald: det krediterade beloppet dras av från det som ska " \
           "betalas på den." in printed(note)
    [draft] = [i for i in run_invoices(OCTOBER, actor=SYSTEM).created if i.customer_id == customer.id]
    again = issue_invoice(draft.id, actor=SYSTEM)
    swedish, english = printed(again), printed(again, "en")
    for text in ("Ersätter faktura F1001", "Underhållsavtal, platslicens", "Period 2026-10-06 – 2027-10-05",
                 "1 st", "30 000,00 kr/st"):
        assert text in swedish, text
    for text in ("Replaces invoice F1001", "Maintenance, site licence", "Period 2026-10-06 – 2027-10-05", "1 item",
                 "SEK 30,000.00/item"):
        assert text in english, text
    assert "Ersätter" not in english and "Replaces" not in swedish

    ubl = archived_ubl(again)
    [yearly] = [line for line in ubl.lines if ubl.text("cac:Item/cbc:Name", line) == "Underhållsavtal, platslicens"]
    assert (ubl.text("cac:InvoicePeriod/cbc:StartDate", yearly), ubl.text("cac:InvoicePeriod/cbc:EndDate", yearly)) \
        == ("2026-10-06", "2027-10-05")
    # the document's period holds every line's (PEPPOL-EN16931-R110/R111)
    assert (ubl.text("cac:InvoicePeriod/cbc:StartDate"), ubl.text("cac:InvoicePeriod/cbc:EndDate")) == (
        "2026-10-01", "2027-10-05")
    assert ubl.text("cbc:Note").startswith("Ersätter faktura F1001")
    assert ubl.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == "F1001"
    assert len(ubl.all("cac:InvoiceLine[not(cac:InvoicePeriod)]")) == 2, "the month's own lines carry none"


def test_a_part_credit_of_a_paid_invoice_says_it_is_refunded_or_set_off_in_both_languages(october):
    invoice = issued_october(october(language="en"))
    record_payment(invoice.id, {"amount": "6030.00", "paid_on": date(2026, 11, 2)}, actor=SYSTEM)
    note = credit_invoice(invoice.id, "Discount", actor=SYSTEM, lines=[{"position": 2, "amount": "500.00"}])
    english, swedish = printed(note), printed(note, "sv")
    assert "Credited against invoice F1001; what has already been paid is refunded or set off against the next " \
           "invoice." in english and "Credit of line 2, part: Hour package 2 h" in english
    assert "Krediteras mot faktura F1001; det som redan betalts återbetalas eller kvittas mot nästa faktura." in swedish
    assert "Kreditering av rad 2, del: Timpaket 2 tim" in swedish
    ubl = archived_ubl(note)
    assert ubl.text("cac:PaymentTerms/cbc:Note").startswith("Credited against invoice F1001; what has already")
    assert ubl.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == "F1001"


def test_the_other_language_copy_shows_a_task_as_issued_after_the_task_was_corrected(october):
    invoice = issued_october(october())
    task = db.session.execute(select(Task).where(Task.customer_id == invoice.customer_id,
                                                 Task.description == "Installerade integrationen")).scalar_one()
    correct_task(task.id, {"facts": {"description": "Ändrat efter fakturan", "work_date": date(2026, 10, 7)},
                           "reason": "Fel text"}, actor=SYSTEM)
    copy = printed(invoice, "en")
    assert "Copy – the archived original is in another language" in copy
    assert "Installerade integrationen" in copy and "Ändrat efter fakturan" not in copy

"""The finance pages: run a month, review and issue drafts, credit, download PDFs, export the month."""
import io
import zipfile

import pytest
from sqlalchemy import func, select

from ledger.domain.periods import parse_period
from ledger.extensions import db
from ledger.models import Invoice, InvoiceDocument, LedgerEntry
from ledger.services.billing.runs import run_invoices
from tests.services.invoice_helpers import AFTER_OCTOBER, OCTOBER_DAY, pdf_text
from tests.web.conftest import post_form

NBSP = "\xa0"


def sek(amount: str) -> str:
    """An English SEK amount as the pages print it: SEK 6,030.00 with a no-break space."""
    return f"SEK{NBSP}{amount}"


@pytest.fixture
def finance(client, sign_in):
    """The test client, signed in as a finance user reading English pages."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in("finance")
    return client


def count(model) -> int:
    db.session.rollback()  # a fresh snapshot: the requests committed in their own sessions
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def invoices() -> list[Invoice]:
    db.session.rollback()
    return list(db.session.execute(select(Invoice).order_by(Invoice.id)).scalars())


def archived() -> dict[int, bytes]:
    """The archived PDFs by invoice id."""
    db.session.rollback()
    return {document.invoice_id: document.content for document in db.session.execute(select(InvoiceDocument)).scalars()}


def run_month(client, period="2026-10"):
    return post_form(client, "/finance/run", {"period": period}, page=f"/finance?period={period}")


def draft_of(client, period="2026-10") -> Invoice:
    run_month(client, period)
    [draft] = [invoice for invoice in invoices() if invoice.status == "draft"]
    return draft

#: The answer to the confirmation page that issuing and crediting ask first.
CONFIRMED = {"confirmed": "yes"}


def issue(client, invoice_id):
    return post_form(client, f"/finance/invoices/{invoice_id}/issue", CONFIRMED, page=f"/finance/invoices/{invoice_id}")


def text_of(answer) -> str:
    return answer.get_data(as_text=True)


def test_finance_runs_last_month_from_the_page_and_sees_the_drafts_with_amounts(finance, october):
    october(name="Oktoberbolaget AB")
    page = text_of(finance.get("/finance"))
    assert "Invoicing 2026-10" in page and "Run 2026-10" in page and "Export the 0 documents of the 2026-10 run" in page
    answer = run_month(finance)
    assert answer.status_code == 303 and answer.headers["Location"] == "/finance?period=2026-10"
    page = text_of(finance.get(answer.headers["Location"]))
    assert "Drafts created for 2026-10: 1. Invoices already there: 0." in page
    assert "Oktoberbolaget AB" in page and sek("6,030.00") in page and "Issue all drafts" in page
    assert "Total SEK" in page


def test_running_a_month_again_creates_nothing_new_and_says_so(finance, october):
    october()
    run_month(finance)
    answer = run_month(finance)
    assert answer.status_code == 303
    assert "No new drafts for 2026-10. Invoices already there: 1." in text_of(finance.get(answer.headers["Location"]))
    assert count(Invoice) == 1


def test_a_month_that_has_not_ended_is_refused_with_a_message(finance, october):
    october()
    answer = run_month(finance, "2026-11")
    assert answer.status_code == 422
    assert "2026-11 has not ended; run it from 2026-12-01." in text_of(answer)
    assert count(Invoice) == 0


@pytest.mark.parametrize("period", ["2026-13", "October", "", "1999-12"])
def test_a_bad_month_shows_the_error_next_to_the_field(finance, period):
    for path in (f"/finance?period={period}", f"/finance/export?period={period}"):
        answer = finance.get(path)
        assert answer.status_code == 422, path
        assert 'aria-invalid="true"' in text_of(answer) and "Run " not in text_of(answer)
    assert run_month(finance, period).status_code == 422
    assert count(Invoice) == 0


def test_the_draft_page_shows_every_line_and_the_totals(finance, october):
    october(name="Granskning AB")
    draft = draft_of(finance)
    page = text_of(finance.get(f"/finance/invoices/{draft.id}"))
    assert "Draft invoice for Granskning AB" in page and "Draft – not issued" in page
    assert "Storgatan 12" in page and "Karin Ek" in page
    for text in ("Monthly fee 2026-10", "Hour package 2 h, bought 2026-10-06",
                 "Hours beyond the prepaid balance at 2026-10-31", "1\xa0h 30\xa0min", sek("1,499.00"), sek("1,900.00"),
                 sek("950.00"), sek("1,425.00")):
        assert text in page, text
    assert "Taxable amount at 25 %" in page and sek("4,824.00") in page
    assert "VAT 25 %" in page and sek("1,206.00") in page
    assert "Amount to pay" in page and sek("6,030.00") in page
    assert "Issue the invoice" in page and "Preview PDF" in page and "Discard this draft" in page
    preview = finance.get(f"/finance/invoices/{draft.id}/pdf")
    assert preview.mimetype == "application/pdf" and preview.headers["X-Archived-Original"] == "false"
    assert f'filename="draft-{draft.id}.pdf"' in preview.headers["Content-Disposition"]


def test_issuing_from_the_page_gives_a_number_and_the_archived_pdf_downloads_unchanged(finance, october):
    october()
    draft = draft_of(finance)
    answer = issue(finance, draft.id)
    assert answer.status_code == 303 and answer.headers["Location"] == f"/finance/invoices/{draft.id}"
    page = text_of(finance.get(answer.headers["Location"]))
    assert "Invoice F1001 issued." in page and "<h1>Invoice F1001</h1>" in page and "100164" in page
    assert "Download PDF" in page and "Download in English (copy)" in page and "Credit the invoice" in page
    download = finance.get(f"/finance/invoices/{draft.id}/pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"] == 'attachment; filename="F1001.pdf"'
    assert archived() == {draft.id: download.data}
    copy = finance.get(f"/finance/invoices/{draft.id}/pdf?lang=en")
    assert copy.headers["X-Archived-Original"] == "false" and "Invoice number F1001" in pdf_text(copy.data)
    assert copy.headers["Content-Disposition"] == 'attachment; filename="F1001-en.pdf"', "the copy is told apart"
    assert finance.get(f"/finance/invoices/{draft.id}/pdf?lang=de").status_code == 422


def test_issuing_an_issued_invoice_again_is_refused_and_takes_no_number(finance, october):
    october()
    draft = draft_of(finance)
    issue(finance, draft.id)
    again = issue(finance, draft.id)
    assert again.status_code == 303
    assert "The invoice is already issued." in text_of(finance.get(again.headers["Location"]))
    assert [invoice.number for invoice in invoices()] == [1001]


def test_issue_all_issues_every_draft_with_consecutive_numbers(finance, october):
    october(name="Alfa AB"), october(name="Beta AB"), october(name="Gamma AB")
    run_month(finance)
    answer = post_form(finance, "/finance/issue-all", {"period": "2026-10", **CONFIRMED}, page="/finance?period=2026-10")
    assert answer.status_code == 303 and answer.headers["Location"] == "/finance?period=2026-10"
    page = text_of(finance.get(answer.headers["Location"]))
    assert "Invoices issued: 3, numbers F1001–F1003." in page and "No drafts for 2026-10." in page
    assert sorted(invoice.number for invoice in invoices()) == [1001, 1002, 1003]
    assert all(invoice.status == "issued" for invoice in invoices())
    assert count(InvoiceDocument) == 3


def test_discarding_a_draft_deletes_it_so_the_month_can_be_run_again(finance, october):
    october()
    draft = draft_of(finance)
    answer = post_form(finance, f"/finance/invoices/{draft.id}/discard", {}, page=f"/finance/invoices/{draft.id}")
    assert answer.status_code == 303 and answer.headers["Location"] == "/finance?period=2026-10"
    assert "was discarded" in text_of(finance.get(answer.headers["Location"]))
    assert count(Invoice) == 0
    assert "Drafts created for 2026-10: 1." in text_of(finance.get(run_month(finance).headers["Location"]))


def test_crediting_needs_a_reason_and_then_shows_the_credit_note_naming_the_original(finance, october):
    october()
    draft = draft_of(finance)
    issue(finance, draft.id)
    entries = count(LedgerEntry)
    path = f"/finance/invoices/{draft.id}/credit"
    refused = post_form(finance, path, {"reason": "   "}, page=f"/finance/invoices/{draft.id}")
    assert refused.status_code == 422
    assert "Write why the invoice is credited" in text_of(refused) and 'aria-invalid="true"' in text_of(refused)
    assert count(Invoice) == 1 and count(LedgerEntry) == entries, "nothing written"
    answer = post_form(finance, path, {"reason": "Fel timpris", **CONFIRMED}, page=f"/finance/invoices/{draft.id}")
    assert answer.status_code == 303
    note = invoices()[-1]
    assert answer.headers["Location"] == f"/finance/invoices/{note.id}"
    page = text_of(finance.get(answer.headers["Location"]))
    assert "Credit note F1002 issued for invoice F1001." in page and "<h1>Credit note F1002</h1>" in page
    assert "This credit note credits invoice" in page and "F1001" in page and "Fel timpris" in page
    assert "Total credited" in page and f"-{sek('6,030.00')}" in page.replace("−", "-")
    original = text_of(finance.get(f"/finance/invoices/{draft.id}"))
    assert "Credit notes of this invoice" in original and 'invoices/%d">F1002</a>' % note.id in original
    assert "Credit this invoice" not in original
    overview = text_of(finance.get("/finance?period=2026-10"))
    assert "Download credit note F1002" in overview and f'href="/finance/invoices/{draft.id}">F1001</a>' in overview


def test_an_eu_reverse_charge_invoice_page_shows_the_reverse_charge_text(finance, october):
    october(name="Berlin GmbH", country="DE", vat_number="DE136695976", org_number="HRB 12345", currency="EUR",
            language="en", hourly_rate="95.00", monthly_fee="150.00")
    draft = draft_of(finance)
    page = text_of(finance.get(f"/finance/invoices/{draft.id}"))
    assert "Reverse charge" in page and "DE136695976" in page and "VAT 0 %" in page and "Germany" in page
    assert "Amount to pay" in page and f"EUR{NBSP}482.50" in page


def test_the_export_is_a_zip_of_the_archived_pdfs_and_the_csv_summary(finance, october):
    october()
    draft = draft_of(finance)
    issue(finance, draft.id)
    post_form(finance, f"/finance/invoices/{draft.id}/credit", {"reason": "Fel", **CONFIRMED},
              page=f"/finance/invoices/{draft.id}")
    with finance.get("/finance/export?period=2026-11") as answer:  # the month they were issued in
        assert answer.status_code == 200 and answer.mimetype == "application/zip"
        assert answer.headers["Content-Disposition"] == 'attachment; filename="invoices-2026-11.zip"'
        archive = zipfile.ZipFile(io.BytesIO(answer.data))
    assert sorted(archive.namelist()) == ["F1001.pdf", "F1001.xml", "F1002.pdf", "F1002.xml", "summary-2026-11.csv"]
    assert archive.read("F1001.pdf") == archived()[draft.id]
    rows = archive.read("summary-2026-11.csv").decode("utf-8").splitlines()
    assert rows[1].startswith("1001,invoice,,") and rows[2].startswith("1002,credit_note,1001,")


FINANCE_GETS = ["/finance", "/finance?period=2026-10", "/finance/export?period=2026-10", "/finance/invoices/{id}",
                "/finance/invoices/{id}/pdf"]
FINANCE_POSTS = ["/finance/run", "/finance/issue-all", "/finance/invoices/{id}/issue", "/finance/invoices/{id}/discard",
                 "/finance/invoices/{id}/credit"]


@pytest.mark.parametrize("role", ["staff", "customer"])
def test_staff_and_customer_users_get_403_on_every_finance_page(client, sign_in, make_user, october, role):
    customer = october()
    finance = make_user("finance")
    [draft] = run_invoices(parse_period("2026-10"), actor=finance).created
    sign_in(role, customer.id if role == "customer" else None)
    for path in FINANCE_GETS:
        assert client.get(path.format(id=draft.id)).status_code == 403, path
    for path in FINANCE_POSTS:
        answer = post_form(client, path.format(id=draft.id), {"period": "2026-10", "reason": "x"}, page="/finance")
        assert answer.status_code == 403, path
    assert [(invoice.status, invoice.number) for invoice in invoices()] == [("draft", None)]


def test_an_anonymous_visitor_is_sent_to_sign_in(client, october):
    october()
    for path in FINANCE_GETS:
        answer = client.get(path.format(id=1))
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/login"), path
    for path in FINANCE_POSTS:
        answer = post_form(client, path.format(id=1), {"period": "2026-10"}, page="/login")
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/login"), path
    assert count(Invoice) == 0


def test_an_unknown_invoice_is_404_on_every_invoice_page(finance):
    for path in ("/finance/invoices/999", "/finance/invoices/999/pdf", "/finance/invoices/999/pdf?lang=xx"):
        assert finance.get(path).status_code == 404, path
    for action in ("issue", "discard", "credit"):
        answer = post_form(finance, f"/finance/invoices/999/{action}", {"reason": "x"}, page="/finance")
        assert answer.status_code == 404, action


def test_the_run_names_each_skipped_customer_with_its_reason(finance, october, make_customer, freeze_clock):
    october()
    freeze_clock(OCTOBER_DAY)
    idle = make_customer(name="Vilande AB", monthly_fee="0.00")
    freeze_clock(AFTER_OCTOBER)
    page = text_of(finance.get(run_month(finance).headers["Location"]))
    assert "Drafts created for 2026-10: 1." in page and f"Skipped: customer {idle.id} (nothing to invoice)." in page

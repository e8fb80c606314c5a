"""Issue 22's findings about what customers receive and what finance meets, each turned into its test (both
engines): the mail's amount, how to pay from abroad, the other-language copy, a second series, the issue/discard
race and the sweep."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.jobs import jobs
from ledger.jobs.schedule import SWEEP_AGAIN_AFTER_SECONDS
from ledger.models import InvoiceCopy, Job, OutboxMessage
from ledger.services.access import SYSTEM
from ledger.services.billing import copies
from ledger.services.billing.issue_jobs import ISSUE_PERIOD, archive_for_job
from ledger.services.billing.reads import invoice_pdf
from ledger.services.billing.runs import run_invoices
from ledger.services.billing.specification import render_invoice_html
from ledger.services.mail.jobs import stale_after, start_job
from ledger.services.mail.sweep import find_unfinished
from ledger.services.payments.intake import import_bgmax
from ledger.services.payments.reminders import queue_reminders
from ledger.services.settings import SETTINGS_EXTENSION, current_settings
from tests.conftest import utc
from tests.domain.bgmax_files import Deposit, Pay, bgmax_file
from ledger.services.work.tasks import record_task
from tests.services.helpers import run_sql
from tests.services.invoice_helpers import pdf_text

OCTOBER = Period(2026, 10)


def mail_text(kind: str, invoice_id: int) -> str:
    db.session.rollback()
    return "\n".join(message.body_text for message in db.session.execute(
        select(OutboxMessage).where(OutboxMessage.kind == kind, OutboxMessage.attachment_invoice_id == invoice_id)
    ).scalars())


def test_the_invoice_mail_says_the_amount_to_pay_after_oresavrundning_as_the_pdf_does(numbered):
    [invoice] = numbered(monthly_fee="549.00", email="ekonomi@kund.example")  # (549 + 1 900 + 1 425) × 1,25
    assert (invoice.total_minor, invoice.to_pay_minor) == (484_250, 484_300)
    text = mail_text("invoice_issued", invoice.id)
    assert "Att betala: 4\xa0843,00\xa0kr" in text and "4\xa0842,50" not in text
    assert f"OCR-nummer {invoice.ocr}" in text


def test_eur_reminders_give_iban_bic_and_the_invoice_number_and_customers_abroad_in_sek_get_iban_too(
        numbered, freeze_clock):
    seller = current_settings().seller
    [eur] = numbered(currency="EUR", country="DE", vat_number="DE136695976", language="en",
                     email="billing@kunde.example")
    abroad = numbered(country="NO", org_number="987654321", email="faktura@kunde.example")[0]
    freeze_clock(utc(2026, 12, 10, 9))
    assert len(queue_reminders().reminded) == 2
    reminder = mail_text("invoice_reminder", eur.id)
    assert f"IBAN {seller.iban}, BIC {seller.bic}, with the reference F{eur.number}" in reminder
    assert "OCR" not in reminder and "bankgiro" not in reminder.lower() and "None" not in reminder
    for text in (mail_text("invoice_reminder", abroad.id), mail_text("invoice_issued", abroad.id)):
        assert f"bankgiro {seller.bankgiro}" in text and f"IBAN {seller.iban}, BIC {seller.bic}" in text
    document = render_invoice_html(abroad, seller)
    assert seller.iban in document and seller.bic in document and seller.bankgiro in document


def test_the_other_language_copy_shows_the_invoice_as_issued_and_forty_requests_at_once_render_it_once(
        app, numbered, freeze_clock, monkeypatch):
    [invoice] = numbered(email="ekonomi@kund.example")
    freeze_clock(utc(2026, 11, 3, 9))
    record_task({"customer_id": invoice.customer_id, "category": "installation", "minutes": 45,
                 "description": "Arbete loggat efter fakturan", "work_date": date(2026, 10, 30)}, actor=SYSTEM)
    renders, real = [], copies.html_to_pdf
    monkeypatch.setattr(copies, "html_to_pdf", lambda html: renders.append(1) or real(html))
    barrier = threading.Barrier(40)

    def request(_index: int) -> bytes:
        with app.app_context():
            barrier.wait()
            return invoice_pdf(invoice.id, actor=SYSTEM, language="en").content

    with ThreadPoolExecutor(40) as pool:
        contents = list(pool.map(request, range(40)))
    assert len(renders) == 1 and len(set(contents)) == 1
    db.session.rollback()
    assert db.session.execute(select(InvoiceCopy.language).where(InvoiceCopy.invoice_id == invoice.id)).all() == [
        ("en",)]
    text = pdf_text(contents[0])
    assert "Copy – the archived original is in another language" in text and "Installerade integrationen" in text
    assert "Arbete loggat efter fakturan" not in text
    with pytest.raises(DatabaseError, match="append-only"):
        run_sql("DELETE FROM invoice_copies")  # kept: never rendered again, never changed


def test_a_second_invoice_series_numbers_from_its_start_beside_the_first_and_its_ocr_is_its_own(app, numbered):
    [first] = numbered()
    settings = current_settings()
    app.extensions[SETTINGS_EXTENSION] = type(settings)(settings.seller, "G", settings.first_number,
                                                        settings.round_to_whole_kronor)
    [second] = numbered()
    assert (first.series, first.number, second.series, second.number) == ("F", 1001, "G", 1001)
    assert second.ocr != first.ocr
    paid = import_bgmax(bgmax_file([Deposit(payments=[Pay(second.to_pay_minor, second.ocr)])]), actor=SYSTEM)
    assert [item.invoice_id for item in paid.matched] == [second.id]


def test_issuing_and_discarding_the_same_draft_at_once_one_wins_and_the_other_gets_409_never_a_500(
        app, api, october):
    finance, admin = api("finance"), api("admin")
    october()
    october()
    drafts = run_invoices(OCTOBER, actor=SYSTEM).created
    outcomes = []
    for draft in drafts:
        barrier = threading.Barrier(2)

        def call(caller_and_method):
            caller, method = caller_and_method
            barrier.wait()
            if method == "issue":
                return caller.post(f"/api/v1/invoices/{draft.id}/issue").status_code
            return caller.delete(f"/api/v1/invoices/{draft.id}").status_code

        with ThreadPoolExecutor(2) as pool:
            outcomes.append(sorted(pool.map(call, [(finance, "issue"), (admin, "discard")])))
    for issue_then_discard in outcomes:
        assert issue_then_discard in ([200, 409], [204, 409]), outcomes
    for draft in drafts:  # whichever won, the draft is gone or issued: both are refused with 409 from now on
        assert finance.delete(f"/api/v1/invoices/{draft.id}").status_code == 409
        assert finance.post(f"/api/v1/invoices/{draft.id}/issue").status_code == 409


def test_the_sweep_queues_a_dead_workers_job_again_within_60_seconds_and_counts_what_it_archives(
        app, numbered, freeze_clock):
    assert stale_after() + timedelta(seconds=SWEEP_AGAIN_AFTER_SECONDS) <= timedelta(seconds=60)
    invoices = numbered(2)
    freeze_clock(utc(2026, 11, 2, 9, 0, 0))
    job, _created = start_job(ISSUE_PERIOD, str(OCTOBER), len(invoices), actor=SYSTEM)
    freeze_clock(utc(2026, 11, 2, 9, 0, 29))
    assert job.id not in find_unfinished().jobs  # still moving as far as anyone can tell
    freeze_clock(utc(2026, 11, 2, 9, 0, 30))
    assert job.id in find_unfinished().jobs  # the worker died at once: queued again 30 s on, the next sweep 30 s
    assert {"sweep", "sweep_again"} <= set(jobs().tasks)  # every minute, and again half a minute after

    class PrintsNothing:
        def render(self, documents):
            return [b"%PDF-1.7 stand-in" for _ in documents]

    archive_for_job(None, [invoice.id for invoice in invoices], renderer=PrintsNothing())  # as the sweep does
    db.session.rollback()
    finished = db.session.get(Job, job.id)
    assert (finished.status, finished.done, finished.total) == ("done", 2, 2)

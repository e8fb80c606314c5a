"""Invoice runs, issuing and crediting: idempotent runs, settlements, gapless numbers, nothing half-written."""
import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.exc import DatabaseError

from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice, InvoiceDocument, LedgerEntry
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import get_balance, record_purchase
from ledger.services.accounts.verify import verify_ledger
from ledger.services.billing import issuing
from ledger.services.billing.issuing import credit_invoice, issue_invoice, issue_invoices
from ledger.services.billing.reads import discard_draft, invoice_pdf
from ledger.services.billing.runs import run_invoices
from tests.conftest import utc
from tests.services.helpers import run_sql
from tests.services.invoice_helpers import log_work

OCTOBER, NOVEMBER = Period(2026, 10), Period(2026, 11)


def test_a_run_drafts_the_fee_the_packages_and_the_hours_owed(october):
    customer = october()
    result = run_invoices(OCTOBER, actor=SYSTEM)
    [draft] = result.created
    assert [(line.kind, line.quantity_minutes, line.amount_minor) for line in draft.lines] == [
        ("monthly_fee", None, 149900), ("hour_package", None, 190000), ("hours_owed", 90, 142500)]
    assert (draft.status, draft.number, draft.ocr, draft.customer_id) == ("draft", None, None, customer.id)
    assert (draft.net_minor, draft.vat_minor, draft.to_pay_minor) == (482400, 120600, 603000)
    assert draft.balance_at_period_end_minutes == -90


def test_running_a_period_twice_creates_nothing_new(october):
    october()
    first = run_invoices(OCTOBER, actor=SYSTEM)
    second = run_invoices(OCTOBER, actor=SYSTEM)
    assert second.created == [] and [i.id for i in second.existing] == [i.id for i in first.created]
    assert db.session.query(Invoice).count() == 1


def test_a_month_that_has_not_ended_cannot_be_run(october, freeze_clock):
    october()
    freeze_clock(utc(2026, 10, 31, 12))
    with pytest.raises(InvalidInput, match="has not ended"):
        run_invoices(OCTOBER, actor=SYSTEM)


def test_issuing_settles_the_hours_owed_and_the_ledger_reconciles(october):
    customer = october()
    invoice = issue_invoice(run_invoices(OCTOBER, actor=SYSTEM).created[0].id, actor=SYSTEM)
    assert (invoice.status, invoice.number, invoice.ocr) == ("issued", 1001, "100164")
    assert invoice.issue_date.isoformat() == "2026-11-02" and invoice.due_date.isoformat() == "2026-12-02"
    settlement = db.session.get(LedgerEntry, invoice.lines[2].entry_id)
    assert (settlement.kind, settlement.minutes, settlement.invoice_id) == ("settlement", 90, invoice.id)
    assert get_balance(customer.id, actor=SYSTEM) == 0
    assert verify_ledger().ok


def test_a_credit_note_names_the_original_and_restores_the_ledger(october):
    customer = october()
    invoice = issue_invoice(run_invoices(OCTOBER, actor=SYSTEM).created[0].id, actor=SYSTEM)
    note = credit_invoice(invoice.id, "Fel timpris", actor=SYSTEM)
    assert (note.kind, note.number, note.credited_invoice_id, note.credit_reason) == ("credit_note", 1002, invoice.id, "Fel timpris")
    assert (note.net_minor, note.vat_minor, note.to_pay_minor) == (-482400, -120600, -603000)
    # The package's 120 min and the settlement's 90 min are reversed: back to before the invoice, less the package.
    assert get_balance(customer.id, actor=SYSTEM) == -90 - 120
    reversals = db.session.query(LedgerEntry).filter_by(kind="reversal").all()
    assert {(r.minutes, r.invoice_id) for r in reversals} == {(-120, note.id), (-90, note.id)}
    assert verify_ledger().ok
    with pytest.raises(Conflict, match="already credited"):
        credit_invoice(invoice.id, "again", actor=SYSTEM)
    with pytest.raises(Conflict, match="Only an issued invoice"):
        credit_invoice(note.id, "a credit of a credit", actor=SYSTEM)


def test_an_issued_invoice_cannot_be_changed_by_the_service_or_by_raw_sql(october, engine_name):
    october()
    invoice = issue_invoice(run_invoices(OCTOBER, actor=SYSTEM).created[0].id, actor=SYSTEM)
    with pytest.raises(Conflict, match="already issued"):
        issue_invoice(invoice.id, actor=SYSTEM)
    with pytest.raises(Conflict, match="credit it instead"):
        discard_draft(invoice.id, actor=SYSTEM)
    for statement in (
        "UPDATE invoices SET net_minor = 1, to_pay_minor = 1 WHERE id = :id",
        "UPDATE invoice_lines SET amount_minor = 1 WHERE invoice_id = :id",
        "DELETE FROM invoices WHERE id = :id",
        "UPDATE invoice_documents SET sha256 = 'x' WHERE invoice_id = :id",
        "DELETE FROM invoice_documents WHERE invoice_id = :id",
    ):
        with pytest.raises(DatabaseError, match="never change"):
            run_sql(statement, id=invoice.id)
    db.session.expire_all()
    assert db.session.get(Invoice, invoice.id).to_pay_minor == 603000


def test_the_archived_pdf_downloads_byte_identical_with_its_sha256(october):
    october()
    invoice = issue_invoice(run_invoices(OCTOBER, actor=SYSTEM).created[0].id, actor=SYSTEM)
    document = db.session.query(InvoiceDocument).filter_by(invoice_id=invoice.id).one()
    first, second = invoice_pdf(invoice.id, actor=SYSTEM), invoice_pdf(invoice.id, actor=SYSTEM)
    assert first.archived and first.content == second.content == document.content
    assert hashlib.sha256(first.content).hexdigest() == document.sha256
    copy = invoice_pdf(invoice.id, actor=SYSTEM, language="en")
    assert not copy.archived and copy.content != document.content


def test_hours_owed_are_settled_once_whatever_order_months_are_issued_in(october, freeze_clock):
    customer = october()  # October ends 90 min short
    freeze_clock(utc(2026, 11, 10, 9))
    log_work(customer.id, "training", 60, "Utbildning")
    freeze_clock(utc(2026, 12, 2, 9))
    october_draft = run_invoices(OCTOBER, actor=SYSTEM).created[0]
    november = run_invoices(NOVEMBER, actor=SYSTEM)
    assert november.created == [] and november.skipped[0].code == "earlier_draft"
    assert november.skipped[0].draft_period == "2026-10"
    discard_draft(october_draft.id, actor=SYSTEM)  # finance runs November first after all
    november_draft = run_invoices(NOVEMBER, actor=SYSTEM).created[0]
    # October's package was never invoiced, so it waits for the next run: November's.
    assert [line.kind for line in november_draft.lines] == ["monthly_fee", "hour_package", "hours_owed"]
    issue_invoice(november_draft.id, actor=SYSTEM)  # settles October's 90 and November's 60 minutes
    late_october = issue_invoice(run_invoices(OCTOBER, actor=SYSTEM).created[0].id, actor=SYSTEM)
    assert [line.kind for line in late_october.lines] == ["monthly_fee"], "nothing is owed or bought twice"
    settled = sum(e.minutes for e in db.session.query(LedgerEntry).filter_by(kind="settlement"))
    assert settled == 150 and get_balance(customer.id, actor=SYSTEM) == 0
    assert verify_ledger().ok


def test_a_failure_while_issuing_leaves_no_number_no_settlement_and_a_draft(october, monkeypatch):
    october()
    october_draft = run_invoices(OCTOBER, actor=SYSTEM).created[0]

    def crash(*_args, **_kwargs):
        raise RuntimeError("renderer died")

    monkeypatch.setattr(issuing.PdfRenderer, "render", crash)
    with pytest.raises(RuntimeError):
        issue_invoice(october_draft.id, actor=SYSTEM)
    db.session.expire_all()
    assert db.session.get(Invoice, october_draft.id).status == "draft"
    assert db.session.query(LedgerEntry).filter_by(kind="settlement").count() == 0
    monkeypatch.undo()
    assert issue_invoice(october_draft.id, actor=SYSTEM).number == 1001, "the failed attempt used no number"


def test_a_customer_with_nothing_to_invoice_is_skipped(make_customer, freeze_clock):
    freeze_clock(utc(2026, 10, 6, 9))
    customer = make_customer(monthly_fee="0.00")
    freeze_clock(utc(2026, 11, 2, 9))
    result = run_invoices(OCTOBER, actor=SYSTEM)
    assert result.created == [] and [(s.customer_id, s.code) for s in result.skipped] == [(customer.id, "nothing_to_invoice")]


def test_customers_who_joined_after_or_left_before_the_month_are_not_invoiced(october, make_customer, freeze_clock):
    october()
    from ledger.services.accounts.closing import close_customer

    freeze_clock(utc(2026, 9, 10, 9))
    left = make_customer(name="Left AB")
    close_customer(left.id, "Left in September", actor=SYSTEM)
    freeze_clock(utc(2026, 11, 1, 8))
    make_customer(name="Joined AB")
    freeze_clock(utc(2026, 11, 2, 9))
    assert [invoice.buyer_name for invoice in run_invoices(OCTOBER, actor=SYSTEM).created] == ["Testbolaget AB"]


def test_issuing_in_batches_on_two_processes_numbers_every_invoice_once(october, make_customer):
    customers = [october(name=f"Kund {i} AB") for i in range(3)]
    drafts = [invoice.id for invoice in run_invoices(OCTOBER, actor=SYSTEM).created]
    issued = issue_invoices(drafts, actor=SYSTEM, workers=2)
    assert sorted(invoice.number for invoice in issued) == [1001, 1002, 1003]
    assert all(get_balance(c.id, actor=SYSTEM) == 0 for c in customers)


def test_concurrent_issuers_never_leave_a_gap_or_a_duplicate_number(app, october):
    customers = [october(name=f"Kund {i} AB") for i in range(8)]
    drafts = [invoice.id for invoice in run_invoices(OCTOBER, actor=SYSTEM).created]
    barrier = threading.Barrier(len(drafts))

    def issue(invoice_id):
        with app.app_context():
            barrier.wait()
            return issue_invoice(invoice_id, actor=SYSTEM).number

    with ThreadPoolExecutor(len(drafts)) as pool:
        numbers = list(pool.map(issue, drafts))
    assert sorted(numbers) == list(range(1001, 1001 + len(customers)))
    db.session.expire_all()
    assert db.session.query(Invoice).filter_by(status="issued").count() == len(customers)
    assert verify_ledger().ok


def test_hour_packages_bought_after_the_month_wait_for_the_next_run(october, freeze_clock):
    customer = october()
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)  # bought on 2 November
    draft = run_invoices(OCTOBER, actor=SYSTEM).created[0]
    assert [line.kind for line in draft.lines].count("hour_package") == 1
    issue_invoice(draft.id, actor=SYSTEM)
    freeze_clock(utc(2026, 12, 1, 9))
    november = run_invoices(NOVEMBER, actor=SYSTEM).created[0]
    assert [(line.kind, line.amount_minor) for line in november.lines] == [("monthly_fee", 149900), ("hour_package", 900000)]

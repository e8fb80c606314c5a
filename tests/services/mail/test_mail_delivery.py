"""Outbox delivery to a real SMTP server: the invoice PDF attached byte for byte, refusals retried, sent once."""
from __future__ import annotations

from datetime import timedelta

from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import InvoiceDocument, OutboxMessage
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import issue_invoice
from ledger.services.billing.mail import queue_invoice_mail
from ledger.services.billing.runs import run_invoices
from ledger.services.clock import utcnow
from ledger.services.mail import delivery as mail_delivery
from ledger.services.mail.delivery import deliver_due_messages
from ledger.services.tx import write_transaction
from tests.conftest import utc

OCTOBER = Period(2026, 10)


def _issued_with_mail(october, **terms):
    customer = october(**terms)
    draft = next(i for i in run_invoices(OCTOBER, actor=SYSTEM).created if i.customer_id == customer.id)
    invoice = issue_invoice(draft.id, actor=SYSTEM)
    with write_transaction() as session:
        if not session.query(OutboxMessage).filter_by(attachment_invoice_id=invoice.id).count():
            queue_invoice_mail(session, invoice)
    return invoice


def _message(invoice_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.query(OutboxMessage).filter_by(attachment_invoice_id=invoice_id).one()


def _invoice_mails(smtp_server):
    """What the server received, the low-balance notice the month of work also caused left out."""
    return [received for received in smtp_server.messages if "F1001" in received["Subject"]]


def _later(freeze_clock, minutes: int) -> None:
    freeze_clock(utc(2026, 11, 2, 9) + timedelta(minutes=minutes))


def test_the_invoice_mail_arrives_with_the_archived_pdf_byte_for_byte(october, smtp_server):
    invoice = _issued_with_mail(october, email="ekonomi@kund.example", language="sv")
    report = deliver_due_messages()
    assert _message(invoice.id).id in report.sent
    [received] = _invoice_mails(smtp_server)
    stored = _message(invoice.id)
    assert received["Message-ID"] == stored.message_id
    assert received["To"] == "ekonomi@kund.example"
    assert received["Subject"] == "Faktura F1001 från Servicekonto Demo AB"
    assert "Bifogad är faktura F1001" in received.get_body(("plain",)).get_content()
    assert 'lang="sv"' in received.get_body(("html",)).get_content()
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "F1001.pdf"
    archived = db.session.query(InvoiceDocument).filter_by(invoice_id=invoice.id).one()
    assert attachment.get_content() == archived.content
    assert (stored.status, stored.attempts, stored.last_error) == ("sent", 1, None)
    assert stored.sent_at is not None


def test_an_english_customer_reads_the_invoice_mail_in_english(october, smtp_server):
    _issued_with_mail(october, email="billing@client.example", language="en")
    deliver_due_messages()
    [received] = _invoice_mails(smtp_server)
    assert received["Subject"] == "Invoice F1001 from Servicekonto Demo AB"
    assert "Attached is invoice F1001" in received.get_body(("plain",)).get_content()


def test_a_refusing_server_leaves_the_message_queued_with_the_reason_and_a_later_run_sends_it_once(
        october, smtp_server, freeze_clock):
    invoice = _issued_with_mail(october, email="ekonomi@kund.example")
    smtp_server.mode = "5xx"
    report = deliver_due_messages()
    message = _message(invoice.id)
    assert message.id in report.retried and report.sent == []
    assert message.status == "queued" and "554" in message.last_error and "rejected by policy" in message.last_error
    assert message.next_attempt_at == utc(2026, 11, 2, 9) + mail_delivery.backoff(1)
    smtp_server.mode = "accept"
    assert deliver_due_messages().sent == []  # the backoff step has not passed
    _later(freeze_clock, 1)
    assert message.id in deliver_due_messages().sent
    _later(freeze_clock, 60)
    assert deliver_due_messages().sent == []
    assert len(_invoice_mails(smtp_server)) == 1 and _message(invoice.id).status == "sent"


def test_a_connection_reset_is_retried_and_delivered_once(october, smtp_server, freeze_clock):
    invoice = _issued_with_mail(october, email="ekonomi@kund.example")
    smtp_server.mode = "reset"
    deliver_due_messages()
    message = _message(invoice.id)
    assert message.status == "queued" and message.last_error and smtp_server.messages == []
    smtp_server.mode = "accept"
    _later(freeze_clock, 1)
    assert message.id in deliver_due_messages().sent
    _later(freeze_clock, 600)
    deliver_due_messages()
    assert len(_invoice_mails(smtp_server)) == 1


def test_a_message_fails_for_good_after_the_last_attempt_and_says_why(october, smtp_server, freeze_clock):
    invoice = _issued_with_mail(october, email="ekonomi@kund.example")
    smtp_server.mode = "5xx"
    moment = utc(2026, 11, 2, 9)
    for attempt in range(1, mail_delivery.MAX_ATTEMPTS + 1):
        freeze_clock(moment)
        deliver_due_messages()
        moment += mail_delivery.backoff(attempt)
    message = _message(invoice.id)
    assert (message.status, message.attempts) == ("failed", mail_delivery.MAX_ATTEMPTS)
    assert "554" in message.last_error
    freeze_clock(moment + timedelta(days=1))
    smtp_server.mode = "accept"
    assert deliver_due_messages().sent == [] and smtp_server.messages == []


def test_the_backoff_doubles_and_is_capped():
    steps = [mail_delivery.backoff(attempt) for attempt in range(1, 12)]
    assert steps[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(steps) == mail_delivery.BACKOFF_CAP and steps == sorted(steps)


def test_a_mail_waits_without_counting_an_attempt_while_its_invoice_document_is_pending(
        app, october, smtp_server, monkeypatch):
    invoice = _issued_with_mail(october, email="ekonomi@kund.example")
    monkeypatch.setattr(mail_delivery, "_attachment", lambda session, invoice_id: None)
    report = deliver_due_messages()
    message = _message(invoice.id)
    assert report.waiting == [message.id] and message.id not in report.sent
    assert (message.status, message.attempts, message.last_error) == ("queued", 0, None)
    assert message.next_attempt_at == utcnow() + mail_delivery.DOCUMENT_WAIT


def test_development_writes_each_message_as_an_eml_file(app, october, tmp_path):
    from ledger.config import EML_BACKEND
    from ledger.extensions import mail

    app.config.update(MAIL_BACKEND=EML_BACKEND, MAIL_FILE_PATH=str(tmp_path / "mail"))
    mail.init_app(app)
    invoice = _issued_with_mail(october, email="ekonomi@kund.example")
    deliver_due_messages()
    name = _message(invoice.id).message_id.strip("<>")
    content = (tmp_path / "mail" / f"{name}.eml").read_bytes()
    assert b"F1001.pdf" in content and len(list((tmp_path / "mail").glob("*.eml"))) == 2


def test_send_pending_delivers_now(app, october, smtp_server, runner):
    _issued_with_mail(october, email="ekonomi@kund.example")
    result = runner.invoke(args=["mail", "send-pending"])
    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output and len(_invoice_mails(smtp_server)) == 1


class WorkerDied(BaseException):
    """What the test raises where a SIGKILL would stop the worker: nothing in delivery catches it."""


def test_a_worker_dying_after_acceptance_does_not_resend_within_the_retry_window(
        october, smtp_server, freeze_clock, monkeypatch):
    invoice = _issued_with_mail(october, email="ekonomi@kund.example")
    real_record = mail_delivery._record_sent
    invoice_mail_id = _message(invoice.id).id

    def die(message_id: int) -> None:
        if message_id == invoice_mail_id:  # the server has accepted it; the commit never comes
            raise WorkerDied()
        real_record(message_id)

    monkeypatch.setattr(mail_delivery, "_record_sent", die)
    try:
        deliver_due_messages()
    except WorkerDied:
        pass
    monkeypatch.setattr(mail_delivery, "_record_sent", real_record)
    message = _message(invoice.id)
    assert len(_invoice_mails(smtp_server)) == 1 and message.status == "queued" and message.attempts == 1
    for seconds in (0, 30, 59):  # other workers, the sweep and send-pending all leave it alone meanwhile
        freeze_clock(utc(2026, 11, 2, 9) + timedelta(seconds=seconds))
        assert message.id not in deliver_due_messages().sent
    assert len(_invoice_mails(smtp_server)) == 1
    _later(freeze_clock, 1)  # the documented window: past the backoff step it goes again, same Message-ID
    assert message.id in deliver_due_messages().sent
    first, second = _invoice_mails(smtp_server)
    assert first["Message-ID"] == second["Message-ID"] == message.message_id


def test_the_window_between_acceptance_and_commit_is_measured_and_short(october, smtp_server):
    _issued_with_mail(october, email="ekonomi@kund.example")
    report = deliver_due_messages()
    assert len(report.window_seconds) == len(report.sent) == 2
    assert all(0 < seconds < 1.0 for seconds in report.window_seconds)

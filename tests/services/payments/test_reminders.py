"""Reminders: one per overdue invoice, again at most every 14 days however often the run happens, in the
customer's language, delivered to a real SMTP server."""
import smtplib
import socket
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from ledger.extensions import db
from ledger.models import OutboxMessage, PaymentReminder
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import credit_invoice
from ledger.services.payments.by_hand import record_payment
from ledger.services.payments.reminders import queue_reminders
from tests.conftest import utc
from tests.services.payment_helpers import DUE_ON
from tests.services.accounts.test_concurrency import race


def reminders_of(invoice_id):
    db.session.rollback()
    return db.session.execute(select(PaymentReminder.sequence, PaymentReminder.reminded_on)
                              .where(PaymentReminder.invoice_id == invoice_id).order_by(PaymentReminder.sequence)).all()


def mails():
    db.session.rollback()
    return list(db.session.execute(select(OutboxMessage).where(OutboxMessage.kind == "invoice_reminder")
                                   .order_by(OutboxMessage.id)).scalars())


def morning(day: date):
    """9:00 UTC on `day`: 10:00 or 11:00 in Stockholm, the same day."""
    return utc(day.year, day.month, day.day, 9)


def test_an_overdue_invoice_is_reminded_once_every_14_days_however_often_remind_runs(issued, freeze_clock):
    [invoice] = issued(email="ekonomi@kund.example")
    day = DUE_ON
    while day <= date(2027, 1, 8):
        freeze_clock(morning(day))
        for _ in range(3):
            queue_reminders()
        day += timedelta(days=1)
    assert reminders_of(invoice.id) == [(1, date(2026, 12, 3)), (2, date(2026, 12, 17)), (3, date(2026, 12, 31))]
    assert [mail.dedupe_key for mail in mails()] == [f"invoice-reminder:{invoice.id}:{n}:1" for n in (1, 2, 3)]


def test_nothing_is_reminded_before_the_due_date_has_passed_nor_once_paid_or_credited(issued, freeze_clock):
    paid, credited = issued(2, email="ekonomi@kund.example")
    freeze_clock(morning(DUE_ON))
    assert queue_reminders().reminded == []
    freeze_clock(utc(2026, 12, 1, 9))
    record_payment(paid.id, {"amount": "6030.00", "paid_on": date(2026, 12, 1), "method": "swish"}, actor=SYSTEM)
    credit_invoice(credited.id, "Fel kund", actor=SYSTEM)
    freeze_clock(morning(DUE_ON + timedelta(days=1)))
    assert queue_reminders().reminded == []


def test_concurrent_reminder_runs_queue_one_reminder_and_one_mail(app, issued, engine_name, freeze_clock):
    [invoice] = issued(email="ekonomi@kund.example")
    freeze_clock(morning(date(2026, 12, 5)))
    runs = race(app, lambda _index: queue_reminders(), count=4)
    assert sum(len(run.reminded) for run in runs) == 1
    assert reminders_of(invoice.id) == [(1, date(2026, 12, 5))]
    assert len(mails()) == 1


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp_inbox():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port; yields (port, messages)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox.messages
    controller.stop()


def deliver(message: OutboxMessage, port: int) -> None:
    """Send a queued outbox message the way the delivery job does: its own Message-ID, text and HTML."""
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = message.subject, "faktura@seller.example", message.recipient
    mail["Message-ID"] = message.message_id
    mail.set_content(message.body_text)
    mail.add_alternative(message.body_html, subtype="html")
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(mail)


@pytest.mark.parametrize("language, subject, amount", [
    ("sv", "Påminnelse: faktura F{number} är förfallen", "6\xa0030,00\xa0kr"),
    ("en", "Reminder: invoice F{number} is overdue", "SEK\xa06,030.00"),
])
def test_the_reminder_reaches_a_real_smtp_server_in_the_customers_language(issued, smtp_inbox, language, subject,
                                                                            amount, freeze_clock):
    port, inbox = smtp_inbox
    [invoice] = issued(email="ekonomi@kund.example", language=language)
    freeze_clock(morning(DUE_ON + timedelta(days=1)))
    queue_reminders()
    [queued] = mails()
    deliver(queued, port)
    [(recipients, received)] = inbox
    assert recipients == ["ekonomi@kund.example"]
    assert received["Subject"] == subject.format(number=invoice.number)
    text = received.get_body(("plain",)).get_content()
    assert invoice.ocr in text and amount in text
    assert queued.attachment_invoice_id == invoice.id

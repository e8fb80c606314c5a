"""Renewal notices: once per period however often notify runs, not before the day, to the contract managers in
each one's language, and through a real SMTP server (aiosmtpd)."""
from __future__ import annotations

import smtplib
import socket
import threading
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from ledger.extensions import db
from ledger.models import Agreement, OutboxMessage
from ledger.services.access import SYSTEM
from ledger.services.customers.contacts import create_contact, list_contacts, remove_contact
from ledger.services.support.agreements import create_agreement
from ledger.services.support.renewals import queue_renewal_notices, unsent_notices
from tests.services.support_helpers import local


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.received = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.received.set()
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    with socket.socket() as probe:  # a free port: the controller checks it is up by connecting to it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def deliver(message: OutboxMessage, port: int) -> None:
    """What the delivery job does, by hand: the queued message as rendered, over SMTP."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "support@servicekonto.example", message.recipient, message.subject
    mail["Message-ID"] = message.message_id
    mail.set_content(message.body_text)
    mail.add_alternative(message.body_html, subtype="html")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(mail)


def renewal_mail():
    return db.session.execute(select(OutboxMessage).where(OutboxMessage.kind == "renewal_notice")
                              .order_by(OutboxMessage.recipient)).scalars().all()


def pack_ending_on_30_march_2030(make_customer, freeze_clock):
    """A site pack for licence VC-1001 bought 2029-03-31: it ends 2030-03-30, its notice is due 2030-02-28."""
    freeze_clock(local(2029, 3, 31, 10))
    customer = make_customer(email="faktura@kund.example")
    create_contact(customer.id, {"name": "Karin Ek", "email": "karin@kund.example", "language": "sv",
                                 "roles": ["contract_manager"]}, actor=SYSTEM)
    create_contact(customer.id, {"name": "John Smith", "email": "john@kund.example", "language": "en",
                                 "roles": ["contract_manager", "expert_user"]}, actor=SYSTEM)
    create_contact(customer.id, {"name": "Olle Drift", "email": "olle@kund.example",
                                 "roles": ["operations_technician"]}, actor=SYSTEM)
    view = create_agreement(customer.id, {"kind": "maintenance", "variant": "site", "licence_reference": "VC-1001"},
                            actor=SYSTEM)
    assert (view.agreement.ends_on, view.notice_on) == (date(2030, 3, 30), date(2030, 2, 28))
    return customer, view.agreement.id


def test_the_notice_waits_for_its_day_then_is_queued_once_however_often_notify_runs(make_customer, freeze_clock):
    customer, agreement_id = pack_ending_on_30_march_2030(make_customer, freeze_clock)
    freeze_clock(local(2030, 2, 27, 23))
    assert queue_renewal_notices().messages == 0 and renewal_mail() == []
    freeze_clock(local(2030, 2, 28, 6))
    first = queue_renewal_notices()
    assert (first.agreement_ids, first.messages) == ([agreement_id], 2)
    for _ in range(3):
        assert queue_renewal_notices().messages == 0
    freeze_clock(local(2030, 3, 15, 6))
    assert queue_renewal_notices(date(2030, 3, 15)).messages == 0
    mail = renewal_mail()
    assert [(m.recipient, m.language) for m in mail] == [("john@kund.example", "en"), ("karin@kund.example", "sv")]
    assert all(m.dedupe_key.startswith(f"renewal:{agreement_id}:") for m in mail)
    assert db.session.get(Agreement, agreement_id).renewal_notice_queued_at is not None


def test_a_notice_whose_day_has_passed_goes_at_once_unless_the_agreement_ended_or_was_renewed(make_customer,
                                                                                             freeze_clock):
    freeze_clock(local(2029, 1, 10, 10))
    late = make_customer(email="late@kund.example", language="en")
    create_agreement(late.id, {"kind": "maintenance", "variant": "one_server", "licence_reference": "L-1"}, actor=SYSTEM)
    ended = make_customer(email="ended@kund.example")
    create_agreement(ended.id, {"kind": "maintenance", "variant": "one_server", "start_date": date(2028, 1, 12)},
                     actor=SYSTEM)
    renewed = make_customer(email="renewed@kund.example")
    create_agreement(renewed.id, {"kind": "maintenance", "variant": "site", "licence_reference": "R-1"}, actor=SYSTEM)
    freeze_clock(local(2029, 12, 20, 10))
    create_agreement(renewed.id, {"kind": "maintenance", "variant": "site", "licence_reference": "R-1"}, actor=SYSTEM)
    freeze_clock(local(2030, 1, 2, 10))
    run = queue_renewal_notices()
    assert [m.recipient for m in renewal_mail()] == ["late@kund.example"], "the invoice address is the fallback"
    assert run.messages == 1


def test_the_notice_reaches_a_real_smtp_server_in_swedish_and_in_english(make_customer, freeze_clock, smtp_server):
    inbox, port = smtp_server
    pack_ending_on_30_march_2030(make_customer, freeze_clock)
    freeze_clock(local(2030, 2, 28, 6))
    queue_renewal_notices()
    for message in renewal_mail():
        deliver(message, port)
    assert inbox.received.wait(5)
    received = {mail["To"]: mail for mail in inbox.messages}
    assert set(received) == {"john@kund.example", "karin@kund.example"}
    english = received["john@kund.example"].get_body(("plain",)).get_content()
    swedish = received["karin@kund.example"].get_body(("plain",)).get_content()
    for body in (english, swedish):
        assert "VC-1001" in body and "2030-03-30" in body and "2030-03-31" in body
    assert "maintenance agreement" in english and "How to renew" in english
    assert "underhållsavtal" in swedish.lower() and "förnya" in swedish.lower()
    assert received["karin@kund.example"]["Subject"] == "Ert underhållsavtal upphör 2030-03-30"
    assert received["john@kund.example"]["Subject"] == "Your maintenance agreement ends on 2030-03-30"


def test_a_removed_contract_manager_gets_no_notice(make_customer, freeze_clock):
    customer, _agreement_id = pack_ending_on_30_march_2030(make_customer, freeze_clock)
    [john] = [contact for contact in list_contacts(customer.id, actor=SYSTEM) if contact.name == "John Smith"]
    remove_contact(john.id, actor=SYSTEM)
    freeze_clock(local(2030, 3, 1, 6))
    queue_renewal_notices()
    assert [m.recipient for m in renewal_mail()] == ["karin@kund.example"]


def test_flask_agreements_notify_queues_what_is_due_and_says_so(make_customer, freeze_clock, runner):
    pack_ending_on_30_march_2030(make_customer, freeze_clock)
    freeze_clock(local(2030, 2, 28, 6))
    first = runner.invoke(args=["agreements", "notify"])
    again = runner.invoke(args=["agreements", "notify"])
    assert first.exit_code == 0 and "1 agreements, 2 messages queued" in first.output
    assert "0 agreements, 0 messages queued" in again.output
    assert len(renewal_mail()) == 2


def test_a_notice_with_no_recipient_is_not_marked_sent_and_goes_once_a_contract_manager_exists(
        make_customer, freeze_clock, runner):
    freeze_clock(local(2029, 3, 31, 10))
    customer = make_customer(email=None)
    agreement_id = create_agreement(customer.id, {"kind": "maintenance", "variant": "site",
                                                  "licence_reference": "VC-2002"}, actor=SYSTEM).agreement.id
    freeze_clock(local(2030, 2, 28, 6))
    run = queue_renewal_notices()
    assert (run.agreement_ids, run.messages, run.unsent_agreement_ids) == ([], 0, [agreement_id])
    assert db.session.get(Agreement, agreement_id).renewal_notice_queued_at is None
    assert unsent_notices([customer.id]) == {agreement_id: "renewal_notice_no_recipient"}
    said = runner.invoke(args=["agreements", "notify"]).output
    assert "renewal notice could not be sent: no contract manager and no invoice e-mail" in said
    create_contact(customer.id, {"name": "Karin Ek", "email": "karin@kund.example", "language": "sv",
                                 "roles": ["contract_manager"]}, actor=SYSTEM)
    freeze_clock(local(2030, 3, 1, 6))
    retried = queue_renewal_notices()
    assert (retried.agreement_ids, retried.messages, retried.unsent_agreement_ids) == ([agreement_id], 1, [])
    assert [m.recipient for m in renewal_mail()] == ["karin@kund.example"]
    assert unsent_notices([customer.id]) == {} and queue_renewal_notices().messages == 0

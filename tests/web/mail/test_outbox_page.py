"""The staff page "Outbox": queued, sent and failed messages with the reason, in Swedish and English."""
from __future__ import annotations

import html
import re

from ledger.models import OutboxMessage
from ledger.services.mail.outbox import queue_mail
from ledger.services.tx import write_transaction


def _text(answer) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", answer.get_data(as_text=True))))


def _queue_three(make_customer) -> None:
    customer = make_customer(email="ekonomi@kund.example")
    params = {"customer_name": customer.name, "balance_minutes": 30, "threshold_minutes": 120}
    with write_transaction() as session:
        for index, language in enumerate(("sv", "en", "sv")):
            queue_mail(session, kind="low_balance", recipient=f"mottagare{index}@kund.example", language=language,
                       template="low_balance", params=params, customer_id=customer.id)
    with write_transaction() as session:
        first, second, _third = session.query(OutboxMessage).order_by(OutboxMessage.id).all()
        first.status, first.attempts, first.last_error = "failed", 8, "SMTPDataError: (554, b'rejected')"
        second.status, second.attempts = "sent", 1
        second.sent_at = second.created_at


def test_the_outbox_lists_every_message_with_its_status_and_reason_in_english(client, sign_in, make_customer):
    _queue_three(make_customer)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in("finance")
    page = _text(client.get("/staff/outbox"))
    assert "Outbox" in page and "Queued (1)" in page and "Sent (1)" in page and "Failed (1)" in page
    assert "mottagare0@kund.example" in page and "SMTPDataError: (554, b'rejected')" in page
    failed = _text(client.get("/staff/outbox?status=failed"))
    assert "mottagare0@kund.example" in failed and "mottagare1@kund.example" not in failed


def test_a_swedish_reader_sees_the_outbox_in_swedish(client, sign_in, make_customer):
    _queue_three(make_customer)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    sign_in("staff")
    page = _text(client.get("/staff/outbox"))
    assert "Utkorg" in page and "Köade (1)" in page and "Misslyckade (1)" in page and "Lågt saldo" in page
    assert "Outbox" not in page and "Queued" not in page


def test_customers_may_not_read_the_outbox(client, sign_in, make_customer):
    customer = make_customer()
    sign_in("customer", customer.id)
    assert client.get("/staff/outbox").status_code == 403

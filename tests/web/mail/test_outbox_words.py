"""Issue 22 item 24: the outbox showed renewal_notice, password_reset and invoice_reminder as they are coded, and
"Skickade" / "Köade" (plural) for a single message. Every kind is named in words, one message is "Skickat"."""
from __future__ import annotations

from ledger.models import OutboxMessage
from ledger.services.mail.outbox import queue_mail
from ledger.services.tx import write_transaction
from tests.web.mail.test_outbox_page import _text

KINDS = {"renewal_notice": "Förnyelseavisering", "password_reset": "Länk för att välja lösenord",
         "invoice_reminder": "Betalningspåminnelse", "a_kind_added_later": "Annat meddelande"}


def test_the_outbox_names_every_kind_and_the_state_of_each_message_in_swedish(client, sign_in, make_customer):
    customer = make_customer()
    params = {"customer_name": customer.name, "balance_minutes": 30, "threshold_minutes": 120}
    with write_transaction() as session:
        for kind in KINDS:
            queue_mail(session, kind=kind, recipient="karin@kund.example", language="sv", template="low_balance",
                       params=params, customer_id=customer.id)
    with write_transaction() as session:
        sent = session.query(OutboxMessage).order_by(OutboxMessage.id).first()
        sent.status, sent.attempts, sent.sent_at = "sent", 1, sent.created_at
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    sign_in("staff")
    page = _text(client.get("/staff/outbox"))
    for kind, words in KINDS.items():
        assert words in page and kind not in page
    assert "Skickade (1)" in page and "Köade (3)" in page  # the filters count messages
    rows = page[page.index("Orsak"):]
    assert " Skickat " in rows and " Köat " in rows and "Skickade" not in rows and "Köade" not in rows

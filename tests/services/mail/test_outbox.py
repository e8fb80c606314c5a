"""The outbox: messages written in the transaction of their cause, in the recipient's language, once per key."""
from ledger.extensions import db
from ledger.models import OutboxMessage
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.mail.outbox import queue_mail
from ledger.services.tx import write_transaction
from tests.services.helpers import debit
from tests.services.accounts.test_concurrency import race


def _messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.query(OutboxMessage).order_by(OutboxMessage.id))


def test_a_low_balance_crossing_queues_one_mail_in_the_customers_language(make_customer):
    customer = make_customer(low_balance_minutes=120, language="sv", email="ekonomi@kund.example")
    record_purchase(customer.id, 180, "1000.00", actor=SYSTEM)
    debit(customer.id, 75)
    debit(customer.id, 15)  # still under the threshold: the same notice, no second mail
    [message] = _messages()
    assert (message.kind, message.recipient, message.language, message.status) == (
        "low_balance", "ekonomi@kund.example", "sv", "queued")
    assert message.subject == "Lågt saldo på ert servicekonto: 1 tim 45 min kvar"
    assert message.body_text.startswith("Hej,\n") and "Hello" not in message.body_text
    assert message.subject not in message.body_text, "the subject is the header, not the body's first line"
    assert message.body_html.startswith("<!DOCTYPE html>") and 'lang="sv"' in message.body_html
    assert message.message_id.startswith("<") and message.message_id.endswith(">")


def test_an_english_customer_reads_english(make_customer):
    customer = make_customer(low_balance_minutes=120, language="en", email="billing@client.example")
    record_purchase(customer.id, 60, "500.00", actor=SYSTEM)
    debit(customer.id, 30)
    [message] = _messages()
    assert message.language == "en" and "Hello" in message.body_text and "Hej" not in message.body_text


def test_a_customer_without_an_address_gets_no_mail_but_keeps_its_notice(make_customer):
    customer = make_customer(low_balance_minutes=120, email=None)
    record_purchase(customer.id, 60, "500.00", actor=SYSTEM)
    debit(customer.id, 30)
    assert _messages() == []


def test_a_rolled_back_change_leaves_no_message(app, make_customer):
    customer = make_customer(email="a@kund.example")
    try:
        with write_transaction() as session:
            queue_mail(session, kind="low_balance", recipient="a@kund.example", language="sv", template="low_balance",
                       params={"customer_name": customer.name, "balance_minutes": 10, "threshold_minutes": 60})
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    assert _messages() == []


def test_racing_callers_with_one_dedupe_key_queue_one_message(app, make_customer):
    customer = make_customer(email="a@kund.example")
    params = {"customer_name": customer.name, "balance_minutes": 10, "threshold_minutes": 60}

    def queue(i: int) -> bool:
        with write_transaction() as session:
            return queue_mail(session, kind="low_balance", recipient="a@kund.example", language="en",
                              template="low_balance", params=params, dedupe_key="race:1") is not None

    results = race(app, queue, count=8)
    assert results.count(True) == 1
    assert len(_messages()) == 1

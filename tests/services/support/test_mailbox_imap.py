"""The IMAP poller against a real IMAP server (Dovecot on loopback): 20 messages are received once each and moved to
the done folder, and a poller killed mid-poll leaves none received twice."""
from __future__ import annotations

import os
import signal

from sqlalchemy import func, select

from ledger.extensions import db
from ledger.jobs.schedule import EVERY_MINUTE, PERIODIC
from ledger.models import Case, InboundMail, InboxItem
from ledger.services.mail.imap import parse_imap_url, poll_mailbox
from ledger.services.support.inbound import receive_message
from ledger.services.support.mailbox import fetch_mailbox
from tests.mail_messages import mail_bytes

DONE = "Processed"


def twenty_messages(desk):  # noqa: ANN001, ANN201
    """Ten from two contacts (five each), ten from strangers: 10 new cases and 10 inbox items."""
    desk.add_contact(desk.customer.id, "bo@kund.example", "Bo")
    senders = ["anna.svensson@kund.example"] * 5 + ["bo@kund.example"] * 5 + [f"x{i}@okand.example" for i in range(10)]
    return [mail_bytes(f"Meddelande {number}\n", sender=sender, subject=f"Fel {number}")
            for number, sender in enumerate(senders)]


def received() -> tuple[int, int, int]:
    db.session.rollback()
    return tuple(db.session.execute(select(func.count()).select_from(model)).scalar_one()  # type: ignore[return-value]
                 for model in (InboundMail, Case, InboxItem))


def test_twenty_messages_are_received_once_each_and_moved_to_the_done_folder(app, desk, imap_server):
    imap_server.empty()
    imap_server.deliver(*twenty_messages(desk))
    app.config.update(MAIL_IMAP_URL=imap_server.url, MAIL_IMAP_DONE_FOLDER=DONE)
    report = fetch_mailbox()
    assert (dict(report.handled), report.moved, report.left) == ({"new_case": 10, "inbox": 10}, 20, 0)
    assert (imap_server.count("INBOX"), imap_server.count(DONE)) == (0, 20)
    assert received() == (20, 10, 10)
    again = fetch_mailbox()
    assert (sum(again.handled.values()), again.moved) == (0, 0)
    assert db.session.execute(select(InboundMail.source).distinct()).scalars().all() == ["imap"]


def poll_and_die_after(imap_url: str, count: int) -> None:
    """In a forked worker: receive from the mailbox and SIGKILL this process right after the `count`th message is
    stored and committed, before it is moved (the worst moment to die)."""
    db.engine.dispose(close=False)  # the parent's pooled connections stay the parent's
    handled = 0

    def handle(raw: bytes) -> str:
        nonlocal handled
        outcome = receive_message(raw, source="imap").outcome
        handled += 1
        if handled == count:
            os.kill(os.getpid(), signal.SIGKILL)
        return outcome

    poll_mailbox(parse_imap_url(imap_url, DONE), handle)


def test_a_poller_killed_mid_poll_leaves_no_message_received_twice(app, desk, imap_server):
    imap_server.empty()
    imap_server.deliver(*twenty_messages(desk))
    db.session.remove()
    worker = os.fork()
    if worker == 0:
        try:
            poll_and_die_after(imap_server.url, 7)
        finally:
            os._exit(1)  # never back into pytest
    _pid, status = os.waitpid(worker, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert (imap_server.count("INBOX"), imap_server.count(DONE)) == (14, 6)  # the 7th stored, not moved
    assert received()[0] == 7
    app.config.update(MAIL_IMAP_URL=imap_server.url, MAIL_IMAP_DONE_FOLDER=DONE)
    report = fetch_mailbox()
    assert report.handled["duplicate"] == 1 and report.moved == 14
    assert (imap_server.count("INBOX"), imap_server.count(DONE)) == (0, 20)
    assert received() == (20, 10, 10)


def test_without_an_imap_url_nothing_polls_and_the_worker_polls_every_minute(app):
    app.config["MAIL_IMAP_URL"] = None
    assert fetch_mailbox() is None
    assert ("fetch_mail", EVERY_MINUTE, fetch_mailbox) in PERIODIC

"""Polling the support mailbox (docs/support.md): MAIL_IMAP_URL's folder, every minute in the jobs worker or once with
`flask mail fetch`; each message is received like any other and then moved to MAIL_IMAP_DONE_FOLDER."""
from __future__ import annotations

from flask import current_app

from ledger.services.mail.imap import PollReport, parse_imap_url, poll_mailbox
from ledger.services.support.inbound import receive_message


def fetch_mailbox() -> PollReport | None:
    """Receive what waits in the support mailbox; None when no MAIL_IMAP_URL is set (then nothing polls).

    :raise ValueError: a MAIL_IMAP_URL that cannot be read.  Connection and database errors propagate: the
    messages not yet received stay in the mailbox for the next poll.
    """
    url = current_app.config.get("MAIL_IMAP_URL")
    if not url:
        return None
    settings = parse_imap_url(url, current_app.config.get("MAIL_IMAP_DONE_FOLDER") or "Processed")
    return poll_mailbox(settings, lambda raw: receive_message(raw, source="imap").outcome)

"""Fetching mail from an IMAP mailbox (docs/support.md) with IMAPClient: each message is handed to a handler and, once
the handler has stored it, moved to the done folder. A handler that raises (the database is down) stops the poll
and leaves that message where it was, for the next poll.

The one window is between the handler's commit and the move: a poller killed exactly there fetches the message
again next time, and the handler recognises it by its Message-ID (or its bytes' SHA-256) and changes nothing, so no
message is ever received twice. A message is read with BODY.PEEK[], so that nothing but the move changes the
mailbox.
"""
from __future__ import annotations

import ssl
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from imapclient import IMAPClient

#: Messages one poll takes at most; the rest wait for the next minute.
BATCH = 200
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class ImapSettings:
    """Where the mailbox is: from MAIL_IMAP_URL (imaps://user:password@host:993/INBOX) and the done folder."""

    host: str
    port: int
    tls: bool
    user: str
    password: str
    folder: str
    done_folder: str

    def __repr__(self) -> str:  # never print the password
        scheme = "imaps" if self.tls else "imap"
        return f"ImapSettings({scheme}://{self.user}@{self.host}:{self.port}/{self.folder} -> {self.done_folder})"


@dataclass
class PollReport:
    """What one poll did: messages handled, by what became of them, and moved to the done folder."""

    handled: Counter[str] = field(default_factory=Counter)
    moved: int = 0
    left: int = 0


def parse_imap_url(url: str, done_folder: str) -> ImapSettings:
    """Read MAIL_IMAP_URL: imaps:// (TLS, port 993) or imap:// (port 143, STARTTLS when the server offers it).

    :raise ValueError: saying what is missing.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps"):
        raise ValueError("MAIL_IMAP_URL must start with imaps:// (or imap:// for a server on this machine)")
    if not parts.hostname or not parts.username:
        raise ValueError("MAIL_IMAP_URL must name the user and the host: imaps://user:password@host:993/INBOX")
    tls = parts.scheme == "imaps"
    return ImapSettings(host=parts.hostname, port=parts.port or (993 if tls else 143), tls=tls,
                        user=unquote(parts.username), password=unquote(parts.password or ""),
                        folder=unquote(parts.path.lstrip("/")) or "INBOX", done_folder=done_folder or "Processed")


def _connect(settings: ImapSettings) -> IMAPClient:
    client = IMAPClient(settings.host, port=settings.port, ssl=settings.tls, timeout=TIMEOUT_SECONDS,
                        ssl_context=ssl.create_default_context() if settings.tls else None)
    if not settings.tls and client.has_capability("STARTTLS"):
        client.starttls(ssl.create_default_context())
    client.login(settings.user, settings.password)
    return client


def _move(client: IMAPClient, uid: int, folder: str) -> None:
    if client.has_capability("MOVE"):
        client.move([uid], folder)
        return
    client.copy([uid], folder)
    client.delete_messages([uid])
    if client.has_capability("UIDPLUS"):
        client.uid_expunge([uid])
    else:
        client.expunge()


def poll_mailbox(settings: ImapSettings, handle: Callable[[bytes], str], *, batch: int = BATCH) -> PollReport:
    """Hand each message in the folder to `handle` (which stores it and says what it became), then move it to
    the done folder (created when missing). An exception from `handle` ends the poll, the message left in place."""
    report = PollReport()
    client = _connect(settings)
    try:
        if not client.folder_exists(settings.done_folder):
            client.create_folder(settings.done_folder)
        client.select_folder(settings.folder)
        uids = sorted(client.search(["NOT", "DELETED"]))
        report.left = max(len(uids) - batch, 0)
        for uid in uids[:batch]:
            fetched = client.fetch([uid], ["BODY.PEEK[]"]).get(uid)
            raw = fetched.get(b"BODY[]") if fetched else None
            if raw is None:  # moved away by another poller meanwhile
                continue
            report.handled[handle(bytes(raw))] += 1
            _move(client, uid, settings.done_folder)
            report.moved += 1
    finally:
        try:
            client.logout()
        except Exception:  # noqa: BLE001 - the connection may already be gone; the poll's outcome stands
            pass
    return report

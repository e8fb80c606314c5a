"""A real SMTP server for the mail tests: aiosmtpd on 127.0.0.1, keeping what it accepts, refusing on request."""
from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


class RecordingHandler:
    """Accepts each message and keeps it, unless told to refuse (`"5xx"`) or to drop the connection (`"reset"`)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.mode = "accept"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.mode == "5xx":
            return "554 5.7.1 Message rejected by policy"
        if self.mode == "reset":
            server.transport.abort()  # the TCP connection is reset before any reply
            return "421 4.3.0 gone"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 2.0.0 OK queued"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app: Any) -> Iterator[RecordingHandler]:
    """An SMTP server on 127.0.0.1 that the app delivers to; yields the handler with its received messages."""
    handler = RecordingHandler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False,
                      MAIL_TIMEOUT=10)
    from ledger.extensions import mail

    mail.init_app(app)  # re-read the settings: the backend and server of this test
    try:
        yield handler
    finally:
        controller.stop()

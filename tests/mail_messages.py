"""Real mail for the tests: messages built with the standard library's EmailMessage, as a mail client sends them."""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from email.utils import make_msgid

_NUMBERS = itertools.count(1)
CUSTOMER_ADDRESS = "anna.svensson@kund.example"


def new_message_id() -> str:
    """A Message-ID as the customer's mail server would make it."""
    return make_msgid(idstring=f"t{next(_NUMBERS)}", domain="kund.example")


def build_mail(text: str = "Hej!\n\nInga ordrar har kommit över sedan i morse.\n", *,
               sender: str = f"Anna Svensson <{CUSTOMER_ADDRESS}>", subject: str = "Ordrar fastnar",
               message_id: str | None = "new", in_reply_to: str | None = None, references: str | None = None,
               headers: Mapping[str, str] | None = None, html: str | None = None,
               files: Iterable[tuple[str, str, bytes]] = (), charset: str = "utf-8",
               cte: str | None = None) -> EmailMessage:
    """A message to the support address; `files` are (name, content type, bytes); `html` makes it HTML-only
    when `text` is None, or an alternative beside the text otherwise."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@vendor.example"
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = new_message_id() if message_id == "new" else message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    if text is not None:
        message.set_content(text, charset=charset, cte=cte)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    for name, content_type, content in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message


def mail_bytes(*args: object, **kwargs: object) -> bytes:
    """build_mail(...) as the bytes an MTA hands over."""
    return build_mail(*args, **kwargs).as_bytes()  # type: ignore[arg-type]

"""Demo mail to the support desk: a customer's reply by mail with a log on the Gold case, a stranger's question in
the inbox and an auto-reply stored as automatic. Each has a fixed Message-ID, so running the demo again adds none."""
from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage

from sqlalchemy import select

from ledger.extensions import db
from ledger.models import Case
from ledger.services.support.inbound import receive_message

GOLD_CASE_SUBJECT = "Kassan tar inte emot kortbetalningar"


def _message(message_id: str, sender: str, subject: str, text: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"], message["Message-ID"] = (
        sender, "support@servicekonto.example", subject, message_id)
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return message


def load_demo_mail() -> Iterator[str]:
    """Receive the demo's mail (a second run finds each a duplicate); says what became of each."""
    messages = []
    case_id = db.session.execute(select(Case.id).where(Case.subject == GOLD_CASE_SUBJECT)).scalar()
    if case_id is not None:
        reply = _message("<demo-reply-1@nordlys.example>", "Karin Ek <karin.ek@nordlys.example>",
                         f"Re: [#{case_id}] {GOLD_CASE_SUBJECT}",
                         "Hej!\n\nDet gäller alla tre kassorna i butiken. Loggen från kassa 2 är bifogad.\n\n"
                         "Med vänlig hälsning\nKarin")
        reply.add_attachment(b"09:02:11 ERROR terminal 2: card reader timeout\n09:02:40 ERROR retry failed\n",
                             maintype="text", subtype="plain", filename="kassa2.log")
        messages.append(reply)
    messages.append(_message("<demo-question-1@nyfirma.example>", "Per Persson <per@nyfirma.example>",
                             "Offert på servicekonto?",
                             "Hej, vad kostar ett servicekonto för en butik med tre kassor?"))
    messages.append(_message("<demo-autoreply-1@fjordline.example>", "Ola Nordmann <ola@fjordline.example>",
                             "Automatic reply: Order sync", "I am out of office until Monday.",
                             Auto_Submitted="auto-replied"))
    for message in messages:
        received = receive_message(message.as_bytes(), source="other")
        yield f"mail {message['Subject']!r}: {received.outcome}"

"""Queue e-mail in the outbox, in the caller's write transaction (docs/jobs-and-mail.md).

A use case that causes a message calls `queue_mail` with its own session before it commits: the message exists
exactly when the change does. Delivery is the jobs' business (SMTP, retries, at most once per Message-ID).
Each message is rendered once, here, in the recipient's language, from `templates/mail/<template>.txt` and
`.html`; the text template's `subject` block is the subject line.
"""
from __future__ import annotations

from collections.abc import Mapping
from email.utils import make_msgid
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.locales import LANGUAGES
from ledger.models import OutboxMessage
from ledger.services.clock import utcnow

MESSAGE_ID_DOMAIN = "servicekonto.invalid"


def message_id_domain() -> str:
    """The domain of the Message-IDs we make (MAIL_MESSAGE_ID_DOMAIN)."""
    return current_app.config.get("MAIL_MESSAGE_ID_DOMAIN", MESSAGE_ID_DOMAIN)


def new_message_id(label: str | None = None) -> str:
    """A fresh Message-ID of ours; `label` makes it readable (<…case-12@domain>)."""
    return make_msgid(idstring=label, domain=message_id_domain())


def render_mail(template: str, language: str, params: Mapping[str, Any]) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of a mail template in one language."""
    with force_locale(language):
        text_template = current_app.jinja_env.get_template(f"mail/{template}.txt")
        context = text_template.new_context(dict(params, language=language))
        raw_subject = "".join(text_template.blocks["subject"](context))
        subject = " ".join(raw_subject.split())
        text = render_template(f"mail/{template}.txt", **params, language=language)
        if text.startswith(raw_subject):  # the subject block opens the file: the body is what follows it
            text = text[len(raw_subject):]
        html = render_template(f"mail/{template}.html", **params, language=language, subject=subject)
    return subject, text.strip() + "\n", html


def queue_mail(
    session: Session,
    *,
    kind: str,
    recipient: str,
    language: str,
    template: str,
    params: Mapping[str, Any],
    customer_id: int | None = None,
    dedupe_key: str | None = None,
    attachment_invoice_id: int | None = None,
    headers: Mapping[str, str] | None = None,
    message_id: str | None = None,
) -> OutboxMessage | None:
    """Write one message to the outbox in `session`'s transaction; None when `dedupe_key` was queued before.

    `headers` are sent as well (Reply-To, In-Reply-To, References …); `message_id` is used instead of a fresh
    one when the caller must know it beforehand (to thread the conversation it belongs to).

    The dedupe key is unique in the database, so two callers racing to queue the same notice end with one
    message: the loser's insert fails inside a savepoint and its transaction carries on.
    """
    if language not in LANGUAGES:
        language = LANGUAGES[0]
    if dedupe_key is not None and session.execute(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ).first():
        return None
    subject, text, html = render_mail(template, language, params)
    now = utcnow()
    message = OutboxMessage(
        message_id=message_id or new_message_id(),
        kind=kind,
        dedupe_key=dedupe_key,
        customer_id=customer_id,
        recipient=recipient,
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
        attachment_invoice_id=attachment_invoice_id,
        headers=dict(headers) if headers else None,
        status="queued",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    if dedupe_key is None:
        session.add(message)
        session.flush()
        return message
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        return None
    return message

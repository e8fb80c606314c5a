"""The support desk's mail (docs/support.md): received mail posted over HTTP, and the inbox staff work through."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import current_app, request
from marshmallow import validate
from sqlalchemy.exc import SQLAlchemyError

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.api.fields import WholeNumber
from ledger.api.problems import problem
from ledger.api.support.conversation_schemas import SkippedFileOut
from ledger.api.support.schemas import MAX_ID, CaseDetailOut
from ledger.domain.support.cases import MAX_NOTE_LENGTH
from ledger.domain.support.mail_routing import INBOX_REASONS, OUTCOMES
from ledger.locales import LANGUAGES
from ledger.services.support import inbox
from ledger.services.support.inbound import receive_posted_message

blp = ApiBlueprint("maildesk", __name__, url_prefix="/api/v1", description="Support mail: inbound mail and the inbox")
blp.before_request(authenticate)


@blp.url_value_preprocessor
def _allow_messages(endpoint: str | None, _values: Any) -> None:
    if endpoint == "maildesk.receive_inbound":  # twice MAIL_MAX_BYTES: a larger message still reaches the inbox
        request.max_content_length = 2 * current_app.config["MAIL_MAX_BYTES"]


class ReceivedOut(ma.Schema):
    """What became of a message."""

    outcome = ma.fields.String(metadata={"enum": list(OUTCOMES)})
    case_id = ma.fields.Integer()
    inbox_id = ma.fields.Integer()
    reason = ma.fields.String(metadata={"enum": list(INBOX_REASONS)})


class InboundMessageOut(ma.Schema):
    """A received message as the inbox shows it."""

    received_at = ma.fields.DateTime()
    source = ma.fields.String(metadata={"enum": ["pipe", "imap", "http", "other"]})
    sender = ma.fields.String()
    sender_name = ma.fields.String()
    subject = ma.fields.String()
    text = ma.fields.String()
    size_bytes = ma.fields.Integer()
    automatic = ma.fields.String(allow_none=True)
    skipped_attachments = ma.fields.List(ma.fields.Nested(SkippedFileOut), allow_none=True)


class InboxItemOut(ma.Schema):
    """An inbox item: why it is there, its state and its message."""

    id = ma.fields.Function(lambda entry: entry.item.id)
    reason = ma.fields.Function(lambda entry: entry.item.reason, metadata={"enum": list(INBOX_REASONS)})
    status = ma.fields.Function(lambda entry: entry.item.status,
                                metadata={"enum": ["open", "ignored", "case_made", "discarded"]})
    created_at = ma.fields.Function(lambda entry: entry.item.created_at.isoformat())
    decided_at = ma.fields.Function(lambda entry: entry.item.decided_at.isoformat() if entry.item.decided_at else None)
    decided_by = ma.fields.Function(lambda entry: entry.item.decided_by)
    case_id = ma.fields.Function(lambda entry: entry.item.case_id)
    discard_reason = ma.fields.Function(lambda entry: entry.item.discard_reason)
    message = ma.fields.Function(lambda entry: InboundMessageOut().dump(entry.mail))
    files = ma.fields.Function(lambda entry: [{"file_name": name, "size_bytes": size} for name, size in entry.files],
                               metadata={"description": "the files the message carries (kept until a case is made)"})


class InboxQuery(ma.Schema):
    view = ma.fields.String(load_default="open", validate=validate.OneOf(tuple(inbox.VIEWS)))
    limit = ma.fields.Integer(load_default=500, validate=validate.Range(1, 10_000))


class MakeCaseIn(ma.Schema):
    """The customer the message is about; its severity (default: the plan file's for mail) and subject."""

    customer_id = WholeNumber(required=True, validate=validate.Range(1, MAX_ID))
    severity = WholeNumber(validate=validate.Range(1, 4))
    subject = ma.fields.String(validate=validate.Length(1, 200))
    add_contact = ma.fields.Boolean(load_default=False, metadata={"description": "add the sender as a contact"})
    contact_name = ma.fields.String(validate=validate.Length(1, 200))
    contact_language = ma.fields.String(validate=validate.OneOf(LANGUAGES))


class DiscardIn(ma.Schema):
    reason = ma.fields.String(required=True, validate=validate.Length(1, MAX_NOTE_LENGTH))


@blp.route("/mail/inbound", methods=["POST"])
@blp.response(200, ReceivedOut)
@blp.alt_response(503, response="SERVICE_UNAVAILABLE")
@blp.doc(requestBody={"required": True, "content": {"message/rfc822": {"schema": {"type": "string",
                                                                                   "format": "binary"}}}})
def receive_inbound() -> Any:
    """Receive one message posted by a mail service (body: the raw message, Content-Type message/rfc822; staff)."""
    try:
        received = receive_posted_message(request.get_data(cache=False), request.mimetype, actor=current_actor())
    except SQLAlchemyError:
        return problem(503, "The message could not be stored now; post it again later.", code="try_again_later",
                       headers={"Retry-After": "60"})
    return received.as_dict()


@blp.route("/inbox")
@blp.arguments(InboxQuery, location="query")
@blp.response(200, InboxItemOut(many=True))
def list_inbox(query: dict[str, Any]) -> Any:
    """The inbox (staff): open items, automatic mail, or what was dealt with; the newest first."""
    return inbox.list_inbox(actor=current_actor(), **query)


@blp.route("/inbox/<int:inbox_id>")
@blp.response(200, InboxItemOut)
@blp.alt_response(404, response="NOT_FOUND")
def get_inbox_item(inbox_id: int) -> Any:
    """One inbox item with its message and the files it carries."""
    return inbox.get_inbox_item(inbox_id, actor=current_actor())


@blp.route("/inbox/<int:inbox_id>/case", methods=["POST"])
@blp.arguments(MakeCaseIn)
@blp.response(201, CaseDetailOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def make_case(data: dict[str, Any], inbox_id: int) -> Any:
    """Make a case of the message for a customer, optionally adding the sender as its contact."""
    return inbox.make_case_from_inbox(inbox_id, data, actor=current_actor())


@blp.route("/inbox/<int:inbox_id>/discard", methods=["POST"])
@blp.arguments(DiscardIn)
@blp.response(200, InboxItemOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def discard(data: dict[str, Any], inbox_id: int) -> Any:
    """Discard the message, with the reason (it stays listed under done)."""
    return inbox.discard_inbox_item(inbox_id, data["reason"], actor=current_actor())

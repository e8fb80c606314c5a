"""Wire formats of a case's conversation (docs/support.md): messages, internal notes and their attachments."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ledger.domain.support.cases import MAX_MESSAGE_LENGTH


class AttachmentOut(ma.Schema):
    """A file on a case; `url` downloads it (staff and the case's customer)."""

    id = ma.fields.Integer()
    file_name = ma.fields.String()
    content_type = ma.fields.String()
    size_bytes = ma.fields.Integer()
    sha256 = ma.fields.String()
    url = ma.fields.Method("_url")

    def _url(self, info: Any) -> str:
        return f"/api/v1/attachments/{info.id}"


class SkippedFileOut(ma.Schema):
    """A file a mail carried that was not kept: file_too_large (over 10 MB) or message_too_large."""

    file_name = ma.fields.String()
    size_bytes = ma.fields.Integer()
    reason = ma.fields.String()


class MessageOut(ma.Schema):
    """One message of the conversation (or an internal note)."""

    seq = ma.fields.Integer(metadata={"description": "the case event's sequence number"})
    kind = ma.fields.String(metadata={"enum": ["opened", "customer_replied", "responded", "note"]})
    direction = ma.fields.String(metadata={"enum": ["in", "out", "internal"]})
    author = ma.fields.String()
    at = ma.fields.DateTime()
    text = ma.fields.String()
    channel = ma.fields.String(metadata={"enum": ["email", "web"]})
    attachments = ma.fields.List(ma.fields.Nested(AttachmentOut))
    skipped_files = ma.fields.List(ma.fields.Nested(SkippedFileOut))


class NoteIn(ma.Schema):
    """An internal note: never mailed, never shown to the customer."""

    message = ma.fields.String(required=True, validate=validate.Length(1, MAX_MESSAGE_LENGTH))


class AttachmentsForm(ma.Schema):
    """The form fields that come with files (multipart/form-data; the files as `files`, one or more)."""

    message = ma.fields.String(validate=validate.Length(max=MAX_MESSAGE_LENGTH))
    internal = ma.fields.Boolean(load_default=False,
                                 metadata={"description": "staff: attach as an internal note instead of a reply"})

"""A case's conversation beyond replies (docs/support.md): internal notes, files added, files downloaded."""
from __future__ import annotations

import io
from typing import Any

from flask import Response, request, send_file

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.api.support.conversation_schemas import AttachmentsForm, NoteIn
from ledger.api.support.schemas import CaseDetailOut
from ledger.domain.mail.files import ATTACHMENT_MAX_BYTES, MAX_FILES, IncomingFile
from ledger.services.support import attachments, conversation

blp = ApiBlueprint("conversation", __name__, url_prefix="/api/v1",
                   description="A case's conversation: internal notes and attachments")
blp.before_request(authenticate)
#: A request of files: a few of the largest at once (each file is checked against ATTACHMENT_MAX_BYTES).
UPLOAD_REQUEST_MAX_BYTES = 3 * ATTACHMENT_MAX_BYTES + 2**20


@blp.url_value_preprocessor
def _allow_uploads(endpoint: str | None, _values: Any) -> None:
    if endpoint == "conversation.add_attachments":  # before anything reads the body
        request.max_content_length = UPLOAD_REQUEST_MAX_BYTES


def uploaded_files(field: str = "files") -> list[IncomingFile]:
    """The files of a multipart request (their names and types made safe), empty file inputs left out."""
    return [IncomingFile.of(item.filename, item.mimetype, item.read())
            for item in request.files.getlist(field)[:MAX_FILES + 1] if item.filename]


@blp.route("/cases/<int:case_id>/notes", methods=["POST"])
@blp.arguments(NoteIn)
@blp.response(201, CaseDetailOut)
@blp.alt_response(404, response="NOT_FOUND")
def add_note(data: dict[str, Any], case_id: int) -> Any:
    """An internal note (staff): never mailed, never shown to the customer."""
    return conversation.add_note(case_id, data["message"], actor=current_actor())


@blp.route("/cases/<int:case_id>/attachments", methods=["POST"])
@blp.arguments(AttachmentsForm, location="form")
@blp.response(201, CaseDetailOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
@blp.doc(description="multipart/form-data: `files` (one or more, at most 10 MB each), `message?`, `internal?`.")
def add_attachments(data: dict[str, Any], case_id: int) -> Any:
    """Attach files with a reply (the customer's, or support's, mailed like any reply) or, staff, an internal note."""
    return conversation.add_files(case_id, uploaded_files(), data.get("message"), internal=data["internal"],
                                  actor=current_actor())


@blp.route("/attachments/<int:attachment_id>")
@blp.alt_response(404, response="NOT_FOUND")
@blp.response(200, description="The file as it was received, always as a download")
def download_attachment(attachment_id: int) -> Response:
    """A case's file, for staff and the case's customer: always a download, never shown inline or sniffed."""
    found = attachments.get_attachment(attachment_id, actor=current_actor())
    response = send_file(io.BytesIO(found.content), mimetype=found.content_type, as_attachment=True,
                         download_name=found.file_name, max_age=0, conditional=False, etag=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Content-SHA256"] = found.sha256
    response.headers["Cache-Control"] = "private, no-store"
    return response

"""Files posted with a page's form: the request may be larger on the pages that take them, and each file is read
into the shape the services take (its name and type made safe there)."""
from __future__ import annotations

from typing import Any

from flask import request

from ledger.domain.mail.files import ATTACHMENT_MAX_BYTES, MAX_FILES, IncomingFile

#: A form of files: a few of the largest at once (each file is checked against ATTACHMENT_MAX_BYTES).
UPLOAD_REQUEST_MAX_BYTES = 3 * ATTACHMENT_MAX_BYTES + 2**20
#: The pages whose forms carry files.
UPLOAD_ENDPOINTS = {"staff.respond_case", "staff.add_note", "portal.reply_case"}


def allow_uploads(endpoint: str | None, _values: Any) -> None:
    """Raise the request size limit for the pages that take files (a blueprint's url_value_preprocessor: it runs
    before anything, the CSRF check included, reads the body)."""
    if endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = UPLOAD_REQUEST_MAX_BYTES


def files_of(field: Any) -> list[IncomingFile]:
    """The files chosen in a MultipleFileField; an empty file input is no file."""
    return [IncomingFile.of(item.filename, item.mimetype, item.read())
            for item in (field.data or [])[:MAX_FILES + 1] if getattr(item, "filename", None)]

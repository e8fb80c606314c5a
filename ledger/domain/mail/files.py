"""File names and content types from outside (a mail part, an upload) made safe to store and to serve."""
from __future__ import annotations

import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ledger.domain.errors import FieldErrors
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "attachment_too_large": N_("%(file_name)s is larger than %(max_mb)s MB; send a smaller file or share a link."),
    "too_many_attachments": N_("At most %(max_files)s files at a time."),
    "attachment_not_a_file": N_("Choose a file to attach."),
})

#: Largest file kept from a message or an upload (docs/support.md).
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
#: Files one reply or note may carry.
MAX_FILES = 10

MAX_FILE_NAME = 120
_UNSAFE = re.compile(r"[^\w .()+,=@\-]+")
_CONTENT_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$")
_EXTENSIONS = {"message/rfc822": ".eml", "text/plain": ".txt", "text/html": ".html", "application/pdf": ".pdf"}


@dataclass(frozen=True)
class IncomingFile:
    """A file from outside (a mail part, an upload): a safe name, a content type and its bytes."""

    file_name: str
    content_type: str
    content: bytes

    @classmethod
    def of(cls, file_name: str | None, content_type: str | None, content: bytes) -> "IncomingFile":
        """A file with its name and content type made safe."""
        kind = safe_content_type(content_type)
        return cls(safe_file_name(file_name, kind), kind, content)


def checked_files(errors: FieldErrors, files: Any, field: str = "files") -> list[IncomingFile]:
    """The files of a reply or note, each at most ATTACHMENT_MAX_BYTES, at most MAX_FILES; problems on `field`."""
    found = list(files or ())
    if len(found) > MAX_FILES:
        errors.add(field, "too_many_attachments", max_files=MAX_FILES)
        return []
    kept = []
    for item in found:
        if not isinstance(item, IncomingFile):
            errors.add(field, "attachment_not_a_file")
        elif len(item.content) > ATTACHMENT_MAX_BYTES:
            errors.add(field, "attachment_too_large", file_name=item.file_name, max_mb=ATTACHMENT_MAX_BYTES // 2**20)
        else:
            kept.append(item)
    return kept


def safe_content_type(value: str | None) -> str:
    """A `type/subtype` as sent, lowercased; anything else is application/octet-stream."""
    base = (value or "").split(";")[0].strip().lower()
    return base if _CONTENT_TYPE.fullmatch(base) else "application/octet-stream"


def safe_file_name(name: str | None, content_type: str = "application/octet-stream") -> str:
    """A file name without directories, control characters or shell and HTML specials, at most 120 characters,
    its extension kept; "attachment" (with an extension for the type) when nothing is left."""
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(char for char in text if unicodedata.category(char)[0] != "C")
    text = _UNSAFE.sub("_", text).strip(" ._")
    if not text:
        extension = _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ""
        return f"attachment{extension}"
    if len(text) > MAX_FILE_NAME:
        stem, dot, extension = text.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            text = f"{stem[:MAX_FILE_NAME - len(extension) - 1]}.{extension}"
        else:
            text = text[:MAX_FILE_NAME]
    return text

"""Reading one received e-mail (RFC 5322 and MIME, the standard library's `email` with `policy.default`) into what
the support desk keeps: who sent it, the Message-IDs it names, its subject, its new text and its files.

Nothing here raises for bad input: a header the parser chokes on is read raw, an unknown charset is read as UTF-8
(or Windows-1252), a part that cannot be decoded is kept as bytes. Text is made storable (no NUL, no lone
surrogate). HTML-only mail becomes text with html2text (scripts, styles and attributes, event handlers among
them, never reach the text); the quoted history below a reply is cut by mail-parser-reply, which knows Swedish
and English mail clients ("Den 4 dec. 2026 skrev …", "On … wrote:", Outlook's "Från:/From:" blocks).
"""
from __future__ import annotations

import email
import hashlib
import re
from dataclasses import dataclass
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parseaddr

from ledger.domain.mail.automatic import automatic_reason
from ledger.domain.mail.files import ATTACHMENT_MAX_BYTES, IncomingFile, safe_content_type, safe_file_name
from ledger.domain.mail.text import cut_quoted_history, html_to_text, storable

#: Longest text kept on an event; a longer message's whole text is kept as a file beside it.
TEXT_MAX_CHARS = 50_000
MAX_SUBJECT_CHARS = 998
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
#: Charsets mail clients declare for text they wrote in Windows-1252 (what browsers do too).
_WINDOWS_1252_FOR = {"iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1", "us-ascii", "ascii", "iso_8859-1"}


@dataclass(frozen=True)
class SkippedFile:
    """A file not kept, and why: larger than ATTACHMENT_MAX_BYTES, or in a message over MAIL_MAX_BYTES."""

    file_name: str
    size_bytes: int
    reason: str


@dataclass(frozen=True)
class ReadMail:
    """What the desk keeps of one message."""

    message_id: str | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    sender: str
    sender_name: str
    automatic: str | None
    text: str
    files: tuple[IncomingFile, ...]
    skipped: tuple[SkippedFile, ...]
    size_bytes: int
    sha256: str
    too_large: bool

    @property
    def named_ids(self) -> tuple[str, ...]:
        """The Message-IDs this message answers, the nearest first (In-Reply-To, then References backwards)."""
        seen: dict[str, None] = {}
        for message_id in (*self.in_reply_to, *reversed(self.references)):
            seen.setdefault(message_id, None)
        return tuple(seen)


def _raw_header(message: Message, name: str) -> str:
    """A header's value without policy.default's parser (which can trip over odd input), RFC 2047 decoded."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            text = value if isinstance(value, str) else str(value)
            try:
                return str(make_header(decode_header(text)))
            except Exception:  # noqa: BLE001 - any undecodable header is read as it stands
                return text
    return ""


def raw_header(message: Message, name: str) -> str:
    """A header's value as sent, unfolded, without decoding ("" when absent): enough for Message-IDs and flags,
    and far cheaper than policy.default's parser."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return storable(" ".join(str(value).split()))
    return ""


def header_text(message: Message, name: str) -> str:
    """A header's decoded value as storable text, "" when absent; never raises."""
    try:
        value = message.get(name)
        text = "" if value is None else str(value)
    except Exception:  # noqa: BLE001 - the header parser of policy.default has known failures on junk
        text = _raw_header(message, name)
    return storable(" ".join(text.split()))


def message_ids(text: str) -> tuple[str, ...]:
    """The <…> Message-IDs in a header's text, each at most 250 characters (longer ones cannot be ours)."""
    return tuple(found for found in _MESSAGE_ID.findall(text) if len(found) <= 250)


def _sender(message: Message) -> tuple[str, str]:
    """(address lowercased, display name) of From, ("", "") when there is none to read."""
    try:
        header = message.get("From")
        addresses = header.addresses if header is not None else ()
        if addresses:
            address = addresses[0]
            return storable(address.addr_spec.lower())[:254], storable(address.display_name)[:200]
    except Exception:  # noqa: BLE001 - fall back to the plain parser below
        pass
    name, address = parseaddr(header_text(message, "From"))
    return (address.lower()[:254] if "@" in address else ""), storable(name)[:200]


def decode_text(payload: bytes, charset: str | None) -> str:
    """Bytes of a text part in its declared charset; Latin-1 read as Windows-1252, unknown ones as UTF-8."""
    name = (charset or "utf-8").strip().strip('"').lower()
    if name in _WINDOWS_1252_FOR:
        name = "cp1252"
    try:
        return payload.decode(name, errors="replace")
    except LookupError:
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("cp1252", errors="replace")


def _payload_bytes(part: Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - a part whose transfer encoding cannot be undone is kept as sent
        payload = None
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except Exception:  # noqa: BLE001
        return None


def _part_text(part: Message) -> str:
    text = decode_text(_payload_bytes(part), _charset(part))
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def _disposition(part: Message) -> str:
    try:
        return (part.get_content_disposition() or "").lower()
    except Exception:  # noqa: BLE001
        return ""


def _file_name(part: Message) -> str | None:
    try:
        return part.get_filename()
    except Exception:  # noqa: BLE001
        return header_text(part, "Content-Disposition") or None


class _Walk:
    """One pass over the MIME tree: the body text (plain preferred to HTML) and the files."""

    def __init__(self) -> None:
        self.plain: Message | None = None
        self.html: Message | None = None
        self.files: list[Message] = []

    def visit(self, part: Message, parent: str = "") -> None:
        content_type = part.get_content_type()
        if content_type == "message/rfc822" or (part.is_multipart() and not content_type.startswith("multipart/")):
            self.files.append(part)  # a forwarded message is kept whole, as an .eml file
            return
        if part.is_multipart():
            children = part.get_payload()
            for child in children if isinstance(children, list) else ():
                if isinstance(child, Message):
                    self.visit(child, content_type)
            return
        disposition = _disposition(part)
        if disposition != "attachment" and content_type in ("text/plain", "text/html"):
            slot = "plain" if content_type == "text/plain" else "html"
            if getattr(self, slot) is None:
                setattr(self, slot, part)
                return
            if parent == "multipart/alternative":
                return  # another rendering of a body already found
        if parent == "multipart/related" and part.get("Content-ID") and disposition != "attachment":
            return  # an image the HTML shows inline (a signature's logo): not a file anyone sent
        self.files.append(part)

    def body(self) -> str:
        chosen = self.plain or self.html
        return _part_text(chosen) if chosen is not None else ""


def _file_of(part: Message) -> IncomingFile:
    content_type = part.get_content_type()
    if content_type == "message/rfc822" or part.is_multipart():
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else part
        try:
            content = inner.as_bytes(policy=policy.SMTP) if isinstance(inner, Message) else b""
        except Exception:  # noqa: BLE001
            content = str(inner).encode("utf-8", "replace")
        return IncomingFile(safe_file_name(_file_name(part), "message/rfc822"), "message/rfc822", content)
    return IncomingFile(safe_file_name(_file_name(part), content_type), safe_content_type(content_type),
                    _payload_bytes(part))


def _files(parts: list[Message], too_large: bool) -> tuple[list[IncomingFile], list[SkippedFile]]:
    kept: list[IncomingFile] = []
    skipped: list[SkippedFile] = []
    for part in parts:
        found = _file_of(part)
        if too_large:
            skipped.append(SkippedFile(found.file_name, len(found.content), "message_too_large"))
        elif len(found.content) > ATTACHMENT_MAX_BYTES:
            skipped.append(SkippedFile(found.file_name, len(found.content), "file_too_large"))
        else:
            kept.append(found)
    return kept, skipped


def _limited(text: str, files: list[IncomingFile], skipped: list[SkippedFile]) -> str:
    """The text to keep on the event; a longer one is kept whole as message.txt beside it."""
    if len(text) <= TEXT_MAX_CHARS:
        return text
    whole = text.encode("utf-8")
    if len(whole) <= ATTACHMENT_MAX_BYTES:
        files.append(IncomingFile("message.txt", "text/plain", whole))
    else:
        skipped.append(SkippedFile("message.txt", len(whole), "file_too_large"))
    return text[:TEXT_MAX_CHARS] + "\n[…]"


def read_mail(raw: bytes, *, max_bytes: int) -> ReadMail:
    """Read a received message; over `max_bytes` its files are listed as skipped, not kept. Never raises."""
    digest = hashlib.sha256(raw).hexdigest()
    too_large = len(raw) > max_bytes
    try:
        message = email.message_from_bytes(raw, policy=policy.default)
    except Exception:  # noqa: BLE001 - the parser is lenient; this is for what it still cannot take
        message = email.message_from_bytes(b"\n\n" + raw, policy=policy.compat32)
    walk = _Walk()
    try:
        walk.visit(message)
        body = walk.body()
    except Exception:  # noqa: BLE001 - a tree too odd to walk is read as one text
        walk.files, body = [], decode_text(raw, None)
    files, skipped = _files(walk.files, too_large)
    text = storable(cut_quoted_history(storable(body)))
    sender, sender_name = _sender(message)
    ids = message_ids(raw_header(message, "Message-ID"))
    subject = header_text(message, "Subject")[:MAX_SUBJECT_CHARS]
    return ReadMail(
        message_id=ids[0] if ids else None,
        in_reply_to=message_ids(raw_header(message, "In-Reply-To")),
        references=message_ids(raw_header(message, "References"))[-50:],
        subject=subject, sender=sender, sender_name=sender_name,
        automatic=automatic_reason(lambda name: raw_header(message, name), sender, message.get_content_type()),
        text=_limited(text, files, skipped), files=tuple(files), skipped=tuple(skipped), size_bytes=len(raw),
        sha256=digest, too_large=too_large,
    )


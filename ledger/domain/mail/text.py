"""A message's text: HTML turned into text, the quoted history cut off, and what no database can store removed."""
from __future__ import annotations

import re

import html2text
from mailparser_reply import EmailReplyParser

#: Swedish and English quote headers; mail-parser-reply adds English to every language anyway.
REPLY_LANGUAGES = ("sv", "en")
#: Longer texts are kept whole: nobody writes a reply this long, and the search would cost seconds.
CUT_MAX_CHARS = 100_000
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A link html2text wrote as [text](url); only web and mail links keep their address.
_LINK = re.compile(r"\[([^\]\n]*)\]\(((?:\\.|[^()\s\\])*)\)")
_KEPT_SCHEMES = ("http://", "https://", "mailto:")
_TAG = re.compile(r"<[^>]*>")


def storable(text: str) -> str:
    """Text any database can store: CRLF as LF, no NUL or other control characters, lone surrogates as U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", _UNSTORABLE.sub("", text))


def _link(match: re.Match[str]) -> str:
    label, address = match.group(1).strip(), match.group(2).replace("\\", "")
    if not address.lower().startswith(_KEPT_SCHEMES):
        return label
    if not label or label == address or f"mailto:{label}" == address:
        return address
    return f"{label} <{address}>"


def html_to_text(html: str) -> str:
    """The text a reader sees in an HTML mail: no script or style, no attributes, only web and mail links."""
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_tables = False
    converter.unicode_snob = True
    converter.single_line_break = False
    try:
        text = converter.handle(html)
    except Exception:  # noqa: BLE001 - html2text on input it cannot take: the tags stripped by hand instead
        text = _TAG.sub(" ", re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html))
    return _LINK.sub(_link, text).strip()


def _original_lines(text: str, reply: str) -> str:
    """The reply as the sender wrote it: the parser strips every line, which would flatten a pasted stack trace,
    so the same lines are taken from the original text (the reply is the start of the stripped text)."""
    lines = text.split("\n")
    normalized = "\n".join(line.strip() for line in lines)
    start = len(normalized) - len(normalized.lstrip())
    end = start + len(reply)
    if normalized[start:end] != reply:
        return reply
    return "\n".join(lines[:normalized.count("\n", 0, end) + 1]).strip("\n").rstrip()


def cut_quoted_history(text: str) -> str:
    """The new part of a reply, without the history quoted below it; the whole text when nothing is left, or
    when the text is too long to search in reasonable time (its regular expressions are the library's)."""
    if len(text) > CUT_MAX_CHARS:
        return text.strip()
    try:
        reply = EmailReplyParser(languages=list(REPLY_LANGUAGES)).parse_reply(text)
    except Exception:  # noqa: BLE001 - a regex library failing on odd text must not lose the message
        reply = None
    reply = (reply or "").strip()
    return _original_lines(text, reply) if reply else text.strip()

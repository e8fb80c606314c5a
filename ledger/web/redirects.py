"""Where a page may send the browser next: only a path on this site, never another host or a header break."""
from __future__ import annotations

from urllib.parse import urlsplit

#: Longer than any path of this site; a longer `next` is not one of ours.
MAX_NEXT_LENGTH = 2000


def safe_next(target: object) -> str | None:
    """`target` if it is a plain path on this site (/staff/customers?q=a), else None.

    Refused: other hosts (https://…, //host, /\\host, which browsers read as //host), and any control character
    (a CR/LF would split the Location header; a tab or NUL is never part of a path of ours).
    """
    if not isinstance(target, str) or not target.startswith("/") or len(target) > MAX_NEXT_LENGTH:
        return None
    if target.startswith(("//", "/\\")) or "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None

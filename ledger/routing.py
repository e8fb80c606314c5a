"""URL converters and ids: bounded to what the database stores and written in ASCII digits only, so that a
huge id, or one written ² or ١, is a 404 rather than a 500 or someone else's record."""
from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter

#: Ids are 32-bit signed integers on both engines.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` for ids: 1 to MAX_ID in ASCII digits; anything else matches no route."""

    #: Python's \d also matches other scripts' digits (int("١") is 1); an id is written 0-9.
    regex = r"[0-9]+"

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def parse_id(text: object) -> int | None:
    """An id from a query string or form ("17"), or None for anything else (empty, "²", "١٧", too large)."""
    if not isinstance(text, str) or not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None

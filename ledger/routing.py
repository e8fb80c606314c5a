"""URL converters: ids in paths are bounded to what the database stores, so a huge id is a 404, not a 500."""
from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter

#: Ids are 32-bit signed integers on both engines.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` for ids: 1 to MAX_ID; anything else matches no route."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)

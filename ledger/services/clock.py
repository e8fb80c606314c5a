"""The current time for use cases; an app may replace it (tests pin it to a date)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from flask import current_app, has_app_context

CLOCK_EXTENSION = "servicekonto.clock"


def utcnow() -> datetime:
    """Now, as an aware UTC datetime, from the app's clock if one is set."""
    if has_app_context():
        clock: Callable[[], datetime] | None = current_app.extensions.get(CLOCK_EXTENSION)
        if clock is not None:
            return clock()
    return datetime.now(timezone.utc)

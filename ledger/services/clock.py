"""The current time for use cases; an app may replace it (tests pin it to a date)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


@contextmanager
def pinned_clock(moment: datetime) -> Iterator[None]:
    """Run use cases as of `moment` (demo data, history imports); entry times still never go back."""
    previous = current_app.extensions.get(CLOCK_EXTENSION)
    current_app.extensions[CLOCK_EXTENSION] = lambda: moment
    try:
        yield
    finally:
        if previous is None:
            current_app.extensions.pop(CLOCK_EXTENSION, None)
        else:
            current_app.extensions[CLOCK_EXTENSION] = previous

"""Which language a request is served in: the user's choice, else the browser's, else Swedish."""
from __future__ import annotations

from flask import has_request_context, request

LANGUAGES = ("sv", "en")


def select_locale() -> str:
    """sv or en for the current request (documents force their own language)."""
    if not has_request_context():
        return "sv"
    return request.accept_languages.best_match(LANGUAGES) or "sv"

"""Which language a request is served in: the user's saved choice, the session's, the browser's, else Swedish."""
from __future__ import annotations

from flask import has_request_context, request, session
from flask_login import current_user

LANGUAGES = ("sv", "en")


def select_locale() -> str:
    """sv or en for the current request (documents force their own language)."""
    if not has_request_context():
        return "sv"
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    if session.get("language") in LANGUAGES:
        return session["language"]
    return request.accept_languages.best_match(LANGUAGES) or "sv"

"""Every request's text is checked once, before any view: no NUL or lone surrogate reaches a service.

PostgreSQL refuses a NUL in text (SQLite stores it), and a lone surrogate cannot be encoded at all; either
would otherwise surface as a 500 from whichever query met it first. JSON bodies are checked by the API's
parser (ledger.api.blueprint); this covers query strings, form fields and the API's headers.
"""
from __future__ import annotations

from flask import Flask, request

from ledger.domain.errors import InvalidInput
from ledger.domain.problems import Problem
from ledger.domain.text import text_field_problems


def refuse_unstorable_text() -> None:
    """Raise InvalidInput naming every query, form or API header field with a NUL or a lone surrogate."""
    fields = [*request.args.items(multi=True), *request.form.items(multi=True)]
    if request.path.startswith("/api/"):
        fields.extend(request.headers.items())
    problems = text_field_problems(fields)
    if problems:
        raise InvalidInput(problems={field: [Problem.of(code, params) for code, params in items]
                                     for field, items in problems.items()})


def register_request_checks(app: Flask) -> None:
    """Check every request before its view runs (refusals are answered like any other: 422 or a message)."""
    app.before_request(refuse_unstorable_text)

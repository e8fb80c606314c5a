"""A confirmation step before what cannot be undone (issue, credit, close, void, override); works without script.

The first POST of such a form, once its fields are valid, answers a page that states the consequence and
posts the same fields again with `confirmed=yes`; only that second POST acts.
"""
from __future__ import annotations

from typing import Any

from flask import render_template, request

CONFIRMED_FIELD = "confirmed"


def ask_first(*, title: str, consequence: str, action: str, cancel_url: str) -> Any | None:
    """None when the user has confirmed; otherwise the page that asks (the form's fields carried along)."""
    if request.form.get(CONFIRMED_FIELD) == "yes":
        return None
    fields = [(name, value) for name, value in request.form.items(multi=True)
              if name not in ("csrf_token", CONFIRMED_FIELD)]
    return render_template("confirm.html", title=title, consequence=consequence, action=action, fields=fields,
                           target=request.path, cancel_url=cancel_url)

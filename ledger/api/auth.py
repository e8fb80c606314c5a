"""Bearer-token authentication for the JSON API."""
from __future__ import annotations

from typing import Any

from flask import g, request
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import BadRequest, Unauthorized
from wtforms import ValidationError

from ledger.services.access import Actor
from ledger.services.idempotency import IdempotencyKey
from ledger.services.people.tokens import user_for_token


def authenticate() -> None:
    """Resolve the caller to an Actor in `g.actor`: a bearer token, or the signed-in session of a page
    (whose writes must then carry the page's CSRF token in X-CSRFToken).

    :raise 401: no token, or an unknown or revoked one.  :raise 400: a session write without its CSRF token.
    """
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if not request.headers.get("Authorization") and current_user.is_authenticated:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            try:
                validate_csrf(request.headers.get("X-CSRFToken"))
            except ValidationError:
                raise BadRequest("Send the page's CSRF token in the X-CSRFToken header.") from None
        g.actor = Actor.of(current_user)
        return
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send an API token: Authorization: Bearer <token> (create one with `flask users token`).")
    user = user_for_token(token.strip())
    if user is None:
        raise Unauthorized("The API token is unknown or revoked.")
    g.actor = Actor.of(user)


def current_actor() -> Actor:
    """Who is calling (set by authenticate)."""
    return g.actor


def idempotency_key(headers: dict[str, Any], operation: str, payload: Any) -> IdempotencyKey | None:
    """The request's Idempotency-Key, fingerprinted with what it asks for, if the client sent one."""
    key = headers.get("idempotency_key")
    if not key:
        return None
    return IdempotencyKey.for_request(current_actor().id, key, operation, payload)  # type: ignore[arg-type]

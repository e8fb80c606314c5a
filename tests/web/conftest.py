"""Fixtures for page tests: sign in through the real form, and post forms with their CSRF token."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from ledger.services.access import Actor
from tests.conftest import TEST_PASSWORD

_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str) -> str:
    """The CSRF token of the page at `path` (as a browser would have it)."""
    page = client.get(path)
    match = _TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1) or match.group(2)


def post_form(client: FlaskClient, path: str, data: dict[str, Any], *, page: str | None = None, **kwargs: Any) -> Any:
    """Submit a form to `path` the way a browser does: with the token of the page it was on."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)}, **kwargs)


@pytest.fixture
def sign_in(client: FlaskClient, make_user: Callable[..., Actor]) -> Callable[..., Actor]:
    """Factory: create a user with `role` and sign in as them in `client`; returns the Actor."""

    def do(role: str = "staff", customer_id: int | None = None) -> Actor:
        user = make_user(role, customer_id)
        answer = post_form(client, "/login", {"email": user.email, "password": TEST_PASSWORD})
        assert answer.status_code == 303, answer.get_data(as_text=True)[:500]
        return user

    return do

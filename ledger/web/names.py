"""Who did something, by name: pages show a user's display name, never "User 2"."""
from __future__ import annotations

from flask import g
from flask_babel import gettext

from ledger.services.people.users import display_names


def person_name(user_id: int | None) -> str:
    """The display name of a user for a page ("System" for what no one did), looked up once per request.

    Every user's name is read on the first call: staff are few, and a page of history then costs one query
    however many people it names.
    """
    if user_id is None:
        return gettext("System")
    names: dict[int, str] | None = g.get("_display_names")
    if names is None or user_id not in names:
        names = g._display_names = display_names(None)
    return names.get(user_id) or gettext("Unknown user")

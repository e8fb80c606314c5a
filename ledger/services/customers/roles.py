"""The key roles customers must name among their contacts (ledger/plans/contact_roles.toml), loaded once per app."""
from __future__ import annotations

from flask import Flask, current_app

from ledger.domain.customers.contact_roles import ContactRoles, parse_contact_roles
from ledger.domain.errors import PlanError
from ledger.services.plan_files import CONTACT_ROLES_FILE, read_plan_file

CONTACT_ROLES_EXTENSION = "servicekonto.contact_roles"


def load_contact_roles(app: Flask) -> ContactRoles:
    """Load the contact-role requirements (ledger/plans/contact_roles.toml); a broken file stops the app."""
    document = read_plan_file(CONTACT_ROLES_FILE, setting="contact roles file")
    try:
        requirements = parse_contact_roles(document)
    except PlanError as error:
        raise PlanError(f"{CONTACT_ROLES_FILE}.toml: {error}") from None
    app.extensions[CONTACT_ROLES_EXTENSION] = requirements
    return requirements


def active_contact_roles() -> ContactRoles:
    """The roles customers must name among their contacts, and how many are recommended."""
    return current_app.extensions[CONTACT_ROLES_EXTENSION]

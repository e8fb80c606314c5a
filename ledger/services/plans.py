"""The support plans in force, chosen by SERVICEKONTO_PLANS and loaded once per app from ledger/plans/.

Other plan files beside it (contact roles, maintenance prices) are read with `read_plan_file` and
checked by their own parser at start-up in the same way.
"""
from __future__ import annotations

import re
import tomllib
from typing import Any

from flask import Flask, current_app

from ledger.config import PLANS_DIR
from ledger.domain.business_calendar import BusinessCalendar, business_calendar
from ledger.domain.contact_roles import ContactRoles, parse_contact_roles
from ledger.domain.maintenance import MaintenanceVariant, parse_maintenance
from ledger.domain.plans import PlanError, SupportPlans, parse_support_plans

PLANS_EXTENSION = "servicekonto.plans"
CONTACT_ROLES_EXTENSION = "servicekonto.contact_roles"
CONTACT_ROLES_FILE = "contact_roles"
MAINTENANCE_EXTENSION = "servicekonto.maintenance"
_NAME = re.compile(r"^[a-z0-9_]+$")


def available_plan_files() -> list[str]:
    """Names of the support-plan files shipped in ledger/plans/ (the contact-role requirements are not one)."""
    return sorted(path.stem for path in PLANS_DIR.glob("*.toml") if path.stem != CONTACT_ROLES_FILE)


def read_plan_file(name: str, setting: str = "SERVICEKONTO_PLANS") -> dict[str, Any]:
    """The parsed TOML of ledger/plans/<name>.toml; PlanError naming the setting or the file if it is wrong."""
    path = PLANS_DIR / f"{name}.toml"
    if not _NAME.fullmatch(name) or not path.is_file():
        raise PlanError(f"{setting}={name!r} names no plan file; available: {', '.join(available_plan_files())}")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise PlanError(f"{path.name}: {error}") from None


def load_support_plans(app: Flask) -> SupportPlans:
    """Load the configured plans into the app; a broken file stops the app at start-up, not at the first case."""
    name = app.config["SERVICEKONTO_PLANS"]
    document = read_plan_file(name)
    try:
        plans = parse_support_plans(document, source=f"{name}.toml")
        maintenance = parse_maintenance(document)
    except PlanError as error:
        raise PlanError(f"{name}.toml: {error}") from None
    app.extensions[PLANS_EXTENSION] = plans
    app.extensions[MAINTENANCE_EXTENSION] = maintenance
    return plans


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


def active_plans() -> SupportPlans:
    """The plans, severities and calendar cases are measured by."""
    return current_app.extensions[PLANS_EXTENSION]


def active_maintenance() -> dict[str, MaintenanceVariant]:
    """The maintenance packs of the plan file in force, by variant."""
    return current_app.extensions[MAINTENANCE_EXTENSION]


def active_calendar() -> BusinessCalendar:
    """The business calendar of the plans in force (its tables are shared across apps)."""
    return business_calendar(active_plans().calendar)

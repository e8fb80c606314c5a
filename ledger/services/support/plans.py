"""The support plans in force, chosen by SERVICEKONTO_PLANS and loaded once per app from ledger/plans/.

The same file prices the maintenance packs; the contact-role requirements beside it are the customers' (their
loader is `ledger.services.customers.roles`). Files are found and read by `ledger.services.plan_files`.
"""
from __future__ import annotations

from flask import Flask, current_app

from ledger.domain.errors import PlanError
from ledger.domain.support.business_calendar import BusinessCalendar, business_calendar
from ledger.domain.support.maintenance import MaintenanceVariant, parse_maintenance
from ledger.domain.support.plans import SupportPlans, parse_support_plans
from ledger.services.plan_files import read_plan_file

PLANS_EXTENSION = "servicekonto.plans"
MAINTENANCE_EXTENSION = "servicekonto.maintenance"


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


def active_plans() -> SupportPlans:
    """The plans, severities and calendar cases are measured by."""
    return current_app.extensions[PLANS_EXTENSION]


def active_maintenance() -> dict[str, MaintenanceVariant]:
    """The maintenance packs of the plan file in force, by variant."""
    return current_app.extensions[MAINTENANCE_EXTENSION]


def active_calendar() -> BusinessCalendar:
    """The business calendar of the plans in force (its tables are shared across apps)."""
    return business_calendar(active_plans().calendar)

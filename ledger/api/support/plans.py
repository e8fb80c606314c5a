"""The support plans in force: targets per severity, channels, quota, prices and the business calendar."""
from __future__ import annotations

from typing import Any

import marshmallow as ma

from ledger.api.auth import authenticate
from ledger.api.blueprint import ApiBlueprint
from ledger.api.work.rules import Bilingual
from ledger.domain.money import format_minor
from ledger.domain.support.business_calendar import WEEKDAYS
from ledger.domain.support.plans import SupportPlans, Target
from ledger.services.customers.roles import active_contact_roles
from ledger.services.support.plans import active_plans

blp = ApiBlueprint("plans", __name__, url_prefix="/api/v1", description="Support plans and business hours")
blp.before_request(authenticate)



class PlanTargetOut(ma.Schema):
    """A target: business minutes (null: best effort) and how the plan file writes it."""

    business_minutes = ma.fields.Integer(allow_none=True)
    amount = ma.fields.Integer(allow_none=True)
    unit = ma.fields.String(metadata={"enum": ["business_hours", "business_days", "best_effort"]})


class SeverityTargetsOut(ma.Schema):
    severity = ma.fields.Integer()
    first_response = ma.fields.Nested(PlanTargetOut)
    resolution = ma.fields.Nested(PlanTargetOut)


class PriceOut(ma.Schema):
    """A priced plan: decimal strings per currency, a month's and the billed period's."""

    billing = ma.fields.String(metadata={"enum": ["yearly_in_advance"]})
    monthly = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    per_period = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())


class PlanOut(ma.Schema):
    id = ma.fields.String()
    label = ma.fields.Nested(Bilingual)
    incidents_per_month = ma.fields.Integer()
    channels = ma.fields.List(ma.fields.String())
    price = ma.fields.Nested(PriceOut, allow_none=True, metadata={"description": "null: in the subscription"})
    targets = ma.fields.List(ma.fields.Nested(SeverityTargetsOut))
    waiting_reminder_business_days = ma.fields.Integer(metadata={
        "description": "a case waiting on the customer: the reporter is reminded after this many business days"})
    auto_resolve_business_days = ma.fields.Integer(metadata={
        "description": "... and the case is resolved by the rule after this many"})


class SeverityOut(ma.Schema):
    severity = ma.fields.Integer()
    label = ma.fields.Nested(Bilingual)
    definition = ma.fields.Nested(Bilingual)


class CalendarOut(ma.Schema):
    """Business hours: the days, opening and closing in the time zone, the holidays that close."""

    time_zone = ma.fields.String()
    days = ma.fields.List(ma.fields.String())
    opens = ma.fields.String()
    closes = ma.fields.String()
    business_day_minutes = ma.fields.Integer()
    holiday_country = ma.fields.String()
    holiday_categories = ma.fields.List(ma.fields.String())


class PlansOut(ma.Schema):
    """docs/api.md: the plans, the severity definitions, the calendar and the contact-role requirements."""

    id = ma.fields.String()
    version = ma.fields.String()
    default_plan = ma.fields.String()
    plans = ma.fields.List(ma.fields.Nested(PlanOut))
    severities = ma.fields.List(ma.fields.Nested(SeverityOut))
    calendar = ma.fields.Nested(CalendarOut)
    contact_roles = ma.fields.List(ma.fields.Dict(), metadata={"items": {"type": "object"}})


def _target(target: Target) -> dict[str, Any]:
    return {"business_minutes": target.business_minutes, "amount": target.amount, "unit": target.unit}


def plans_document(plans: SupportPlans) -> dict[str, Any]:
    """The plan file as plain data: labels {sv, en}; prices as decimal strings per currency (null: included)."""
    spec = plans.calendar
    return {
        "id": plans.id, "version": plans.version, "default_plan": plans.default_plan_id,
        "plans": [{
            "id": plan.id, "label": {"sv": plan.label_sv, "en": plan.label_en},
            "incidents_per_month": plan.incidents_per_month, "channels": list(plan.channels),
            "waiting_reminder_business_days": plan.waiting_reminder_business_days,
            "auto_resolve_business_days": plan.auto_resolve_business_days,
            "price": None if plan.price is None else {
                "billing": plan.price.billing,
                "monthly": {currency: format_minor(minor) for currency, minor in plan.price.monthly_minor.items()},
                "per_period": {currency: format_minor(minor * plan.price.months)
                               for currency, minor in plan.price.monthly_minor.items()},
            },
            "targets": [{"severity": severity, "first_response": _target(targets["first_response"]),
                         "resolution": _target(targets["resolution"])} for severity, targets in plan.targets.items()],
        } for plan in plans.plans.values()],
        "severities": [{"severity": s.level, "label": {"sv": s.label_sv, "en": s.label_en},
                        "definition": {"sv": s.definition_sv, "en": s.definition_en}}
                       for s in plans.severities.values()],
        "calendar": {"time_zone": spec.time_zone, "days": [WEEKDAYS[day] for day in spec.weekdays],
                     "opens": spec.opens.strftime("%H:%M"), "closes": spec.closes.strftime("%H:%M"),
                     "business_day_minutes": spec.business_day_minutes, "holiday_country": spec.holiday_country,
                     "holiday_categories": list(spec.holiday_categories)},
        "contact_roles": [],
    }


@blp.route("/plans")
@blp.response(200, PlansOut)
def get_plans() -> Any:
    """The support plans in force, their severities and the business calendar."""
    requirements = active_contact_roles()
    return {**plans_document(active_plans()), "contact_roles": [{
        "role": r.role, "minimum": r.minimum, "recommended": r.recommended, "deployments": list(r.deployments),
        "label": {"sv": r.label_sv, "en": r.label_en}, "explanation": {"sv": r.explanation_sv, "en": r.explanation_en},
    } for r in requirements.roles.values()]}

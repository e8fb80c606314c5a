"""Agreements: buy a support plan or a maintenance pack for twelve months, list agreements with their status, the plan in force.

An agreement whose invoice line was credited in full is cancelled from the credit note's issue date: the
purchase is undone, as a credited hour package's purchase is reversed (a part credit is a price
reduction and leaves the agreement in force).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.money import parse_amount
from ledger.domain.periods import local_date
from ledger.domain.support.agreements import (
    CREATABLE_KINDS,
    MAX_START_OFFSET_DAYS,
    agreement_state,
    covers,
    next_period,
)
from ledger.domain.support.maintenance import VARIANTS, MaintenanceVariant
from ledger.domain.support.plans import Plan
from ledger.domain.text import checked_line
from ledger.extensions import db
from ledger.models import Agreement, Invoice, InvoiceLine
from ledger.services.access import STAFF_ROLES, Actor, check_customer_visible, require_role
from ledger.services.clock import utcnow
from ledger.services.customers.customers import get_customer
from ledger.services.idempotency import IdempotencyKey, remember, replay
from ledger.services.support.plans import active_maintenance, active_plans
from ledger.services.tx import lock_account, write_transaction


@dataclass(frozen=True)
class AgreementView:
    """An agreement with where it stands today."""

    agreement: Agreement
    status: str
    days_left: int
    notice_on: date
    cancelled_on: date | None


@dataclass(frozen=True)
class PlanInForce:
    """The plan a customer has on a day, and the agreement that gives it (None: the default plan)."""

    plan: Plan
    agreement_id: int | None


def cancellations(session: Session, agreement_ids: Iterable[int]) -> dict[int, date]:
    """Agreements whose invoice line an issued credit note credited in full, and the credit note's date (unless a
    re-invoice of the month invoiced them again)."""
    ids = list(agreement_ids)
    if not ids:
        return {}
    credit = aliased(InvoiceLine)
    rows = session.execute(
        select(InvoiceLine.agreement_id, Invoice.issue_date)
        .join(credit, credit.credits_line_id == InvoiceLine.id)
        .join(Invoice, Invoice.id == credit.invoice_id)
        .where(InvoiceLine.agreement_id.in_(ids), Invoice.status == "issued",
               credit.amount_minor == -InvoiceLine.amount_minor)
    ).all()
    # invoiced again on the invoice that replaces one credited in full: the agreement stands
    invoiced_again = set(session.execute(
        select(InvoiceLine.agreement_id).join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(InvoiceLine.agreement_id.in_(ids), Invoice.replaces_invoice_id.is_not(None),
               ~select(credit.id).where(credit.credits_line_id == InvoiceLine.id).exists())).scalars())
    return {agreement_id: issued_on for agreement_id, issued_on in rows
            if issued_on is not None and agreement_id not in invoiced_again}


def _view(agreement: Agreement, today: date, cancelled_on: date | None) -> AgreementView:
    state = agreement_state(agreement.starts_on, agreement.ends_on, today, cancelled_on)
    return AgreementView(agreement, state.status, state.days_left, state.notice_on, cancelled_on)


@dataclass(frozen=True)
class Purchase:
    """A checked request to buy an agreement."""

    kind: str
    plan: Plan | None
    variant: MaintenanceVariant | None
    licence_reference: str | None
    purchased_on: date
    price: Any


def _checked_request(data: dict[str, Any], today: date) -> Purchase:
    errors = FieldErrors()
    kind = data.get("kind")
    if kind is None:
        errors.add("kind", "required")
    elif kind not in CREATABLE_KINDS:
        errors.add("kind", "one_of", choices=CREATABLE_KINDS)
    plan = variant = None
    if kind == "support_plan":
        plans = active_plans().plans
        plan = plans.get(data.get("plan")) if isinstance(data.get("plan"), str) else None
        if plan is None:
            errors.add("plan", "required" if data.get("plan") is None else "one_of", choices=tuple(plans))
        for field in ("variant", "licence_reference"):
            if data.get(field) is not None:
                errors.add(field, "agreement_field_not_for_kind", kind=kind, attribute=field)
    elif kind == "maintenance":
        variant_id = data.get("variant")
        if not isinstance(variant_id, str) or variant_id not in VARIANTS:
            errors.add("variant", "required" if variant_id is None else "one_of", choices=VARIANTS)
        else:  # a plan file without [maintenance] still sells packs, at a price given by hand
            variant = active_maintenance().get(variant_id) or MaintenanceVariant(
                variant_id, variant_id, variant_id, "", "", {})
        if data.get("plan") is not None:
            errors.add("plan", "agreement_field_not_for_kind", kind=kind, attribute="plan")
    reference = data.get("licence_reference")
    if kind == "maintenance":
        reference = checked_line(errors, "licence_reference", reference, 100, required=False) or None
    start = data.get("start_date", today) or today
    if not isinstance(start, date) or isinstance(start, datetime):
        errors.add("start_date", "not_a_date")
    elif abs((start - today).days) > MAX_START_OFFSET_DAYS:
        errors.add("start_date", "agreement_start_out_of_range", days=MAX_START_OFFSET_DAYS, today=today)
    errors.raise_if_any()
    return Purchase(kind, plan, variant, reference, start, data.get("price"))  # type: ignore[arg-type]


def _plan_price_minor(plan: Plan, currency: str, price: Any) -> int:
    """The whole period's price: as given, else the plan file's (12 x monthly); 0 for included plans."""
    if price is None:
        if plan.price is None:
            return 0
        minor = plan.price.per_period_minor(currency)
        if minor is None:
            raise InvalidInput.single("price", "agreement_price_unknown", currency=currency, plan=plan.label_en)
        return minor
    minor = parse_amount(price, currency, "price").minor
    if plan.price is None and minor:
        raise InvalidInput.single("price", "agreement_price_included", plan=plan.label_en)
    return minor


def _maintenance_price_minor(variant: MaintenanceVariant, currency: str, price: Any) -> int:
    """The period's price: as given, else the plan file's price of the variant in the customer's currency."""
    if price is not None:
        return parse_amount(price, currency, "price").minor
    minor = variant.price_minor.get(currency)
    if minor is None:
        raise InvalidInput.single("price", "maintenance_price_unknown", currency=currency, variant=variant.id)
    return minor


def _same_line(purchase: Purchase) -> Any:
    """Which earlier agreements a purchase renews: the support plan, or maintenance of the same licence."""
    if purchase.kind == "support_plan":
        return Agreement.kind == "support_plan"
    reference = Agreement.licence_reference.is_(None) if purchase.licence_reference is None else (
        Agreement.licence_reference == purchase.licence_reference)
    return (Agreement.kind == "maintenance") & reference


def create_agreement(customer_id: int, data: dict[str, Any], *, actor: Actor,
                     idempotency: IdempotencyKey | None = None) -> AgreementView:
    """Buy a support plan or a maintenance pack for exactly twelve months from `start_date` (default today), or
    from the day after the current period when one still runs (a support plan's, or maintenance of the same
    licence reference); a priced agreement is invoiced in the next run.

    :raise InvalidInput: naming each bad field.  :raise NotFound: unknown customer.  :raise Conflict: closed.
    """
    require_role(actor, *STAFF_ROLES)
    today = local_date(utcnow())
    purchase = _checked_request(data, today)
    with write_transaction() as session:
        customer, _account = lock_account(session, customer_id)
        if (stored := replay(session, idempotency, "create_agreement")) is not None:
            agreement = session.get_one(Agreement, stored["agreement_id"])
            return _view(agreement, today, cancellations(session, [agreement.id]).get(agreement.id))
        if customer.status == "closed":
            raise Conflict(code="agreement_customer_closed", customer_id=customer.id)
        if purchase.plan is not None:
            price_minor = _plan_price_minor(purchase.plan, customer.currency, purchase.price)
        else:
            price_minor = _maintenance_price_minor(purchase.variant, customer.currency, purchase.price)  # type: ignore[arg-type]
        running = list(session.execute(
            select(Agreement).where(Agreement.customer_id == customer.id, _same_line(purchase),
                                    Agreement.ends_on >= purchase.purchased_on)
        ).scalars())
        cancelled = cancellations(session, (agreement.id for agreement in running))
        current = max((a for a in running if a.id not in cancelled), key=lambda a: a.ends_on, default=None)
        starts_on, ends_on = next_period(purchase.purchased_on, current.ends_on if current else None)
        agreement = Agreement(
            customer_id=customer.id, kind=purchase.kind, plan=purchase.plan.id if purchase.plan else None,
            variant=purchase.variant.id if purchase.variant else None, licence_reference=purchase.licence_reference,
            starts_on=starts_on, ends_on=ends_on, price_minor=price_minor, currency=customer.currency,
            renews_agreement_id=current.id if current is not None and starts_on > purchase.purchased_on else None,
            created_at=utcnow(), created_by=actor.id,
        )
        session.add(agreement)
        session.flush()
        remember(session, idempotency, "create_agreement", {"agreement_id": agreement.id})
    return _view(agreement, today, None)


def list_agreements(customer_id: int, *, actor: Actor) -> list[AgreementView]:
    """A customer's agreements, latest period first, each with status and days left (a customer: its own)."""
    check_customer_visible(actor, customer_id)
    get_customer(customer_id, actor=actor)
    agreements = list(db.session.execute(
        select(Agreement).where(Agreement.customer_id == customer_id)
        .order_by(Agreement.starts_on.desc(), Agreement.id.desc())
    ).scalars())
    cancelled = cancellations(db.session, (agreement.id for agreement in agreements))
    today = local_date(utcnow())
    return [_view(agreement, today, cancelled.get(agreement.id)) for agreement in agreements]


def plan_in_force(customer_id: int, on_date: date, session: Session | None = None) -> PlanInForce:
    """The plan of the support_plan agreement covering `on_date`, else the plan file's default plan."""
    session = session or db.session()
    plans = active_plans()
    candidates = list(session.execute(
        select(Agreement).where(Agreement.customer_id == customer_id, Agreement.kind == "support_plan",
                                Agreement.starts_on <= on_date, Agreement.ends_on >= on_date)
        .order_by(Agreement.starts_on.desc(), Agreement.id.desc())
    ).scalars())
    cancelled = cancellations(session, (agreement.id for agreement in candidates))
    for agreement in candidates:
        plan = plans.plan(agreement.plan or "")
        if plan is not None and covers(agreement.starts_on, agreement.ends_on, on_date, cancelled.get(agreement.id)):
            return PlanInForce(plan, agreement.id)
    return PlanInForce(plans.default_plan, None)


def plan_today(customer_id: int) -> str:
    """The id of the plan in force today (Stockholm) for the customer."""
    return plan_in_force(customer_id, local_date(utcnow())).plan.id


def maintenance_active(customer_id: int, on_date: date, session: Session | None = None) -> bool:
    """True when a maintenance agreement of the customer covers `on_date` (and was not cancelled)."""
    session = session or db.session()
    candidates = list(session.execute(
        select(Agreement).where(Agreement.customer_id == customer_id, Agreement.kind == "maintenance",
                                Agreement.starts_on <= on_date, Agreement.ends_on >= on_date)
    ).scalars())
    cancelled = cancellations(session, (agreement.id for agreement in candidates))
    return any(covers(a.starts_on, a.ends_on, on_date, cancelled.get(a.id)) for a in candidates)

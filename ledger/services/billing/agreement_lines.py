"""Agreement purchases on invoices: each priced agreement once, on the first run after it was bought."""
from __future__ import annotations

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from ledger.domain.periods import Period
from ledger.domain.support.agreements import line_texts
from ledger.models import Agreement, InvoiceLine
from ledger.services.support.plans import active_maintenance, active_plans

#: Built once with bound parameters: the run asks it for every customer.
_UNINVOICED = (
    select(Agreement)
    .where(Agreement.customer_id == bindparam("customer_id"), Agreement.price_minor > 0,
           Agreement.created_at < bindparam("moment"), ~exists().where(InvoiceLine.agreement_id == Agreement.id))
    .order_by(Agreement.id)
)


def uninvoiced_agreements(session: Session, customer_id: int, period: Period) -> list[Agreement]:
    """Priced agreements bought before the period's end that are on no invoice line yet."""
    return list(session.execute(_UNINVOICED, {"customer_id": customer_id, "moment": period.end_utc}).scalars())


def agreement_line(agreement: Agreement) -> InvoiceLine:
    """The line for one agreement: its whole period's price, the period printed."""
    if agreement.kind == "maintenance":
        variant = active_maintenance().get(agreement.variant or "")
        fallback = agreement.variant or ""
        label_sv, label_en = (variant.label_sv, variant.label_en) if variant else (fallback, fallback)
    else:
        plan = active_plans().plan(agreement.plan or "")
        label_sv, label_en = (plan.label_sv, plan.label_en) if plan else (agreement.plan or "", agreement.plan or "")
    text_sv, text_en = line_texts(agreement.kind, label_sv, label_en, agreement.starts_on, agreement.ends_on)
    return InvoiceLine(kind="agreement", agreement_id=agreement.id, description_sv=text_sv, description_en=text_en,
                       unit_price_minor=agreement.price_minor, amount_minor=agreement.price_minor)


def agreement_lines(session: Session, customer_id: int, period: Period) -> list[InvoiceLine]:
    """The lines of every agreement this period's run invoices for the customer."""
    return [agreement_line(agreement) for agreement in uninvoiced_agreements(session, customer_id, period)]

"""Agreement purchases on invoices: each priced agreement once, on the first run after it was bought, and again on
the invoice that replaces one credited in full. The line carries the period the agreement covers."""
from __future__ import annotations

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from ledger.domain.periods import Period
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


def line_texts(agreement: Agreement) -> tuple[str, str]:
    """What the line says in Swedish and English: "Underhållsavtal, platslicens" / "Maintenance, site licence",
    "Supportavtal Gold" / "Support plan Gold" (the labels are the catalogue's; the period is printed beside)."""
    if agreement.kind == "maintenance":
        variant = active_maintenance().get(agreement.variant or "")
        fallback = agreement.variant or ""
        label_sv, label_en = (variant.label_sv, variant.label_en) if variant else (fallback, fallback)
        return f"Underhållsavtal, {label_sv}", f"Maintenance, {label_en}"
    plan = active_plans().plan(agreement.plan or "")
    label_sv, label_en = (plan.label_sv, plan.label_en) if plan else (agreement.plan or "", agreement.plan or "")
    if agreement.kind == "support_plan":
        return f"Supportavtal {label_sv}", f"Support plan {label_en}"
    return label_sv, label_en


def agreement_line(agreement: Agreement) -> InvoiceLine:
    """The line for one agreement: its whole period's price, the period it covers stored with it."""
    text_sv, text_en = line_texts(agreement)
    return InvoiceLine(kind="agreement", agreement_id=agreement.id, description_sv=text_sv, description_en=text_en,
                       unit_price_minor=agreement.price_minor, amount_minor=agreement.price_minor,
                       period_start=agreement.starts_on, period_end=agreement.ends_on)


def agreement_lines(session: Session, customer_id: int, period: Period, replaced_id: int | None = None
                    ) -> list[InvoiceLine]:
    """The lines of every agreement this period's run invoices for the customer: those not invoiced yet and, when
    the run replaces an invoice credited in full (`replaced_id`), the agreements that invoice carried."""
    again: list[Agreement] = []
    if replaced_id is not None:
        again = list(session.execute(
            select(Agreement).join(InvoiceLine, InvoiceLine.agreement_id == Agreement.id)
            .where(InvoiceLine.invoice_id == replaced_id).order_by(InvoiceLine.position)).scalars())
    return [agreement_line(agreement) for agreement in again + uninvoiced_agreements(session, customer_id, period)]

"""The monthly invoice run: one draft per customer active in the period, idempotent.

Hours owed are the debt at the period's end that no later settlement has already covered, so that
whatever order periods are run and issued in, no owed minute is invoiced twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from ledger.domain.billing.invoicing import hours_amount, invoice_totals
from ledger.domain.billing.vat import decide_vat
from ledger.domain.errors import InvalidInput
from ledger.domain.periods import Period, local_date
from ledger.domain.problems import N_, define_messages
from ledger.models import Customer, HourPackage, Invoice, InvoiceLine, LedgerEntry, ServiceAccount
from ledger.models.invoices import OUTSIDE_VAT_KINDS
from ledger.models.types import summed_minutes
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.billing.agreement_lines import agreement_lines
from ledger.services.billing.credit_lines import credited_so_far, remaining_minor
from ledger.services.billing.late_charge_lines import late_charge_lines
from ledger.services.clock import utcnow
from ledger.services.settings import current_settings
from ledger.services.tx import lock_account, write_transaction

MESSAGES = define_messages({
    "period_not_ended": N_("%(period)s has not ended; run it from %(first_day)s."),
    "already_issued": N_("Invoice %(invoice_id)s is already issued as number %(number)s; credit it instead."),
    "empty_invoice": N_("Draft %(invoice_id)s has nothing left to invoice."),
    "credit_reason_required": N_("A reason is required for a credit note."),
    "not_creditable": N_("Only an issued invoice can be credited; invoice %(invoice_id)s is not one."),
    "already_credited": N_("Invoice %(number)s is already credited."),
})


@dataclass(frozen=True)
class Skipped:
    """A customer the run drafted nothing for: `code` for translation, `reason` in English, and the period
    of a draft still waiting (for code "earlier_draft")."""

    customer_id: int
    code: str
    reason: str
    draft_period: str | None = None


@dataclass
class RunResult:
    """What a run did: drafts created, invoices that already existed, customers skipped and why."""

    period: Period
    created: list[Invoice] = field(default_factory=list)
    existing: list[Invoice] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


# Built once with bound parameters: building these expressions cost a third of a draft's time (by profile).
_BALANCE_AT = (
    select(LedgerEntry.balance_after)
    .where(LedgerEntry.account_id == bindparam("account_id"), LedgerEntry.recorded_at < bindparam("moment"))
    .order_by(LedgerEntry.recorded_at.desc(), LedgerEntry.seq.desc())
    .limit(1)
)
_original = aliased(LedgerEntry)
_SETTLED_SINCE = (
    select(summed_minutes(LedgerEntry.minutes))
    .outerjoin(_original, _original.id == LedgerEntry.reverses_entry_id)
    .where(
        LedgerEntry.account_id == bindparam("account_id"),
        LedgerEntry.recorded_at >= bindparam("moment"),
        or_(LedgerEntry.kind == "settlement", and_(LedgerEntry.kind == "reversal", _original.kind == "settlement")),
    )
)
_reversal = aliased(LedgerEntry)
_UNINVOICED_PURCHASES = (
    select(LedgerEntry, HourPackage)
    .join(HourPackage, HourPackage.entry_id == LedgerEntry.id)
    .where(
        LedgerEntry.account_id == bindparam("account_id"),
        LedgerEntry.kind == "purchase",
        LedgerEntry.recorded_at < bindparam("moment"),
        ~exists().where(InvoiceLine.entry_id == LedgerEntry.id),
        ~exists().where(_reversal.reverses_entry_id == LedgerEntry.id),
    )
    .order_by(LedgerEntry.seq)
)


def balance_at(session: Session, account_id: int, moment: object) -> int:
    """The balance after the last entry recorded before `moment`."""
    return session.execute(_BALANCE_AT, {"account_id": account_id, "moment": moment}).scalar() or 0


def minutes_owed(session: Session, account_id: int, period: Period) -> tuple[int, int]:
    """(balance at the period's end, minutes still owed for it): the debt then, less settlements since."""
    balance = balance_at(session, account_id, period.end_utc)
    settled_since = session.execute(_SETTLED_SINCE, {"account_id": account_id, "moment": period.end_utc}).scalar()
    return balance, max(0, -(balance + settled_since))


def uninvoiced_purchases(session: Session, account_id: int, period: Period) -> list[tuple[LedgerEntry, HourPackage]]:
    """Purchases booked before the period's end that are on no invoice line and not reversed."""
    return list(session.execute(_UNINVOICED_PURCHASES, {"account_id": account_id, "moment": period.end_utc}).all())


def owed_line(customer: Customer, minutes: int, period: Period) -> InvoiceLine:
    """The line for hours used beyond the prepaid balance, at the hourly rate."""
    return InvoiceLine(
        kind="hours_owed",
        description_sv=f"Timmar utöver förbetalt saldo per {period.last_day.isoformat()}",
        description_en=f"Hours beyond the prepaid balance at {period.last_day.isoformat()}",
        quantity_minutes=minutes,
        unit_price_minor=customer.hourly_rate_minor,
        amount_minor=hours_amount(minutes, customer.hourly_rate_minor),
    )


def apply_totals(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    """Set the invoice's VAT and totals from its lines and buyer (late interest and fees carry no VAT)."""
    vat = decide_vat(invoice.buyer_country, invoice.buyer_vat_number)
    totals = invoice_totals(
        (line.amount_minor for line in lines if line.kind not in OUTSIDE_VAT_KINDS), vat.rate_bp,
        round_to_whole_units=invoice.currency == "SEK" and current_settings().round_to_whole_kronor,
        untaxed_amounts=(line.amount_minor for line in lines if line.kind in OUTSIDE_VAT_KINDS),
    )
    invoice.vat_code, invoice.vat_rate_bp = vat.code.value, vat.rate_bp
    invoice.net_minor, invoice.vat_minor, invoice.total_minor = totals.net_minor, totals.vat_minor, totals.total_minor
    invoice.rounding_minor, invoice.to_pay_minor = totals.rounding_minor, totals.to_pay_minor


def copy_buyer(invoice: Invoice, customer: Customer) -> None:
    """Put the customer's current name, address and numbers on the invoice."""
    invoice.buyer_name, invoice.buyer_address = customer.name, customer.address
    invoice.buyer_org_number, invoice.buyer_vat_number = customer.org_number, customer.vat_number
    invoice.buyer_country, invoice.buyer_reference = customer.country, customer.invoice_reference
    invoice.currency, invoice.language = customer.currency, customer.language


def sold_lines(session: Session, customer: Customer, account: ServiceAccount, period: Period,
               replaced_id: int | None = None) -> list[InvoiceLine]:
    """Hour packages and agreements bought before the period's end and not invoiced yet, a line each (and the
    agreements of the invoice a re-invoice replaces)."""
    lines = []
    for entry, package in uninvoiced_purchases(session, account.id, period):
        bought = entry.recorded_at.date().isoformat()
        lines.append(InvoiceLine(
            kind="hour_package", entry_id=entry.id, hour_package_id=package.id,
            description_sv=f"Timpaket {package.minutes / 60:g} tim, köpt {bought}".replace(".", ","),
            description_en=f"Hour package {package.minutes / 60:g} h, bought {bought}",
            unit_price_minor=package.price_minor, amount_minor=package.price_minor,
        ))
    return lines + agreement_lines(session, customer.id, period, replaced_id)


def new_draft(customer: Customer, period: Period, lines: list[InvoiceLine], **columns: object) -> Invoice:
    """A draft invoice of `lines` (numbered 1, 2 …) for the customer, its totals set."""
    invoice = Invoice(customer_id=customer.id, kind="invoice", status="draft", period=str(period),
                      created_at=utcnow(), **columns)
    copy_buyer(invoice, customer)
    for position, line in enumerate(lines, start=1):
        line.position = position
    invoice.lines = lines
    apply_totals(invoice, lines)
    return invoice


def _draft_for(session: Session, customer: Customer, account: ServiceAccount, period: Period,
               replaced: Invoice | None = None) -> Invoice | None:
    lines: list[InvoiceLine] = []
    if customer.monthly_fee_minor:
        lines.append(InvoiceLine(
            kind="monthly_fee", description_sv=f"Månadsavgift {period}", description_en=f"Monthly fee {period}",
            unit_price_minor=customer.monthly_fee_minor, amount_minor=customer.monthly_fee_minor,
        ))
    lines.extend(sold_lines(session, customer, account, period, replaced.id if replaced else None))
    balance, owed = minutes_owed(session, account.id, period)
    if owed:
        lines.append(owed_line(customer, owed, period))
    if not lines:
        return None
    lines.extend(late_charge_lines(session, customer.id, customer.currency, local_date(utcnow())))
    invoice = new_draft(customer, period, lines, period_start=period.first_day, period_end=period.last_day,
                        balance_at_period_end_minutes=balance, replaces_invoice_id=replaced.id if replaced else None)
    for position, line in enumerate(lines, start=1):
        line.position = position
    invoice.lines = lines
    apply_totals(invoice, lines)
    session.add(invoice)
    return invoice


def customers_in_period(session: Session, period: Period) -> list[int]:
    """Customers active at any time in the period: created before its end, not closed before its start."""
    return list(session.execute(
        select(Customer.id)
        .where(Customer.created_at < period.end_utc)
        .where(or_(Customer.closed_at.is_(None), Customer.closed_at >= period.start_utc))
        .order_by(Customer.id)
    ).scalars())


def run_invoices(period: Period, *, actor: Actor, progress: object = None) -> RunResult:
    """Create this period's drafts: monthly fee, uninvoiced hour packages and agreements, hours owed. Running
    again adds nothing.

    Each customer is drafted in a transaction of its own under its account lock.
    :raise InvalidInput: the period has not ended yet.
    """
    require_role(actor, *FINANCE_ROLES)
    if utcnow() < period.end_utc:
        raise InvalidInput.single("period", "period_not_ended", period=str(period), first_day=period.next().first_day)
    result = RunResult(period)
    with write_transaction() as session:
        customer_ids = customers_in_period(session, period)
    for customer_id in customer_ids:
        try:
            _run_one(result, customer_id, period)
        except IntegrityError:  # a concurrent run drafted this customer first
            result.existing.extend(_existing(customer_id, period))
        if callable(progress):
            progress(customer_id)
    return result


def _fully_credited(session: Session, invoices: list[Invoice]) -> Invoice | None:
    """The month's latest invoice if its credit notes, together, credit every line of it in full (then the month
    may be run again for the customer), else None."""
    if not invoices:
        return None
    latest = max(invoices, key=lambda invoice: invoice.id)
    if latest.status != "issued":
        return None
    credited = credited_so_far(session, latest.id)
    in_full = bool(credited) and all(not remaining_minor(line, credited) for line in latest.lines)
    return latest if in_full else None


def _existing(customer_id: int, period: Period) -> list[Invoice]:
    with write_transaction() as session:
        return list(session.execute(
            select(Invoice).where(Invoice.customer_id == customer_id, Invoice.period == str(period),
                                  Invoice.kind == "invoice", Invoice.origin == "run")
        ).scalars())


def _run_one(result: RunResult, customer_id: int, period: Period) -> None:
    with write_transaction() as session:
        customer, account = lock_account(session, customer_id)
        existing = session.execute(
            select(Invoice).where(Invoice.customer_id == customer_id, Invoice.kind == "invoice",
                                  Invoice.origin == "run",
                                  or_(Invoice.period == str(period), Invoice.status == "draft"))
        ).scalars().all()
        same_period = [invoice for invoice in existing if invoice.period == str(period)]
        replaced = _fully_credited(session, same_period)
        if same_period and replaced is None:
            result.existing.extend(same_period)
            return
        waiting = [invoice for invoice in existing if invoice.period != str(period)]
        if waiting:
            period_waiting = waiting[0].period
            result.skipped.append(Skipped(customer_id, "earlier_draft", f"the {period_waiting} draft must be issued first",
                                          period_waiting))
            return
        draft = _draft_for(session, customer, account, period, replaced)
        if draft is None:
            result.skipped.append(Skipped(customer_id, "nothing_to_invoice", "nothing to invoice"))
            return
        session.flush()
        result.created.append(draft)

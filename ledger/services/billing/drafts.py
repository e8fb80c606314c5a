"""Invoices now, and drafts finance edits.

`draft_now` builds a draft at once of everything sold and not invoiced yet (hour packages and agreements, and the
reminder fees and late interest waiting for the next invoice); the monthly fee and the hours owed stay with the
month's run. Its lines are on it, so the month's run does not invoice them again; discarding it frees them.
A draft takes lines (`add_line`) and loses them (`remove_line`) until it is issued, under the same row lock as
issuing and discarding.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ledger.domain.billing.extra_lines import extra_line
from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.money import format_minor
from ledger.domain.periods import local_date, period_of
from ledger.domain.problems import N_, define_messages
from ledger.models import Invoice, InvoiceLine
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.billing.late_charge_lines import late_charge_lines
from ledger.services.billing.numbering import lock_draft
from ledger.services.billing.runs import apply_totals, new_draft, sold_lines
from ledger.services.clock import utcnow
from ledger.services.tx import lock_account, write_transaction

MESSAGES = define_messages({
    "nothing_to_invoice_now": N_("Customer %(customer_id)s has bought nothing that is not invoiced yet; the monthly "
                                 "fee and hours owed are invoiced by the month's run."),
    "draft_now_exists": N_("Customer %(customer_id)s already has an invoice drafted now (draft %(invoice_id)s): "
                           "issue or discard it first."),
    "invoice_line_unknown": N_("The draft has no line %(position)s."),
    "hours_owed_line_kept": N_("Line %(position)s is the hours owed: it is worked out again when the draft is "
                               "issued, so it cannot be removed."),
    "invoice_total_negative": N_("The invoice would add up to %(total)s; an invoice cannot be below zero (credit "
                                 "the customer instead)."),
})


def draft_now(customer_id: int, *, actor: Actor) -> Invoice:
    """Draft an invoice now of what the customer bought and is not invoiced yet (period: this month).

    :raise NotFound: no such customer.  :raise Conflict: nothing to invoice, or an invoice drafted now waits already.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        customer, account = lock_account(session, customer_id)
        waiting = session.execute(select(Invoice.id).where(
            Invoice.customer_id == customer_id, Invoice.origin == "now", Invoice.status == "draft")).scalar()
        if waiting is not None:
            raise Conflict(code="draft_now_exists", customer_id=customer_id, invoice_id=waiting)
        today = local_date(utcnow())
        lines = sold_lines(session, customer, account, period_of(today))
        lines += late_charge_lines(session, customer.id, customer.currency, today)
        if not lines:
            raise Conflict(code="nothing_to_invoice_now", customer_id=customer_id)
        invoice = new_draft(customer, period_of(today), lines, origin="now", period_start=today, period_end=today,
                            balance_at_period_end_minutes=account.balance_minutes)
        session.add(invoice)
        session.flush()
    return invoice


def _refuse_negative(invoice: Invoice) -> None:
    if invoice.to_pay_minor < 0:
        raise InvalidInput.single("quantity", "invoice_total_negative",
                                  total=f"{format_minor(invoice.to_pay_minor)} {invoice.currency}")


def add_line(invoice_id: int, data: dict[str, Any], *, actor: Actor) -> Invoice:
    """Add a line `{description, quantity, unit, unit_price}` to a draft; the same text in both languages.

    :raise NotFound: no such invoice.  :raise Conflict: it is issued.  :raise InvalidInput: a field is wrong.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        invoice = lock_draft(session, invoice_id)
        line = extra_line(data, invoice.currency)
        invoice.lines.append(InvoiceLine(
            position=max((existing.position for existing in invoice.lines), default=0) + 1, kind="extra",
            description_sv=line.description, description_en=line.description,
            quantity_hundredths=line.quantity_hundredths, unit=line.unit, unit_price_minor=line.unit_price_minor,
            amount_minor=line.amount_minor,
        ))
        apply_totals(invoice, invoice.lines)
        _refuse_negative(invoice)
    return invoice


def remove_line(invoice_id: int, position: int, *, actor: Actor) -> Invoice:
    """Take a line off a draft (what it invoiced, such as an hour package, waits for the next invoice again);
    the lines after it move up.

    :raise NotFound: no such invoice.  :raise Conflict: it is issued, the line is the hours owed.
    :raise InvalidInput: no such line, or the invoice would fall below zero.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        invoice = lock_draft(session, invoice_id)
        line = next((line for line in invoice.lines if line.position == position), None)
        if line is None:
            raise InvalidInput.single("position", "invoice_line_unknown", position=position)
        if line.kind == "hours_owed":
            raise Conflict(code="hours_owed_line_kept", position=position)
        invoice.lines.remove(line)
        session.flush()  # the line goes before its followers take new positions
        for number, kept in enumerate(sorted(invoice.lines, key=lambda item: item.position), start=1):
            kept.position = number
        apply_totals(invoice, invoice.lines)
        _refuse_negative(invoice)
    return invoice

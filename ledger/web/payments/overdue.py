"""The overdue page: each overdue invoice with its reminders (when, to whom), "send reminder", and
"remind all due" (asked first)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext

from ledger.domain.errors import DomainError
from ledger.services.payments import reads as payment_reads
from ledger.services.payments.reminders import due_reminders, queue_reminders
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.billing.links import refused
from ledger.web.confirm import ask_first


def register(bp: Blueprint) -> None:
    """Add the overdue page and "remind all due" to the payments blueprint."""
    bp.add_url_rule("/overdue", view_func=overdue)
    bp.add_url_rule("/remind-all", view_func=remind_all, methods=["POST"])


@roles_required(*FINANCE)
def overdue() -> Any:
    """Overdue invoices, most days overdue first, with their reminders and whether one is due today."""
    invoices = payment_reads.open_invoices(actor=actor(), overdue_only=True)
    due = {invoice.id for invoice, _due in due_reminders(actor=actor())}
    return render_template("finance/overdue.html", invoices=invoices, due=due,
                           reminders=payment_reads.reminders_of([invoice.id for invoice in invoices]))


@roles_required(*FINANCE)
def remind_all() -> Any:
    """Send every reminder that is due today (after the user confirms)."""
    back = url_for("finance_payments.overdue")
    due = due_reminders(actor=actor())
    if not due:
        flash(gettext("No reminder is due today."), "notice")
        return redirect(back, code=303)
    question = ask_first(
        title=gettext("Send %(count)s reminders?", count=len(due)),
        consequence=gettext("A reminder of each of %(count)s overdue invoices not reminded in the last 14 days is "
                            "mailed today to the customer's contract managers or invoice address.", count=len(due)),
        action=gettext("Send the reminders"), cancel_url=back)
    if question is not None:
        return question
    try:
        run = queue_reminders(actor=actor())
    except DomainError as error:
        return refused(error, back)
    flash(gettext("Reminders sent: %(count)s (%(messages)s mails).", count=len(run.reminded), messages=run.messages),
          "success")
    if run.without_recipient:
        flash(gettext("%(count)s invoices have no one to remind: add a contract manager or an invoice e-mail.",
                      count=len(run.without_recipient)), "notice")
    return redirect(back, code=303)

"""Finance's payments page: import the bank's BgMax file, see what it paid, assign unmatched payments, list
what is overdue (docs/payments.md)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ledger.domain.errors import DomainError, InvalidInput
from ledger.domain.formatting import invoice_number
from ledger.domain.problems import Problem, registered_messages
from ledger.models import Payment
from ledger.services.errors import Forbidden, NotFound
from ledger.services.payments import intake as payments
from ledger.services.payments import reads as payment_reads
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.errors import apply_field_errors, describe, translate
from ledger.web.payments import actions
from ledger.web.payments import overdue as overdue_pages
from ledger.web.payments.forms import AssignForm, BgMaxUploadForm

bp = Blueprint("finance_payments", __name__, url_prefix="/finance/payments")
actions.register(bp)
overdue_pages.register(bp)


def unmatched_reason(code: str | None, params: dict[str, Any]) -> str:
    """Why a payment matched no invoice, in the page's language."""
    if not code:
        return ""
    return translate(Problem(code, registered_messages()[code], params))


def _invoice_choices(open_invoices: list[payment_reads.InvoiceWithPayment],
                     currency: str | None = None) -> list[tuple[int, str]]:
    """The open invoices a payment (in `currency`) can be assigned to, by number: "F1004 · Kalles Plåt AB"."""
    return [(invoice.id, f"{invoice_number(invoice)} · {invoice.buyer_name}")
            for invoice in sorted(open_invoices, key=lambda invoice: invoice.number)
            if currency is None or invoice.currency == currency]


def _assign_form(choices: list[tuple[int, str]], payment_id: int, formdata: Any = None) -> AssignForm:
    form = AssignForm(formdata=formdata, prefix=f"payment-{payment_id}")
    form.invoice_id.choices = choices
    return form


def _page(upload: BgMaxUploadForm | None = None, result: payments.ImportResult | None = None, status: int = 200,
          failed_assignment: tuple[int, AssignForm] | None = None) -> Any:
    open_invoices = payment_reads.open_invoices(actor=actor())
    unmatched: list[tuple[Payment, str, AssignForm | None]] = []
    for payment in payment_reads.unmatched_payments(actor=actor()):
        failed = failed_assignment is not None and failed_assignment[0] == payment.id
        choices = _invoice_choices(open_invoices, payment.currency)
        form = failed_assignment[1] if failed else _assign_form(choices, payment.id)  # type: ignore[index]
        reason = unmatched_reason(payment.unmatched_code, payment_reads.unmatched_params(payment))
        unmatched.append((payment, reason, form if form.invoice_id.choices else None))
    return render_template(
        "finance/payments.html", upload=upload or BgMaxUploadForm(formdata=None), result=result,
        unmatched=unmatched, overdue=[invoice for invoice in open_invoices if invoice.payment_status == "overdue"],
        not_yet_due=[invoice for invoice in open_invoices if invoice.payment_status != "overdue"],
        unmatched_reason=unmatched_reason,
    ), status


@bp.route("")
@roles_required(*FINANCE)
def overview() -> Any:
    """Upload the morning file; unmatched payments to assign; overdue and unpaid invoices."""
    return _page()


@bp.route("/bgmax", methods=["POST"])
@roles_required(*FINANCE)
def import_file() -> Any:
    """Import a BgMax file and show what it paid; a file that does not read is refused whole, naming the line."""
    form = BgMaxUploadForm()
    if not form.validate():
        return _page(form, status=422)
    try:
        result = payments.import_bgmax(form.file.data.read(), actor=actor())
    except InvalidInput as error:
        for problem in apply_field_errors(form, error):
            flash(problem, "error")
        flash(gettext("Nothing of the file was imported."), "error")
        return _page(form, status=422)
    flash(gettext("Payments imported: %(matched)s matched, %(unmatched)s to assign, %(already)s already imported.",
                  matched=len(result.matched), unmatched=len(result.unmatched), already=len(result.already_imported)),
          "success")
    return _page(result=result)


@bp.route("/<int:payment_id>/assign", methods=["POST"])
@roles_required(*FINANCE)
def assign(payment_id: int) -> Any:
    """Assign an unmatched bank payment to an open invoice, with a reason."""
    payment = payment_reads.payment_of(payment_id, actor=actor())
    form = _assign_form(_invoice_choices(payment_reads.open_invoices(actor=actor()), payment.currency), payment_id,
                        request.form)
    if not form.validate():
        return _page(status=422, failed_assignment=(payment_id, form))
    try:
        payments.assign_payment(payment_id, form.invoice_id.data, form.reason.data, actor=actor())
    except InvalidInput as error:
        for problem in apply_field_errors(form, error):
            flash(problem, "error")
        return _page(status=422, failed_assignment=(payment_id, form))
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        flash(describe(error), "error")
        return redirect(url_for("finance_payments.overview"), code=303)
    flash(gettext("The payment was assigned."), "success")
    return redirect(url_for("finance_payments.overview"), code=303)

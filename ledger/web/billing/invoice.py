"""Finance pages of one invoice: review a draft, change its lines, issue or discard it, credit an issued one,
download its PDF and e-invoice; the money on it (payments, reminders, write-offs) is web/payments' part."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request
from flask_babel import gettext

from ledger.documents.invoice import untaxed_minor
from ledger.domain.billing.vat import decide_vat
from ledger.domain.errors import DomainError, InvalidInput
from ledger.downloads import pdf_attachment
from ledger.formatting import invoice_number, money
from ledger.models import Invoice
from ledger.services.billing.einvoices import archived_einvoice, has_einvoice
from ledger.services.billing.issuing import credit_invoice, issue_invoice
from ledger.services.billing.reads import credits_of, discard_draft, get_invoice, invoice_pdf
from ledger.services.payments.reads import with_payment
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.billing.forms import CreditForm, LineForm
from ledger.web.billing.links import invoice_url, overview_url, refused
from ledger.web.confirm import ask_first
from ledger.web.errors import apply_field_errors
from ledger.web.payments.money import money_context


def register(bp: Blueprint) -> None:
    """Add these pages to the blueprint."""
    bp.add_url_rule("/invoices/<int:invoice_id>", view_func=invoice)
    bp.add_url_rule("/invoices/<int:invoice_id>/issue", view_func=issue, methods=["POST"])
    bp.add_url_rule("/invoices/<int:invoice_id>/discard", view_func=discard, methods=["POST"])
    bp.add_url_rule("/invoices/<int:invoice_id>/credit", view_func=credit, methods=["POST"])
    bp.add_url_rule("/invoices/<int:invoice_id>/pdf", view_func=pdf)
    bp.add_url_rule("/invoices/<int:invoice_id>/peppol", view_func=peppol)


def review_page(invoice: Invoice, status: int = 200, *, credit_form: CreditForm | None = None,
                line_form: LineForm | None = None, **failed_money_forms: Any) -> Any:
    """The page of one invoice; a form that came back with errors is shown with them (status 422)."""
    credits = credits_of(invoice.id, actor=actor()) if invoice.kind == "invoice" else None
    view = with_payment(invoice)
    return render_template(
        "finance/invoice.html", invoice=invoice, credits=credits, payment=view,
        credit_form=credit_form or CreditForm(formdata=None), line_form=line_form or LineForm(formdata=None),
        vat=decide_vat(invoice.buyer_country, invoice.buyer_vat_number), untaxed_minor=untaxed_minor(invoice),
        vat_rate=f"{invoice.vat_rate_bp / 100:g}", other_language="en" if invoice.language == "sv" else "sv",
        has_einvoice=has_einvoice(invoice.id), **money_context(invoice, view, **failed_money_forms),
    ), status


def _review(invoice: Invoice, credit_form: CreditForm | None = None, status: int = 200) -> Any:
    return review_page(invoice, status, credit_form=credit_form)


@roles_required(*FINANCE)
def invoice(invoice_id: int) -> Any:
    """Review one invoice or credit note: buyer, lines, totals, VAT text, and what can be done with it.

    :raise 404: no such invoice.
    """
    return _review(get_invoice(invoice_id, actor=actor()))


@roles_required(*FINANCE)
def issue(invoice_id: int) -> Any:
    """Issue a draft: it takes the next number and its PDF is archived (after the user confirms)."""
    draft = get_invoice(invoice_id, actor=actor())
    question = ask_first(
        title=gettext("Issue the invoice to %(buyer)s?", buyer=draft.buyer_name),
        consequence=gettext("The invoice of %(total)s to %(buyer)s takes the next invoice number and is archived as "
                            "issued. An issued invoice cannot be changed or deleted, only credited.",
                            total=money(draft.to_pay_minor, draft.currency), buyer=draft.buyer_name),
        action=gettext("Issue the invoice"), cancel_url=invoice_url(invoice_id))
    if question is not None:
        return question
    try:
        issued = issue_invoice(invoice_id, actor=actor())
    except DomainError as error:
        return refused(error, invoice_url(invoice_id))
    flash(gettext("Invoice %(number)s issued.", number=invoice_number(issued)), "success")
    return redirect(invoice_url(invoice_id), code=303)


@roles_required(*FINANCE)
def discard(invoice_id: int) -> Any:
    """Delete a draft, so that its month can be run again."""
    draft = get_invoice(invoice_id, actor=actor())
    period, buyer = draft.period, draft.buyer_name
    try:
        discard_draft(invoice_id, actor=actor())
    except DomainError as error:
        return refused(error, invoice_url(invoice_id))
    flash(gettext("The draft for %(buyer)s was discarded; run %(period)s again to draft it anew.",
                  buyer=buyer, period=period), "success")
    return redirect(overview_url(period), code=303)


@roles_required(*FINANCE)
def credit(invoice_id: int) -> Any:
    """Credit an issued invoice with a reason; shows the new credit note."""
    original = get_invoice(invoice_id, actor=actor())
    form = CreditForm()
    if not form.validate():
        return _review(original, form, 422)
    number = invoice_number(original)
    credits = credits_of(invoice_id, actor=actor())
    consequence = gettext(
        "A credit note of the whole invoice %(number)s (%(total)s) is issued with a number of its own, and the hours "
        "the invoice sold are taken back from the service account. It cannot be undone.", number=number,
        total=money(original.to_pay_minor, original.currency)) if not credits.notes else gettext(
        "A credit note of what is left of invoice %(number)s (%(amount)s excluding VAT) is issued with a number of "
        "its own. It cannot be undone.", number=number, amount=money(credits.remaining_minor, original.currency))
    question = ask_first(
        title=gettext("Credit invoice %(number)s?", number=number),
        consequence=consequence,
        action=gettext("Issue the credit note"), cancel_url=invoice_url(invoice_id))
    if question is not None:
        return question
    try:
        note = credit_invoice(invoice_id, form.reason.data, actor=actor())
    except InvalidInput as error:
        for problem in apply_field_errors(form, error):
            flash(problem, "error")
        return _review(original, form, 422)
    except DomainError as error:
        return refused(error, invoice_url(invoice_id))
    flash(gettext("Credit note %(number)s issued for invoice %(original)s.", number=invoice_number(note),
                  original=invoice_number(original)), "success")
    return redirect(invoice_url(note.id), code=303)


@roles_required(*FINANCE)
def pdf(invoice_id: int) -> Any:
    """The PDF: an issued invoice's archived bytes, or a draft preview or a copy in the other language."""
    try:
        document = invoice_pdf(invoice_id, actor=actor(), language=request.args.get("lang") or None)
    except InvalidInput:
        flash(gettext("Choose sv or en as the language of the PDF."), "error")
        return _review(get_invoice(invoice_id, actor=actor()), status=422)
    return pdf_attachment(document)


@roles_required(*FINANCE)
def peppol(invoice_id: int) -> Any:
    """The e-invoice (Peppol BIS Billing 3.0 XML) as archived when the invoice was issued.

    :raise 404: no such invoice, or it has no e-invoice.
    """
    issued, document = archived_einvoice(invoice_id, actor=actor())
    response = Response(document.content, mimetype="application/xml")
    response.headers["Content-Disposition"] = f'attachment; filename="{invoice_number(issued)}.xml"'
    response.headers["X-Content-SHA256"] = document.sha256
    return response

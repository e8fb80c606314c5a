"""The page of an issue month: what was issued in it (invoices and credit notes by issue date, whatever month they
invoice), with its export for the accountant and its SIE 4 file, each saying how many documents it holds."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from ledger.domain.errors import InvalidInput
from ledger.domain.periods import Period, local_date, parse_period, period_of
from ledger.services.billing.reads import issued_documents
from ledger.services.clock import utcnow
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.billing.forms import PeriodForm
from ledger.web.errors import apply_field_errors


def register(bp: Blueprint) -> None:
    """Add the issue-month page to the finance blueprint."""
    bp.add_url_rule("/issued", view_func=issued)


@roles_required(*FINANCE)
def issued() -> Any:
    """Documents issued in a month (default: this month)."""
    form = PeriodForm(request.args if "period" in request.args else None, period=str(period_of(local_date(utcnow()))))
    period: Period | None = None
    if form.validate():
        try:
            period = parse_period(form.period.data)
        except InvalidInput as error:
            apply_field_errors(form, error)
    documents = [] if period is None else issued_documents(period, actor=actor())
    return render_template("finance/issued.html", form=form, period=period, documents=documents), \
        200 if period is not None else 422

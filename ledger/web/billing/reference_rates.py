"""The finance page for the Riksbank's reference rate, which late-payment interest is reckoned from."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext

from ledger.domain.errors import DomainError, InvalidInput
from ledger.services.billing.reference_rates import list_reference_rates, record_reference_rate
from ledger.services.settings import finance_settings
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.billing.forms import ReferenceRateForm
from ledger.web.errors import apply_field_errors, describe


def _page(form: ReferenceRateForm, status: int = 200) -> Any:
    settings = finance_settings()
    return render_template("finance/reference_rates.html", form=form, rates=list_reference_rates(actor=actor()),
                           points_bp=settings.late_interest_points_bp,
                           min_interest_minor=settings.min_interest_minor), status


@roles_required(*FINANCE)
def reference_rates() -> Any:
    """The reference rates on file, newest first, and the form to record one."""
    return _page(ReferenceRateForm(formdata=None))


@roles_required(*FINANCE)
def add_reference_rate() -> Any:
    """Record a half-year's reference rate; a bad field is marked on the form (422)."""
    form = ReferenceRateForm()
    if not form.validate():
        return _page(form, 422)
    try:
        record = record_reference_rate({"valid_from": form.valid_from.data, "rate": form.rate.data}, actor=actor())
    except InvalidInput as error:
        for problem in apply_field_errors(form, error):
            flash(problem, "error")
        return _page(form, 422)
    except DomainError as error:
        flash(describe(error), "error")
        return _page(form, 409)
    flash(gettext("The reference rate from %(date)s was recorded.", date=record.valid_from.isoformat()), "success")
    return redirect(url_for("finance.reference_rates"), code=303)


def register(bp: Blueprint) -> None:
    """Add the reference-rate page to the finance blueprint."""
    bp.add_url_rule("/reference-rates", view_func=reference_rates)
    bp.add_url_rule("/reference-rates", view_func=add_reference_rate, methods=["POST"])

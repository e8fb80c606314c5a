"""The finance page for exchange rates: record the Riksbank's rate an EUR invoice is issued at."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext

from ledger.domain.billing.exchange_rates import format_rate
from ledger.domain.errors import DomainError, InvalidInput
from ledger.services.billing.exchange_rates import list_exchange_rates, record_exchange_rate
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.billing.forms import ExchangeRateForm
from ledger.web.errors import apply_field_errors, describe


def _page(form: ExchangeRateForm, status: int = 200) -> Any:
    return render_template("finance/exchange_rates.html", form=form,
                           rates=list_exchange_rates(actor=actor())), status


@roles_required(*FINANCE)
def exchange_rates() -> Any:
    """The rates on file, newest first, and the form to record one."""
    return _page(ExchangeRateForm(formdata=None))


@roles_required(*FINANCE)
def add_exchange_rate() -> Any:
    """Record a rate; a bad field is marked on the form (422)."""
    form = ExchangeRateForm()
    if not form.validate():
        return _page(form, 422)
    try:
        record = record_exchange_rate({"currency": form.currency.data, "date": form.date.data,
                                       "rate": form.rate.data}, actor=actor())
    except InvalidInput as error:
        for problem in apply_field_errors(form, error):
            flash(problem, "error")
        return _page(form, 422)
    except DomainError as error:
        flash(describe(error), "error")
        return _page(form, 409)
    flash(gettext("%(currency)s %(date)s: %(rate)s SEK recorded.", currency=record.currency,
                  date=record.rate_date.isoformat(), rate=format_rate(record.rate_micro)), "success")
    return redirect(url_for("finance.exchange_rates"), code=303)


def register(bp: Blueprint) -> None:
    """Add the exchange-rate page to the finance blueprint."""
    bp.add_url_rule("/exchange-rates", view_func=exchange_rates)
    bp.add_url_rule("/exchange-rates", view_func=add_exchange_rate, methods=["POST"])

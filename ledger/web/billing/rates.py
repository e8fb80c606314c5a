"""The finance page for exchange rates: record the Riksbank's rate an EUR invoice is issued at, one by one or by
uploading the Riksbank's CSV (read by the parser `flask rates import` uses), after a preview of what it adds."""
from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext

from ledger.domain.errors import DomainError, InvalidInput
from ledger.formatting import exchange_rate
from ledger.services.billing.exchange_rates import (
    import_exchange_rates,
    list_exchange_rates,
    preview_exchange_rates,
    record_exchange_rate,
)
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.billing.forms import ExchangeRateForm, RatesConfirmForm, RatesUploadForm
from ledger.web.errors import apply_field_errors, describe


def _page(form: ExchangeRateForm, status: int = 200, upload: RatesUploadForm | None = None,
          preview: Any = None, confirm: RatesConfirmForm | None = None) -> Any:
    return render_template("finance/exchange_rates.html", form=form, rates=list_exchange_rates(actor=actor()),
                           upload=upload or RatesUploadForm(formdata=None, prefix="upload"), preview=preview,
                           confirm=confirm), status


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
                  date=record.rate_date.isoformat(), rate=exchange_rate(record.rate_micro)), "success")
    return redirect(url_for("finance.exchange_rates"), code=303)


@roles_required(*FINANCE)
def preview_upload() -> Any:
    """Read an uploaded Riksbank CSV and show what recording it would add; nothing is written yet."""
    upload = RatesUploadForm(prefix="upload")
    form = ExchangeRateForm(formdata=None)
    if not upload.validate():
        return _page(form, 422, upload=upload)
    data = upload.file.data.read()
    try:
        preview = preview_exchange_rates(data, actor=actor())
    except DomainError as error:
        upload.file.errors = [describe(error)]
        return _page(form, 422, upload=upload)
    confirm = RatesConfirmForm(formdata=None, prefix="confirm", content=base64.b64encode(data).decode("ascii"))
    return _page(form, 200, preview=preview, confirm=confirm)


@roles_required(*FINANCE)
def import_upload() -> Any:
    """Record the rates of the previewed file (all of them, or none if one contradicts a rate on file)."""
    confirm = RatesConfirmForm(prefix="confirm")
    try:
        data = base64.b64decode(confirm.content.data or "", validate=True) if confirm.validate() else b""
    except (binascii.Error, ValueError):
        data = b""
    if not data:
        flash(gettext("Upload the file again: the preview was lost."), "error")
        return redirect(url_for("finance.exchange_rates"), code=303)
    try:
        result = import_exchange_rates(data, actor=actor())
    except DomainError as error:
        flash(describe(error), "error")
        return redirect(url_for("finance.exchange_rates"), code=303)
    flash(gettext("Rates recorded: %(recorded)s; already on file: %(known)s.", recorded=result.recorded,
                  known=result.already_recorded), "success")
    return redirect(url_for("finance.exchange_rates"), code=303)


def register(bp: Blueprint) -> None:
    """Add the exchange-rate page to the finance blueprint."""
    bp.add_url_rule("/exchange-rates", view_func=exchange_rates)
    bp.add_url_rule("/exchange-rates", view_func=add_exchange_rate, methods=["POST"])
    bp.add_url_rule("/exchange-rates/preview", view_func=preview_upload, methods=["POST"])
    bp.add_url_rule("/exchange-rates/import", view_func=import_upload, methods=["POST"])

"""The books for finance as pages (docs/books.md): what is still deferred on a day, the month's VAT return boxes,
and its EC sales list with the file for Skatteverket. Each is a GET form -> one service call -> a template."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Regexp, ValidationError

from ledger.domain.errors import InvalidInput
from ledger.domain.periods import Period, local_date, parse_period, period_of
from ledger.services.books.deferred import deferred_report
from ledger.services.books.returns import month_ec_sales_list, month_vat_return
from ledger.services.clock import utcnow
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.billing.forms import PeriodForm
from ledger.web.errors import apply_field_errors

bp = Blueprint("finance_books", __name__, url_prefix="/finance/books")
DATE_MESSAGE = _l("Write the date as YYYY-MM-DD, for example 2026-10-31.")
#: What each box of the momsdeklaration holds, in the reader's language.
BOX_LABELS = {
    "05": _l("Taxable sales in Sweden"),
    "10": _l("Output VAT 25 %"),
    "39": _l("Services to businesses in other EU countries (reverse charge)"),
    "40": _l("Other services supplied outside Sweden"),
}


class DayForm(FlaskForm):
    """The day chooser: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    date = StringField(_l("Date"), validators=[DataRequired(DATE_MESSAGE),
                                               Regexp(r"^\d{4}-\d{2}-\d{2}$", message=DATE_MESSAGE)])

    def validate_date(self, field: StringField) -> None:
        try:
            date.fromisoformat(field.data)
        except (TypeError, ValueError):
            raise ValidationError(DATE_MESSAGE) from None


def _period_form() -> tuple[PeriodForm, Period | None]:
    form = PeriodForm(request.args if "period" in request.args else None, period=str(period_of(local_date(utcnow()))))
    if not form.validate():
        return form, None
    try:
        return form, parse_period(form.period.data)
    except InvalidInput as error:
        apply_field_errors(form, error)
        return form, None


@bp.route("/deferred")
@roles_required(*FINANCE)
def deferred() -> Any:
    """Deferred revenue per customer at the end of a day (default: today)."""
    form = DayForm(request.args if "date" in request.args else None, date=local_date(utcnow()).isoformat())
    if not form.validate():
        return render_template("books/deferred.html", form=form, day=None, rows=[]), 422
    day = date.fromisoformat(form.date.data)
    try:
        rows = deferred_report(day, actor=actor())
    except InvalidInput as error:
        apply_field_errors(form, error)
        return render_template("books/deferred.html", form=form, day=None, rows=[]), 422
    return render_template("books/deferred.html", form=form, day=day, rows=rows,
                           total=sum(row.deferred_minor for row in rows))


@bp.route("/vat-return")
@roles_required(*FINANCE)
def vat_return() -> Any:
    """The month's VAT return boxes (default: this month)."""
    form, period = _period_form()
    found = None if period is None else month_vat_return(period, actor=actor())
    return render_template("books/vat_return.html", form=form, period=period, found=found, labels=BOX_LABELS), \
        200 if period is not None else 422


@bp.route("/ec-sales-list")
@roles_required(*FINANCE)
def ec_sales_list() -> Any:
    """The month's EC sales list, and its file (default: this month)."""
    form, period = _period_form()
    found = None if period is None else month_ec_sales_list(period, actor=actor())
    return render_template("books/ec_sales_list.html", form=form, period=period, found=found), \
        200 if period is not None else 422


@bp.route("/ec-sales-list/file")
@roles_required(*FINANCE)
def ec_sales_file() -> Any:
    """The SKV 574008 file of a month, as a download."""
    form, period = _period_form()
    if period is None:
        return render_template("books/ec_sales_list.html", form=form, period=None, found=None), 422
    found = month_ec_sales_list(period, actor=actor())
    response = Response(found.content, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=ISO-8859-1"
    response.headers["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
    return response

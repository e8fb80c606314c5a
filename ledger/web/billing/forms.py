"""Forms of the finance pages: choosing a month, running and issuing it, crediting an invoice."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from ledger.web.input_fields import AmountField

#: The shape of a month; parse_period still checks the year range and names the problem.
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
MONTH_MESSAGE = _l("Write the month as YYYY-MM, for example 2026-10.")


class PeriodForm(FlaskForm):
    """The month chooser: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    period = StringField(_l("Month"), validators=[
        DataRequired(MONTH_MESSAGE), Regexp(MONTH_PATTERN, message=MONTH_MESSAGE),
    ])


class MonthActionForm(FlaskForm):
    """A button that acts on the month shown (run it, issue its drafts)."""

    period = HiddenField(validators=[DataRequired(MONTH_MESSAGE), Regexp(MONTH_PATTERN, message=MONTH_MESSAGE)])
    submit = SubmitField()


class CreditForm(FlaskForm):
    """Crediting an issued invoice: the reason is printed on the credit note."""

    reason = TextAreaField(_l("Reason for the credit"), validators=[
        DataRequired(_l("Write why the invoice is credited; the reason is printed on the credit note.")),
        Length(max=1000),
    ])
    submit = SubmitField(_l("Credit the invoice"))


class ExchangeRateForm(FlaskForm):
    """A currency's exchange rate on a date, as the Riksbank published it."""

    currency = SelectField(_l("Currency"), choices=[SelectChoice("EUR", "EUR")], default="EUR")
    date = StringField(_l("Date"), validators=[DataRequired(_l("Write the date as YYYY-MM-DD.")), Length(max=10)])
    rate = StringField(_l("SEK per unit"), validators=[DataRequired(_l("Write the rate, for example 11,4835.")),
                                                       Length(max=20)])
    submit = SubmitField(_l("Record the rate"))


UNIT_CHOICES = [SelectChoice("piece", _l("pcs")), SelectChoice("hour", _l("hours")), SelectChoice("day", _l("days")),
                SelectChoice("month", _l("months"))]


class LineForm(FlaskForm):
    """A line finance adds to a draft: what, how many of which unit, at what price each (excl. VAT)."""

    description = StringField(_l("Description"), validators=[
        DataRequired(_l("Write what the line is for.")), Length(max=200)])
    quantity = StringField(_l("Quantity"), default="1", validators=[
        DataRequired(_l("Write the quantity, such as 3 or 1,5.")), Length(max=20)])
    unit = SelectField(_l("Unit"), choices=UNIT_CHOICES, default="piece")
    unit_price = AmountField(_l("Unit price excl. VAT"), validators=[DataRequired(_l("Write the price of one unit."))])
    submit = SubmitField(_l("Add the line"))


class DraftNowForm(FlaskForm):
    """The customer to invoice now (what it bought and is not invoiced yet)."""

    customer_id = SelectField(_l("Customer"), coerce=int, validate_choice=True,
                              validators=[DataRequired(_l("Choose the customer."))])
    submit = SubmitField(_l("Draft an invoice now"))


class RatesUploadForm(FlaskForm):
    """The Riksbank's exchange-rate CSV, to preview and then record."""

    file = FileField(_l("The Riksbank's CSV file"), validators=[FileRequired(_l("Choose the CSV file."))])
    submit = SubmitField(_l("Show what it adds"))


class RatesConfirmForm(FlaskForm):
    """The previewed file, carried to the confirming post."""

    content = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Record these rates"))


class ReferenceRateForm(FlaskForm):
    """The Riksbank's reference rate from the first day of a half-year."""

    valid_from = StringField(_l("Valid from"), validators=[DataRequired(_l("Write the date as YYYY-MM-DD.")),
                                                           Length(max=10)])
    rate = StringField(_l("Reference rate, percent"), validators=[DataRequired(_l("Write the rate, such as 2,25.")),
                                                                   Length(max=10)])
    submit = SubmitField(_l("Record the reference rate"))

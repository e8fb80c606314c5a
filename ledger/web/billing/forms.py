"""Forms of the finance pages: choosing a month, running and issuing it, crediting an invoice."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

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

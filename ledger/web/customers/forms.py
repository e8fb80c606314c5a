"""Forms of the customer pages: shapes only; the services decide what the terms allow."""
from __future__ import annotations

from typing import Any

from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ledger.domain.customers.terms import COUNTRIES
from ledger.domain.minutes import MAX_BILLING_INCREMENT_MINUTES, MAX_LIMIT_MINUTES
from ledger.web.forms import page_language
from ledger.web.input_fields import AmountField, DurationField


class CustomerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    org_number = StringField(_l("Organisation number"), validators=[DataRequired(), Length(max=40)])
    vat_number = StringField(_l("VAT number"), validators=[Optional(), Length(max=40)])
    country = SelectField(_l("Country"), default="SE")
    language = SelectField(_l("Invoice language"), default="sv")
    currency = SelectField(_l("Currency"), default="SEK",
                           choices=[SelectChoice("SEK", "SEK"), SelectChoice("EUR", "EUR")])
    hourly_rate = AmountField(_l("Hourly rate"), validators=[DataRequired(), Length(max=40)])
    monthly_fee = AmountField(_l("Monthly fee"), validators=[DataRequired(), Length(max=40)])
    billing_increment_minutes = DurationField(
        _l("Billing increment"), default=1, low=1, high=MAX_BILLING_INCREMENT_MINUTES, validators=[InputRequired()])
    overdraft_limit_minutes = DurationField(_l("Overdraft limit"), low=0, high=MAX_LIMIT_MINUTES, validators=[Optional()])
    low_balance_minutes = DurationField(
        _l("Low-balance notice below"), default=120, low=0, high=MAX_LIMIT_MINUTES, validators=[InputRequired()])
    email = EmailField(_l("Invoice e-mail address"), validators=[Optional(), Length(max=254)])
    address = TextAreaField(_l("Address"), validators=[Optional(), Length(max=500)])
    invoice_reference = StringField(_l("Your reference (on invoices)"), validators=[Optional(), Length(max=100)])
    deployment = SelectField(_l("Deployment"), default="hosted", choices=[
        SelectChoice("hosted", _l("Hosted by us")), SelectChoice("on_premise", _l("On the customer's own servers"))])
    peppol_id = StringField(_l("Peppol ID for e-invoices (e.g. 0007:5567321707)"),
                            validators=[Optional(), Length(max=64)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = Locale.parse(page_language()).territories
        self.country.choices = [SelectChoice(code, names.get(code, code))
                                for code in sorted(COUNTRIES, key=lambda code: names.get(code, code))]
        self.language.choices = [SelectChoice("sv", _l("Swedish")), SelectChoice("en", _l("English"))]

    def validate_hourly_rate(self, field: AmountField) -> None:
        field.read(self.currency.data)

    def validate_monthly_fee(self, field: AmountField) -> None:
        field.read(self.currency.data)

    def service_data(self) -> dict[str, Any]:
        """The fields the service takes, amounts as "9500.00"; blanks left out so that its defaults apply."""
        data = {name: field.data for name, field in self._fields.items()
                if name != "csrf_token" and field.data not in (None, "")}
        for field in (self.hourly_rate, self.monthly_fee):
            if field.wire is not None:
                data[field.name] = field.wire
        return data


class CustomerTermsForm(FlaskForm):
    """The terms and address of an existing customer; who it is and its currency stay as created."""

    name = CustomerForm.name
    vat_number = CustomerForm.vat_number
    email = CustomerForm.email
    address = CustomerForm.address
    invoice_reference = CustomerForm.invoice_reference
    language = CustomerForm.language
    hourly_rate = CustomerForm.hourly_rate
    monthly_fee = CustomerForm.monthly_fee
    billing_increment_minutes = CustomerForm.billing_increment_minutes
    overdraft_limit_minutes = CustomerForm.overdraft_limit_minutes
    low_balance_minutes = CustomerForm.low_balance_minutes

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice("sv", _l("Swedish")), SelectChoice("en", _l("English"))]

    def service_data(self) -> dict[str, Any]:
        """Every field, blanks as None: emptying an optional field (or the overdraft limit) is a change too."""
        return {name: (None if field.data in (None, "") else field.data)
                for name, field in self._fields.items() if name != "csrf_token"}

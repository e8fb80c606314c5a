"""Forms of the staff pages: shapes only; the services decide what is valid for the ledger and the terms."""
from __future__ import annotations

from typing import Any
from uuid import uuid4

from babel import Locale
from flask import flash
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ledger.domain.catalogue import Catalogue
from ledger.domain.classification import MAX_DESCRIPTION_LENGTH, MAX_REFERENCE_LENGTH
from ledger.domain.customers import COUNTRIES
from ledger.domain.errors import InvalidInput
from ledger.domain.minutes import MAX_BILLING_INCREMENT_MINUTES, MAX_ENTRY_MINUTES, MAX_LIMIT_MINUTES, MAX_TASK_MINUTES
from ledger.models import Customer
from ledger.services.idempotency import MAX_KEY_LENGTH
from ledger.services.tasks import MAX_NOTE_LENGTH
from ledger.web.errors import apply_field_errors, describe
from ledger.web.input_fields import AmountField, DurationField

WORK_FIELDS = ("customer_id", "work_date", "minutes", "category", "root_cause", "partner_new_major_version",
               "agreement_reference", "description", "case_id")


def page_language() -> str:
    """The language the page is shown in: sv or en."""
    locale = get_locale()
    return locale.language if locale is not None and locale.language in ("sv", "en") else "sv"


def bilingual(sv: str, en: str) -> str:
    """The text of a catalogue pair in the page's language."""
    return en if page_language() == "en" else sv


def show_service_errors(form: FlaskForm, error: InvalidInput) -> None:
    """Put a service's field errors next to the fields; flash those that fit no field, and a summary."""
    for problem in apply_field_errors(form, error):
        flash(problem, "error")
    flash(describe(error), "error")


def _optional_int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _optional_text(value: Any) -> str | None:
    return value if value not in (None, "") else None


class IdempotentForm(FlaskForm):
    """A form that books something: the hidden key makes a double click book once."""

    idempotency_key = HiddenField(validators=[Length(max=MAX_KEY_LENGTH)])

    def ensure_key(self) -> str:
        """The form's key, a new one when the form is rendered for the first time."""
        if not self.idempotency_key.data:
            self.idempotency_key.data = uuid4().hex
        return self.idempotency_key.data


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


class HourPackageForm(IdempotentForm):
    """Hours are sold in hours and minutes; the price is typed as people write amounts."""

    hours = IntegerField(_l("Hours"), validators=[Optional(), NumberRange(0, MAX_ENTRY_MINUTES // 60)])
    minutes = IntegerField(_l("and minutes"), validators=[Optional(), NumberRange(0, MAX_ENTRY_MINUTES)])
    price = AmountField(_l("Price"), validators=[DataRequired(), Length(max=40)])

    def __init__(self, *args: Any, currency: str = "SEK", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency

    def validate_price(self, field: AmountField) -> None:
        field.read(self.currency)

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, then the package as a whole: some time, and no more than one entry may hold."""
        valid = super().validate(extra_validators)
        if valid and not 1 <= self.total_minutes <= MAX_ENTRY_MINUTES:
            self.hours.errors = [*self.hours.errors, str(_l("Give the hours (and minutes) of the package."))]
            valid = False
        return valid

    @property
    def total_minutes(self) -> int:
        """The package's size in minutes."""
        return (self.hours.data or 0) * 60 + (self.minutes.data or 0)


class AdjustmentForm(FlaskForm):
    """A manual correction (admin only)."""

    minutes = DurationField(_l("Time (negative to take away)"), id="adjust-minutes", signed=True,
                            high=MAX_ENTRY_MINUTES, validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), id="adjust-reason", validators=[DataRequired(), Length(max=MAX_NOTE_LENGTH)])


class CloseForm(FlaskForm):
    reason = TextAreaField(_l("Reason for closing"), id="close-reason",
                           validators=[DataRequired(), Length(max=MAX_NOTE_LENGTH)])


class VoidForm(FlaskForm):
    reason = TextAreaField(_l("Reason for voiding"), id="void-reason",
                           validators=[DataRequired(), Length(max=MAX_NOTE_LENGTH)])


class ResolveForm(FlaskForm):
    root_cause = SelectField(_l("Cause found"), validators=[InputRequired()])
    next = HiddenField()

    def __init__(self, catalogue: Catalogue, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.root_cause.choices = [SelectChoice("", _l("Choose the cause"))] + [
            SelectChoice(key, bilingual(sv, en)) for key, (sv, en) in catalogue.root_cause_labels.items()
            if key != "unknown"
        ]


class OverrideForm(FlaskForm):
    outcome = SelectField(_l("New outcome"), validators=[InputRequired()], choices=[
        SelectChoice("included", _l("Included in the monthly fee")),
        SelectChoice("debited", _l("Debited from the service account")),
    ])
    reason = TextAreaField(_l("Reason"), id="override-reason", validators=[DataRequired(), Length(max=MAX_NOTE_LENGTH)])


class WorkForm(IdempotentForm):
    """Log work; shapes only, so that a preview needs no more than what decides the outcome."""

    customer_id = SelectField(_l("Customer"), coerce=_optional_int)
    work_date = DateField(_l("Date of the work"))
    minutes = DurationField(_l("Time spent"), high=MAX_TASK_MINUTES)
    category = SelectField(_l("Kind of work"), validators=[InputRequired()])
    root_cause = SelectField(_l("Cause of the fault"), coerce=_optional_text)
    partner_new_major_version = BooleanField(_l("The partner released a new major version"))
    agreement_reference = StringField(_l("Agreement reference (quote or order)"),
                                      validators=[Length(max=MAX_REFERENCE_LENGTH)])
    description = TextAreaField(_l("Description of the work"), validators=[Length(max=MAX_DESCRIPTION_LENGTH)])
    case_id = IntegerField(_l("Support case number (optional)"), validators=[Optional(), NumberRange(1, 2**31 - 1)])

    def __init__(self, customers: list[Customer], catalogue: Catalogue, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer_id.choices = [SelectChoice("", _l("Choose a customer"))] + [
            SelectChoice(str(customer.id), f"{customer.name} ({customer.org_number})",
                         render_kw={"data-overdraft-limit": "" if customer.overdraft_limit_minutes is None
                                    else str(customer.overdraft_limit_minutes)})
            for customer in customers
        ]
        self.category.choices = [SelectChoice("", _l("Choose the kind of work"))] + [
            SelectChoice(key, bilingual(category.label_sv, category.label_en),
                         render_kw={"data-help": bilingual(category.help_sv, category.help_en)})
            for key, category in catalogue.categories.items()
        ]
        self.root_cause.choices = [SelectChoice("", _l("Not given"))] + [
            SelectChoice(key, bilingual(sv, en)) for key, (sv, en) in catalogue.root_cause_labels.items()
        ]

    def validate_for(self, action: str) -> bool:
        """Validate the shapes; saving also needs the customer, date, minutes and a description."""
        saving = action == "save"
        required = [InputRequired()] if saving else [Optional()]
        return self.validate(extra_validators={
            "customer_id": [InputRequired()] if saving else [],
            "work_date": required,
            "minutes": required,
            "description": [DataRequired()] if saving else [],
        })

    def task_data(self) -> dict[str, Any]:
        """The task facts for the services: blanks as absent, a checked box as True."""
        data = {name: self[name].data for name in WORK_FIELDS}
        data["partner_new_major_version"] = True if data["partner_new_major_version"] else None
        data["agreement_reference"] = (data["agreement_reference"] or "").strip() or None
        data["description"] = data["description"] or ""
        return {name: value for name, value in data.items() if value is not None}


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

"""Forms of the payments pages: the bank's file, assigning an unmatched payment, and money recorded by hand
(payments, their reversal, refunds, write-offs)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ledger.web.input_fields import AmountField


class BgMaxUploadForm(FlaskForm):
    """The morning's BgMax file, exactly as the bank delivered it."""

    file = FileField(_l("BgMax file from the bank"), validators=[
        FileRequired(_l("Choose the BgMax file the bank delivered."))])
    submit = SubmitField(_l("Import payments"))


class AssignForm(FlaskForm):
    """Which open invoice an unmatched payment pays, and why; prefixed by the payment so that each form on the
    page has its own field ids. The app-wide CSRF check covers it (the page sends the token as csrf_token)."""

    class Meta:
        csrf = False

    invoice_id = SelectField(_l("Invoice"), coerce=int, validate_choice=True,
                             validators=[DataRequired(_l("Choose the invoice the payment pays."))])
    reason = TextAreaField(_l("Why this invoice"), validators=[
        DataRequired(_l("Write why the payment belongs to this invoice.")), Length(max=1000)])
    submit = SubmitField(_l("Assign the payment"))


METHOD_LABELS = {"transfer": _l("Bank transfer"), "swish": _l("Swish"), "card": _l("Card"),
                 "bankgiro": _l("Bankgiro"), "other": _l("Other")}
METHOD_CHOICES = [SelectChoice(value, label) for value, label in METHOD_LABELS.items()]


def method_label(method: str | None) -> str:
    """A payment method in the page's language ("" when none was given)."""
    return str(METHOD_LABELS.get(method or "", "")) if method else ""


class PaymentForm(FlaskForm):
    """A payment received by hand: the day, the amount, how it was paid and its reference."""

    paid_on = DateField(_l("Payment date"), validators=[DataRequired(_l("Write the date as YYYY-MM-DD."))])
    amount = AmountField(_l("Amount"), validators=[DataRequired(_l("Write the amount received."))])
    method = SelectField(_l("Paid by"), choices=METHOD_CHOICES, default="transfer")
    reference = StringField(_l("Reference"), validators=[Length(max=100)])
    submit = SubmitField(_l("Record the payment"))


class ReasonForm(FlaskForm):
    """A reason, for taking back a payment recorded by mistake or writing off a remainder; prefixed per use."""

    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Write the reason.")), Length(max=1000)])
    submit = SubmitField()


class RefundForm(FlaskForm):
    """Paying an over-payment back: how much (default all of it), how, and its reference."""

    amount = AmountField(_l("Amount to refund"), validators=[Optional()])
    method = SelectField(_l("Paid back by"), choices=METHOD_CHOICES, default="transfer")
    reference = StringField(_l("Reference"), validators=[Length(max=100)])
    submit = SubmitField(_l("Record the refund"))

"""Forms of the case pages: shapes only; the case services decide what a plan and the workflow allow."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ledger.domain.support.cases import MAX_MESSAGE_LENGTH, MAX_NOTE_LENGTH, MAX_SUBJECT_LENGTH, TRANSITIONS
from ledger.domain.support.plans import SEVERITIES
from ledger.models import Contact, Customer
from ledger.web.forms import IdempotentForm, optional_int
from ledger.web.support.labels import CHANNEL_LABELS, STATUS_ACTIONS, severity_label

CASE_FIELDS = ("severity", "subject", "description", "channel", "reporter_contact_id")


class CaseForm(IdempotentForm):
    """Report a problem for the user's own customer (the portal)."""

    severity = RadioField(_l("Severity"), coerce=optional_int, validators=[InputRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=MAX_SUBJECT_LENGTH)])
    description = TextAreaField(_l("What happens, and since when?"),
                                validators=[DataRequired(), Length(max=MAX_MESSAGE_LENGTH)])
    channel = SelectField(_l("Channel"), validators=[InputRequired()])
    reporter_contact_id = SelectField(_l("Reported by"), coerce=optional_int, validators=[Optional()])

    def __init__(self, customers: list[Customer], contacts: list[Contact], channels: tuple[str, ...],
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.severity.choices = [SelectChoice(str(level), severity_label(level)) for level in SEVERITIES]
        self.channel.choices = [SelectChoice(channel, CHANNEL_LABELS[channel]) for channel in channels]
        names = {customer.id: customer.name for customer in customers}
        self.reporter_contact_id.choices = [SelectChoice("", _l("Nobody named"))] + [
            SelectChoice(str(contact.id), contact.name if len(names) == 1 else
                         f"{contact.name} ({names.get(contact.customer_id, contact.customer_id)})")
            for contact in contacts]

    def case_data(self) -> dict[str, Any]:
        """The report for the case service; an unnamed reporter left out."""
        data = {name: self[name].data for name in self.service_fields}
        return {name: value for name, value in data.items() if value is not None}

    service_fields = CASE_FIELDS


def _customer_choices(customers: list[Customer]) -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose a customer"))] + [
        SelectChoice(str(customer.id), customer.name) for customer in customers]


class StaffCaseForm(CaseForm):
    """Open a case for the customer the staff member chose, by one of the channels of that customer's plan."""

    customer_id = SelectField(_l("Customer"), coerce=optional_int, validators=[InputRequired()])
    service_fields = ("customer_id", *CASE_FIELDS)

    def __init__(self, customers: list[Customer], contacts: list[Contact], channels: tuple[str, ...], *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(customers, contacts, channels, *args, **kwargs)
        self.customer_id.choices = _customer_choices(customers)


class CustomerChoiceForm(FlaskForm):
    """The first step of opening a case: which customer (a GET form; the case form then offers its plan's
    channels)."""

    class Meta:
        csrf = False

    customer_id = SelectField(_l("Customer"), coerce=optional_int, validators=[Optional()])

    def __init__(self, customers: list[Customer], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer_id.choices = _customer_choices(customers)


class ReplyForm(FlaskForm):
    """A reply, with files if any (a reply of files alone needs no text: the service says when neither is there)."""

    message = TextAreaField(_l("Reply"), validators=[Optional(), Length(max=MAX_MESSAGE_LENGTH)])
    files = MultipleFileField(_l("Files (optional, at most 10 MB each)"))


class StatusForm(FlaskForm):
    """Move the case on; only the moves its status allows are offered."""

    status = SelectField(_l("New status"), validators=[InputRequired()])
    note = TextAreaField(_l("Note (optional)"), id="status-note", validators=[Optional(), Length(max=MAX_NOTE_LENGTH)])

    def __init__(self, current: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [
            SelectChoice(status, STATUS_ACTIONS["reopen" if current == "resolved" and status == "open" else status])
            for status in TRANSITIONS[current]]


class SeverityForm(FlaskForm):
    severity = SelectField(_l("New severity"), coerce=optional_int, validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), id="severity-reason", validators=[DataRequired(), Length(max=MAX_NOTE_LENGTH)])

    def __init__(self, current: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.severity.choices = [SelectChoice(str(level), severity_label(level)) for level in SEVERITIES
                                 if level != current]


class CaseFilterForm(FlaskForm):
    """The case list's filters: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    show = SelectField(_l("Show"), default="open", choices=[
        SelectChoice("open", _l("Open cases")), SelectChoice("breached", _l("Breached")),
        SelectChoice("waiting", _l("Waiting on the customer")), SelectChoice("resolved", _l("Resolved cases")),
        SelectChoice("all", _l("All cases"))])
    customer_id = SelectField(_l("Customer"), coerce=optional_int, validators=[Optional()])

    def __init__(self, customers: list[Customer], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer_id.choices = [SelectChoice("", _l("All customers"))] + [
            SelectChoice(str(customer.id), customer.name) for customer in customers]

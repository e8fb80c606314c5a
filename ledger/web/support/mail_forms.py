"""Forms of the mail desk's pages: an internal note, and making a case of an inbox item or discarding it."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, MultipleFileField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ledger.domain.support.cases import MAX_MESSAGE_LENGTH, MAX_NOTE_LENGTH, MAX_SUBJECT_LENGTH
from ledger.domain.support.plans import SEVERITIES
from ledger.models import Customer
from ledger.web.forms import optional_int
from ledger.web.support.labels import severity_label

FILES_LABEL = _l("Files (optional, at most 10 MB each)")


class NoteForm(FlaskForm):
    """An internal note: never mailed, never shown to the customer."""

    message = TextAreaField(_l("Note"), id="note-message",
                            validators=[Optional(), Length(max=MAX_MESSAGE_LENGTH)])
    files = MultipleFileField(FILES_LABEL, id="note-files")


class InboxCaseForm(FlaskForm):
    """Make a case of a message for a customer staff choose, optionally adding the sender as its contact."""

    customer_id = SelectField(_l("Customer"), coerce=optional_int, validators=[InputRequired()])
    severity = SelectField(_l("Severity"), coerce=optional_int, validators=[InputRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=MAX_SUBJECT_LENGTH)])
    add_contact = BooleanField(_l("Add the sender as a contact of the customer"))
    contact_name = StringField(_l("The contact's name"), validators=[Optional(), Length(max=200)])
    contact_language = SelectField(_l("The contact's language"), default="sv",
                                   choices=[SelectChoice("sv", "Svenska"), SelectChoice("en", "English")])

    def __init__(self, customers: list[Customer], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer_id.choices = [SelectChoice("", _l("Choose a customer"))] + [
            SelectChoice(str(customer.id), customer.name) for customer in customers]
        self.severity.choices = [SelectChoice(str(level), severity_label(level)) for level in SEVERITIES]

    def case_data(self) -> dict[str, Any]:
        """What the inbox service takes."""
        return {"customer_id": self.customer_id.data, "severity": self.severity.data, "subject": self.subject.data,
                "add_contact": bool(self.add_contact.data), "contact_name": self.contact_name.data or None,
                "contact_language": self.contact_language.data}


class DiscardForm(FlaskForm):
    reason = TextAreaField(_l("Why is it discarded?"), id="discard-reason",
                           validators=[DataRequired(), Length(max=MAX_NOTE_LENGTH)])

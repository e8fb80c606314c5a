"""Forms of the work pages: log work, resolve, override and void; the services decide what the terms allow."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ledger.domain.minutes import MAX_TASK_MINUTES
from ledger.domain.work.catalogue import Catalogue
from ledger.domain.work.classification import MAX_DESCRIPTION_LENGTH, MAX_REFERENCE_LENGTH
from ledger.models import Customer
from ledger.services.work.tasks import MAX_NOTE_LENGTH
from ledger.web.forms import IdempotentForm, bilingual, optional_int, optional_text
from ledger.routing import MAX_ID, parse_id
from ledger.web.input_fields import DurationField, translate_code

class IdField(IntegerField):
    """A record's number as typed (a support case's): ASCII digits up to the largest id, refused otherwise (a
    number of 400 digits would overflow WTForms' own range check)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the number typed, or refuse it in the page's language."""
        self.data = None
        text = str(valuelist[0]).strip() if valuelist else ""
        if text:
            number = parse_id(text)
            if number is None:
                raise ValueError(translate_code("out_of_range", low=1, high=MAX_ID))
            self.data = number


WORK_FIELDS = ("customer_id", "work_date", "minutes", "category", "root_cause", "partner_new_major_version",
               "agreement_reference", "description", "case_id")


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

    customer_id = SelectField(_l("Customer"), coerce=optional_int)
    work_date = DateField(_l("Date of the work"))
    minutes = DurationField(_l("Time spent"), high=MAX_TASK_MINUTES)
    category = SelectField(_l("Kind of work"), validators=[InputRequired()])
    root_cause = SelectField(_l("Cause of the fault"), coerce=optional_text)
    partner_new_major_version = BooleanField(_l("The partner released a new major version"))
    agreement_reference = StringField(_l("Agreement reference (quote or order)"),
                                      validators=[Length(max=MAX_REFERENCE_LENGTH)])
    description = TextAreaField(_l("Description of the work"), validators=[Length(max=MAX_DESCRIPTION_LENGTH)])
    case_id = IdField(_l("Support case number (optional)"), validators=[Optional()])

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

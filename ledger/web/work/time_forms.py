"""Forms of the staff-time pages: start and stop a timer, correct a task, and the week sheet's rows."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ledger.domain.minutes import MAX_TASK_MINUTES
from ledger.domain.work.catalogue import Catalogue
from ledger.domain.work.classification import MAX_DESCRIPTION_LENGTH, MAX_REFERENCE_LENGTH
from ledger.domain.work.week_sheet import MAX_ROWS, WEEKDAYS
from ledger.models import Customer
from ledger.services.work.tasks import MAX_NOTE_LENGTH
from ledger.web.forms import IdempotentForm, bilingual, optional_int, optional_text
from ledger.web.input_fields import DurationField
from ledger.web.work.forms import IdField

#: Rows a new week sheet shows, and how many "More rows" adds.
BLANK_ROWS = 5


def customer_choices(customers: list[Customer], empty: Any) -> list[SelectChoice]:
    """Active customers to choose from, with a first empty choice."""
    return [SelectChoice("", empty)] + [SelectChoice(str(customer.id), f"{customer.name} ({customer.org_number})")
                                        for customer in customers]


def category_choices(catalogue: Catalogue, empty: Any) -> list[SelectChoice]:
    """The catalogue's kinds of work in the page's language."""
    return [SelectChoice("", empty)] + [SelectChoice(key, bilingual(item.label_sv, item.label_en))
                                        for key, item in catalogue.categories.items()]


def cause_choices(catalogue: Catalogue) -> list[SelectChoice]:
    """The catalogue's root causes, with "not given" first."""
    return [SelectChoice("", _l("Not given"))] + [SelectChoice(key, bilingual(sv, en))
                                                  for key, (sv, en) in catalogue.root_cause_labels.items()]


def _blank_to_none(data: dict[str, Any]) -> dict[str, Any]:
    """Blanks as absent, an unticked box as absent (False would be a fact of its own), text trimmed."""
    cleaned = {}
    for name, value in data.items():
        if isinstance(value, str):
            value = value.strip() or None
        if value is False:
            value = None
        cleaned[name] = value
    return cleaned


class TimerStartForm(FlaskForm):
    """Start a timer: the customer now, the kind of work and description now or when it stops."""

    customer_id = SelectField(_l("Customer"), coerce=optional_int, validators=[DataRequired()])
    category = SelectField(_l("Kind of work"), coerce=optional_text, validate_choice=False)
    description = TextAreaField(_l("Description of the work"), validators=[Length(max=MAX_DESCRIPTION_LENGTH)])
    case_id = IdField(_l("Support case number (optional)"), validators=[Optional()])

    def __init__(self, customers: list[Customer], catalogue: Catalogue, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer_id.choices = customer_choices(customers, _l("Choose a customer"))
        self.category.choices = category_choices(catalogue, _l("Choose when you stop"))

    def timer_data(self) -> dict[str, Any]:
        """What the timer service takes."""
        return {name: value for name, value in _blank_to_none({
            "customer_id": self.customer_id.data, "category": self.category.data,
            "description": self.description.data, "case_id": self.case_id.data}).items() if value is not None}


class TimerStopForm(FlaskForm):
    """Stop a timer: the facts it still needs, and the time worked when it ran overnight."""

    minutes = DurationField(_l("Time worked"), high=MAX_TASK_MINUTES)
    confirm_overnight = BooleanField(_l("Yes, log the whole time the timer ran"))
    category = SelectField(_l("Kind of work"), coerce=optional_text, validate_choice=False)
    root_cause = SelectField(_l("Cause of the fault"), coerce=optional_text, validate_choice=False)
    partner_new_major_version = BooleanField(_l("The partner released a new major version"))
    agreement_reference = StringField(_l("Agreement reference (quote or order)"),
                                      validators=[Length(max=MAX_REFERENCE_LENGTH)])
    description = TextAreaField(_l("Description of the work"), validators=[Length(max=MAX_DESCRIPTION_LENGTH)])
    next = HiddenField()

    def __init__(self, catalogue: Catalogue, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices(catalogue, _l("Choose the kind of work"))
        self.root_cause.choices = cause_choices(catalogue)

    def stop_data(self) -> dict[str, Any]:
        """What the stop takes: the time typed (if any), the confirmation and the facts given."""
        data = _blank_to_none({name: self[name].data for name in (
            "category", "root_cause", "partner_new_major_version", "agreement_reference", "description")})
        data.update({"minutes": self.minutes.data, "confirm_overnight": bool(self.confirm_overnight.data)})
        return {name: value for name, value in data.items() if value is not None}


class CorrectForm(FlaskForm):
    """A task's facts to correct, shown as they are, and why."""

    customer_id = SelectField(_l("Customer"), coerce=optional_int, validators=[DataRequired()])
    work_date = DateField(_l("Date of the work"), validators=[DataRequired()])
    minutes = DurationField(_l("Time spent"), high=MAX_TASK_MINUTES, validators=[DataRequired()])
    category = SelectField(_l("Kind of work"), validators=[DataRequired()])
    root_cause = SelectField(_l("Cause of the fault"), coerce=optional_text)
    partner_new_major_version = BooleanField(_l("The partner released a new major version"))
    agreement_reference = StringField(_l("Agreement reference (quote or order)"),
                                      validators=[Length(max=MAX_REFERENCE_LENGTH)])
    description = TextAreaField(_l("Description of the work"),
                                validators=[DataRequired(), Length(max=MAX_DESCRIPTION_LENGTH)])
    reason = TextAreaField(_l("Why it is corrected"), validators=[DataRequired(), Length(max=MAX_NOTE_LENGTH)])

    def __init__(self, customers: list[Customer], catalogue: Catalogue, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer_id.choices = customer_choices(customers, _l("Choose a customer"))
        self.category.choices = category_choices(catalogue, _l("Choose the kind of work"))
        self.root_cause.choices = cause_choices(catalogue)

    def changes(self) -> dict[str, Any]:
        """The correction as the service takes it: every fact as the form shows it, and the reason."""
        facts = _blank_to_none({name: self[name].data for name in (
            "work_date", "description", "root_cause", "partner_new_major_version", "agreement_reference")})
        return {"customer_id": self.customer_id.data, "minutes": self.minutes.data, "category": self.category.data,
                "facts": facts, "reason": self.reason.data}


class WeekRowForm(Form):
    """One row of the week sheet (no CSRF of its own: the sheet's form carries it)."""

    customer_id = SelectField(_l("Customer"), coerce=optional_int, validate_choice=False)
    category = SelectField(_l("Kind of work"), coerce=optional_text, validate_choice=False)
    root_cause = SelectField(_l("Cause of the fault"), coerce=optional_text, validate_choice=False)
    agreement_reference = StringField(_l("Agreement reference"), validators=[Length(max=MAX_REFERENCE_LENGTH)])
    description = StringField(_l("Description"), validators=[Length(max=MAX_DESCRIPTION_LENGTH)])
    mon = StringField(_l("Monday"), validators=[Length(max=20)])
    tue = StringField(_l("Tuesday"), validators=[Length(max=20)])
    wed = StringField(_l("Wednesday"), validators=[Length(max=20)])
    thu = StringField(_l("Thursday"), validators=[Length(max=20)])
    fri = StringField(_l("Friday"), validators=[Length(max=20)])
    sat = StringField(_l("Saturday"), validators=[Length(max=20)])
    sun = StringField(_l("Sunday"), validators=[Length(max=20)])

    def facts(self) -> dict[str, Any]:
        """The row's facts for its tasks (blanks absent; a description is always given, perhaps empty)."""
        facts = _blank_to_none({name: self[name].data for name in (
            "category", "root_cause", "agreement_reference")})
        facts = {name: value for name, value in facts.items() if value is not None}
        facts["description"] = (self.description.data or "").strip()
        return facts

    def cells(self) -> tuple[str, ...]:
        """The text typed in each day's cell, Monday first."""
        return tuple((self[day].data or "").strip() for day in WEEKDAYS)


class WeekSheetForm(IdempotentForm):
    """A week of work for several customers: rows of customer, kind of work and description, a time per day."""

    week = HiddenField()
    rows = FieldList(FormField(WeekRowForm), min_entries=BLANK_ROWS, max_entries=MAX_ROWS)

    def set_choices(self, customers: list[Customer], catalogue: Catalogue) -> None:
        """Give every row the customers and the catalogue's kinds of work and causes."""
        customers_offered = customer_choices(customers, _l("Choose a customer"))
        categories = category_choices(catalogue, _l("Choose the kind of work"))
        causes = cause_choices(catalogue)
        for row in self.rows:
            row.customer_id.choices, row.category.choices, row.root_cause.choices = (
                customers_offered, categories, causes)

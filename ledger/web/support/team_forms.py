"""Forms of the team's pages: the queues' filters (kept in the URL), the assignee picker, the report's month."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Optional

from ledger.domain.support.cases import STATUSES
from ledger.domain.support.plans import SEVERITIES
from ledger.domain.support.sla_groups import GROUPINGS
from ledger.models import Customer, User
from ledger.web.forms import optional_int
from ledger.web.support.labels import STATUS_LABELS, plan_label, severity_label

GROUPING_LABELS = {"plan": _l("Support plan"), "severity": _l("Severity"), "assignee": _l("Assignee"),
                   "customer": _l("Customer")}


def optional_text(value: Any) -> str | None:
    """A select's value; None when "any" was chosen."""
    return value or None


class QueueFilterForm(FlaskForm):
    """A queue's filters: a GET form (no CSRF token: it changes nothing), so the filters stay in the URL."""

    class Meta:
        csrf = False

    customer_id = SelectField(_l("Customer"), coerce=optional_int, validators=[Optional()])
    plan = SelectField(_l("Support plan"), coerce=optional_text, validators=[Optional()])
    severity = SelectField(_l("Severity"), coerce=optional_int, validators=[Optional()])
    status = SelectField(_l("Status"), coerce=optional_text, validators=[Optional()])

    def __init__(self, customers: list[Customer], plan_ids: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer_id.choices = [SelectChoice("", _l("All customers"))] + [
            SelectChoice(str(customer.id), customer.name) for customer in customers]
        self.plan.choices = [SelectChoice("", _l("All plans"))] + [
            SelectChoice(plan_id, plan_label(plan_id)) for plan_id in plan_ids]
        self.severity.choices = [SelectChoice("", _l("All severities"))] + [
            SelectChoice(str(level), severity_label(level)) for level in SEVERITIES]
        self.status.choices = [SelectChoice("", _l("Open and waiting"))] + [
            SelectChoice(status, STATUS_LABELS[status]) for status in STATUSES]

    def chosen(self) -> dict[str, Any]:
        """The filters that were given and are valid (a bad one is dropped and marked on the form)."""
        self.validate()
        return {name: self[name].data for name in ("customer_id", "plan", "severity", "status")
                if not self[name].errors and self[name].data is not None}


class AssigneeForm(FlaskForm):
    """Who owns the case: a staff member or admin, or nobody."""

    user_id = SelectField(_l("Assignee"), coerce=optional_int, validators=[Optional()])

    def __init__(self, users: list[User], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id.choices = [SelectChoice("", _l("Nobody (the team's)"))] + [
            SelectChoice(str(user.id), user.display_name) for user in users]


class TeamReportForm(FlaskForm):
    """The report's month and grouping (a GET form)."""

    class Meta:
        csrf = False

    period = StringField(_l("Month"), validators=[Optional()])
    group_by = SelectField(_l("Grouped by"), default="plan",
                           choices=[SelectChoice(grouping, GROUPING_LABELS[grouping]) for grouping in GROUPINGS])

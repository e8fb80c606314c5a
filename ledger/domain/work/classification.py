"""Classifying a task by the catalogue: included in the monthly fee, debited, or needing review."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.domain.errors import FieldErrors, InvalidInput
from ledger.domain.minutes import MAX_TASK_MINUTES
from ledger.domain.problems import N_, define_messages
from ledger.domain.text import refuse_line_breaks
from ledger.domain.work.catalogue import ROOT_CAUSES, Catalogue, Rule

MAX_DESCRIPTION_LENGTH = 2000
MAX_REFERENCE_LENGTH = 100
#: No work is logged for a day before this (a typo such as 0202 for 2026, or a date that is not one).
EARLIEST_WORK_DATE = date(2000, 1, 1)

MESSAGES = define_messages({
    "unknown_category": N_("Unknown category %(category)s; valid categories: %(choices)s."),
    "task_minutes_out_of_range": N_("Must be a whole number of minutes from %(low)s to %(high)s (one day)."),
    "work_date_in_future": N_("%(work_date)s is in the future; log work on the day it was done."),
    "description_required": N_("Describe the work done."),
    "not_true_or_false": N_("Must be true or false."),
    "agreed_in_advance_only": N_("This work may only be debited when it was agreed in advance; give the quote or "
                                 "order reference."),
})


def latest_work_date(today: date) -> date:
    """The last day work may be dated: the end of next year (a later date is a typo, not a plan)."""
    return date(today.year + 1, 12, 31)


@dataclass(frozen=True)
class TaskFacts:
    """What staff report about a piece of work; the input of `classify`."""

    category: str
    minutes: int
    work_date: date | None = None
    description: str = ""
    root_cause: str | None = None
    partner_new_major_version: bool | None = None
    agreement_reference: str | None = None
    #: Logged on a support case beyond the plan's incidents per month (taken from the case, never reported).
    over_quota: bool = False
    #: A maintenance agreement covers the work date (taken from the agreements, never reported).
    maintenance_active: bool = False

    def condition_values(self) -> dict[str, Any]:
        """Facts as conditions see them: absent and "unknown" root causes alike, a reference as present or not."""
        return {
            "root_cause": self.root_cause,
            "partner_new_major_version": bool(self.partner_new_major_version),
            "agreement_reference": self.agreement_reference,
            "over_quota": bool(self.over_quota),
            "maintenance_active": bool(self.maintenance_active),
        }


@dataclass(frozen=True)
class Decision:
    """The outcome, the rule that decided it and why, in Swedish and English."""

    outcome: str
    rule_id: str
    reason_sv: str
    reason_en: str
    catalogue_id: str
    catalogue_version: str
    label_sv: str = ""
    label_en: str = ""
    clause: str = ""


def _refuse_unknown_category(catalogue: Catalogue, category: object) -> InvalidInput:
    return InvalidInput.single("category", "unknown_category", category=str(category)[:100],
                               choices=sorted(catalogue.categories))


def _check_work_date(errors: FieldErrors, work_date: object, today: date | None) -> None:
    if work_date is None:
        return
    if not isinstance(work_date, date):
        errors.add("work_date", "not_a_date")
        return
    latest = latest_work_date(today) if today is not None else date.max
    if not EARLIEST_WORK_DATE <= work_date <= latest:
        errors.add("work_date", "out_of_range", low=EARLIEST_WORK_DATE, high=latest)
    elif today is not None and work_date > today:
        errors.add("work_date", "work_date_in_future", work_date=work_date)


def check_task_facts(
    data: dict[str, Any], catalogue: Catalogue, *, today: date | None = None, complete: bool = True
) -> TaskFacts:
    """Validate reported facts against the catalogue; raise InvalidInput naming every bad field.

    `complete` (recording a task) also requires the work date and a description; a dry-run
    classification needs only what decides the outcome.
    """
    errors = FieldErrors()
    if complete:
        for field in ("work_date", "description"):
            if data.get(field) is None:
                errors.add(field, "required")
    category = data.get("category")
    if category not in catalogue.categories:
        errors.merge(_refuse_unknown_category(catalogue, category))
    minutes = data.get("minutes")
    if minutes is None and not complete:
        minutes = 0  # a preview before the time is known: decides the outcome, bills nothing
    elif isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_TASK_MINUTES:
        errors.add("minutes", "task_minutes_out_of_range", low=1, high=MAX_TASK_MINUTES)
    work_date = data.get("work_date")
    _check_work_date(errors, work_date, today)
    description = data.get("description")
    if description is not None and (not isinstance(description, str) or (complete and not description.strip())):
        errors.add("description", "description_required")
    elif isinstance(description, str) and len(description) > MAX_DESCRIPTION_LENGTH:
        errors.add("description", "too_long", max_length=MAX_DESCRIPTION_LENGTH)
    root_cause = data.get("root_cause")
    if root_cause is not None and root_cause not in ROOT_CAUSES:
        errors.add("root_cause", "one_of", choices=ROOT_CAUSES)
    major = data.get("partner_new_major_version")
    if major is not None and not isinstance(major, bool):
        errors.add("partner_new_major_version", "not_true_or_false")
    reference = data.get("agreement_reference")
    if reference is not None and not isinstance(reference, str):
        errors.add("agreement_reference", "not_text")
    elif isinstance(reference, str) and len(reference) > MAX_REFERENCE_LENGTH:
        errors.add("agreement_reference", "too_long", max_length=MAX_REFERENCE_LENGTH)
    else:
        refuse_line_breaks(errors, "agreement_reference", reference)
    errors.raise_if_any()
    return TaskFacts(
        category=category,  # type: ignore[arg-type]
        minutes=minutes,  # type: ignore[arg-type]
        work_date=work_date,
        description=(description or "").strip(),
        root_cause=root_cause,
        partner_new_major_version=major,
        agreement_reference=(reference or "").strip() or None,
    )


def classify(facts: TaskFacts, catalogue: Catalogue) -> Decision:
    """Decide a task by the first matching rule of its category (pure: no I/O, no clock).

    :raise InvalidInput: unknown category, or a required fact (such as the agreement reference) missing.
    """
    category = catalogue.category(facts.category)
    if category is None:
        raise _refuse_unknown_category(catalogue, facts.category)
    values = facts.condition_values()
    for fact in category.requires:
        if not values.get(fact):
            raise InvalidInput.single(fact, "agreed_in_advance_only")
    choice = next(choice for choice in category.choices if choice.matches(values))
    rule = catalogue.rules[choice.rule_id]
    return Decision(
        outcome=rule.outcome,
        rule_id=rule.id,
        reason_sv=rule.reason_sv,
        reason_en=rule.reason_en,
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        label_sv=rule.label_sv,
        label_en=rule.label_en,
        clause=rule.clause,
    )


#: An admin's decision over the rules is recorded with this rule id prefix (override.included, override.debited).
OVERRIDE_PREFIX = "override."


def override_reasons(overridden: Rule | None, note: str) -> tuple[str, str]:
    """Why an admin's override decided a task, in Swedish and English: the rule it overrode named by its words and
    clause (a customer reads this: never a rule id), then the admin's reason."""
    if overridden is None:
        return f"Beslutat av administratör: {note}", f"Decided by an administrator: {note}"
    return (f"Beslutat av administratör i stället för villkoret ”{overridden.label_sv}” ({overridden.clause}): {note}",
            f"Decided by an administrator instead of the terms' “{overridden.label_en}” ({overridden.clause}): {note}")


def override_decision(outcome: str, overridden: Rule | None, note: str, catalogue_id: str,
                      catalogue_version: str) -> Decision:
    """The decision an admin's override records: included or debited, with the reasons of `override_reasons`."""
    reason_sv, reason_en = override_reasons(overridden, note)
    return Decision(outcome=outcome, rule_id=f"{OVERRIDE_PREFIX}{outcome}", reason_sv=reason_sv, reason_en=reason_en,
                    catalogue_id=catalogue_id, catalogue_version=catalogue_version)

"""Why a task was decided as it was, in the words a customer reads: the clause of the terms and its text.

A customer never sees a rule id or a catalogue version (staff pages may). An admin's override names the rule it
overrode by its words and clause — also for overrides recorded before the reason was written that way, whose
stored reason still carries the rule's id: their reason is written again here from the decision's note.
"""
from __future__ import annotations

from dataclasses import dataclass

from ledger.domain.work.catalogue import Catalogue, Rule
from ledger.domain.work.classification import OVERRIDE_PREFIX, override_reasons
from ledger.models import Task
from ledger.services.work.rules import active_catalogue


@dataclass(frozen=True)
class Explanation:
    """A task's reason in both languages and the clause of the terms behind it, with the clause's text.

    `overridden` says that the clause is the one an admin decided against.
    """

    reason_sv: str
    reason_en: str
    clause: str = ""
    terms: str = ""
    overridden: bool = False


def ruled_by(task: Task, catalogue: Catalogue) -> Rule | None:
    """The rule of the terms that decided the task, or that an admin's override decided against (the latest rule
    of its history that the catalogue knows); None when the catalogue no longer has it."""
    if not task.rule_id.startswith(OVERRIDE_PREFIX):
        return catalogue.rules.get(task.rule_id)
    for decision in reversed(task.decisions):
        for rule_id in (decision.rule_id, decision.overridden_rule_id):
            if rule_id in catalogue.rules:
                return catalogue.rules[rule_id]
    return None


def explain_task(task: Task) -> Explanation:
    """The customer's reading of a task's decision: the reason, and the clause of the terms with its text."""
    catalogue = active_catalogue()
    rule = ruled_by(task, catalogue)
    clause, terms = (rule.clause, rule.terms) if rule is not None else ("", "")
    if not task.rule_id.startswith(OVERRIDE_PREFIX):
        return Explanation(task.reason_sv, task.reason_en, clause, terms)
    override = next((decision for decision in reversed(task.decisions) if decision.action == "overridden"), None)
    reason_sv, reason_en = override_reasons(rule, (override.note or "") if override is not None else "")
    return Explanation(reason_sv, reason_en, clause, terms, overridden=True)

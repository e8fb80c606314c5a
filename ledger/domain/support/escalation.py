"""Escalation (docs/support.md): which targets of a case have reached a level the assignee and the lead must hear of.

A target escalates twice at most: at 80 % used ("at_risk") and when breached. A target already breached when it is
first looked at escalates as breached only; a met target never escalates; a target paused while the case waits on
the customer is not escalated as at risk (its time stands still), only once it runs again.
"""
from __future__ import annotations

from ledger.domain.support.sla import SlaState, TargetState

LEVELS = ("at_risk", "breached")


def escalation_level(state: TargetState) -> str | None:
    """The level one target has reached now, or None."""
    if state.met_epoch is not None or state.target_business_minutes is None:
        return None
    if state.breached:
        return "breached"
    if state.at_risk and not state.paused:
        return "at_risk"
    return None


def due_escalations(sla: SlaState) -> list[tuple[str, str]]:
    """(target, level) for each target of a case that has reached a level now."""
    found = []
    for target, state in sla.targets():
        level = escalation_level(state)
        if level is not None:
            found.append((target, level))
    return found


def escalation_note(target: str, level: str) -> str:
    """The message of an `escalated` event: "resolution:at_risk"."""
    return f"{target}:{level}"


def parse_escalation_note(message: str | None) -> tuple[str, str] | None:
    """(target, level) from an `escalated` event's message; None for anything else."""
    target, _, level = (message or "").partition(":")
    if target in ("first_response", "resolution") and level in LEVELS:
        return target, level
    return None

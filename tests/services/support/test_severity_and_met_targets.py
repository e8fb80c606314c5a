"""Issue 22, items 12 and 13, through the case services on both engines: a severity change never restarts a clock,
and a met target keeps the due time it had when met, in a single read and in a list (with its kept clocks)."""
from __future__ import annotations

from ledger.services.access import SYSTEM
from ledger.services.support.case_reads import get_case, list_cases
from ledger.services.support.cases import change_case_severity, change_case_status, respond_to_case
from tests.services.support_helpers import local, on_plan, open_at


def _listed(case_id: int):
    return next(view for view in list_cases(actor=SYSTEM) if view.case.id == case_id)


def test_gold_severity_1_with_30_minutes_left_changed_to_2_and_back_keeps_30_minutes_and_raising_may_breach(
        make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 8))
    customer = on_plan(make_customer, "gold")
    enterprise = on_plan(make_customer, "enterprise")
    slow_id = open_at(freeze_clock, local(2029, 9, 3, 9), enterprise.id, severity=3).case.id  # 24 bh to answer
    case_id = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id, severity=1).case.id
    freeze_clock(local(2029, 9, 3, 16, 30))
    assert get_case(case_id, actor=SYSTEM).sla.first_response.business_minutes_left == 30
    _listed(case_id)  # the list keeps the clocks it made ready; the changes below must replace them
    change_case_severity(case_id, 2, "Det finns en tillfällig lösning", actor=SYSTEM)
    freeze_clock(local(2029, 9, 3, 16, 31))
    back = change_case_severity(case_id, 1, "Lösningen höll inte", actor=SYSTEM)
    assert back.sla.first_response.business_minutes_left == 29
    assert back.sla.first_response.due_at == local(2029, 9, 3, 17, 0)
    assert back.sla.resolution.business_minutes_left == 16 * 60 - 7 * 60 - 31
    assert _listed(case_id).sla == back.sla
    # raising the severity of a case past the new target breaches it at once
    freeze_clock(local(2029, 9, 4, 12))
    raised = change_case_severity(slow_id, 1, "Alla användare drabbade", actor=SYSTEM)  # 8 bh, 11 bh used
    assert raised.sla.first_response.breached and raised.sla.first_response.due_at == local(2029, 9, 3, 17, 0)


def test_a_resolved_cases_resolution_due_time_stays_what_it_was_when_met_however_late_it_is_read(
        make_customer, freeze_clock):
    freeze_clock(local(2026, 11, 30, 8))
    customer = on_plan(make_customer, "enterprise")
    case_id = open_at(freeze_clock, local(2026, 12, 1, 9), customer.id, severity=2).case.id  # 7 business days
    freeze_clock(local(2026, 12, 1, 10))
    respond_to_case(case_id, "Vi tittar på det.", actor=SYSTEM)
    freeze_clock(local(2026, 12, 3, 12))
    resolved = change_case_status(case_id, "resolved", actor=SYSTEM)
    due = resolved.sla.resolution.due_at
    assert due == local(2026, 12, 9, 17, 0) and resolved.sla.resolution.met_at == local(2026, 12, 3, 12)
    for later in (local(2026, 12, 3, 15), local(2026, 12, 17, 9), local(2027, 1, 20, 9)):
        freeze_clock(later)
        assert get_case(case_id, actor=SYSTEM).sla.resolution == resolved.sla.resolution
        assert _listed(case_id).sla.resolution == resolved.sla.resolution
    assert not resolved.sla.resolution.breached

"""Lists keep each case's clocks made ready between reads; what they show is still the replay of the events."""
from __future__ import annotations

import pytest

from ledger.models import Case
from ledger.services.access import SYSTEM
from ledger.services.support.case_reads import get_case, list_cases
from ledger.services.support.cases import _append, change_case_severity, change_case_status, respond_to_case
from ledger.services.support.sla_clocks import forget_ready_clocks
from ledger.services.tx import write_transaction
from tests.services.support_helpers import local, on_plan, open_at


def listed(case_id: int):
    return next(view for view in list_cases(actor=SYSTEM) if view.case.id == case_id)


def assert_lists_show_the_replayed_clocks(case_ids: list[int]) -> None:
    views = {view.case.id: view for view in list_cases(actor=SYSTEM)}
    for case_id in case_ids:
        assert views[case_id].sla == get_case(case_id, actor=SYSTEM).sla


def test_a_list_read_again_after_new_events_shows_what_the_events_now_say(make_customer, freeze_clock):
    customer = on_plan(make_customer, "gold")
    case = open_at(freeze_clock, local(2029, 3, 5, 9), customer.id).case
    freeze_clock(local(2029, 3, 5, 11))
    assert listed(case.id).sla.resolution.paused is False
    change_case_status(case.id, "waiting_on_customer", "Väntar på loggar", actor=SYSTEM)
    freeze_clock(local(2029, 3, 6, 11))
    waiting = listed(case.id).sla.resolution
    assert (waiting.paused, waiting.business_minutes_used) == (True, 2 * 60)
    respond_to_case(case.id, "Tack, vi tittar på det.", actor=SYSTEM)
    change_case_severity(case.id, 1, "Produktionen står", actor=SYSTEM)
    freeze_clock(local(2029, 3, 7, 15))
    assert_lists_show_the_replayed_clocks([case.id])


def test_clocks_kept_from_one_moment_read_as_the_replay_at_later_moments(make_customer, freeze_clock):
    customer = on_plan(make_customer, "enterprise")
    ids = [open_at(freeze_clock, local(2029, 3, 5, 9 + hour), customer.id).case.id for hour in range(4)]
    freeze_clock(local(2029, 3, 5, 14))
    change_case_status(ids[1], "waiting_on_customer", None, actor=SYSTEM)
    respond_to_case(ids[2], "Vi är på det.", actor=SYSTEM)
    change_case_status(ids[3], "resolved", "Löst", actor=SYSTEM)
    for moment in (local(2029, 3, 5, 15), local(2029, 3, 8, 10), local(2029, 4, 2, 12)):
        freeze_clock(moment)
        assert_lists_show_the_replayed_clocks(ids)
    forget_ready_clocks()
    assert_lists_show_the_replayed_clocks(ids)


def test_a_list_read_inside_a_write_that_rolls_back_keeps_nothing_of_what_it_saw(make_customer, freeze_clock):
    customer = on_plan(make_customer, "gold")
    case_id = open_at(freeze_clock, local(2029, 3, 5, 9), customer.id).case.id
    freeze_clock(local(2029, 3, 5, 11))
    with pytest.raises(RuntimeError), write_transaction() as session:
        _append(session, session.get_one(Case, case_id), "status", SYSTEM.id, local(2029, 3, 5, 10),
                status="waiting_on_customer")
        session.flush()
        assert listed(case_id).sla.resolution.paused is True
        raise RuntimeError("the write fails after the read")
    respond_to_case(case_id, "Vi ringer er.", actor=SYSTEM)  # a new event with the seq the rolled-back one had
    after = listed(case_id).sla
    assert (after.resolution.paused, after.first_response.met_epoch is not None) == (False, True)
    assert_lists_show_the_replayed_clocks([case_id])

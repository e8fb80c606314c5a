"""The team's queues on both engines (docs/support.md) over 200 cases in every state: open, waiting, resolved, closed and
reopened; answered or not; calm, at risk and breached; mine, a colleague's and nobody's. Each queue and filter is
checked against the clocks replayed case by case in the domain (not through the list's kept clocks or its SQL), and
"At risk" is ordered by the business time left on its targets at risk."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert

from ledger.domain.support.cases import OPEN_STATUSES
from ledger.domain.support.sla import ClockEvent, SlaState, sla_state
from ledger.extensions import db
from ledger.models import Case, CaseEvent
from ledger.services.errors import Forbidden
from ledger.services.support.queues import CaseFilters, find_cases, queue_counts, queue_filters, time_left
from ledger.services.support.sla_clocks import forget_ready_clocks
from tests.domain.support_plans import CALENDAR, PLANS
from tests.services.support_helpers import local

NOW = local(2029, 9, 12, 14, 20)  # a Wednesday afternoon
PLAN_IDS = ("professional", "enterprise", "gold")
ENDINGS = ("open", "answered", "waiting", "resolved", "closed", "reopened")


def _history(rng: random.Random, opened: datetime, severity: int, ending: str) -> list[tuple]:
    """(kind, at, severity, status) events of one case ending as `ending`, every one before NOW."""
    events = [("opened", opened, severity, "open")]
    step = lambda at: min(at + timedelta(minutes=rng.randint(10, 900)), NOW - timedelta(minutes=1))  # noqa: E731
    at = opened
    if ending != "open" or rng.random() < 0.3:
        at = step(at)
        events.append(("responded", at, None, None))
    if ending == "waiting":
        events.append(("status", step(at), None, "waiting_on_customer"))
    elif ending in ("resolved", "closed", "reopened"):
        at = step(at)
        events.append(("resolved", at, None, "resolved"))
        if ending == "closed":
            events.append(("status", step(at), None, "closed"))
        elif ending == "reopened":
            events.append(("reopened", step(at), None, "open"))
    return sorted(events, key=lambda event: event[1])


@pytest.fixture
def two_hundred_cases(make_customer, make_user, freeze_clock):
    """200 cases over three customers (one per plan), with their events written as they are stored."""
    freeze_clock(NOW)
    rng = random.Random(24)
    customers = [make_customer(name=f"{plan.title()} AB").id for plan in PLAN_IDS]
    me, colleague = make_user("staff"), make_user("staff")
    cases, events, expected = [], [], {}
    for case_id in range(1, 201):
        index = rng.randrange(3)
        severity = rng.randint(1, 4)
        ending = ENDINGS[case_id % len(ENDINGS)]
        opened = NOW - timedelta(minutes=rng.randint(30, 9 * 24 * 60))
        history = _history(rng, opened, severity, ending)
        status = {"answered": "open", "reopened": "open", "waiting": "waiting_on_customer"}.get(ending, ending)
        resolved_at = next((at for kind, at, _, _ in history if kind == "resolved"), None)
        assignee = rng.choice((None, me.id, colleague.id))
        cases.append({"id": case_id, "customer_id": customers[index], "plan": PLAN_IDS[index], "severity": severity,
                      "status": status, "subject": f"Ärende {case_id}", "description": "Test", "channel": "email",
                      "over_quota": False, "opened_at": opened, "last_event_seq": len(history),
                      "resolved_at": resolved_at if status in ("resolved", "closed") else None,
                      "assignee_id": assignee})
        for seq, (kind, at, level, state) in enumerate(history, start=1):
            events.append({"case_id": case_id, "seq": seq, "kind": kind, "at": at, "severity": level,
                           "status": state})
        clocks = [ClockEvent(kind, at, level, state) for kind, at, level, state in history]
        expected[case_id] = (cases[-1], sla_state(clocks, PLANS.plans[PLAN_IDS[index]].targets, CALENDAR, NOW))
    db.session.execute(insert(Case), cases)
    db.session.execute(insert(CaseEvent), events)
    db.session.commit()
    forget_ready_clocks()
    return expected, me, customers


def _ids(views) -> list[int]:
    return [view.case.id for view in views]


def _where(expected: dict[int, tuple[dict, SlaState]], keep) -> set[int]:
    return {case_id for case_id, (row, sla) in expected.items() if keep(row, sla)}


FILTERS = [
    (CaseFilters(plan="gold", severity=1), lambda row, sla: row["plan"] == "gold" and row["severity"] == 1),
    (CaseFilters(statuses=("resolved",), breached=True), lambda row, sla: row["status"] == "resolved" and sla.breached),
    (CaseFilters(assignee="none", statuses=OPEN_STATUSES, at_risk=False),
     lambda row, sla: row["assignee_id"] is None and row["status"] in OPEN_STATUSES and not sla.at_risk),
]


def test_every_queue_and_filter_holds_exactly_the_cases_their_replayed_clocks_say(two_hundred_cases, make_user):
    expected, me, customers = two_hundred_cases
    is_open = lambda row: row["status"] in OPEN_STATUSES  # noqa: E731
    statuses = {row["status"] for row, _ in expected.values()}
    assert statuses == {"open", "waiting_on_customer", "resolved", "closed"}
    assert len(_where(expected, lambda row, sla: is_open(row) and sla.breached)) >= 10
    assert len(_where(expected, lambda row, sla: is_open(row) and sla.at_risk)) >= 5
    assert len(_where(expected, lambda row, sla: is_open(row) and not sla.at_risk and not sla.breached)) >= 10
    for reading in ("first read, every case replayed", "later read, from the kept clocks"):
        queues = {name: _ids(find_cases(queue_filters(name), actor=me)) for name in
                  ("mine", "unassigned", "at_risk", "breached")}
        assert set(queues["mine"]) == _where(expected, lambda row, sla: is_open(row) and row["assignee_id"] == me.id)
        assert set(queues["unassigned"]) == _where(expected, lambda row, sla: is_open(row)
                                                   and row["assignee_id"] is None)
        assert set(queues["breached"]) == _where(expected, lambda row, sla: is_open(row) and sla.breached), reading
        assert set(queues["at_risk"]) == _where(expected, lambda row, sla: is_open(row) and sla.at_risk), reading
        left = [time_left(expected[case_id][1], at_risk_only=True) for case_id in queues["at_risk"]]
        assert left == sorted(left), "At risk: the least business time left first"
        counts = queue_counts(actor=me)
        assert (counts.mine, counts.unassigned, counts.at_risk, counts.breached) == tuple(
            len(queues[name]) for name in ("mine", "unassigned", "at_risk", "breached"))
    # the list's own filters
    for filters, keep in FILTERS:
        assert set(_ids(find_cases(filters, actor=me))) == _where(expected, keep), filters
    colleague_id = next(row["assignee_id"] for row, _ in expected.values()
                        if row["assignee_id"] not in (None, me.id))
    found = _ids(find_cases(CaseFilters(assignee=colleague_id, customer_id=customers[1]), actor=me))
    assert set(found) == _where(expected, lambda row, sla: row["assignee_id"] == colleague_id
                                and row["customer_id"] == customers[1])
    breaches = [expected[case_id][1].next_due_epoch for case_id in found]
    assert [due for due in breaches if due is not None] == sorted(due for due in breaches if due is not None)
    customer_user = make_user("customer", customers[2])
    own = _ids(find_cases(CaseFilters(), actor=customer_user))
    assert set(own) == _where(expected, lambda row, sla: row["customer_id"] == customers[2])
    with pytest.raises(Forbidden):
        find_cases(CaseFilters(assignee="me"), actor=customer_user)

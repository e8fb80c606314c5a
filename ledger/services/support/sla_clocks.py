"""The SLA state of many cases at once, with each case's clocks made ready once per event (docs/support.md).

The state is still recomputed from the events: what is kept between reads is only what the events, the plan's
targets and the calendar already fix (`ledger.domain.support.sla_ready`), per case and per the `last_event_seq` it
was made from. Case events are append-only and every new one moves the case's `last_event_seq`, so a case
with a new event is read again; a changed plan file or calendar makes every case ready again from its facts.
Only committed events are kept: a read inside a write transaction (whose events may still be rolled back)
uses what it reads and keeps nothing.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from itertools import islice
from typing import Any

from flask import current_app
from sqlalchemy import BigInteger, Integer, Select, cast, extract, func, select

from ledger.database import WRITE_OPTION
from ledger.domain.support.business_calendar import BusinessCalendar, epoch_seconds
from ledger.domain.support.sla import ClockFacts, SlaState, Targets, fold_events
from ledger.domain.support.sla_ready import ReadyClocks, prepare, state_at
from ledger.extensions import db
from ledger.models import Case, CaseEvent
from ledger.services.support.plans import active_calendar, active_plans

_EXTENSION = "servicekonto.sla_clocks"
#: Cases kept per process at most (a few hundred bytes each); the older half goes when it is full.
KEPT_CASES = 200_000
#: Up to this many cases with a new event are read by id; more, by the list's own query.
_BY_ID = 500


class _Kept:
    """One case's facts as of an event seq, and its clocks made ready for one plan's targets and calendar."""

    __slots__ = ("seq", "facts", "targets", "calendar", "ready")

    def __init__(self, seq: int, facts: ClockFacts) -> None:
        self.seq, self.facts = seq, facts
        self.targets: Targets | None = None
        self.calendar: BusinessCalendar | None = None
        self.ready: ReadyClocks | None = None

    def ready_for(self, targets: Targets, calendar: BusinessCalendar) -> ReadyClocks:
        if self.ready is None or self.targets is not targets or self.calendar is not calendar:
            self.ready, self.targets, self.calendar = prepare(self.facts, targets, calendar), targets, calendar
        return self.ready


def _kept() -> dict[int, _Kept]:
    return current_app.extensions.setdefault(_EXTENSION, {})  # type: ignore[no-any-return]


def forget_ready_clocks() -> None:
    """Drop every kept case: the next list reads every case's events again (as after a restart)."""
    current_app.extensions.pop(_EXTENSION, None)


def _epoch_seconds(column: Any) -> Any:
    """A moment column as whole epoch seconds, computed by the database (parsing thousands of timestamps in
    Python costs more than the clocks themselves). Moments are stored as naive UTC on both engines."""
    if db.engine.dialect.name == "sqlite":
        return cast(func.strftime("%s", column), Integer)
    return cast(func.floor(extract("epoch", column)), BigInteger)


def _facts(query: Select[tuple[Case]], cases: Sequence[Case]) -> dict[int, ClockFacts]:
    """Each case's facts folded from its events up to its `last_event_seq` (later ones belong to a newer read)."""
    if len(cases) <= _BY_ID:
        which = CaseEvent.case_id.in_([case.id for case in cases])
    else:
        which = CaseEvent.case_id.in_(query.with_only_columns(Case.id).order_by(None))
    upto = {case.id: case.last_event_seq for case in cases}
    events: dict[int, list[Any]] = defaultdict(list)
    for row in db.session.execute(  # the rows themselves go to the clocks: they have kind, at, severity, status
        select(CaseEvent.case_id, CaseEvent.seq, CaseEvent.kind, _epoch_seconds(CaseEvent.at).label("at"),
               CaseEvent.severity, CaseEvent.status)
        .where(which).order_by(CaseEvent.case_id, CaseEvent.seq)
    ):
        if row.seq <= upto.get(row.case_id, 0):
            events[row.case_id].append(row)
    return {case_id: fold_events(rows) for case_id, rows in events.items()}


def _keep(kept: dict[int, _Kept], entries: dict[int, _Kept]) -> None:
    if len(kept) + len(entries) > KEPT_CASES:
        for case_id in list(islice(kept, len(kept) // 2 + len(entries))):
            del kept[case_id]
    kept.update(entries)


def sla_states(query: Select[tuple[Case]], cases: Sequence[Case], now: datetime) -> list[SlaState]:
    """The SLA state of each of `cases` (what `query` selected) as of `now`, in the same order."""
    kept = _kept()
    entries: list[_Kept | None] = []
    stale = []
    for case in cases:
        entry = kept.get(case.id)
        if entry is None or entry.seq != case.last_event_seq:
            stale.append(case)
        entries.append(entry)
    if stale:
        facts = _facts(query, stale)
        fresh = {case.id: _Kept(case.last_event_seq, facts[case.id]) for case in stale}
        entries = [fresh.get(case.id, entry) for case, entry in zip(cases, entries, strict=True)]
        if not db.session.connection().get_execution_options().get(WRITE_OPTION):
            _keep(kept, fresh)
    plans, calendar = active_plans(), active_calendar()
    default = plans.default_plan.targets
    targets = {plan_id: plan.targets for plan_id, plan in plans.plans.items()}
    current = epoch_seconds(now)
    elapsed = calendar.seconds_until(current)
    states = []
    for case, entry in zip(cases, entries, strict=True):
        plan_targets = targets.get(case.plan, default)
        ready = entry.ready_for(plan_targets, calendar)  # type: ignore[union-attr]
        states.append(state_at(ready, plan_targets, calendar, current, elapsed))
    return states

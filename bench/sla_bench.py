"""SLA benchmark: the SLA state of N open cases against a plain list of the same rows.

    python -m bench.sla_bench [--cases 10000] [--database-url postgresql+psycopg://...]

The cases (and three events each: opened, a reply, waiting on the customer for every third) go in by
Core INSERTs in batches, spread over the last two months of one customer per plan. Baseline: the same
open cases read as ORM rows with nothing computed, with the garbage collector paused as the SLA list pauses
it (without that the baseline pays a collection over 10,000 new objects the SLA list does not, which once made
the ratio look twice as good as it was). *sla / plain* is what every case's clock costs on top of reading it:
on a later read (each case's clocks made ready once per event, `ledger.services.support.sla_clocks`) and on the first
read after a start (every case's events read and replayed).
"""
from __future__ import annotations

import argparse
from datetime import timedelta

from sqlalchemy import insert, select

from bench.common import bench_customer, default_database_url, engine_label, interleaved_medians, print_table, scratch_app
from ledger.domain.support.cases import OPEN_STATUSES
from ledger.extensions import db
from ledger.models import Case, CaseEvent
from ledger.services.access import SYSTEM
from ledger.services.clock import utcnow
from ledger.services.support.agreements import create_agreement
from ledger.services.support.case_reads import collector_paused, list_cases
from ledger.services.support.sla_clocks import forget_ready_clocks

BATCH = 2000


def load_cases(count: int) -> None:
    """`count` open cases over three customers (Professional, Enterprise, Gold), with their events."""
    customers = [bench_customer(f"SLA {plan} AB", f"sla-{plan}", currency="EUR")
                 for plan in ("professional", "enterprise", "gold")]
    for customer_id, plan in zip(customers[1:], ("enterprise", "gold"), strict=True):
        create_agreement(customer_id, {"kind": "support_plan", "plan": plan,
                                       "start_date": (utcnow() - timedelta(days=90)).date()}, actor=SYSTEM)
    now = utcnow()
    plans = ("professional", "enterprise", "gold")
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        first_id = start + 1
        cases, events = [], []
        for offset in range(size):
            index, case_id = start + offset, first_id + offset
            opened = now - timedelta(minutes=37 * (index % 2400))
            waiting = index % 3 == 0
            cases.append({"id": case_id, "customer_id": customers[index % 3], "plan": plans[index % 3],
                          "severity": index % 4 + 1, "status": "waiting_on_customer" if waiting else "open",
                          "subject": f"Case {index}", "description": "Bench", "channel": "email",
                          "over_quota": False, "opened_at": opened, "last_event_seq": 3 if waiting else 2})
            events.append({"case_id": case_id, "seq": 1, "kind": "opened", "at": opened, "severity": index % 4 + 1,
                           "status": "open"})
            events.append({"case_id": case_id, "seq": 2, "kind": "responded", "at": opened + timedelta(minutes=20),
                           "message": "On it"})
            if waiting:
                events.append({"case_id": case_id, "seq": 3, "kind": "status", "at": opened + timedelta(minutes=40),
                               "status": "waiting_on_customer"})
        db.session.execute(insert(Case), cases)
        db.session.execute(insert(CaseEvent), events)
        db.session.commit()


def run(database_url: str | None, cases: int = 10_000, repeat: int = 5) -> list[tuple[str, str]]:
    """Load the cases, then time a plain list against the list with every case's SLA state."""
    with scratch_app(database_url):
        load_cases(cases)

        def plain() -> None:
            db.session.expunge_all()
            with collector_paused():
                db.session.execute(select(Case).where(Case.status.in_(OPEN_STATUSES)).order_by(Case.id)).scalars().all()
            db.session.rollback()

        def with_sla() -> None:
            db.session.expunge_all()
            list_cases(actor=SYSTEM, statuses=OPEN_STATUSES)
            db.session.rollback()

        def first_read() -> None:
            forget_ready_clocks()
            with_sla()

        with_sla()  # build the calendar's tables once, as a running app has them
        # In turn, so that load from other work falls on the baseline and the list alike; a first read leaves every
        # case's clocks ready again, so each later read after it is a later read.
        plain_seconds, sla_seconds, first_seconds = interleaved_medians([plain, with_sla, first_read], repeat)
        return [
            ("engine", engine_label(database_url)),
            (f"plain list of {cases:,} open cases", f"{plain_seconds * 1000:.0f} ms"),
            (f"SLA state of {cases:,} open cases", f"{sla_seconds * 1000:.0f} ms"),
            ("sla / plain (ratio)", f"{sla_seconds / plain_seconds:.2f}"),
            ("SLA state, first read after a start", f"{first_seconds * 1000:.0f} ms"),
            ("first read / plain (ratio)", f"{first_seconds / plain_seconds:.2f}"),
        ]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url())
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.cases, args.repeat)
    print_table("SLA benchmark", rows)
    return rows


if __name__ == "__main__":
    main()

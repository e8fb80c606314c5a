"""SLA report benchmark: the month's report across customers (docs/support.md) over N cases, against a baseline measured
in the same run.

    python -m bench.sla_report_bench [--cases 10000] [--database-url postgresql+psycopg://...]

N cases opened in November 2026 over 30 customers (ten per plan), each with its events: opened; answered (four in
five), after 20 minutes to 11 business hours; a third of those waiting on the customer, and half resolved. A third
are assigned to one of five staff members. Read as of 20 November 2026 at 15:00 UTC.

Baseline: the same month's cases read as ORM rows with nothing computed (the garbage collector paused as the report
pauses it). *report / plain* is what grouping and every case's clocks cost on top of reading them: on a later read
(each case's clocks made ready once per event) and on the first read after a start. The CSV and XLSX figures are
the files written from a report already made.
"""
from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select

from bench.common import bench_customer, default_database_url, engine_label, median_seconds, print_table, scratch_app
from ledger.documents.sla_report_files import group_labeler, report_csv, report_xlsx
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Case, CaseEvent
from ledger.services.access import SYSTEM
from ledger.services.clock import pinned_clock
from ledger.services.people.users import create_user
from ledger.services.support.agreements import create_agreement
from ledger.services.support.case_reads import collector_paused
from ledger.services.support.plans import active_plans
from ledger.services.support.sla_clocks import forget_ready_clocks
from ledger.services.support.team_report import team_sla_report

MONTH = Period(2026, 11)
READ_AT = datetime(2026, 11, 20, 15, tzinfo=timezone.utc)
PLANS = ("professional", "enterprise", "gold")
BATCH = 2000


def load_month(count: int) -> None:
    """`count` cases of November 2026 over 30 customers, a third assigned, with their events."""
    with pinned_clock(datetime(2026, 10, 1, 8, tzinfo=timezone.utc)):
        customers = []
        for index in range(30):
            plan = PLANS[index % 3]
            customer_id = bench_customer(f"SLA-rapport {index} AB", f"slarep-{index}", currency="EUR")
            if plan != "professional":
                create_agreement(customer_id, {"kind": "support_plan", "plan": plan}, actor=SYSTEM)
            customers.append((customer_id, plan))
        staff = [create_user(f"staff{number}@bench.example", "staff", "correct horse battery",
                             display_name=f"Handläggare {number}").id for number in range(5)]
    month_start = datetime(2026, 11, 2, 8, tzinfo=timezone.utc)
    for start in range(0, count, BATCH):
        cases, events = [], []
        for index in range(start, min(count, start + BATCH)):
            case_id = index + 1
            customer_id, plan = customers[index % 30]
            opened = month_start + timedelta(minutes=(index * 7919) % (18 * 24 * 60))
            severity = index % 4 + 1
            history = [("opened", opened, severity, "open")]
            if index % 5:
                answered = opened + timedelta(minutes=20 + (index * 37) % 660)
                history.append(("responded", answered, None, None))
                if index % 3 == 0:
                    history.append(("status", answered + timedelta(minutes=30), None, "waiting_on_customer"))
                elif index % 2 == 0:
                    history.append(("resolved", answered + timedelta(hours=3 + index % 40), None, "resolved"))
            history = [event for event in history if event[1] < READ_AT]
            status = history[-1][3] or "open"
            cases.append({"id": case_id, "customer_id": customer_id, "plan": plan, "severity": severity,
                          "status": status, "subject": f"Ärende {index}", "description": "Bänk", "channel": "email",
                          "over_quota": False, "opened_at": opened, "last_event_seq": len(history),
                          "resolved_at": history[-1][1] if status == "resolved" else None,
                          "assignee_id": staff[index % 5] if index % 3 == 1 else None})
            for seq, (kind, at, level, state) in enumerate(history, start=1):
                events.append({"case_id": case_id, "seq": seq, "kind": kind, "at": at, "severity": level,
                               "status": state})
        db.session.execute(insert(Case), cases)
        db.session.execute(insert(CaseEvent), events)
        db.session.commit()


def run(database_url: str | None, cases: int = 10_000, repeat: int = 5) -> list[tuple[str, str]]:
    """Load the month, then time a plain read of its cases against the report, grouped each way, and its files."""
    with scratch_app(database_url), pinned_clock(READ_AT):
        load_month(cases)
        query = select(Case).where(Case.opened_at >= MONTH.start_utc, Case.opened_at < MONTH.end_utc).order_by(Case.id)

        def plain() -> None:
            db.session.expunge_all()
            with collector_paused():
                db.session.execute(query).scalars().all()
            db.session.rollback()

        def report(group_by: str) -> object:
            db.session.expunge_all()
            made = team_sla_report(MONTH, group_by, actor=SYSTEM)
            db.session.rollback()
            return made

        def first_read() -> None:
            forget_ready_clocks()
            report("plan")

        made = report("plan")  # the calendar's tables built once, as a running app has them
        assert made.total.cases == cases  # type: ignore[attr-defined]
        plain_seconds = median_seconds(plain, repeat)
        report_seconds = median_seconds(lambda: report("plan"), repeat)
        first_seconds = median_seconds(first_read, repeat)
        grouped = {group_by: median_seconds(lambda group_by=group_by: report(group_by), repeat)
                   for group_by in ("severity", "assignee", "customer")}
        label = group_labeler(made, active_plans(), "sv")  # type: ignore[arg-type]
        csv_seconds = median_seconds(lambda: report_csv(made, label), repeat)  # type: ignore[arg-type]
        xlsx_seconds = median_seconds(lambda: report_xlsx(made, label), repeat)  # type: ignore[arg-type]
        return [
            ("engine", engine_label(database_url)),
            (f"plain read of {cases:,} cases of the month", f"{plain_seconds * 1000:.0f} ms"),
            ("SLA report per plan", f"{report_seconds * 1000:.0f} ms"),
            ("report / plain (ratio)", f"{report_seconds / plain_seconds:.2f}"),
            ("SLA report, first read after a start", f"{first_seconds * 1000:.0f} ms"),
            ("first read / plain (ratio)", f"{first_seconds / plain_seconds:.2f}"),
            *((f"SLA report per {group_by}", f"{seconds * 1000:.0f} ms") for group_by, seconds in grouped.items()),
            ("CSV of the report", f"{csv_seconds * 1000:.1f} ms"),
            ("XLSX of the report", f"{xlsx_seconds * 1000:.1f} ms"),
        ]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url())
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.cases, args.repeat)
    print_table("SLA report benchmark", rows)
    return rows


if __name__ == "__main__":
    main()

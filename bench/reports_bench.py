"""Hours report benchmark: a month of N tasks as XLSX, against writing the same rows with XlsxWriter alone.

    python -m bench.reports_bench [--tasks 100000] [--repeat 3] [--database-url postgresql+psycopg://...]

The tasks (50 customers, 10 staff members, included, debited and in-review work over October 2026) go in by
Core INSERTs in batches. Measured, each the median of `--repeat` runs:

- *report as XLSX*: GET /api/v1/reports/hours?format=xlsx grouped by staff member, as a manager downloads it:
  the sums taken by the database, every task read and written to the workbook's task sheet;
- *XlsxWriter alone*: the same workbook (the same summary rows and the same task rows, already in memory as
  Python values, the same formats and options) written with the library and nothing else;
- *summary only*: the report's sums as the page and the JSON answer read them (no task rows).

*report / library alone* is what the report costs on top of writing its file: reading the tasks, their labels
and the HTTP answer. Everything runs in this one process (the API through Flask's test client), so its CPU time
is given too: on a machine shared with other work the wall time stretches, the CPU time much less.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Callable
from time import perf_counter, process_time
from datetime import date, datetime, time, timezone
from typing import Any

import xlsxwriter
from sqlalchemy import insert

from bench.common import bench_customer, default_database_url, engine_label, print_table, scratch_app
from ledger.documents.hours_report import WORKBOOK_OPTIONS
from ledger.domain.periods import Period
from ledger.domain.work.hours_report import task_value_minor
from ledger.extensions import db
from ledger.models import Task
from ledger.services.access import SYSTEM
from ledger.services.people.tokens import issue_token
from ledger.services.people.users import create_user
from ledger.services.work.hours_reports import hours_report

BATCH = 5000
OCTOBER = Period(2026, 10)
#: (category, outcome, rule) of the work logged, in turn.
KINDS = (("installation", "debited", "debited.installation_training"), ("hosting", "included", "included.hosting"),
         ("guidance", "included", "included.guidance"), ("troubleshooting", "needs_review",
                                                         "review.fault_cause_unknown"),
         ("qualified_help", "debited", "debited.qualified_help"))


def load_tasks(count: int) -> list[int]:
    """`count` tasks of October 2026 over 50 customers and 10 staff members; returns the staff members' ids."""
    customers = [bench_customer(f"Rapport {index} AB", f"report-{index}", billing_increment_minutes=15)
                 for index in range(50)]
    staff = [create_user(f"staff{index}@bench.example", "staff", "bench-password-123",
                         display_name=f"Medarbetare {index}").id for index in range(10)]
    created = datetime(2026, 11, 1, 8, tzinfo=timezone.utc)
    for start in range(0, count, BATCH):
        rows = []
        for index in range(start, min(count, start + BATCH)):
            category, outcome, rule = KINDS[index % len(KINDS)]
            minutes = 15 + index % 226
            rows.append({
                "customer_id": customers[index % len(customers)], "work_date": date(2026, 10, 1 + index % 31),
                "minutes": minutes, "billed_minutes": -(-minutes // 15) * 15 if outcome == "debited" else 0,
                "category": category, "root_cause": None, "partner_new_major_version": None,
                "agreement_reference": None, "description": f"Arbete {index} för kunden, enligt ärendet",
                "status": "needs_review" if outcome == "needs_review" else "booked", "outcome": outcome,
                "rule_id": rule, "catalogue_id": "sv_servicekonto", "catalogue_version": "bench",
                "reason_sv": "Bänk", "reason_en": "Bench", "entry_id": None, "case_id": None,
                "created_by": staff[index % len(staff)], "created_at": created, "replaces_task_id": None,
                "replaced_by_task_id": None,
            })
        db.session.execute(insert(Task), rows)
        db.session.commit()
    return staff


def library_alone(summary: list[list[Any]], lines: list[tuple[Any, ...]]) -> None:
    """The same workbook written with XlsxWriter and nothing else, from rows already in memory."""
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as target:
        workbook = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet = workbook.add_worksheet("Timmar 2026-10")
        sheet.write_row(0, 0, [f"Rubrik {column}" for column in range(8)], bold)
        for row, values in enumerate(summary, start=1):
            sheet.write_string(row, 0, values[0])
            for column, figure in enumerate(values[1:7], start=1):
                sheet.write_number(row, column, figure)
            sheet.write_number(row, 7, values[7] / 100, money)
        tasks = workbook.add_worksheet("Uppgifter")
        tasks.write_row(0, 0, [f"Rubrik {column}" for column in range(11)], bold)
        for row, line in enumerate(lines, start=1):
            task_id, work_date, customer, staff, category, description, outcome, minutes, billed, value, currency = line
            tasks.write_number(row, 0, task_id)
            tasks.write_datetime(row, 1, datetime.combine(work_date, time.min), day)
            tasks.write_string(row, 2, customer)
            tasks.write_string(row, 3, staff)
            tasks.write_string(row, 4, category)
            tasks.write_string(row, 5, description)
            tasks.write_string(row, 6, outcome)
            tasks.write_number(row, 7, minutes)
            tasks.write_number(row, 8, billed)
            tasks.write_number(row, 9, value / 100, money)
            tasks.write_string(row, 10, currency)
        tasks.autofilter(0, 0, len(lines), 10)
        workbook.close()


def wall_and_cpu(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process for one call of `work`."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = perf_counter(), process_time()
        work()
        walls.append(perf_counter() - wall)
        cpus.append(process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def run(database_url: str | None, tasks: int = 100_000, repeat: int = 3) -> list[tuple[str, str]]:
    """Load the tasks, then time the XLSX download, the library alone and the summary."""
    with scratch_app(database_url) as app:
        load_tasks(tasks)
        token = issue_token("staff0@bench.example")
        client = app.test_client()
        url = "/api/v1/reports/hours?period=2026-10&group_by=staff&format=xlsx"

        def download() -> bytes:
            """The XLSX as a manager downloads it."""
            answer = client.get(url, headers={"Authorization": f"Bearer {token}", "Accept-Language": "sv"})
            assert answer.status_code == 200, answer.status_code
            return answer.get_data()

        size = len(download())
        report = hours_report(OCTOBER, "staff", actor=SYSTEM)
        summary = [[row.name, row.totals.tasks, row.totals.logged_minutes, row.totals.included_minutes,
                    row.totals.debited_minutes, row.totals.billed_minutes, row.totals.review_minutes,
                    row.totals.value_minor.get("SEK", 0)] for row in report.rows]
        lines = [(line.task_id, line.work_date, line.customer, line.staff, "Installation", line.description,
                  "Debiteras servicekontot", line.minutes, line.billed_minutes, line.value_minor, line.currency)
                 for line in report.lines()]
        assert len(lines) == tasks and report.total.tasks == tasks
        assert sum(line[9] for line in lines) == sum(task_value_minor(line[8], 95000) for line in lines)
        db.session.rollback()
        report_wall, report_cpu = wall_and_cpu(download, repeat)
        library_wall, library_cpu = wall_and_cpu(lambda: library_alone(summary, lines), repeat)
        summary_wall, summary_cpu = wall_and_cpu(lambda: (hours_report(OCTOBER, "staff", actor=SYSTEM),
                                                          db.session.rollback()), repeat)
        return [
            ("engine", engine_label(database_url)),
            (f"report of {tasks:,} tasks as XLSX (HTTP)",
             f"{report_wall:.2f} s, CPU {report_cpu:.2f} s ({size / 1e6:.1f} MB)"),
            ("same rows, XlsxWriter alone", f"{library_wall:.2f} s, CPU {library_cpu:.2f} s"),
            ("report / library alone (ratio)", f"{report_wall / library_wall:.2f}"),
            ("report / library alone, CPU (ratio)", f"{report_cpu / library_cpu:.2f}"),
            (f"summary of {tasks:,} tasks (page, JSON)", f"{summary_wall * 1000:.0f} ms, CPU {summary_cpu * 1000:.0f} ms"),
        ]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    """Run from the command line and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url())
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.tasks, args.repeat)
    print_table("Hours report benchmark", rows)
    return rows


if __name__ == "__main__":
    main()

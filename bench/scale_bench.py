"""Scale benchmark: one account with 1,000,000 entries, and a monthly invoice run for 2,000 customers.

    python -m bench.scale_bench                         # SQLite
    python -m bench.scale_bench --entries 200000 --customers 200 --database-url postgresql+psycopg://...

The million entries go in through the documented fast path (ledger.services.accounts.bulk.bulk_load_entries):
every entry passes the same append rules and hash chain as one booked by a service, in batches of
10,000 per INSERT. They are spread over ten years, so a month's statement reads about 8,300 of them.
Baselines in the same run: the balance read on an account with 10 entries; the statement of a month
with a handful; rendering alone for the invoice run (the issue time minus it is the bookkeeping).
"""
from __future__ import annotations

import argparse
import os
from datetime import datetime, timedelta, timezone

from bench.common import (
    AFTER_OCTOBER,
    bench_customer,
    default_database_url,
    engine_label,
    median_seconds,
    month_of_work,
    print_table,
    scratch_app,
    timed,
)
from ledger.domain.accounts.entries import EntryKind
from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.accounts.bulk import Movement, bulk_load_entries
from ledger.services.accounts.hours import get_balance
from ledger.services.accounts.statements import get_statement
from ledger.services.accounts.verify import verify_ledger
from ledger.services.billing.issuing import issue_invoices
from ledger.services.billing.runs import run_invoices
from ledger.services.clock import pinned_clock

HISTORY_START = datetime(2016, 11, 1, tzinfo=timezone.utc)
HISTORY_YEARS = 10


def history(count: int) -> list[Movement]:
    """A purchase of 10 h every 20th entry, debits of 5-60 min between; spread evenly over ten years."""
    step = timedelta(days=365 * HISTORY_YEARS) / count
    return [
        Movement(EntryKind.PURCHASE, 600, "package", HISTORY_START + i * step) if i % 20 == 0
        else Movement(EntryKind.CONSUMPTION, -(5 + i % 56), "work", HISTORY_START + i * step)
        for i in range(count)
    ]


def run(database_url: str | None, entries: int, customers: int) -> list[tuple[str, str]]:
    """Measure and return the figures as (name, value) rows."""
    with scratch_app(database_url):
        with pinned_clock(HISTORY_START):
            big, small = bench_customer("Miljonkonto AB", "scale-big"), bench_customer("Litet konto AB", "scale-small")
        load_seconds, _ = timed(lambda: bulk_load_entries(big, history(entries), actor=SYSTEM))
        with pinned_clock(HISTORY_START):
            bulk_load_entries(small, [Movement(EntryKind.PURCHASE, 60, "package")] * 10, actor=SYSTEM)
        read_big = median_seconds(lambda: get_balance(big, actor=SYSTEM), 200)
        read_small = median_seconds(lambda: get_balance(small, actor=SYSTEM), 200)
        month = Period(2021, 6)
        statement_seconds, statement = timed(lambda: get_statement(big, month, actor=SYSTEM))
        baseline_statement = median_seconds(lambda: get_statement(small, Period(2016, 11), actor=SYSTEM), 20)
        verify_seconds, report = timed(verify_ledger)
        if not report.ok:
            raise SystemExit(f"verify failed: {report.problems[0]}")

        month_of_work(customers, "Skalkund")
        cores = min(2, os.cpu_count() or 1)
        with pinned_clock(AFTER_OCTOBER):
            run_seconds, result = timed(lambda: run_invoices(Period(2026, 10), actor=SYSTEM))
            drafts = [invoice.id for invoice in result.created]
            issue_seconds, issued = timed(lambda: issue_invoices(drafts, actor=SYSTEM, workers=cores))
    return [
        ("engine", engine_label(database_url)),
        (f"bulk load {entries:,} entries (fast path, hashed)", f"{load_seconds:.1f} s ({entries / load_seconds:,.0f}/s)"),
        (f"balance read, {entries:,} entries (median)", f"{read_big * 1e6:,.0f} µs"),
        ("balance read, 10 entries (median)", f"{read_small * 1e6:,.0f} µs"),
        ("balance read ratio (~1 = O(1))", f"{read_big / read_small:.2f}"),
        (f"statement {month}, {len(statement.entries):,} entries", f"{statement_seconds * 1000:,.0f} ms"),
        ("statement of a month with 10 entries", f"{baseline_statement * 1000:,.1f} ms"),
        (f"ledger verify, {report.entries:,} entries", f"{verify_seconds:.1f} s ({report.entries / verify_seconds:,.0f}/s)"),
        (f"invoice run 2026-10: {len(drafts):,} drafts", f"{run_seconds:.1f} s ({len(drafts) / run_seconds:,.0f}/s)"),
        (f"issue {len(issued):,} invoices on {cores} processes", f"{issue_seconds:.1f} s ({len(issued) / issue_seconds:.1f}/s)"),
        (f"month end to end, {customers:,} customers", f"{run_seconds + issue_seconds:.1f} s"),
    ]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    """Parse arguments, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url(), help="PostgreSQL URL; default: SQLite")
    parser.add_argument("--entries", type=int, default=1_000_000, help="entries on the big account (default 1000000)")
    parser.add_argument("--customers", type=int, default=2000, help="customers in the invoice run (default 2000)")
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.entries, args.customers)
    print_table("Scale benchmark", rows)
    return rows


if __name__ == "__main__":
    main()

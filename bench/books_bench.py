"""Books benchmark: the SIE export of a month with N customers and its recognition vouchers, against a bare read
of the month's rows in the same run.

    python -m bench.books_bench [--customers 2000] [--history 100000] [--repeat 3] [--database-url ...]

N customers each buy 2 h and log debited and included work in October 2026; the run invoices October and its
invoices are numbered on 2 November (no PDFs: the books read rows, not documents). November's SIE file then
holds one voucher per invoice (the packages credited to deferred revenue) and the month's recognition voucher
(the October packages, used, earned when invoiced): two rows per customer. Measured, each the median of
`--repeat` runs:

- *SIE export*: `sie_export` for November, as GET /invoices/export?format=sie runs it;
- *bare read*: the month's invoices with their lines and the month's ledger entries loaded as ORM objects, and
  nothing computed: what any export of the month must at least read;
- the same export again after `--history` old entries (ten years of purchases and debits) were loaded into
  one more account: the month's cost should not grow with the ledger's past.
"""
from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bench.common import (
    AFTER_OCTOBER, bench_customer, default_database_url, engine_label, median_seconds, month_of_work, print_table,
    scratch_app,
)
from ledger.domain.accounts.entries import EntryKind
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice, LedgerEntry
from ledger.services.access import SYSTEM
from ledger.services.accounts.bulk import Movement, bulk_load_entries
from ledger.services.billing.issuing import number_drafts
from ledger.services.billing.reads import issued_in
from ledger.services.billing.runs import run_invoices
from ledger.services.books.sie import sie_export
from ledger.services.clock import pinned_clock

NOVEMBER = Period(2026, 11)
HISTORY_START = datetime(2016, 1, 1, tzinfo=timezone.utc)


def bare_read(period: Period) -> int:
    """The month's invoices with lines and its ledger entries, loaded and counted: the floor of any export."""
    invoices = db.session.execute(select(Invoice).options(selectinload(Invoice.lines)).where(issued_in(period))
                                  ).scalars().all()
    entries = db.session.execute(select(LedgerEntry).where(LedgerEntry.recorded_at >= period.start_utc,
                                                           LedgerEntry.recorded_at < period.end_utc)).scalars().all()
    count = len(invoices) + sum(len(invoice.lines) for invoice in invoices) + len(entries)
    db.session.rollback()
    return count


def history(count: int) -> list[Movement]:
    """Ten years of a purchase of 10 h every 20th entry and debits between, ending before October 2026."""
    step = (datetime(2026, 9, 1, tzinfo=timezone.utc) - HISTORY_START) / max(count, 1)
    return [Movement(EntryKind.PURCHASE, 600, "package", HISTORY_START + i * step) if i % 20 == 0
            else Movement(EntryKind.CONSUMPTION, -(5 + i % 10), "work", HISTORY_START + i * step)
            for i in range(count)]


def export_seconds(repeat: int, actor: object) -> tuple[float, bytes]:
    content = sie_export(NOVEMBER, actor=actor)  # type: ignore[arg-type]
    db.session.rollback()

    def once() -> None:
        sie_export(NOVEMBER, actor=actor)  # type: ignore[arg-type]
        db.session.rollback()

    return median_seconds(once, repeat), content


def run(database_url: str | None, customers: int = 2000, history_entries: int = 100_000,
        repeat: int = 3) -> list[tuple[str, str]]:
    """Load the month, then time the export, the bare read and the export with a long past."""
    with scratch_app(database_url):
        month_of_work(customers, "Bokkund")
        with pinned_clock(AFTER_OCTOBER):
            drafts = [invoice.id for invoice in run_invoices(Period(2026, 10), actor=SYSTEM).created]
            number_drafts(drafts, actor=SYSTEM)
        with pinned_clock(AFTER_OCTOBER + timedelta(days=1)):
            rows = bare_read(NOVEMBER)
            baseline = median_seconds(lambda: bare_read(NOVEMBER), repeat)
            export, content = export_seconds(repeat, SYSTEM)
            vouchers = content.count(b"#VER ")
            recognition_rows = content.split(b'#VER "P"')[1].count(b"#TRANS") if b'#VER "P"' in content else 0
            with pinned_clock(HISTORY_START):
                old = bench_customer("Lång historik AB", "books-history")
            bulk_load_entries(old, history(history_entries), actor=SYSTEM)
            with_history, _ = export_seconds(repeat, SYSTEM)
    return [
        ("engine", engine_label(database_url)),
        (f"SIE export {NOVEMBER}: {customers:,} customers, {vouchers:,} vouchers", f"{export * 1000:,.0f} ms"),
        ("recognition voucher rows", f"{recognition_rows:,}"),
        (f"bare read of the month's {rows:,} rows", f"{baseline * 1000:,.0f} ms"),
        ("export / bare read (ratio)", f"{export / baseline:.1f}"),
        (f"SIE export after {history_entries:,} older entries", f"{with_history * 1000:,.0f} ms"),
        ("with history / without (ratio, ~1 = the past costs nothing)", f"{with_history / export:.2f}"),
        ("goal: export of 2,000 customers", "≤ 5 s"),
    ]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    """Run from the command line and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url())
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--history", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.customers, args.history, args.repeat)
    print_table("Books benchmark", rows)
    return rows


if __name__ == "__main__":
    main()

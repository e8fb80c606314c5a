"""BgMax benchmark: importing the bank's morning file of N payments (issue 22: 10,000 payments on PostgreSQL
took 10.7 s, one round trip each; the goal is under 3 s).

    python -m bench.bgmax_bench [--payments 10000] [--invoices 100] [--database-url postgresql+psycopg://...]

A month of work for `invoices` customers is run and numbered (no PDFs: they play no part), then a file of
`payments` payments in deposits of 500 is built: two of three pay an invoice by its OCR, one of three names no
reference and waits for a person. The import is timed once (a file is imported once; the second import of the
same file, which finds every payment already stored, is timed too), and its SQL statements are counted.
"""
from __future__ import annotations

import argparse
import time
from datetime import date

from sqlalchemy import event, select

from bench.common import (
    AFTER_OCTOBER, default_database_url, engine_label, month_of_work, print_table, scratch_app, timed,
)
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import number_drafts
from ledger.services.billing.runs import run_invoices
from ledger.services.clock import pinned_clock
from ledger.services.payments.intake import import_bgmax
from tests.domain.bgmax_files import Deposit, Pay, bgmax_file

DEPOSIT_SIZE = 500


def morning_file(ocrs: list[str], payments: int) -> bytes:
    """A BgMax file of `payments` payments over the invoices' OCR numbers, a third without a reference."""
    deposits = []
    for serial, start in enumerate(range(0, payments, DEPOSIT_SIZE), start=1):
        size = min(DEPOSIT_SIZE, payments - start)
        deposits.append(Deposit(serial=serial, payment_date=date(2026, 11, 23), payments=[
            Pay(10_000 + index, ocrs[index % len(ocrs)] if index % 3 else "", name="Betalare AB")
            for index in range(start, start + size)]))
    return bgmax_file(deposits)


def run(database_url: str | None, payments: int = 10_000, invoices: int = 100) -> list[tuple[str, str]]:
    """Issue a month's invoices, then time the import of a file paying them."""
    with scratch_app(database_url):
        month_of_work(invoices, "BgMax")
        with pinned_clock(AFTER_OCTOBER):
            drafts = run_invoices(Period(2026, 10), actor=SYSTEM).created
            number_drafts([draft.id for draft in drafts], actor=SYSTEM)
        ocrs = list(db.session.execute(select(Invoice.ocr).where(Invoice.status == "issued")).scalars())
        db.session.rollback()
        data = morning_file(ocrs, payments)
        statements: list[int] = []

        def count(*_args: object) -> None:
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        cpu_before = time.process_time()
        try:
            first_seconds, result = timed(lambda: import_bgmax(data, actor=SYSTEM))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        cpu_seconds = time.process_time() - cpu_before
        again_seconds, again = timed(lambda: import_bgmax(data, actor=SYSTEM))
        return [
            ("engine", engine_label(database_url)),
            (f"import {payments:,} payments ({len(result.matched):,} matched, {len(result.unmatched):,} unmatched)",
             f"{first_seconds:.2f} s ({payments / first_seconds:,.0f}/s)"),
            ("of which this process's CPU (the rest: the database, waiting)", f"{cpu_seconds:.2f} s"),
            ("SQL statements for the import", f"{len(statements)}"),
            (f"the same file again ({len(again.already_imported):,} already imported)", f"{again_seconds:.2f} s"),
        ]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url())
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--invoices", type=int, default=100)
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.payments, args.invoices)
    print_table("BgMax benchmark", rows)
    return rows


if __name__ == "__main__":
    main()

"""`make bench`: every benchmark at a size that finishes in under ten minutes on 2 cores, one table.

    python -m bench.run_all [--postgresql URL]

SQLite for all of them; the ledger and API benchmarks run on PostgreSQL too when a URL is given (the
Makefile passes the local one). The table is also written to bench/results/latest.txt.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import time
from collections.abc import Callable
from pathlib import Path

from bench import api_bench, bgmax_bench, books_bench, ledger_bench, mail_bench, pdf_bench, reports_bench, scale_bench, sla_bench, sla_report_bench

RESULTS = Path(__file__).resolve().parent / "results" / "latest.txt"


def sections(postgresql: str | None) -> list[tuple[str, Callable[[], list[tuple[str, str]]]]]:
    """(title, run) for each benchmark at the `make bench` size."""
    runs = [
        ("Ledger (SQLite)", lambda: ledger_bench.run(None, appends=2000, entries=100_000)),
        ("PDF (SQLite)", lambda: pdf_bench.run(None, issue_count=200, export_count=1000, repeat=10)),
        ("API under gunicorn (SQLite)", lambda: api_bench.run(None, seconds=5, connections=8)),
    ]
    if postgresql:
        runs.insert(1, ("Ledger (PostgreSQL)", lambda: ledger_bench.run(postgresql, appends=2000, entries=100_000)))
        runs.append(("API under gunicorn (PostgreSQL)", lambda: api_bench.run(postgresql, seconds=5, connections=8)))
    runs.append(("BgMax import (SQLite)", lambda: bgmax_bench.run(None, payments=10_000)))
    if postgresql:
        runs.append(("BgMax import (PostgreSQL)", lambda: bgmax_bench.run(postgresql, payments=10_000)))
    runs.append(("SLA list (SQLite)", lambda: sla_bench.run(None, cases=10_000, repeat=9)))
    runs.append(("SLA report across customers (SQLite)", lambda: sla_report_bench.run(None, cases=10_000, repeat=5)))
    if postgresql:
        runs.append(("SLA report across customers (PostgreSQL)",
                     lambda: sla_report_bench.run(postgresql, cases=10_000, repeat=5)))
    runs.append(("Mail received (SQLite)", lambda: mail_bench.run(None, messages=1000)))
    if postgresql:
        runs.append(("Mail received (PostgreSQL)", lambda: mail_bench.run(postgresql, messages=1000)))
    runs.append(("Hours report as XLSX (SQLite)", lambda: reports_bench.run(None, tasks=100_000, repeat=1)))
    runs.append(("Books: SIE export of a month (SQLite)", lambda: books_bench.run(None, customers=2000)))
    if postgresql:
        runs.append(("Books: SIE export of a month (PostgreSQL)", lambda: books_bench.run(postgresql, customers=2000)))
    runs.append(("Scale (SQLite)", lambda: scale_bench.run(None, entries=1_000_000, customers=2000)))
    return runs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgresql", help="PostgreSQL URL for the ledger and API benchmarks' second runs")
    args = parser.parse_args(argv)
    table = io.StringIO()
    started = time.perf_counter()
    for title, run in sections(args.postgresql):
        section_start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            rows = run()
        rows.append(("(this benchmark took)", f"{time.perf_counter() - section_start:.0f} s"))
        width = max(len(name) for name, _ in rows)
        section = f"\n{title}\n{'-' * (width + 30)}\n" + "".join(f"{name.ljust(width)}  {value}\n" for name, value in rows)
        table.write(section)
        print(section, end="", flush=True)
    table.write(f"\nAll benchmarks: {time.perf_counter() - started:.0f} s\n")
    print(f"\nAll benchmarks: {time.perf_counter() - started:.0f} s")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(table.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()

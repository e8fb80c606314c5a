"""PDF benchmark: invoice rendering vs a bare page, issuing on one process vs both cores, exporting the archive.

    python -m bench.pdf_bench                                  # SQLite, 200 invoices, 1,000 in the export
    python -m bench.pdf_bench --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Baselines are measured in the same run: WeasyPrint rendering a one-line page with the same fonts and
page setup; the same 200-invoice issue on one process. The export reads 1,000 archived PDFs: the first
ones are issued for real, the rest are archive rows that copy an issued PDF's bytes (export reads bytes
and writes a zip; how they were made does not change its cost).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import time

from sqlalchemy import insert, select

from bench.common import (
    AFTER_OCTOBER,
    IN_OCTOBER,
    bench_customer,
    default_database_url,
    engine_label,
    interleaved_medians,
    month_of_work,
    print_table,
    scratch_app,
    timed,
)
from ledger.documents.pdf import html_to_pdf
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice, InvoiceDocument
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import issue_invoices
from ledger.services.billing.reads import export_period
from ledger.services.billing.runs import run_invoices
from ledger.services.billing.specification import render_invoice_html
from ledger.services.clock import pinned_clock
from ledger.services.settings import current_settings

OCTOBER = Period(2026, 10)
#: The month October's invoices are issued in (2 November): the month export follows issue dates.
NOVEMBER = Period(2026, 11)
#: The baseline: one line of text on a page set up as the invoice's is (its @page rule: size, margins, the header
#: with "Page n of m" that makes WeasyPrint count the pages) in the same fonts (DejaVu Sans regular and bold, both
#: embedded). What it leaves out is the invoice's content: the seller footer, tables, totals, payment box.
BARE_PAGE = """<!DOCTYPE html><html><head><style>
@page { size: A4; margin: 18mm 16mm 24mm 16mm;
        @top-right { content: "Faktura 1 · Sida " counter(page) " av " counter(pages);
                     font-family: "DejaVu Sans", sans-serif; font-size: 7.5pt; color: #555; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; }
</style></head><body><p><strong>Servicekonto</strong> – en rad text, å ä ö €</p></body></html>"""


def fill_archive(total: int) -> None:
    """Top the archive up to `total` issued documents by copying an issued invoice and its PDF."""
    template = db.session.execute(select(Invoice).where(Invoice.status == "issued").limit(1)).scalar_one()
    content = db.session.execute(select(InvoiceDocument.content).limit(1)).scalar_one()
    existing = db.session.query(Invoice).filter_by(status="issued").count()
    columns = {c.key: getattr(template, c.key) for c in Invoice.__table__.columns
               if c.key not in ("id", "number", "customer_id")}
    top = db.session.execute(select(db.func.max(Invoice.number))).scalar()
    with pinned_clock(IN_OCTOBER):
        owners = [bench_customer(f"Arkivkund {n} AB", f"archive-{n}") for n in range(total - existing)]
    for offset, owner in enumerate(owners):
        invoice_id = db.session.execute(
            insert(Invoice).values(**{**columns, "customer_id": owner, "status": "draft", "number": top + offset + 1})
            .returning(Invoice.id)
        ).scalar_one()
        db.session.execute(insert(InvoiceDocument).values(
            invoice_id=invoice_id, language="sv", content=content, sha256=hashlib.sha256(content).hexdigest(),
            size_bytes=len(content), created_at=AFTER_OCTOBER))
        db.session.execute(Invoice.__table__.update().where(Invoice.id == invoice_id).values(status="issued"))
    db.session.commit()


def run(database_url: str | None, issue_count: int, export_count: int, repeat: int) -> list[tuple[str, str]]:
    """Measure and return the figures as (name, value) rows."""
    with scratch_app(database_url):
        month_of_work(2 * issue_count, "Bänkkund")
        with pinned_clock(AFTER_OCTOBER):
            drafts = [invoice.id for invoice in run_invoices(OCTOBER, actor=SYSTEM).created]
            sample = db.session.get(Invoice, drafts[0])
            seller = current_settings().seller
            one_page = render_invoice_html(sample, seller, issuing=True, with_specification=False)
            two_pages = render_invoice_html(sample, seller, issuing=True)
            renders = [lambda: html_to_pdf(BARE_PAGE), lambda: html_to_pdf(one_page), lambda: html_to_pdf(two_pages)]
            for render in renders:  # once untimed: the first render of a process sets up fonts and caches
                render()
            bare, invoice_one, invoice_two = interleaved_medians(renders, repeat)
            bare_cpu, one_cpu, two_cpu = interleaved_medians(renders, repeat, time.process_time)
            cores = min(2, os.cpu_count() or 1)
            one_process, _ = timed(lambda: issue_invoices(drafts[:issue_count], actor=SYSTEM, workers=1))
            both_cores, _ = timed(lambda: issue_invoices(drafts[issue_count:], actor=SYSTEM, workers=cores))
            fill_archive(export_count)
            with tempfile.TemporaryFile() as target:
                export_seconds, exported = timed(lambda: export_period(NOVEMBER, target, actor=SYSTEM))
                size_mb = target.tell() / 1e6
            if exported != export_count:
                raise SystemExit(f"the export wrote {exported} documents, expected {export_count}")
    return [
        ("engine", engine_label(database_url)),
        ("bare one-line page, WeasyPrint (median)", f"{bare * 1000:.0f} ms"),
        ("one-page invoice, no specification (median)", f"{invoice_one * 1000:.0f} ms"),
        ("invoice / bare page (render cost ratio)", f"{invoice_one / bare:.2f}"),
        ("invoice with specification page (median)", f"{invoice_two * 1000:.0f} ms"),
        ("CPU: bare page, one-page invoice, with specification", f"{bare_cpu * 1000:.0f}, {one_cpu * 1000:.0f}, "
                                                                 f"{two_cpu * 1000:.0f} ms"),
        ("invoice / bare page, CPU (ratio)", f"{one_cpu / bare_cpu:.2f}"),
        (f"issue {issue_count} invoices, 1 process", f"{one_process:.1f} s ({issue_count / one_process:.1f}/s)"),
        (f"issue {issue_count} invoices, {cores} processes", f"{both_cores:.1f} s ({issue_count / both_cores:.1f}/s)"),
        (f"speed-up 1 -> {cores} processes (ratio)", f"{one_process / both_cores:.2f}"),
        (f"export {export_count} archived PDFs to zip", f"{export_seconds:.2f} s ({size_mb:.1f} MB)"),
    ]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    """Parse arguments, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url(), help="PostgreSQL URL; default: SQLite")
    parser.add_argument("--issue", type=int, default=200, help="invoices issued per method (default 200)")
    parser.add_argument("--export", type=int, default=1000, help="archived PDFs in the export (default 1000)")
    parser.add_argument("--repeat", type=int, default=10, help="renders per median (default 10)")
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.issue, max(args.export, 2 * args.issue), args.repeat)
    print_table("PDF benchmark", rows)
    return rows


if __name__ == "__main__":
    main()

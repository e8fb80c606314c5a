"""`flask invoices run`, `flask invoices export` and `flask rates import`: a month's invoices, exchange rates."""
from __future__ import annotations

import os
from pathlib import Path

import click
from flask.cli import AppGroup

from ledger.cli.common import fail, period_option
from ledger.domain.errors import DomainError
from ledger.domain.formatting import invoice_number
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.services.access import SYSTEM
from ledger.services.billing import issuing
from ledger.services.billing import reads as invoice_reads
from ledger.services.billing import runs as invoicing

invoices_cli = AppGroup("invoices", help="Run, issue and export a month's invoices; remind overdue ones.")


rates_cli = AppGroup("rates", help="Exchange rates for invoices in other currencies.")


@invoices_cli.command("run")
@click.option("--period", required=True, callback=period_option, help="The month to invoice, YYYY-MM.")
@click.option("--issue", is_flag=True, help="Also issue every draft of the period (numbers, settlements, PDFs).")
@click.option("--workers", type=click.IntRange(1, 32), default=os.cpu_count() or 1, show_default=True,
              help="Processes rendering PDFs when issuing.")
def run_invoices_command(period: Period, issue: bool, workers: int) -> None:
    """Create the period's drafts (running again creates nothing new); with --issue, issue them."""
    try:
        customers = invoicing.customers_in_period(db.session, period)
        with click.progressbar(length=len(customers), label=f"Drafting {period}") as bar:
            result = invoicing.run_invoices(period, actor=SYSTEM, progress=lambda _id: bar.update(1))
    except DomainError as error:
        fail(error)
    click.echo(f"{len(result.created)} drafts created, {len(result.existing)} already there, "
               f"{len(result.skipped)} customers skipped.")
    for skipped in result.skipped:
        click.echo(f"  customer {skipped.customer_id}: {skipped.reason}")
    if not issue:
        return
    drafts = [invoice.id for invoice in invoice_reads.list_invoices(actor=SYSTEM, period=period, status="draft")]
    try:
        with click.progressbar(length=len(drafts), label=f"Issuing {period}") as bar:
            issued = issuing.issue_invoices(drafts, actor=SYSTEM, workers=workers, progress=bar.update)
    except DomainError as error:  # the batches before the refused one stay issued, without a gap
        fail(error)
    if issued:
        click.echo(f"Issued {len(issued)} invoices, numbers {invoice_number(issued[0])}–{invoice_number(issued[-1])}.")
    else:
        click.echo("No drafts to issue.")


@invoices_cli.command("export")
@click.option("--period", required=True, callback=period_option, help="The month whose issued documents are exported, YYYY-MM.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The zip to write.")
def export_invoices_command(period: Period, out: Path) -> None:
    """Write the period's archived PDFs and a CSV summary to a zip."""
    count = len(invoice_reads.list_invoices(actor=SYSTEM, period=period, status="issued"))
    with out.open("wb") as target, click.progressbar(length=count, label=f"Exporting {period}") as bar:
        written = invoice_reads.export_period(period, target, actor=SYSTEM, progress=bar.update)
    click.echo(f"Wrote {written} PDFs and summary-{period}.csv to {out}.")


@rates_cli.command("import")
@click.argument("source", type=click.File("rb"))
def rates_import_command(source: object) -> None:
    """Record the EUR rates of a Riksbank exchange-rate CSV (all of them, or none if a line is wrong)."""
    from ledger.services.billing.exchange_rates import import_exchange_rates

    try:
        result = import_exchange_rates(source.read(), actor=SYSTEM)  # type: ignore[attr-defined]
    except DomainError as error:
        fail(error)
    click.echo(f"Recorded {result.recorded} rates; {result.already_recorded} were already on file"
               + (f"; left aside: {', '.join(result.ignored_series)}" if result.ignored_series else "")
               + (f"; {result.days_without_rate} days without a rate" if result.days_without_rate else "") + ".")

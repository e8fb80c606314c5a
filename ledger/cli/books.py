"""`flask books …`: the books from the command line (docs/books.md): deferred revenue on a day, a month's VAT
return boxes. Each is one service call, as finance (the system acts with the admin role)."""
from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from ledger.cli.common import fail, period_option
from ledger.domain.books.returns import VAT_BOXES
from ledger.domain.errors import DomainError
from ledger.domain.money import format_minor
from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.books.deferred import deferred_report
from ledger.services.books.returns import month_vat_return

books_cli = AppGroup("books", help="The books: deferred revenue and the VAT return (docs/books.md).")


@books_cli.command("deferred")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), required=True,
              help="The day whose end is asked about, YYYY-MM-DD.")
def deferred_command(on: datetime) -> None:
    """Print what is still deferred per customer at the end of --date, and the total (SEK): the credit balance the
    vouchers dated up to that day leave on ACCOUNT_DEFERRED."""
    try:
        rows = deferred_report(on.date(), actor=SYSTEM)
    except DomainError as error:
        fail(error)
    for row in rows:
        click.echo(f"{row.customer_id}\t{row.name}\t{format_minor(row.deferred_minor)}")
    click.echo(f"Total\t{format_minor(sum(row.deferred_minor for row in rows))} SEK")


@books_cli.command("vat-return")
@click.option("--period", required=True, callback=period_option, help="The month the documents were issued in, YYYY-MM.")
def vat_return_command(period: Period) -> None:
    """Print boxes 05, 10, 39 and 40 of the month's VAT return: SEK to the öre, and whole kronor."""
    try:
        found = month_vat_return(period, actor=SYSTEM)
    except DomainError as error:
        fail(error)
    for box in VAT_BOXES:
        click.echo(f"{box}\t{format_minor(found.boxes[box])}\t{found.kronor(box)}")

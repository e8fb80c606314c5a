"""`flask invoices remind`: payment reminders for overdue invoices."""
from __future__ import annotations

from datetime import datetime

import click

from ledger.cli.billing import invoices_cli
from ledger.cli.common import fail
from ledger.domain.errors import DomainError
from ledger.services.payments import reminders


@invoices_cli.command("remind")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Remind what was overdue on this day, YYYY-MM-DD, today or earlier (default: today in "
                   "Stockholm); reminders are dated today.")
def remind_command(on: datetime | None) -> None:
    """Queue a reminder for every overdue invoice not reminded in the last 14 days; safe to run any number of times."""
    try:
        run = reminders.queue_reminders(on.date() if on else None)
    except DomainError as error:
        fail(error)
    click.echo(f"Reminded {len(run.reminded)} overdue invoices ({run.messages} mails queued); "
               f"{len(run.without_recipient)} have no billing address.")

"""`flask agreements notify`: renewal notices."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ledger.services.support import renewals

agreements_cli = AppGroup("agreements", help="Agreements with a period: renewal notices.")


@agreements_cli.command("notify")
def notify_agreements_command() -> None:
    """Queue the renewal notices due today (safe to run again: each period is noticed once)."""
    run = renewals.queue_renewal_notices()
    click.echo(f"renewal notices: {len(run.agreement_ids)} agreements, {run.messages} messages queued")
    if run.unsent_agreement_ids:
        ids = ", ".join(map(str, run.unsent_agreement_ids))
        click.echo(f"renewal notice could not be sent: no contract manager and no invoice e-mail (agreements {ids}); "
                   "it is sent by the first run after one is added")

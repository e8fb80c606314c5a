"""`flask agreements notify`: renewal notices; `flask mail receive` and `flask mail fetch`: the support desk's
incoming mail (an MTA's pipe, the IMAP mailbox)."""
from __future__ import annotations

import json
import sys

import click
from flask.cli import AppGroup

from ledger.cli.mail import mail_cli
from ledger.services.support import renewals

agreements_cli = AppGroup("agreements", help="Agreements with a period: renewal notices.")
#: sysexits.h EX_TEMPFAIL: the MTA keeps the message and tries again later.
EX_TEMPFAIL = 75


@agreements_cli.command("notify")
def notify_agreements_command() -> None:
    """Queue the renewal notices due today (safe to run again: each period is noticed once)."""
    run = renewals.queue_renewal_notices()
    click.echo(f"renewal notices: {len(run.agreement_ids)} agreements, {run.messages} messages queued")
    if run.unsent_agreement_ids:
        ids = ", ".join(map(str, run.unsent_agreement_ids))
        click.echo(f"renewal notice could not be sent: no contract manager and no invoice e-mail (agreements {ids}); "
                   "it is sent by the first run after one is added")


@mail_cli.command("receive")
def receive_command() -> None:
    """Read one message (RFC 5322) on standard input and store it: an MTA's pipe to the support desk.

    Prints what became of it as JSON. Exit 0 when it is stored or deliberately ignored, 75 (EX_TEMPFAIL) when it
    could not be stored now (the database cannot be reached), so that the MTA delivers it again later.
    """
    from ledger.services.support.inbound import receive_message

    raw = sys.stdin.buffer.read()
    try:
        received = receive_message(raw, source="pipe")
    except Exception as error:  # noqa: BLE001 - any failure to store must make the MTA retry, never bounce or drop
        click.echo(f"not stored, try again later: {type(error).__name__}: {error}"[:500], err=True)
        sys.exit(EX_TEMPFAIL)
    click.echo(json.dumps(received.as_dict()))


@mail_cli.command("fetch")
def fetch_command() -> None:
    """Receive the messages waiting in MAIL_IMAP_URL's folder now, moving each to MAIL_IMAP_DONE_FOLDER (the jobs
    worker does the same every minute)."""
    from ledger.services.support.mailbox import fetch_mailbox

    try:
        report = fetch_mailbox()
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if report is None:
        raise click.ClickException("Set MAIL_IMAP_URL (imaps://user:password@host:993/INBOX) to fetch mail.")
    outcomes = ", ".join(f"{count} {outcome}" for outcome, count in sorted(report.handled.items())) or "nothing"
    click.echo(f"received: {outcomes}; {report.moved} moved; {report.left} left for the next fetch.")

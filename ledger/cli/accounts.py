"""`flask ledger …`: check and back up the hour ledger."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from ledger.cli.common import fail
from ledger.domain.errors import DomainError
from ledger.services.accounts import backup as backup_service
from ledger.services.accounts.verify import verify_ledger

ledger_cli = AppGroup("ledger", help="Check and back up the hour ledger.")


@ledger_cli.command("verify")
def verify_command() -> None:
    """Recompute every account's hash chain, sequence and balance; exit 1 naming the first broken entry."""
    report = verify_ledger()
    for problem in report.problems:
        click.echo(f"BROKEN {problem}", err=True)
    if not report.ok:
        raise SystemExit(1)
    click.echo(f"OK: {report.accounts} accounts, {report.entries} entries verified.")


@ledger_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a consistent copy of the embedded SQLite database to PATH while the app runs."""
    try:
        pages = backup_service.backup_database(path)
    except DomainError as error:
        fail(error)
    click.echo(f"Backed up {pages} pages to {path}.")

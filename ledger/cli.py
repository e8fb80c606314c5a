"""`flask …` commands: thin wrappers that call one service each."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from ledger.domain.errors import DomainError
from ledger.services import backup as backup_service
from ledger.services import demo as demo_service
from ledger.services import users as user_service
from ledger.services.verify import verify_ledger

users_cli = AppGroup("users", help="Create users and API tokens.")
ledger_cli = AppGroup("ledger", help="Check and back up the hour ledger.")


def _fail(error: DomainError) -> None:
    raise click.ClickException(error.message)


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["admin", "staff", "finance", "customer"]), help="What the user may do.")
@click.option("--customer", "customer_id", type=int, help="The customer a customer user belongs to.")
def create_user_command(email: str, role: str, customer_id: int | None) -> None:
    """Create a user; the password is read from standard input (prompted for on a terminal)."""
    try:
        user = user_service.create_user(email, role, _read_password(), customer_id=customer_id)
    except DomainError as error:
        _fail(error)
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@users_cli.command("token")
@click.argument("email")
def token_command(email: str) -> None:
    """Print a new API token for EMAIL (shown once; only its hash is stored)."""
    try:
        click.echo(user_service.issue_token(email))
    except DomainError as error:
        _fail(error)


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
        _fail(error)
    click.echo(f"Backed up {pages} pages to {path}.")


@click.command("demo")
def demo_command() -> None:
    """Load demo customers, users and hour purchases (safe to run again: adds nothing twice)."""
    for line in demo_service.load_demo_data():
        click.echo(line)


def init_app(app: Flask) -> None:
    """Register the commands with the app's `flask` CLI."""
    app.cli.add_command(users_cli)
    app.cli.add_command(ledger_cli)
    app.cli.add_command(demo_command)

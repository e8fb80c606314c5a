"""`flask …` commands, one module per capability: thin wrappers that call one service each."""
from __future__ import annotations

from flask import Flask

from ledger.cli import payments  # noqa: F401  (adds `flask invoices remind` to the invoices group)
from ledger.cli.accounts import ledger_cli
from ledger.cli.billing import invoices_cli, rates_cli
from ledger.cli.books import books_cli
from ledger.cli.demo import demo_command
from ledger.cli.mail import jobs_cli, mail_cli
from ledger.cli.people import users_cli
from ledger.cli.support import agreements_cli
from ledger.cli.translate import translate_cli


def init_app(app: Flask) -> None:
    """Register the commands with the app's `flask` CLI."""
    app.cli.add_command(users_cli)
    app.cli.add_command(ledger_cli)
    app.cli.add_command(rates_cli)
    app.cli.add_command(invoices_cli)
    app.cli.add_command(books_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(agreements_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(demo_command)

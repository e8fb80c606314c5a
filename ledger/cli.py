"""`flask …` commands: thin wrappers that call one service each."""
from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from ledger import translations
from ledger.domain.errors import DomainError, InvalidInput
from ledger.domain.invoicing import invoice_number
from ledger.domain.periods import Period, parse_period
from ledger.extensions import db
from ledger.services import invoice_reads, invoicing, issuing, passwords, reminders, renewals, signin
from ledger.services.access import SYSTEM
from ledger.services import backup as backup_service
from ledger.services import demo as demo_service
from ledger.services import users as user_service
from ledger.services.verify import verify_ledger

users_cli = AppGroup("users", help="Users, passwords, API tokens and sign-in locks.")
invoices_cli = AppGroup("invoices", help="Run, issue and export a month's invoices; remind overdue ones.")
translate_cli = AppGroup("translate", help="Keep the Swedish and English catalogues current.")
ledger_cli = AppGroup("ledger", help="Check and back up the hour ledger.")
agreements_cli = AppGroup("agreements", help="Agreements with a period: renewal notices.")
mail_cli = AppGroup("mail", help="Deliver the outbox.")
jobs_cli = AppGroup("jobs", help="Run background jobs.")
rates_cli = AppGroup("rates", help="Exchange rates for invoices in other currencies.")


#: Fields of a refusal that are options of a command, named as the command line spells them.
OPTION_OF_FIELD = {"customer": "--customer ID", "display_name": "--name NAME", "expires_in_days": "--expires-in-days N"}


def _fail(error: DomainError) -> None:
    if isinstance(error, InvalidInput):
        raise click.ClickException("\n".join(f"{OPTION_OF_FIELD.get(field, field)}: {' '.join(texts)}"
                                             for field, texts in error.errors.items()))
    raise click.ClickException(error.message)


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["admin", "staff", "finance", "customer"]), help="What the user may do.")
@click.option("--name", "display_name", required=True, help="The name colleagues see, e.g. \"Anna Berg\".")
@click.option("--customer", "customer_id", type=int, help="The customer a customer user belongs to.")
def create_user_command(email: str, role: str, display_name: str, customer_id: int | None) -> None:
    """Create a user; the password is read from standard input (prompted for on a terminal)."""
    try:
        user = user_service.create_user(email, role, _read_password(), display_name=display_name,
                                        customer_id=customer_id)
    except DomainError as error:
        _fail(error)
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@users_cli.command("list")
def list_users_command() -> None:
    """List every user: e-mail, role, customer, and whether they may sign in."""
    for user in user_service.list_users(actor=SYSTEM):
        customer = f" (customer {user.customer_id})" if user.customer_id else ""
        click.echo(f"{user.email}\t{user.role}{customer}\t{'active' if user.active else 'deactivated'}"
                   f"\t{user.display_name}")


@users_cli.command("token")
@click.argument("email")
@click.option("--expires-in-days", type=int, help="Make the token stop working after N days (default: never).")
def token_command(email: str, expires_in_days: int | None) -> None:
    """Print a new API token for EMAIL (shown once; only its hash is stored)."""
    try:
        click.echo(user_service.issue_token(email, expires_in_days=expires_in_days))
    except DomainError as error:
        _fail(error)


def _moment(value: datetime | None, empty: str = "-") -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else empty


@users_cli.command("tokens")
@click.argument("email", required=False)
def tokens_command(email: str | None) -> None:
    """List API tokens (of EMAIL, or everyone's): prefix, owner, created, expires, last used, revoked."""
    try:
        tokens = user_service.list_tokens(actor=SYSTEM, email=email)
    except DomainError as error:
        _fail(error)
    click.echo("prefix\tuser\tcreated\texpires\tlast used\trevoked")
    for token in tokens:
        click.echo("\t".join((token.prefix, token.user.email, _moment(token.created_at),
                              _moment(token.expires_at, "never"), _moment(token.last_used_at, "never"),
                              _moment(token.revoked_at))))


@users_cli.command("revoke-token")
@click.argument("prefix")
def revoke_token_command(prefix: str) -> None:
    """Revoke the API token starting with PREFIX (see `flask users tokens`); it stops working at once."""
    try:
        token = user_service.revoke_token(prefix, actor=SYSTEM)
    except DomainError as error:
        _fail(error)
    click.echo(f"Revoked token {token.prefix} of {token.user.email}.")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Stop EMAIL from signing in: their sessions end now and their API tokens stop working."""
    try:
        ended = user_service.deactivate_user(email, actor=SYSTEM)
    except DomainError as error:
        _fail(error)
    click.echo(f"Deactivated {email}; {ended} sessions ended.")


@users_cli.command("activate")
@click.argument("email")
def activate_command(email: str) -> None:
    """Let a deactivated EMAIL sign in again (their tokens work again unless revoked)."""
    try:
        user = user_service.activate_user(email, actor=SYSTEM)
    except DomainError as error:
        _fail(error)
    click.echo(f"Activated {user.email}.")


@users_cli.command("set-password")
@click.argument("email")
def set_password_command(email: str) -> None:
    """Set EMAIL's password (read from standard input, prompted for on a terminal) and end their sessions."""
    try:
        ended = user_service.change_password(email, _read_password(), actor=SYSTEM)
    except DomainError as error:
        _fail(error)
    click.echo(f"Password of {email} changed; {ended} sessions ended.")


@users_cli.command("unlock")
@click.argument("email")
def unlock_command(email: str) -> None:
    """Clear the failed sign-ins of EMAIL (from every IP), so that it can sign in again at once."""
    try:
        cleared = signin.unlock_address(email, actor=SYSTEM)
    except DomainError as error:
        _fail(error)
    click.echo(f"Cleared {cleared} failed sign-ins of {email.strip().lower()}.")


@users_cli.command("reset-link")
@click.argument("email")
def reset_link_command(email: str) -> None:
    """Print a one-time link for EMAIL to set a new password (it works once, for an hour; older links stop)."""
    try:
        link = passwords.make_reset_link(email, actor=SYSTEM)
    except DomainError as error:
        _fail(error)
    click.echo(link.url)


@users_cli.command("rename")
@click.argument("email")
@click.argument("name")
def rename_command(email: str, name: str) -> None:
    """Change the name EMAIL is shown by on every page (history, tasks, cases)."""
    try:
        user = user_service.rename_user(email, name, actor=SYSTEM)
    except DomainError as error:
        _fail(error)
    click.echo(f"{user.email} is now shown as {user.display_name}.")


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


def _period(_context: click.Context, _parameter: click.Parameter, value: str) -> Period:
    try:
        return parse_period(value, "--period")
    except DomainError as error:
        raise click.BadParameter(error.message) from None


@invoices_cli.command("run")
@click.option("--period", required=True, callback=_period, help="The month to invoice, YYYY-MM.")
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
        _fail(error)
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
        _fail(error)
    if issued:
        click.echo(f"Issued {len(issued)} invoices, numbers {invoice_number(issued[0])}–{invoice_number(issued[-1])}.")
    else:
        click.echo("No drafts to issue.")


@invoices_cli.command("remind")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Remind as of this day, YYYY-MM-DD (default: today in Stockholm).")
def remind_command(on: datetime | None) -> None:
    """Queue a reminder for every overdue invoice not reminded in the last 14 days; safe to run any number of times."""
    run = reminders.queue_reminders(on.date() if on else None)
    click.echo(f"Reminded {len(run.reminded)} overdue invoices ({run.messages} mails queued); "
               f"{len(run.without_recipient)} have no billing address.")


@invoices_cli.command("export")
@click.option("--period", required=True, callback=_period, help="The month whose issued documents are exported, YYYY-MM.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The zip to write.")
def export_invoices_command(period: Period, out: Path) -> None:
    """Write the period's archived PDFs and a CSV summary to a zip."""
    count = len(invoice_reads.list_invoices(actor=SYSTEM, period=period, status="issued"))
    with out.open("wb") as target, click.progressbar(length=count, label=f"Exporting {period}") as bar:
        written = invoice_reads.export_period(period, target, actor=SYSTEM, progress=bar.update)
    click.echo(f"Wrote {written} PDFs and summary-{period}.csv to {out}.")


@translate_cli.command("update")
def translate_update_command() -> None:
    """Extract every translatable string and add new ones to translations/*/messages.po."""
    translations.update()
    for language in translations.LANGUAGES:
        missing = translations.untranslated(language)
        click.echo(f"{language}: {len(missing)} messages to translate" + (f": {missing[:5]}…" if missing else ""))


@translate_cli.command("fill")
@click.argument("language", type=click.Choice(translations.LANGUAGES))
@click.argument("source", type=click.File("r", encoding="utf-8"))
def translate_fill_command(language: str, source: object) -> None:
    """Set translations from a JSON object {msgid: translation} (for example the new strings of a change)."""
    import json

    missing = translations.fill(language, json.load(source))  # type: ignore[arg-type]
    for msgid in missing:
        click.echo(f"not in the catalogue (run `flask translate update` first): {msgid}", err=True)
    if missing:
        raise SystemExit(1)


@translate_cli.command("compile")
def translate_compile_command() -> None:
    """Compile messages.po to messages.mo for every language."""
    for path in translations.compile_catalogues():
        click.echo(f"compiled {path}")


@agreements_cli.command("notify")
def notify_agreements_command() -> None:
    """Queue the renewal notices due today (safe to run again: each period is noticed once)."""
    run = renewals.queue_renewal_notices()
    click.echo(f"renewal notices: {len(run.agreement_ids)} agreements, {run.messages} messages queued")


@mail_cli.command("send-pending")
@click.option("--limit", type=click.IntRange(1, 100_000), default=1000, show_default=True, help="Most messages to send.")
def send_pending_command(limit: int) -> None:
    """Deliver the outbox messages that are due now (the mail job does the same every minute)."""
    from ledger.services.mail_delivery import deliver_due_messages

    report = deliver_due_messages(limit)
    click.echo(f"{len(report.sent)} sent, {len(report.retried)} to retry, {len(report.failed)} failed, "
               f"{len(report.waiting)} waiting for their invoice's document.")


@jobs_cli.command("worker")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Tasks run at once.")
@click.option("--worker-type", type=click.Choice(["process", "thread"]), default="process", show_default=True,
              help="Processes render PDFs on every core; threads share one.")
@click.option("--no-periodic", is_flag=True, help="Leave the periodic jobs (mail, sweep, SLA, daily) to other workers.")
def worker_command(workers: int, worker_type: str, no_periodic: bool) -> None:
    """Run a Huey consumer inside the app until stopped (SIGTERM or Ctrl-C finish the running tasks first)."""
    import logging

    from ledger.jobs import run_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_worker(workers=workers, worker_type=worker_type, periodic=not no_periodic)


@click.command("demo")
def demo_command() -> None:
    """Load demo customers, users and hour purchases (safe to run again: adds nothing twice)."""
    for line in demo_service.load_demo_data():
        click.echo(line)

@rates_cli.command("import")
@click.argument("source", type=click.File("rb"))
def rates_import_command(source: object) -> None:
    """Record the EUR rates of a Riksbank exchange-rate CSV (all of them, or none if a line is wrong)."""
    from ledger.services.exchange_rates import import_exchange_rates

    try:
        result = import_exchange_rates(source.read(), actor=SYSTEM)  # type: ignore[attr-defined]
    except DomainError as error:
        _fail(error)
    click.echo(f"Recorded {result.recorded} rates; {result.already_recorded} were already on file"
               + (f"; left aside: {', '.join(result.ignored_series)}" if result.ignored_series else "")
               + (f"; {result.days_without_rate} days without a rate" if result.days_without_rate else "") + ".")


def init_app(app: Flask) -> None:
    """Register the commands with the app's `flask` CLI."""
    app.cli.add_command(users_cli)
    app.cli.add_command(ledger_cli)
    app.cli.add_command(rates_cli)
    app.cli.add_command(invoices_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(agreements_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(demo_command)

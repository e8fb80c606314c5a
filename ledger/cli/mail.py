"""`flask mail …` and `flask jobs worker`: deliver the outbox, run background jobs."""
from __future__ import annotations

import click
from flask.cli import AppGroup

mail_cli = AppGroup("mail", help="Deliver the outbox, receive mail.")


jobs_cli = AppGroup("jobs", help="Run background jobs.")


@mail_cli.command("send-pending")
@click.option("--limit", type=click.IntRange(1, 100_000), default=1000, show_default=True, help="Most messages to send.")
def send_pending_command(limit: int) -> None:
    """Deliver the outbox messages that are due now (the mail job does the same every minute)."""
    from ledger.services.mail.delivery import deliver_due_messages

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

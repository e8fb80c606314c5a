"""`flask demo`: demo data for a first look."""
from __future__ import annotations

import click

from ledger.services.demo import load as demo_service


@click.command("demo")
def demo_command() -> None:
    """Load demo customers, users and hour purchases (safe to run again: adds nothing twice)."""
    for line in demo_service.load_demo_data():
        click.echo(line)

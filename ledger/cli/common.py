"""What every command shares: refusals said as the command line spells its options, a month option."""
from __future__ import annotations

import click

from ledger.domain.errors import DomainError, InvalidInput
from ledger.domain.periods import Period, parse_period

#: Fields of a refusal that are options of a command, named as the command line spells them.
OPTION_OF_FIELD = {"customer": "--customer ID", "display_name": "--name NAME", "expires_in_days": "--expires-in-days N",
                   "date": "--date"}


def fail(error: DomainError) -> None:
    """Stop the command with the refusal's message, each field named as the command line spells it."""
    if isinstance(error, InvalidInput):
        raise click.ClickException("\n".join(f"{OPTION_OF_FIELD.get(field, field)}: {' '.join(texts)}"
                                             for field, texts in error.errors.items()))
    raise click.ClickException(error.message)


def period_option(_context: click.Context, _parameter: click.Parameter, value: str) -> Period:
    """The `--period YYYY-MM` of a command as a Period; a bad one is a usage error naming the option."""
    try:
        return parse_period(value, "--period")
    except DomainError as error:
        raise click.BadParameter(error.message) from None

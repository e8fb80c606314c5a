"""`flask translate …`: keep the Swedish and English catalogues current."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ledger import translations

translate_cli = AppGroup("translate", help="Keep the Swedish and English catalogues current.")


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

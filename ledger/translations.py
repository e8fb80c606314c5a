"""Keeping the Swedish and English catalogues current: extract, update, compile (Babel's own tools)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from ledger.config import ROOT, TRANSLATIONS_DIR

POT = TRANSLATIONS_DIR / "messages.pot"
LANGUAGES = ("sv", "en")


def _pybabel(*arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *arguments], cwd=ROOT, check=True)


def extract() -> None:
    """Collect every translatable string of the code and templates into messages.pot."""
    _pybabel("extract", "-F", str(TRANSLATIONS_DIR / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext", "-k", "N_",
             "-k", "lazy_pgettext:1c,2",
             "--no-location", "--sort-output", "--no-wrap", "-o", str(POT), ".")


#: The catalogues' header dates are fixed, so that extracting on two branches never conflicts over a timestamp.
_HEADER_DATE = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"$', re.MULTILINE)


def _pin_header_dates(path: Path) -> None:
    content = path.read_bytes()
    path.write_bytes(_HEADER_DATE.sub(lambda match: b'"' + match.group(1) + b': 2026-11-22 00:00+0000\\n"', content))


def update() -> None:
    """Extract, then merge new strings into each language's messages.po (translators fill them in)."""
    extract()
    _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS_DIR), "--no-fuzzy-matching", "--ignore-obsolete", "--no-wrap")
    for path in (POT, *(po_path(language) for language in LANGUAGES)):
        _pin_header_dates(path)


def fill(language: str, messages: dict[str, str]) -> list[str]:
    """Set the translation of each msgid in `messages` in one language's messages.po; return msgids not found.

    For translators and scripts: `flask translate fill sv new.json` after `flask translate update`. A message
    with a context (pgettext) is keyed "context\u0004msgid", as gettext itself joins them.
    """
    path = po_path(language)
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    missing = []
    for key, translation in messages.items():
        context, _, msgid = key.rpartition("\x04")
        message = catalog.get(msgid, context or None)
        if message is None:
            missing.append(key)
            continue
        message.string = translation
        message.flags.discard("fuzzy")
    with path.open("wb") as target:
        write_po(target, catalog, ignore_obsolete=True, width=0)
    return missing


def po_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"


def stale_catalogues() -> list[str]:
    """Languages whose compiled catalogue (messages.mo) is missing or older than its messages.po."""
    stale = []
    for language in LANGUAGES:
        po, mo = po_path(language), po_path(language).with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(language)
    return stale


def check_catalogues(development: bool) -> None:
    """Compile stale catalogues on a developer machine; anywhere else refuse to start, naming the step.

    Without a compiled catalogue Flask-Babel silently falls back to English, so a Swedish customer
    would get an English invoice: that must stop the app, not reach a customer.
    """
    stale = stale_catalogues()
    if not stale:
        return
    if development:
        compile_catalogues()
        return
    raise RuntimeError(
        f"The message catalogues for {', '.join(stale)} are not compiled or older than their .po files, so "
        "pages and invoices would fall back to English. Compile them as part of installing: "
        "`python -m ledger.translations compile` (or `make install`)."
    )


def compile_catalogues() -> list[Path]:
    """Write messages.mo next to every messages.po whose .mo is missing or older; return those written."""
    written = []
    for language in stale_catalogues():
        po, mo = po_path(language), po_path(language).with_suffix(".mo")
        with po.open("rb") as source:
            catalog = read_po(source, locale=language)
        with mo.open("wb") as target:
            write_mo(target, catalog)
        written.append(mo)
    return written


def untranslated(language: str) -> list[str]:
    """Messages of the catalogue with no translation."""
    with po_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    return [message.id if isinstance(message.id, str) else message.id[0]
            for message in catalog if message.id and (not message.string or message.fuzzy)]


if __name__ == "__main__":  # `python -m ledger.translations compile`: an install step that needs no app
    if sys.argv[1:] != ["compile"]:
        raise SystemExit("usage: python -m ledger.translations compile")
    for compiled in compile_catalogues():
        print(f"compiled {compiled}")

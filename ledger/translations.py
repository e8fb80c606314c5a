"""Keeping the Swedish and English catalogues current: extract, update, compile (Babel's own tools)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ledger.config import ROOT, TRANSLATIONS_DIR

POT = TRANSLATIONS_DIR / "messages.pot"
LANGUAGES = ("sv", "en")


def _pybabel(*arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *arguments], cwd=ROOT, check=True)


def extract() -> None:
    """Collect every translatable string of the code and templates into messages.pot."""
    _pybabel("extract", "-F", str(TRANSLATIONS_DIR / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
             "--no-location", "--sort-output", "-o", str(POT), ".")


def update() -> None:
    """Extract, then merge new strings into each language's messages.po (translators fill them in)."""
    extract()
    _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS_DIR), "--no-fuzzy-matching", "--ignore-obsolete")


def po_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"


def compile_catalogues() -> list[Path]:
    """Write messages.mo next to every messages.po whose .mo is missing or older; return those written."""
    written = []
    for language in LANGUAGES:
        po, mo = po_path(language), po_path(language).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
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

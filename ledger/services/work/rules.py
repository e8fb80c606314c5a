"""The active rule catalogue, chosen by SERVICEKONTO_RULES and loaded once per app."""
from __future__ import annotations

import re

from flask import Flask, current_app

from ledger.config import RULES_DIR
from ledger.domain.work.catalogue import Catalogue, CatalogueError, load_catalogue

CATALOGUE_EXTENSION = "servicekonto.catalogue"
_NAME = re.compile(r"^[a-z0-9_]+$")


def available_catalogues() -> list[str]:
    """Names of the catalogue files shipped in ledger/rules/."""
    return sorted(path.stem for path in RULES_DIR.glob("*.toml"))


def load_active_catalogue(app: Flask) -> Catalogue:
    """Load the configured catalogue into the app; fail at start-up, not at the first task, if it is wrong."""
    name = app.config["SERVICEKONTO_RULES"]
    if not _NAME.fullmatch(name) or not (RULES_DIR / f"{name}.toml").is_file():
        raise CatalogueError(
            f"SERVICEKONTO_RULES={name!r} names no catalogue; available: {', '.join(available_catalogues())}"
        )
    catalogue = load_catalogue(RULES_DIR / f"{name}.toml")
    app.extensions[CATALOGUE_EXTENSION] = catalogue
    return catalogue


def active_catalogue() -> Catalogue:
    """The catalogue tasks are classified by."""
    return current_app.extensions[CATALOGUE_EXTENSION]

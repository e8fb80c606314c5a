"""The data files of ledger/plans/ (support plans, contact-role requirements): found by name and read as TOML.

Each capability parses its own file with its own parser at start-up, so a broken file stops the app.
"""
from __future__ import annotations

import re
import tomllib
from typing import Any

from ledger.config import PLANS_DIR
from ledger.domain.errors import PlanError

CONTACT_ROLES_FILE = "contact_roles"
_NAME = re.compile(r"^[a-z0-9_]+$")


def available_plan_files() -> list[str]:
    """Names of the support-plan files shipped in ledger/plans/ (the contact-role requirements are not one)."""
    return sorted(path.stem for path in PLANS_DIR.glob("*.toml") if path.stem != CONTACT_ROLES_FILE)


def read_plan_file(name: str, setting: str = "SERVICEKONTO_PLANS") -> dict[str, Any]:
    """The parsed TOML of ledger/plans/<name>.toml; PlanError naming the setting or the file if it is wrong."""
    path = PLANS_DIR / f"{name}.toml"
    if not _NAME.fullmatch(name) or not path.is_file():
        raise PlanError(f"{setting}={name!r} names no plan file; available: {', '.join(available_plan_files())}")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise PlanError(f"{path.name}: {error}") from None

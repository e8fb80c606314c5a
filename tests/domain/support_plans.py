"""The shipped plan file and its calendar, for domain tests (no app)."""
from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ledger.domain.support.business_calendar import business_calendar
from ledger.domain.support.plans import parse_support_plans

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PLAN_FILE = Path(__file__).resolve().parents[2] / "ledger" / "plans" / "support_tiers.toml"
PLANS = parse_support_plans(tomllib.loads(PLAN_FILE.read_text(encoding="utf-8")))
CALENDAR = business_calendar(PLANS.calendar)


def local(*args: int) -> datetime:
    """A Stockholm moment: local(2029, 6, 21, 16)."""
    return datetime(*args, tzinfo=STOCKHOLM)  # type: ignore[misc]

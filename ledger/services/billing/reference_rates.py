"""The Riksbank's reference rate as data finance records (docs/payments.md): late-payment interest is the reference rate
of the calendar half-year plus LATE_INTEREST_RATE_POINTS (räntelagen 6 § and 9 §)."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select

from ledger.domain.billing.late_charges import format_rate_percent
from ledger.domain.errors import Conflict, FieldErrors
from ledger.domain.input_formats import iso_date_or_none
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import ReferenceRate
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "reference_rate_half_year": N_("The Riksbank sets the reference rate on 1 January and 1 July: write one of "
                                   "those days, YYYY-01-01 or YYYY-07-01."),
    "reference_rate_invalid": N_("Write the rate in percent with at most two decimals, such as 2,25 or -0,50."),
    "reference_rate_exists": N_("The reference rate from %(valid_from)s is already on file as %(rate)s %%; rates "
                                "once recorded are not changed."),
})
_RATE = re.compile(r"^(?P<sign>[-−])?(?P<units>[0-9]{1,2})(?:[.,](?P<fraction>[0-9]{1,2}))?$")


def _check(data: dict[str, Any]) -> tuple[date, int]:
    errors = FieldErrors()
    day = iso_date_or_none(data.get("valid_from"))
    if day is None:
        errors.add("valid_from", "not_a_date")
    elif (day.month, day.day) not in ((1, 1), (7, 1)):
        errors.add("valid_from", "reference_rate_half_year")
    text = data.get("rate")
    match = _RATE.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        errors.add("rate", "reference_rate_invalid")
    errors.raise_if_any()
    bp = int(match["units"]) * 100 + int((match["fraction"] or "").ljust(2, "0"))  # type: ignore[index]
    return day, -bp if match["sign"] else bp  # type: ignore[return-value, index]


def record_reference_rate(data: dict[str, Any], *, actor: Actor) -> ReferenceRate:
    """Record the reference rate from a half-year's first day (`{valid_from, rate}`, rate in percent); the same
    again is a no-op.

    :raise InvalidInput: naming each bad field.  :raise Conflict: that half-year already has another rate.
    """
    require_role(actor, *FINANCE_ROLES)
    valid_from, rate_bp = _check(data)
    with write_transaction() as session:
        known = session.execute(select(ReferenceRate).where(ReferenceRate.valid_from == valid_from)).scalar()
        if known is not None:
            if known.rate_bp != rate_bp:
                raise Conflict(code="reference_rate_exists", valid_from=valid_from,
                               rate=format_rate_percent(known.rate_bp))
            return known
        record = ReferenceRate(valid_from=valid_from, rate_bp=rate_bp, created_at=utcnow(), created_by=actor.id)
        session.add(record)
    return record


def list_reference_rates(*, actor: Actor) -> list[ReferenceRate]:
    """Every reference rate on file, newest first (finance, admin)."""
    require_role(actor, *FINANCE_ROLES)
    return list(db.session.execute(select(ReferenceRate).order_by(ReferenceRate.valid_from.desc())).scalars())

"""Column types shared by the models."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, cast, func
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored as naive UTC on every engine and read back as an aware UTC datetime."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


#: Money in minor units: up to 10^12 öre needs 64 bits (PostgreSQL's integer stops at 2^31 - 1);
#: SQLite's INTEGER is 64-bit already, so its tables keep their type (and their triggers).
MinorUnits = BigInteger().with_variant(Integer(), "sqlite")

#: Minute counters (balances, entries, tasks, limits): 64 bits on PostgreSQL as well, so that no balance or
#: sum can overflow there; SQLite's INTEGER is 64-bit already and its tables (and triggers) stay as they are.
Minutes = BigInteger().with_variant(Integer(), "sqlite")


def summed_minutes(column: Any) -> ColumnElement[int]:
    """SUM of a minute column, 0 when there are no rows, as an integer on every engine (PostgreSQL's SUM of a
    BIGINT is NUMERIC, which would arrive as a Decimal)."""
    return cast(func.coalesce(func.sum(column), 0), Minutes)

"""Hours reports as plain arithmetic: minutes logged, included, debited and billed per group, and their value.

A task's value is its billed minutes at its customer's hourly rate, rounded half up to the öre (cent) on its
own; a group's value is the sum of its tasks' values, per currency, so that every total equals the sum of
the tasks behind it. Voided tasks are in no report: their work was never done, or was logged again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

GROUPINGS = ("customer", "staff", "category")
#: Å, Ä and Ö come after Z in Swedish, in that order (by code point Ä comes before Å): the three characters
#: after "z" stand in for them.
_SWEDISH_LAST_LETTERS = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def swedish_sort_key(name: str) -> str:
    """A name as Swedish lists order it: case ignored, Å Ä Ö after Z."""
    return name.casefold().translate(_SWEDISH_LAST_LETTERS)


def task_value_minor(billed_minutes: int, hourly_rate_minor: int) -> int:
    """The value of billed minutes at an hourly rate, in minor units, rounded half up."""
    return (2 * billed_minutes * hourly_rate_minor + 60) // 120


@dataclass
class HoursTotals:
    """A group's (or the report's) tasks and minutes by outcome, and their value per currency."""

    tasks: int = 0
    logged_minutes: int = 0
    included_minutes: int = 0
    debited_minutes: int = 0
    billed_minutes: int = 0
    review_minutes: int = 0
    value_minor: dict[str, int] = field(default_factory=dict)

    def merge(self, other: "HoursTotals") -> None:
        """Add another group's totals to these."""
        for name in ("tasks", "logged_minutes", "included_minutes", "debited_minutes", "billed_minutes",
                     "review_minutes"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for currency, value in other.value_minor.items():
            self.value_minor[currency] = self.value_minor.get(currency, 0) + value

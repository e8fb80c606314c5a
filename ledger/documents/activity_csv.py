"""A customer's tasks and a month's statement as CSV, in the reader's language, safe to open in a spreadsheet.

Minutes are whole numbers (a spreadsheet adds them up); dates are ISO and Stockholm time; text that could start a
formula is neutralised by SafeCsvWriter (documents/csv_safe.py).
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ledger.documents.csv_safe import SafeCsvWriter
from ledger.domain.periods import Period, local_date
from ledger.models import LedgerEntry, Task

OUTCOMES = {"included": _l("Included in the monthly fee"), "debited": _l("Debited from the service account"),
            "needs_review": _l("Needs review")}
TASK_STATUSES = {"booked": _l("Booked"), "needs_review": _l("Needs review"), "voided": _l("Voided")}
ENTRY_KINDS = {"purchase": _l("Hour package bought"), "consumption": _l("Work debited"),
               "settlement": _l("Hours owed invoiced"), "reversal": _l("Reversal"), "adjustment": _l("Adjustment"),
               "forfeit": _l("Remaining hours forfeited")}


class MonthStatement(Protocol):
    """What a month's statement hands over to be written (ledger.services.accounts.statements.Statement is one)."""

    period: Period
    opening_balance_minutes: int
    closing_balance_minutes: int
    entries: Sequence[LedgerEntry]


#: Entries whose memo a person wrote (a reason), and so belongs in the file as it is.
WRITTEN_MEMOS = frozenset({"adjustment", "forfeit"})


def _text(rows: Iterable[list[object]]) -> str:
    target = io.StringIO()
    writer = SafeCsvWriter(target)
    for row in rows:
        writer.writerow(row)
    return target.getvalue()


def tasks_csv(tasks: Iterable[Task], *, category_label: Callable[[str], str], language: str) -> str:
    """One row per task, newest work first: date, category, description, minutes, billed minutes, outcome, reason."""
    header = [gettext("Task"), gettext("Date"), gettext("Kind of work"), gettext("Description"),
              gettext("Minutes"), gettext("Billed minutes"), gettext("Decision"), gettext("Reason"), gettext("Status")]
    rows: list[list[object]] = [header]
    for task in tasks:
        rows.append([task.id, task.work_date.isoformat(), category_label(task.category), task.description,
                     task.minutes, 0 if task.status == "voided" else task.billed_minutes,
                     str(OUTCOMES.get(task.outcome, task.outcome)),
                     task.reason_en if language == "en" else task.reason_sv,
                     str(TASK_STATUSES.get(task.status, task.status))])
    return _text(rows)


def _entry_note(entry: LedgerEntry, tasks_by_id: dict[int, Task]) -> str:
    task = tasks_by_id.get(entry.task_id) if entry.task_id is not None else None
    if getattr(task, "moved", False):
        return gettext("Moved to another customer")  # and no more: the work is the other customer's
    if task is not None:
        return task.description
    return entry.memo if entry.kind in WRITTEN_MEMOS and entry.memo else ""


def statement_csv(statement: MonthStatement, tasks_by_id: dict[int, Task]) -> str:
    """The month's balance: the opening balance, every entry with its change and balance after, the closing one."""
    rows: list[list[object]] = [[gettext("Date"), gettext("What"), gettext("Note"), gettext("Change in minutes"),
                                 gettext("Balance after (minutes)")]]
    rows.append([statement.period.first_day.isoformat(), gettext("Opening balance"), "", "",
                 statement.opening_balance_minutes])
    for entry in statement.entries:
        rows.append([local_date(entry.recorded_at).isoformat(), str(ENTRY_KINDS.get(entry.kind, entry.kind)),
                     _entry_note(entry, tasks_by_id), entry.minutes, entry.balance_after])
    rows.append([statement.period.last_day.isoformat(), gettext("Closing balance"), "", "",
                 statement.closing_balance_minutes])
    return _text(rows)

"""The memos the system writes on ledger entries, read back as a code and parameters (docs/architecture.md).

Entries are append-only and hash-chained, so their English memo text stays as written; a page renders
the memo in the reader's language from the code and parameters recognised here. What a person typed
(a task's description, a reason) is a parameter and is shown as typed. A memo that matches no pattern
(an adjustment's or a closure's reason) is the person's own text and has no code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ledger.domain.problems import N_

#: Each memo the services write, by code, with its English template (the msgid of its translations).
MEMOS: dict[str, str] = {
    "memo_task": N_("Task %(task_id)s: %(description)s"),
    "memo_task_voided": N_("Task %(task_id)s voided: %(note)s"),
    "memo_task_overridden": N_("Task %(task_id)s overridden to included: %(note)s"),
    "memo_hour_package": N_("Hour package %(package_minutes)s"),
    "memo_hours_owed": N_("Hours owed for %(period)s invoiced"),
    "memo_invoice_credited": N_("Invoice %(number)s credited"),
}

#: How each memo was written (services/tasks.py, accounts.py, issuing.py); the kind guards against a typed
#: reason that happens to read like one.
_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("consumption", "memo_task", re.compile(r"Task (?P<task_id>\d+): (?P<description>.*)", re.S)),
    ("reversal", "memo_task_voided", re.compile(r"Task (?P<task_id>\d+) voided: (?P<note>.*)", re.S)),
    ("reversal", "memo_task_overridden", re.compile(r"Task (?P<task_id>\d+) overridden to included: (?P<note>.*)", re.S)),
    ("purchase", "memo_hour_package", re.compile(r"Hour package (?P<package_minutes>\d+) min")),
    ("settlement", "memo_hours_owed", re.compile(r"Hours owed for (?P<period>\d{4}-\d{2}) invoiced")),
    ("reversal", "memo_invoice_credited", re.compile(r"Invoice (?P<number>[A-Z]*\d+) credited")),
)
_WHOLE_NUMBERS = ("task_id", "package_minutes")


@dataclass(frozen=True)
class Memo:
    """A system memo as a code and parameters; `code` is None for a person's own words (`text`)."""

    code: str | None
    text: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def template(self) -> str:
        """The English template of the code, or the text itself."""
        return MEMOS[self.code] if self.code else self.text


def read_memo(kind: str, memo: str | None, *, series: str | None = None) -> Memo:
    """The code and parameters of a memo the system wrote on an entry of `kind`.

    A credited invoice's number written without its series ("Invoice 1004 credited", before numbers were
    written F1004 everywhere) gets `series` in front.
    """
    text = memo or ""
    for pattern_kind, code, pattern in _PATTERNS:
        if kind != pattern_kind:
            continue
        match = pattern.fullmatch(text)
        if match is None:
            continue
        params: dict[str, Any] = dict(match.groupdict())
        for name in _WHOLE_NUMBERS:
            if name in params:
                params[name] = int(params[name])
        if code == "memo_invoice_credited" and series and params["number"].isdigit():
            params["number"] = f"{series}{params['number']}"
        return Memo(code, text, params)
    return Memo(None, text)

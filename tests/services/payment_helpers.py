"""Issued invoices to pay, and BgMax files paying them."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from ledger.domain.periods import Period
from ledger.models import Invoice
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import issue_invoices, number_drafts
from ledger.services.billing.runs import run_invoices

OCTOBER = Period(2026, 10)
#: The October invoices are issued on 2 November and due on 2 December (30 days).
DUE_ON = date(2026, 12, 2)
TO_PAY_MINOR = 603_000


@pytest.fixture
def issued(october: Callable[..., Any]) -> Callable[..., list[Invoice]]:
    """Factory: `count` customers invoiced for October, issued on 2 November (6 030,00 kr each, due 2 December)."""

    def make(count: int = 1, **terms: Any) -> list[Invoice]:
        for _ in range(count):
            october(**terms)
        drafts = run_invoices(OCTOBER, actor=SYSTEM).created
        return issue_invoices([draft.id for draft in drafts], actor=SYSTEM)

    return make


@pytest.fixture
def numbered(october: Callable[..., Any]) -> Callable[..., list[Invoice]]:
    """Factory: like `issued`, but only the numbering half runs (numbers, mail, e-invoice; no PDF is rendered):
    for tests about money, where the archived PDF plays no part."""

    def make(count: int = 1, **terms: Any) -> list[Invoice]:
        for _ in range(count):
            october(**terms)
        drafts = run_invoices(OCTOBER, actor=SYSTEM).created
        return number_drafts([draft.id for draft in drafts], actor=SYSTEM)

    return make

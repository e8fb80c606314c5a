"""A year of one customer computed by hand: two packages at different prices, a Gold plan, a partial credit of a
package and a forfeiture, read back from the month's SIE files with the strict reader (docs/books.md)."""
from __future__ import annotations

from datetime import date

import pytest

from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import LedgerEntry
from ledger.services.access import SYSTEM
from ledger.services.accounts.closing import close_customer
from ledger.services.accounts.hours import record_purchase
from ledger.services.billing.issuing import credit_invoice, number_drafts
from ledger.services.billing.runs import run_invoices
from ledger.services.books.deferred import deferred_on
from ledger.services.books.sie import sie_export
from ledger.services.support.agreements import create_agreement
from tests.conftest import utc
from tests.documents.sie_reader import read_sie
from tests.services.invoice_helpers import log_work

KR = 100  # öre


def _issue_run(freeze_clock, year: int, month: int, on: date) -> list:
    freeze_clock(utc(on.year, on.month, on.day, 9))
    drafts = run_invoices(Period(year, month), actor=SYSTEM).created
    return number_drafts([draft.id for draft in drafts], actor=SYSTEM)  # the books read rows, not PDFs


@pytest.fixture
def year(make_customer, freeze_clock):
    """The customer's 2026: see each step's comment for the figures the SIE files must carry."""
    freeze_clock(utc(2026, 1, 12, 9))
    customer = make_customer(name="Årsbolaget AB", monthly_fee="1000.00")
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)  # A: 600 min at 15 kr/min
    # Gold from 12 January for a year (to 11 January 2027): 365 days at 100 kr
    create_agreement(customer.id, {"kind": "support_plan", "plan": "gold", "price": "36500.00"}, actor=SYSTEM)
    freeze_clock(utc(2026, 1, 20, 9))
    log_work(customer.id, "installation", 300, "Installation")  # 300 min of A
    january = _issue_run(freeze_clock, 2026, 1, date(2026, 2, 2))  # fee 1 000, A 9 000, Gold 36 500 deferred
    freeze_clock(utc(2026, 2, 10, 9))
    record_purchase(customer.id, 300, "6000.00", actor=SYSTEM)  # B: 300 min at 20 kr/min
    freeze_clock(utc(2026, 2, 16, 9))
    log_work(customer.id, "installation", 420, "Migrering")  # A used up, 120 min of B (B not invoiced yet)
    february = _issue_run(freeze_clock, 2026, 2, date(2026, 3, 2))  # B invoiced 2 March
    freeze_clock(utc(2026, 3, 10, 9))
    log_work(customer.id, "installation", 60, "Uppgradering")  # 180 min of B used
    freeze_clock(utc(2026, 3, 20, 9))
    [package_line] = [line for line in february[0].lines if line.kind == "hour_package"]
    credit_invoice(february[0].id, "Rabatt", actor=SYSTEM,
                   lines=[{"position": package_line.position, "amount": "1500.00"}])  # B now worth 4 500
    _issue_run(freeze_clock, 2026, 3, date(2026, 4, 2))
    freeze_clock(utc(2026, 4, 15, 9))
    close_customer(customer.id, "Avslutar", actor=SYSTEM)  # 120 min of B forfeited: 1 800 kr earned that day
    return customer, january


def _month(app, finance, month: int):
    return read_sie(sie_export(Period(2026, month), actor=finance))


def _rows(sie, series: str, account: int) -> int:
    return sum(row.amount_minor for ver in sie.vouchers if ver.series == series for row in ver.rows
               if row.account == account)


def test_a_year_of_one_customer_matches_the_hand_computed_books(app, year, make_user):
    customer, january = year
    finance = make_user("finance")
    minutes = [entry.minutes for entry in db.session.query(LedgerEntry).filter_by(kind="consumption")]
    assert sorted(minutes) == [-420, -300, -60]  # the work was debited as the figures assume
    months = {month: _month(app, finance, month) for month in range(1, 13)}
    for sie in months.values():
        assert sie.posts["RAR"] == ["0", "20260101", "20261231"]
    assert months[1].posts["RAR-1"] == ["-1", "20250101", "20251231"]
    # January: nothing invoiced yet, so nothing earned
    assert not [ver for ver in months[1].vouchers if ver.series == "P"]
    # February: the invoice defers 9 000 + 36 500; earned: A in full and 48 days of Gold (12 Jan - 28 Feb)
    assert _rows(months[2], "F", 2970) == -(9000 + 36500) * KR
    assert _rows(months[2], "F", 3041) == -1000 * KR
    assert _rows(months[2], "P", 2970) == (9000 + 4800) * KR
    assert _rows(months[2], "P", 3041) == -(9000 + 4800) * KR
    # March: B invoiced (6 000) and 1 500 credited; 180 of its 300 min used at 4 500 -> 2 700; Gold 31 days
    assert _rows(months[3], "F", 2970) == -(6000 - 1500) * KR
    assert _rows(months[3], "P", 2970) == (2700 + 3100) * KR
    # April: the forfeiture earns B's last 1 800 on 15 April; the month's voucher has Gold's 30 days
    [forfeit] = [ver for ver in months[4].vouchers if ver.series == "S"]
    assert forfeit.voucher_date == date(2026, 4, 15)
    assert _rows(months[4], "S", 2970) == 1800 * KR
    assert _rows(months[4], "P", 2970) == 3000 * KR
    for ver in months[4].vouchers:
        if ver.series in ("P", "S"):
            assert all(row.text == "Årsbolaget AB" for row in ver.rows)
    # May-December: Gold day by day, 365 days at 100 kr from 12 January
    assert _rows(months[12], "P", 2970) == 3100 * KR
    # the deferred account's balance at the year's end is Gold's 11 days of January 2027
    postings = sum(_rows(sie, series, 2970) for sie in months.values() for series in ("F", "P", "S"))
    assert postings == -1100 * KR
    [left] = deferred_on(date(2026, 12, 31), customer.id)
    assert left.deferred_minor == 1100 * KR
    assert january[0].number == 1001


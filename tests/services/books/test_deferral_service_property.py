"""The deferred revenue property on the real rows (a smaller version of the domain's): random purchases at
different prices and debits over months, invoiced by each month's run; at the end the SIE postings on the
deferred account, the deferred report and the value of the hours still on the account all agree."""
from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_adjustment, record_purchase
from ledger.services.billing.issuing import number_drafts
from ledger.services.billing.runs import run_invoices
from ledger.services.books.deferred import deferred_on
from ledger.services.books.sie import sie_export
from tests.conftest import utc
from tests.documents.sie_reader import read_sie

NAMES = itertools.count(1)
months = st.lists(st.lists(st.one_of(
    st.tuples(st.just("buy"), st.integers(1, 600), st.integers(1, 2_000_000)),
    st.tuples(st.just("debit"), st.integers(1, 500)),
), max_size=4), min_size=1, max_size=3)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=months)
def test_postings_report_and_hours_left_agree(app, make_customer, make_user, freeze_clock, plan):
    freeze_clock(utc(2026, 1, 5, 9))
    customer = make_customer(monthly_fee="0.00", name=f"Kund {next(NAMES)} AB")  # the app outlives an example
    lots: list[list[int]] = []  # [minutes left, minutes, value in öre], oldest first
    for index, steps in enumerate(plan):
        freeze_clock(utc(2026, index + 1, 5 + index, 9))
        for step in steps:
            if step[0] == "buy":
                record_purchase(customer.id, step[1], f"{step[2] / 100:.2f}", actor=SYSTEM)
                lots.append([step[1], step[1], step[2]])
            else:
                minutes = min(step[1], sum(lot[0] for lot in lots))
                if minutes:
                    record_adjustment(customer.id, -minutes, "Arbete", actor=SYSTEM)
                for lot in lots:
                    taken = min(lot[0], minutes)
                    lot[0], minutes = lot[0] - taken, minutes - taken
        freeze_clock(utc(2026, index + 2, 2, 9))
        drafts = run_invoices(Period(2026, index + 1), actor=SYSTEM).created
        number_drafts([draft.id for draft in drafts], actor=SYSTEM)
    finance = make_user("finance")
    last = Period(2026, len(plan) + 1)
    postings = sum(row.amount_minor for month in range(1, last.month + 1)
                   for ver in read_sie(sie_export(Period(2026, month), actor=finance)).vouchers
                   for row in ver.rows if row.account == 2970 and customer.name in (row.text or ""))
    left = sum(value - value * (minutes - remaining) // minutes for remaining, minutes, value in lots)
    reported = sum(row.deferred_minor for row in deferred_on(last.last_day, customer.id))
    assert -postings == reported == left
    assert reported == sum(row.deferred_minor for row in deferred_on(date(2026, 12, 31)) if row.customer_id == customer.id)

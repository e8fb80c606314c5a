"""`flask demo` gives customers on each plan with open cases, one at risk and one breached, on any day it runs."""
from __future__ import annotations

import pytest

from ledger.extensions import db
from ledger.models import Case, Invoice
from ledger.services.access import SYSTEM
from ledger.services.support.agreements import plan_in_force
from ledger.services.support.case_reads import list_cases
from tests.services.support_helpers import local


@pytest.mark.parametrize("moment", [local(2026, 12, 1, 10, 0), local(2027, 6, 25, 23, 30), local(2027, 1, 2, 3, 0),
                                    local(2026, 12, 24, 12, 0)], ids=["weekday", "midsummer-eve", "new-year-night",
                                                                       "christmas-eve"])
def test_the_demo_has_every_plan_and_cases_at_risk_and_breached_whatever_the_day(runner, freeze_clock, moment):
    freeze_clock(moment)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    views = list_cases(actor=SYSTEM, statuses=["open", "waiting_on_customer"])
    plans = {plan_in_force(view.case.customer_id, moment.date()).plan.id for view in views}
    assert plans == {"professional", "enterprise", "gold"}
    at_risk = [view for view in views if view.sla.at_risk]
    breached = [view for view in views if view.sla.breached]
    assert len(at_risk) == 1 and at_risk[0].case.severity == 1 and at_risk[0].case.plan == "gold"
    assert len(breached) == 1 and breached[0].case.plan == "enterprise"
    assert any(view.case.status == "waiting_on_customer" and view.sla.resolution.paused for view in views)
    assert runner.invoke(args=["ledger", "verify"]).exit_code == 0
    again = runner.invoke(args=["demo"])
    db.session.rollback()
    assert again.exit_code == 0 and db.session.query(Case).count() == 6


def test_the_demo_gold_customers_are_invoiced_their_year_in_the_next_run(runner, freeze_clock):
    freeze_clock(local(2026, 12, 1, 10, 0))
    runner.invoke(args=["demo"])
    drafted = runner.invoke(args=["invoices", "run", "--period", "2026-11"])
    assert drafted.exit_code == 0, drafted.output
    lines = {(invoice.buyer_org_number, line.description_sv, f"{line.period_start} – {line.period_end}",
              line.amount_minor, invoice.currency)
             for invoice in db.session.query(Invoice) for line in invoice.lines if line.kind == "agreement"}
    assert lines == {("556677-8899", "Supportavtal Gold", "2026-11-01 – 2027-10-31", 179880_00, "SEK"),
                     ("HRB 123456 B", "Supportavtal Gold", "2026-11-01 – 2027-10-31", 17988_00, "EUR")}

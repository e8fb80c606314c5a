"""`flask books deferred --date` and `flask books vat-return --period`: the figures of the API on the command line,
a bad option named."""
from __future__ import annotations

from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from tests.services.invoice_helpers import AFTER_OCTOBER, OCTOBER_DAY


def test_deferred_and_vat_return_on_the_command_line(runner, numbered, freeze_clock):
    [invoice] = numbered()
    freeze_clock(OCTOBER_DAY)
    record_purchase(invoice.customer_id, 600, "9000.00", actor=SYSTEM)  # bought in October, invoiced in November
    freeze_clock(AFTER_OCTOBER)
    deferred = runner.invoke(args=["books", "deferred", "--date", "2026-11-30"])
    assert deferred.exit_code == 0, deferred.output
    assert "Total\t0.00 SEK" in deferred.output  # not invoiced yet: nothing deferred
    vat = runner.invoke(args=["books", "vat-return", "--period", "2026-11"])
    assert vat.exit_code == 0, vat.output
    lines = dict(line.split("\t", 1) for line in vat.output.strip().splitlines())
    assert lines["10"] == f"{invoice.vat_minor / 100:.2f}\t{invoice.vat_minor // 100}"
    assert set(lines) == {"05", "10", "39", "40"}


def test_a_bad_period_or_date_is_named(runner):
    bad = runner.invoke(args=["books", "vat-return", "--period", "2026-13"])
    assert bad.exit_code == 2 and "--period" in bad.output
    assert runner.invoke(args=["books", "deferred", "--date", "31/12"]).exit_code == 2
    assert "--date" in runner.invoke(args=["books", "deferred", "--help"]).output

"""Partial credits, and a month invoiced again after its invoice was credited in full."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ledger.domain.errors import InvalidInput
from ledger.domain.periods import parse_period
from ledger.extensions import db
from ledger.models import Invoice, LedgerEntry, ServiceAccount
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import credit_invoice, issue_invoice
from ledger.services.billing.runs import run_invoices

OCTOBER = parse_period("2026-10")


def balance(customer) -> int:
    db.session.expire_all()
    return db.session.execute(select(ServiceAccount.balance_minutes)
                              .where(ServiceAccount.customer_id == customer.id)).scalar_one()


def entries(customer) -> int:
    return db.session.execute(select(func.count()).select_from(LedgerEntry)
                              .join(ServiceAccount, ServiceAccount.id == LedgerEntry.account_id)
                              .where(ServiceAccount.customer_id == customer.id)).scalar_one()


def issued_october(customer) -> Invoice:
    draft = next(i for i in run_invoices(OCTOBER, actor=SYSTEM).created if i.customer_id == customer.id)
    return issue_invoice(draft.id, actor=SYSTEM)


def test_crediting_one_line_credits_only_it_and_leaves_the_ledger_alone(october):
    customer = october()
    invoice = issued_october(customer)
    before, count = balance(customer), entries(customer)
    note = credit_invoice(invoice.id, "Månadsavgiften var fel", actor=SYSTEM, lines=[{"position": 1}])
    assert [(line.position, line.kind, line.amount_minor) for line in note.lines] == [(1, "monthly_fee", -149900)]
    assert (note.net_minor, note.vat_minor) == (-149900, -37475)
    assert (balance(customer), entries(customer)) == (before, count)
    assert run_invoices(OCTOBER, actor=SYSTEM).created == []  # a partial credit does not reopen the month


def test_a_part_amount_credits_the_price_as_one_item_and_returns_no_hours(october):
    customer = october()
    invoice = issued_october(customer)
    before = balance(customer)
    note = credit_invoice(invoice.id, "Rabatt", actor=SYSTEM, lines=[{"position": 2, "amount": "500,00"}])
    [line] = note.lines
    assert (line.kind, line.quantity_minutes, line.unit_price_minor, line.amount_minor) == ("hour_package", None, 50000, -50000)
    assert line.description_sv.startswith("Kreditering av rad 2, del: Timpaket")
    assert line.description_en.startswith("Credit of line 2, part: Hour package")
    assert balance(customer) == before


def test_crediting_the_hours_owed_line_in_full_reopens_exactly_those_minutes(october):
    customer = october()
    invoice = issued_october(customer)
    owed = next(line for line in invoice.lines if line.kind == "hours_owed")
    before = balance(customer)
    credit_invoice(invoice.id, "Fel tid", actor=SYSTEM, lines=[{"position": owed.position}])
    assert balance(customer) == before - owed.quantity_minutes


def test_a_full_credit_restores_the_ledger_and_the_month_runs_again_into_one_new_draft(october):
    customer = october()
    before_issue = balance(customer)
    invoice = issued_october(customer)
    purchase = next(line for line in invoice.lines if line.kind == "hour_package")
    assert purchase.entry_id is not None
    note = credit_invoice(invoice.id, "Fel kund", actor=SYSTEM)
    # the settlement is undone and the credited purchase's 120 minutes are taken back
    assert balance(customer) == before_issue - 120
    rerun = run_invoices(OCTOBER, actor=SYSTEM)
    assert rerun.skipped == [] and rerun.existing == []
    [draft] = rerun.created
    assert draft.replaces_invoice_id == invoice.id and note.credited_invoice_id == invoice.id
    assert [line.kind for line in draft.lines] == ["monthly_fee", "hours_owed"]
    # owed at the month's end, as before: the purchase taken back today counts from November on
    assert next(line for line in draft.lines if line.kind == "hours_owed").quantity_minutes == 90
    assert run_invoices(OCTOBER, actor=SYSTEM).created == []
    again = issue_invoice(draft.id, actor=SYSTEM)
    assert again.number == note.number + 1 and again.period == "2026-10"


@pytest.mark.parametrize("lines, field", [
    ([], "lines"),
    ([{"position": 9}], "lines.0.position"),
    ([{"position": 1}, {"position": 1}], "lines.1.position"),
    ([{"position": 1, "amount": "1499,01"}], "lines.0.amount"),
    ([{"position": 1, "amount": "0"}], "lines.0.amount"),
    ([{"position": 1, "amount": "abc"}], "lines.0.amount"),
])
def test_a_line_not_on_the_invoice_or_too_large_an_amount_is_refused_naming_it(october, lines, field):
    customer = october()
    invoice = issued_october(customer)
    with pytest.raises(InvalidInput) as refused:
        credit_invoice(invoice.id, "x", actor=SYSTEM, lines=lines)
    assert field in refused.value.problems
    assert db.session.execute(select(func.count()).select_from(Invoice).where(Invoice.kind == "credit_note")).scalar_one() == 0

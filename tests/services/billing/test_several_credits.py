"""Issue 26 item 5: several part credits of one invoice up to its amount, a full credit of what remains, and the
month run again after a full credit restoring every line, the yearly agreement included."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ledger.domain.errors import Conflict
from ledger.domain.periods import parse_period
from ledger.extensions import db
from ledger.models import Invoice, InvoiceLine, LedgerEntry, NumberSeries
from ledger.services.access import SYSTEM
from ledger.services.billing.credit_lines import credited_so_far
from ledger.services.billing.issuing import credit_invoice, issue_invoice
from ledger.services.billing.reads import credits_of
from ledger.services.billing.runs import run_invoices
from ledger.services.support.agreements import cancellations, create_agreement
from tests.services.invoice_helpers import AFTER_OCTOBER, OCTOBER_DAY

OCTOBER = parse_period("2026-10")


def issued_october(customer) -> Invoice:
    draft = next(i for i in run_invoices(OCTOBER, actor=SYSTEM).created if i.customer_id == customer.id)
    return issue_invoice(draft.id, actor=SYSTEM)


def counts() -> tuple[int, int, int, int]:
    """Credit notes, their lines, ledger entries, and the series' next number: what a refusal must leave alone."""
    db.session.rollback()
    scalar = db.session.execute
    return (scalar(select(func.count()).select_from(Invoice).where(Invoice.kind == "credit_note")).scalar_one(),
            scalar(select(func.count()).select_from(InvoiceLine).where(InvoiceLine.credits_line_id.is_not(None)))
            .scalar_one(),
            scalar(select(func.count()).select_from(LedgerEntry)).scalar_one(),
            scalar(select(func.max(NumberSeries.next_number))).scalar_one())


def with_site_pack(october, freeze_clock, **terms):
    """The October customer who also bought a yearly site maintenance pack on 6 October (2026-10-06 – 2027-10-05)."""
    customer = october(**terms)
    freeze_clock(OCTOBER_DAY)
    agreement = create_agreement(customer.id, {"kind": "maintenance", "variant": "site", "licence_reference": "VC-1"},
                                 actor=SYSTEM).agreement
    freeze_clock(AFTER_OCTOBER)
    return customer, agreement


def test_a_full_credit_and_a_second_run_restore_every_line_the_yearly_agreement_included(october, freeze_clock):
    customer, agreement = with_site_pack(october, freeze_clock)
    invoice = issued_october(customer)
    assert [line.kind for line in invoice.lines] == ["monthly_fee", "hour_package", "agreement", "hours_owed"]
    yearly = invoice.lines[2]
    assert (yearly.agreement_id, str(yearly.period_start), str(yearly.period_end)) == (
        agreement.id, "2026-10-06", "2027-10-05")
    credit_invoice(invoice.id, "Fel adress", actor=SYSTEM)
    [draft] = [i for i in run_invoices(OCTOBER, actor=SYSTEM).created if i.customer_id == customer.id]
    assert draft.replaces_invoice_id == invoice.id
    # the hour package's purchase was taken back by the credit (its ledger effect reversed): it is sold anew, if at all
    assert [line.kind for line in draft.lines] == ["monthly_fee", "agreement", "hours_owed"]
    again = draft.lines[1]
    assert (again.agreement_id, again.period_start, again.period_end, again.amount_minor) == (
        agreement.id, yearly.period_start, yearly.period_end, yearly.amount_minor)
    assert (again.description_sv, again.description_en) == (yearly.description_sv, yearly.description_en)
    reissued = issue_invoice(draft.id, actor=SYSTEM)
    assert cancellations(db.session, [agreement.id]) == {}, "invoiced again: the agreement stands"
    assert run_invoices(OCTOBER, actor=SYSTEM).created == []
    assert reissued.replaces_invoice_id == invoice.id


def test_two_part_credits_then_a_third_beyond_the_line_is_refused_and_a_full_credit_credits_what_remains(october):
    customer = october()
    invoice = issued_october(customer)
    package = invoice.lines[1]
    assert (package.kind, package.amount_minor) == ("hour_package", 190000)
    first = credit_invoice(invoice.id, "Rabatt", actor=SYSTEM, lines=[{"position": 2, "amount": "500,00"}])
    second = credit_invoice(invoice.id, "Mer rabatt", actor=SYSTEM, lines=[{"position": 2, "amount": "1000,00"}])
    assert [(line.description_sv, line.amount_minor) for note in (first, second) for line in note.lines] == [
        ("Kreditering av rad 2, del: Timpaket 2 tim, köpt 2026-10-06", -50000),
        ("Kreditering av rad 2, del: Timpaket 2 tim, köpt 2026-10-06", -100000)]
    before = counts()
    with pytest.raises(Conflict) as refused:
        credit_invoice(invoice.id, "För mycket", actor=SYSTEM, lines=[{"position": 2, "amount": "400,01"}])
    assert refused.value.code == "credit_beyond_line"
    assert (refused.value.params["position"], refused.value.params["field"]) == (2, "lines.0.amount")
    assert "Line 2 of invoice F1001 has 400.00 left to credit; 400.01 is more than that." == refused.value.message
    assert counts() == before, "nothing written"
    assert run_invoices(OCTOBER, actor=SYSTEM).created == [], "part credits do not reopen the month"

    rest = credit_invoice(invoice.id, "Allt", actor=SYSTEM)
    assert [(line.position, line.amount_minor, line.description_en.split(":")[0]) for line in rest.lines] == [
        (1, -149900, "Credit"), (2, -40000, "Credit of line 2, part"), (3, -142500, "Credit")]
    assert sum(note.net_minor for note in (first, second, rest)) == -invoice.net_minor
    assert credits_of(invoice.id, actor=SYSTEM).in_full
    with pytest.raises(Conflict) as again:
        credit_invoice(invoice.id, "Igen", actor=SYSTEM)
    assert again.value.code == "already_credited"
    with pytest.raises(Conflict) as line_again:
        credit_invoice(invoice.id, "Igen", actor=SYSTEM, lines=[{"position": 1}])
    assert (line_again.value.code, line_again.value.message) == (
        "credit_line_done", "Line 1 of invoice F1001 is credited in full already.")
    [redraft] = [i for i in run_invoices(OCTOBER, actor=SYSTEM).created if i.customer_id == customer.id]
    assert redraft.replaces_invoice_id == invoice.id
    # the package was credited as a price, never in full at once: its hours stay sold and invoiced
    assert [line.kind for line in redraft.lines] == ["monthly_fee", "hours_owed"]


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=1, max_value=149900), min_size=1, max_size=3))
def test_part_credits_are_taken_while_the_line_has_that_much_left_and_never_add_up_beyond_it(october, parts):
    customer = october(monthly_fee="1499.00")
    invoice = issued_october(customer)
    fee = invoice.lines[0]
    left = fee.amount_minor
    for part in parts:
        amount = f"{part // 100},{part % 100:02d}"
        if part <= left:
            note = credit_invoice(invoice.id, "Del", actor=SYSTEM, lines=[{"position": 1, "amount": amount}])
            assert [line.amount_minor for line in note.lines] == [-part]
            left -= part
        else:
            with pytest.raises(Conflict):
                credit_invoice(invoice.id, "Del", actor=SYSTEM, lines=[{"position": 1, "amount": amount}])
        db.session.rollback()
        assert fee.amount_minor + credited_so_far(db.session, invoice.id).get(fee.id, 0) == left >= 0

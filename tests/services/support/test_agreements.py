"""Support-plan agreements: twelve-month periods, the plan in force, invoicing in the next run, crediting."""
from __future__ import annotations

from datetime import date

import pytest

from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.accounts.closing import close_customer
from ledger.services.billing.issuing import credit_invoice, issue_invoice
from ledger.services.billing.runs import run_invoices
from ledger.services.support.agreements import create_agreement, list_agreements, plan_in_force
from tests.services.invoice_helpers import AFTER_OCTOBER, OCTOBER_DAY, pdf_text
from tests.services.support_helpers import local


def gold(customer_id, **data):
    return create_agreement(customer_id, {"kind": "support_plan", "plan": "gold", **data}, actor=SYSTEM)


def test_a_plan_bought_on_8_october_2029_covers_up_to_7_october_2030_and_is_in_force_only_then(
        make_customer, freeze_clock):
    freeze_clock(local(2029, 10, 1, 12))
    customer = make_customer(currency="EUR")
    view = gold(customer.id, start_date=date(2029, 10, 8))
    assert (view.agreement.starts_on, view.agreement.ends_on, view.status) == (
        date(2029, 10, 8), date(2030, 10, 7), "upcoming")
    assert plan_in_force(customer.id, date(2029, 10, 7)).plan.id == "professional"
    assert plan_in_force(customer.id, date(2029, 10, 8)) == plan_in_force(customer.id, date(2030, 10, 7))
    assert plan_in_force(customer.id, date(2029, 10, 8)).agreement_id == view.agreement.id
    assert plan_in_force(customer.id, date(2030, 10, 8)).plan.id == "professional", "back to the default"


def test_a_renewal_bought_while_active_continues_the_day_after_the_current_end(make_customer, freeze_clock):
    freeze_clock(local(2029, 10, 8, 12))
    customer = make_customer(currency="EUR")
    first = gold(customer.id)
    freeze_clock(local(2030, 9, 20, 12))
    renewal = create_agreement(customer.id, {"kind": "support_plan", "plan": "enterprise"}, actor=SYSTEM)
    assert (renewal.agreement.starts_on, renewal.agreement.ends_on) == (date(2030, 10, 8), date(2031, 10, 7))
    assert renewal.agreement.renews_agreement_id == first.agreement.id and renewal.agreement.price_minor == 0
    statuses = [(view.agreement.plan, view.status, view.days_left) for view in list_agreements(customer.id, actor=SYSTEM)]
    assert statuses == [("enterprise", "upcoming", 382), ("gold", "expiring", 17)]
    assert plan_in_force(customer.id, date(2030, 10, 7)).plan.id == "gold"
    assert plan_in_force(customer.id, date(2030, 10, 8)).plan.id == "enterprise"


def test_a_maintenance_pack_needs_a_known_variant_and_no_plan(make_customer):
    customer = make_customer()
    with pytest.raises(InvalidInput) as refused:
        create_agreement(customer.id, {"kind": "maintenance", "variant": "rack", "plan": "gold"}, actor=SYSTEM)
    assert refused.value.problems["variant"][0].code == "one_of"
    assert refused.value.problems["plan"][0].code == "agreement_field_not_for_kind"


def test_gold_for_a_customer_in_kronor_needs_an_explicit_price(make_customer):
    customer = make_customer(currency="SEK")
    with pytest.raises(InvalidInput) as refused:
        gold(customer.id)
    assert refused.value.problems["price"][0].code == "agreement_price_unknown"
    assert gold(customer.id, price="179880.00").agreement.price_minor == 179880_00


def test_included_plans_cost_nothing_and_a_price_for_them_is_refused(make_customer):
    customer = make_customer()
    with pytest.raises(InvalidInput) as refused:
        create_agreement(customer.id, {"kind": "support_plan", "plan": "enterprise", "price": "100.00"}, actor=SYSTEM)
    assert refused.value.problems["price"][0].code == "agreement_price_included"
    with pytest.raises(InvalidInput) as unknown:
        create_agreement(customer.id, {"kind": "support_plan", "plan": "bronze", "start_date": date(1999, 1, 1)},
                         actor=SYSTEM)
    assert set(unknown.value.problems) == {"plan", "start_date"}


def test_a_closed_customer_buys_no_agreement(make_customer):
    customer = make_customer()
    close_customer(customer.id, "Left", actor=SYSTEM)
    with pytest.raises(Conflict, match="closed"):
        create_agreement(customer.id, {"kind": "support_plan", "plan": "enterprise"}, actor=SYSTEM)


def test_gold_is_invoiced_once_in_the_next_run_with_its_period_printed(make_customer, freeze_clock):
    freeze_clock(OCTOBER_DAY)
    customer = make_customer(currency="EUR", monthly_fee="0.00", address="Storgatan 1\n111 22 Stockholm")
    gold(customer.id)
    included = make_customer(name="Ingår AB", monthly_fee="0.00")
    create_agreement(included.id, {"kind": "support_plan", "plan": "enterprise"}, actor=SYSTEM)
    freeze_clock(AFTER_OCTOBER)
    run = run_invoices(Period(2026, 10), actor=SYSTEM)
    [draft] = [invoice for invoice in run.created if invoice.customer_id == customer.id]
    [line] = draft.lines
    assert (line.kind, line.description_sv, line.description_en, line.amount_minor, draft.currency) == (
        "agreement", "Supportavtal Gold", "Support plan Gold", 12 * 1499_00, "EUR")
    assert (line.period_start.isoformat(), line.period_end.isoformat()) == ("2026-10-06", "2027-10-05")
    assert {skip.customer_id for skip in run.skipped} == {included.id}, "Enterprise costs nothing: no line"
    issued = issue_invoice(draft.id, actor=SYSTEM)
    printed = pdf_text(issued_pdf(issued.id))
    assert "Supportavtal Gold" in printed and "Period 2026-10-06 – 2027-10-05" in printed
    freeze_clock(local(2026, 12, 2, 9))
    assert not [i for i in run_invoices(Period(2026, 11), actor=SYSTEM).created if i.customer_id == customer.id]


def issued_pdf(invoice_id):
    from ledger.extensions import db
    from ledger.models import InvoiceDocument

    return db.session.query(InvoiceDocument).filter_by(invoice_id=invoice_id).one().content


def test_crediting_the_invoice_of_a_plan_cancels_it_from_the_credit_date(make_customer, freeze_clock):
    freeze_clock(OCTOBER_DAY)
    customer = make_customer(currency="EUR", monthly_fee="100.00")
    bought = gold(customer.id)
    freeze_clock(AFTER_OCTOBER)
    invoice = issue_invoice(run_invoices(Period(2026, 10), actor=SYSTEM).created[0].id, actor=SYSTEM)
    freeze_clock(local(2026, 11, 10, 9))
    note = credit_invoice(invoice.id, "Köpte inte Gold", actor=SYSTEM)
    assert [line.kind for line in note.lines] == ["monthly_fee", "agreement"]
    [view] = list_agreements(customer.id, actor=SYSTEM)
    assert (view.status, view.cancelled_on) == ("cancelled", date(2026, 11, 10))
    assert plan_in_force(customer.id, date(2026, 11, 9)).plan.id == "gold", "history keeps its plan"
    assert plan_in_force(customer.id, date(2026, 11, 10)).plan.id == "professional"
    again = gold(customer.id)
    assert again.agreement.starts_on == date(2026, 11, 10) and again.agreement.id != bought.agreement.id
    freeze_clock(local(2026, 12, 1, 9))
    drafted = run_invoices(Period(2026, 11), actor=SYSTEM).created[0]
    assert [line.agreement_id for line in drafted.lines if line.kind == "agreement"] == [again.agreement.id]

"""Maintenance packs (seed 003): exactly twelve months, renewals per licence reference, prices, invoicing."""
from __future__ import annotations

from datetime import date

from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.billing.runs import run_invoices
from ledger.services.support.agreements import create_agreement, list_agreements, maintenance_active
from tests.services.invoice_helpers import AFTER_OCTOBER, OCTOBER_DAY
from tests.services.support_helpers import local


def maintenance(customer_id, variant="site", licence="VC-1001", **data):
    return create_agreement(customer_id, {"kind": "maintenance", "variant": variant, "licence_reference": licence,
                                          **data}, actor=SYSTEM)


def test_a_pack_bought_on_8_october_2029_covers_up_to_7_october_2030_at_the_plan_files_price(make_customer,
                                                                                              freeze_clock):
    freeze_clock(local(2029, 10, 8, 10))
    customer = make_customer(currency="SEK")
    bought = maintenance(customer.id)
    agreement = bought.agreement
    assert (agreement.starts_on, agreement.ends_on, bought.status) == (date(2029, 10, 8), date(2030, 10, 7), "active")
    assert (agreement.kind, agreement.variant, agreement.licence_reference) == ("maintenance", "site", "VC-1001")
    assert (agreement.price_minor, agreement.currency) == (30000_00, "SEK")
    euro = maintenance(make_customer(currency="EUR").id, variant="one_server")
    assert (euro.agreement.price_minor, euro.agreement.currency) == (1100_00, "EUR")
    given = maintenance(customer.id, licence="VC-2002", price="25000,00")
    assert given.agreement.price_minor == 25000_00
    assert maintenance_active(customer.id, date(2030, 10, 7)) and not maintenance_active(customer.id, date(2030, 10, 8))
    assert not maintenance_active(customer.id, date(2029, 10, 7))


def test_renewals_continue_without_gap_per_licence_reference_and_start_afresh_after_expiry(make_customer,
                                                                                          freeze_clock):
    freeze_clock(local(2029, 10, 8, 10))
    customer = make_customer()
    first = maintenance(customer.id)
    freeze_clock(local(2030, 9, 20, 10))
    renewal = maintenance(customer.id)
    other_licence = maintenance(customer.id, licence="VC-2002", variant="one_server")
    assert (renewal.agreement.starts_on, renewal.agreement.ends_on) == (date(2030, 10, 8), date(2031, 10, 7))
    assert renewal.agreement.renews_agreement_id == first.agreement.id and renewal.status == "upcoming"
    assert (other_licence.agreement.starts_on, other_licence.agreement.renews_agreement_id) == (date(2030, 9, 20), None)
    freeze_clock(local(2031, 12, 1, 10))
    late = maintenance(customer.id)
    assert (late.agreement.starts_on, late.agreement.ends_on) == (date(2031, 12, 1), date(2032, 11, 30))
    assert late.agreement.renews_agreement_id is None
    assert not maintenance_active(customer.id, date(2031, 11, 15)), "the gap after expiry is not covered"
    statuses = [(v.agreement.licence_reference, v.status) for v in list_agreements(customer.id, actor=SYSTEM)]
    assert statuses == [("VC-1001", "active"), ("VC-1001", "expired"), ("VC-2002", "expired"), ("VC-1001", "expired")]


def test_a_pack_bought_on_29_february_runs_to_28_february(make_customer, freeze_clock):
    freeze_clock(local(2028, 2, 29, 10))
    bought = maintenance(make_customer().id)
    assert (bought.agreement.starts_on, bought.agreement.ends_on) == (date(2028, 2, 29), date(2029, 2, 28))


def test_maintenance_is_invoiced_in_the_next_run_one_line_each_with_the_period_printed(make_customer, freeze_clock):
    freeze_clock(OCTOBER_DAY)
    customer = make_customer(monthly_fee="0.00", address="Storgatan 1\n111 22 Stockholm")
    first = maintenance(customer.id)
    second = maintenance(customer.id, variant="one_server", licence="VC-2002")
    freeze_clock(AFTER_OCTOBER)
    run = run_invoices(Period(2026, 10), actor=SYSTEM)
    [draft] = [invoice for invoice in run.created if invoice.customer_id == customer.id]
    period = (first.agreement.starts_on, first.agreement.ends_on)
    assert sorted((line.description_sv, line.description_en, line.amount_minor, (line.period_start, line.period_end))
                  for line in draft.lines) == [
        ("Underhållsavtal, 1 server", "Maintenance, 1 server", 12000_00, period),
        ("Underhållsavtal, platslicens", "Maintenance, site licence", 30000_00, period),
    ]
    assert {line.agreement_id for line in draft.lines} == {first.agreement.id, second.agreement.id}

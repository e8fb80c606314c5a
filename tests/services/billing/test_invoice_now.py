"""An invoice now, lines added and removed on its draft, then the month's run: nothing is invoiced twice and
nothing sold is lost, whatever the order of sales, drafts and runs (a property test)."""
from collections import Counter
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice, InvoiceLine, LedgerEntry, ServiceAccount
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.billing.drafts import add_line, draft_now, remove_line
from ledger.services.billing.issuing import number_drafts
from ledger.services.billing.reads import discard_draft
from ledger.services.billing.runs import run_invoices
from tests.conftest import utc

OCTOBER = Period(2026, 10)
STEPS = st.lists(st.one_of(
    st.tuples(st.just("buy"), st.sampled_from([60, 120, 600])),
    st.tuples(st.just("now"), st.sampled_from(["issue", "discard", "edit_and_issue", "leave"])),
), min_size=1, max_size=6)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(STEPS)
def test_an_invoice_now_then_the_months_run_invoices_every_sale_once(make_customer, freeze_clock, steps):
    day = utc(2026, 10, 5, 9)
    freeze_clock(day)
    customer = make_customer(monthly_fee="0")
    for step, detail in steps:
        day += timedelta(days=3)
        freeze_clock(day)
        if step == "buy":
            record_purchase(customer.id, detail, f"{detail * 10}.00", actor=SYSTEM)
            continue
        try:
            draft = draft_now(customer.id, actor=SYSTEM)
        except Exception as refusal:  # nothing sold yet, or an earlier draft waits: both are refusals by code
            assert getattr(refusal, "code", None) in ("nothing_to_invoice_now", "draft_now_exists")
            continue
        if detail == "edit_and_issue":
            draft = add_line(draft.id, {"description": "Konsulttimmar", "quantity": "1,5", "unit": "hour",
                                        "unit_price": "950,00"}, actor=SYSTEM)
            assert draft.lines[-1].amount_minor == 142_500
            draft = remove_line(draft.id, 1, actor=SYSTEM)  # that package waits for the month's run instead
        if detail == "discard":
            discard_draft(draft.id, actor=SYSTEM)
        elif detail != "leave" and draft.lines:
            number_drafts([draft.id], actor=SYSTEM)
    freeze_clock(utc(2026, 11, 2, 9))
    run_invoices(OCTOBER, actor=SYSTEM)
    drafts = db.session.execute(select(Invoice.id).where(Invoice.customer_id == customer.id,
                                                         Invoice.status == "draft")).scalars().all()
    number_drafts(list(drafts), actor=SYSTEM)
    db.session.rollback()
    sold = db.session.execute(select(LedgerEntry.id).join(ServiceAccount, ServiceAccount.id == LedgerEntry.account_id)
                              .where(ServiceAccount.customer_id == customer.id, LedgerEntry.kind == "purchase")
                              ).scalars().all()
    invoiced = Counter(db.session.execute(
        select(InvoiceLine.entry_id).join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.customer_id == customer.id, Invoice.status == "issued", InvoiceLine.entry_id.is_not(None))
    ).scalars())
    assert invoiced == Counter(sold), "every hour package sold is on exactly one issued invoice"

"""The reminder fee and late-payment interest of an invoice paid late become lines of the customer's next invoice,
outside VAT, each naming the invoice it comes from, once; interest below MIN_INTEREST is not charged."""
from datetime import date
from fractions import Fraction

import pytest

from ledger.domain.errors import Conflict
from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.billing.drafts import draft_now
from ledger.services.billing.issuing import number_drafts
from ledger.services.billing.reference_rates import record_reference_rate
from ledger.services.billing.runs import run_invoices
from ledger.services.payments.by_hand import record_payment
from ledger.services.payments.reminders import queue_reminders
from tests.conftest import utc

DUE_ON = date(2026, 12, 2)


def test_a_45_day_late_invoice_gets_its_reminder_fee_and_interest_on_the_next_invoice_once_outside_vat(
        app, numbered, freeze_clock):
    app.config.update(REMINDER_FEE_MINOR=6_000)  # REMINDER_FEE=60
    for valid_from in ("2026-07-01", "2027-01-01"):
        record_reference_rate({"valid_from": valid_from, "rate": "2,00"}, actor=SYSTEM)
    [late] = numbered(email="ekonomi@kund.example")
    freeze_clock(utc(2026, 12, 10, 9))
    assert len(queue_reminders().reminded) == 1
    freeze_clock(utc(2027, 1, 16, 9))
    record_payment(late.id, {"amount": "6030.00", "paid_on": date(2027, 1, 16), "method": "transfer"}, actor=SYSTEM)
    interest = round(Fraction(603_000 * (200 + 800) * 45, 10_000 * 365))  # 74,34 kr: under MIN_INTEREST (100 kr)

    freeze_clock(utc(2027, 1, 17, 9))
    [december] = run_invoices(Period(2026, 12), actor=SYSTEM).created
    lines = {line.kind: line for line in december.lines}
    assert set(lines) == {"monthly_fee", "reminder_fee"}  # no interest below the minimum
    assert lines["reminder_fee"].amount_minor == 6_000
    assert lines["reminder_fee"].description_sv == f"Påminnelseavgift F{late.number}, påminnelse 2026-12-10"
    assert (december.vat_minor, december.net_minor) == (37_475, 149_900 + 6_000)  # VAT on the monthly fee only
    number_drafts([december.id], actor=SYSTEM)

    app.config.update(MIN_INTEREST_MINOR=5_000)  # MIN_INTEREST=50: now the interest is charged
    now = draft_now(late.customer_id, actor=SYSTEM)
    [line] = now.lines
    assert (line.kind, line.amount_minor, line.interest_invoice_id) == ("late_interest", interest, late.id)
    assert line.description_sv == f"Dröjsmålsränta F{late.number}, 45 dagar"
    assert (now.vat_minor, now.to_pay_minor) == (0, 7_400)  # outside VAT; öresavrundning of the amount to pay
    number_drafts([now.id], actor=SYSTEM)
    with pytest.raises(Conflict) as nothing:
        draft_now(late.customer_id, actor=SYSTEM)
    assert nothing.value.code == "nothing_to_invoice_now"  # the fee and the interest were charged once

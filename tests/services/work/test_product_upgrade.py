"""product_upgrade (seed 003): included while maintenance is active, debited without or after it expired."""
from __future__ import annotations

import dataclasses
from datetime import date

from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.support.agreements import create_agreement
from ledger.services.work.rules import CATALOGUE_EXTENSION, active_catalogue
from ledger.services.work.tasks import record_task
from tests.services.support_helpers import local


def upgrade(customer_id, work_date):
    return record_task({"customer_id": customer_id, "category": "product_upgrade", "minutes": 90,
                        "work_date": work_date, "description": "Uppgradering till version 5"}, actor=SYSTEM)


def test_an_upgrade_is_included_while_maintenance_is_active_and_debited_without_or_after_it(make_customer,
                                                                                              freeze_clock):
    freeze_clock(local(2029, 10, 8, 10))
    covered, uncovered = make_customer(), make_customer()
    for customer in (covered, uncovered):
        record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    create_agreement(covered.id, {"kind": "maintenance", "variant": "site", "licence_reference": "VC-1"}, actor=SYSTEM)
    freeze_clock(local(2030, 10, 9, 10))
    on_last_day = upgrade(covered.id, date(2030, 10, 7))
    assert (on_last_day.task.outcome, on_last_day.task.rule_id, on_last_day.task.billed_minutes) == (
        "included", "included.maintenance_upgrade", 0)
    assert "underhållsavtal" in on_last_day.task.reason_sv and "maintenance" in on_last_day.task.reason_en
    after_expiry = upgrade(covered.id, date(2030, 10, 8))
    assert (after_expiry.task.outcome, after_expiry.task.rule_id, after_expiry.task.billed_minutes) == (
        "debited", "debited.upgrade_without_maintenance", 90)
    never = upgrade(uncovered.id, date(2030, 1, 15))
    assert (never.task.outcome, never.balance_minutes) == ("debited", 600 - 90)
    assert (never.task.catalogue_id, never.task.catalogue_version) == ("sv_servicekonto", "2026.3")


def test_decisions_keep_the_catalogue_version_they_were_made_with(app, make_customer, freeze_clock):
    freeze_clock(local(2029, 10, 8, 10))
    customer = make_customer()
    create_agreement(customer.id, {"kind": "maintenance", "variant": "one_server"}, actor=SYSTEM)
    first = upgrade(customer.id, date(2029, 10, 8))
    app.extensions[CATALOGUE_EXTENSION] = dataclasses.replace(active_catalogue(), version="2027.1")
    second = upgrade(customer.id, date(2029, 10, 8))
    assert second.task.decisions[0].catalogue_version == "2027.1"
    from ledger.extensions import db
    from ledger.models import Task
    db.session.expire_all()
    stored = db.session.get(Task, first.task.id)
    assert (stored.catalogue_version, stored.decisions[0].catalogue_version) == ("2026.3", "2026.3")
    assert stored.outcome == "included"

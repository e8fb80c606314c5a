"""Task use cases beyond the API: racing debits, low-balance notices, closed customers, other catalogues."""
from datetime import date

import pytest

from ledger import create_app
from ledger.domain.errors import Conflict
from ledger.domain.work.catalogue import CatalogueError
from ledger.extensions import db
from ledger.models import Notice, Task
from ledger.services.access import SYSTEM
from ledger.services.accounts.closing import close_customer
from ledger.services.accounts.hours import record_purchase
from ledger.services.accounts.notices import open_notices
from ledger.services.accounts.verify import verify_ledger
from ledger.services.work.tasks import record_task
from tests.conftest import app_config
from tests.services.helpers import assert_account_sound, debit
from tests.services.accounts.test_concurrency import race


def test_twenty_concurrent_debits_on_one_account_keep_l2_and_l4(app, make_customer, make_user):
    staff = make_user("staff")
    customer = make_customer(overdraft_limit_minutes=60, billing_increment_minutes=15)
    record_purchase(customer.id, 240, "2000.00", actor=SYSTEM)
    results = race(app, lambda i: debit(customer.id, 20, f"Install step {i}", actor=staff).balance_minutes, count=20)
    booked = [r for r in results if r != "refused"]
    # 240 prepaid + 60 overdraft = 300 minutes = 10 tasks of 30 billed minutes (20 rounded up to 15s).
    assert len(booked) == 10 and sorted(booked) == list(range(-60, 240, 30))
    assert assert_account_sound(customer.id, overdraft_limit_minutes=60) == -60
    assert db.session.query(Task).count() == 10
    assert verify_ledger().ok


def test_a_debit_that_leaves_the_balance_under_the_threshold_raises_one_notice_until_hours_are_bought(make_customer):
    customer = make_customer(low_balance_minutes=120)
    record_purchase(customer.id, 180, "1000.00", actor=SYSTEM)
    debit(customer.id, 30)
    assert open_notices(customer.id) == []
    result = debit(customer.id, 45)
    notices = open_notices(customer.id)
    assert [(n.kind, n.balance_minutes, n.threshold_minutes, n.entry_id) for n in notices] == [
        ("low_balance", 105, 120, result.entry.id)]
    debit(customer.id, 30)
    assert len(open_notices(customer.id)) == 1, "one notice while the balance stays low"
    record_purchase(customer.id, 600, "5000.00", actor=SYSTEM)
    assert open_notices(customer.id) == []
    assert db.session.query(Notice).filter(Notice.resolved_at.is_not(None)).count() == 1


def test_included_work_never_raises_a_low_balance_notice(make_customer):
    customer = make_customer(low_balance_minutes=120)
    record_task({"customer_id": customer.id, "category": "hosting", "minutes": 60, "description": "Patching",
                 "work_date": date(2026, 1, 5)}, actor=SYSTEM)
    assert open_notices(customer.id) == []


def test_work_cannot_be_logged_for_a_closed_customer(make_customer):
    customer = make_customer()
    close_customer(customer.id, "Left", actor=SYSTEM)
    with pytest.raises(Conflict, match="closed"):
        debit(customer.id, 30)


def test_the_on_premise_catalogue_runs_by_configuration_alone(database_url):
    app = create_app(app_config(database_url, SERVICEKONTO_RULES="onprem_support"))
    with app.app_context():
        from ledger.services.customers.customers import create_customer
        from tests.conftest import CUSTOMER_DEFAULTS

        customer = create_customer(dict(CUSTOMER_DEFAULTS), actor=SYSTEM)
        record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
        billed = record_task({"customer_id": customer.id, "category": "on_premise_server_work", "minutes": 40,
                              "description": "Restarted the customer's server", "work_date": date(2026, 1, 5)}, actor=SYSTEM)
        free = record_task({"customer_id": customer.id, "category": "functionality_question", "minutes": 10,
                            "description": "How reports work", "work_date": date(2026, 1, 5)}, actor=SYSTEM)
        assert (billed.task.rule_id, billed.task.catalogue_id, billed.balance_minutes) == (
            "billed.on_premise_server_work", "onprem_support", 560)
        assert (free.task.outcome, free.balance_minutes) == ("included", 560)
        db.session.remove()
        db.engine.dispose()


def test_a_misconfigured_catalogue_stops_the_app_at_start_up(database_url):
    with pytest.raises(CatalogueError, match="available: onprem_support, sv_servicekonto"):
        create_app(app_config(database_url, SERVICEKONTO_RULES="../etc/passwd"))

"""`flask demo` shows contacts with roles, a maintenance pack whose notice is queued, the upgrade rule both ways."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ledger.extensions import db
from ledger.models import Customer, OutboxMessage, Task
from ledger.services.access import SYSTEM
from ledger.services.customers.contacts import customer_role_gaps
from ledger.services.support.agreements import list_agreements
from tests.services.support_helpers import local


@pytest.mark.parametrize("moment", [local(2026, 12, 1, 10, 0), local(2027, 3, 31, 23, 30)])
def test_the_demo_shows_the_missing_technician_the_expiring_pack_its_notice_and_both_upgrades(runner, freeze_clock,
                                                                                               moment):
    freeze_clock(moment)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    on_premise = db.session.execute(select(Customer).where(Customer.deployment == "on_premise")).scalar_one()
    missing, _recommended = customer_role_gaps(on_premise)
    assert [gap.role for gap in missing] == ["operations_technician"]
    [pack] = [view for view in list_agreements(on_premise.id, actor=SYSTEM) if view.agreement.kind == "maintenance"]
    assert pack.status == "expiring" and 0 < pack.days_left <= 31
    notices = db.session.execute(select(OutboxMessage).where(OutboxMessage.kind == "renewal_notice")).scalars().all()
    assert {m.recipient for m in notices} == {"maria.holm@fjallbackabygg.example", "peter.wallin@fjallbackabygg.example"}
    assert all("VC-FJB-0042" in m.body_text and pack.agreement.ends_on.isoformat() in m.body_text for m in notices)
    upgrades = db.session.execute(select(Task.outcome, Task.rule_id).where(Task.category == "product_upgrade")).all()
    assert sorted(upgrades) == [("debited", "debited.upgrade_without_maintenance"),
                                ("included", "included.maintenance_upgrade")]
    again = runner.invoke(args=["demo"])
    db.session.rollback()
    assert again.exit_code == 0
    assert db.session.query(OutboxMessage).filter_by(kind="renewal_notice").count() == 2
    assert db.session.query(Task).filter_by(category="product_upgrade").count() == 2

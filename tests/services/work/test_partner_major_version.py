"""Seed 004, point 3: keeping the existing version working after a partner's change is included; a partner's
entirely new version is not ("gäller inte uppdateringar till helt nya versioner"), whether the work is logged as
an update or as the troubleshooting it caused."""
from datetime import date

from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.work.tasks import record_task, resolve_task
from tests.conftest import utc


def _log(customer_id, **facts):
    return record_task({"customer_id": customer_id, "work_date": date(2026, 11, 3), "minutes": 75,
                        "description": "Integrationen slutade fungera efter partnerns nya version", **facts},
                       actor=SYSTEM)


def test_troubleshooting_caused_by_a_partners_new_major_version_is_debited(make_customer, freeze_clock):
    freeze_clock(utc(2026, 11, 3, 10))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    fault = _log(customer.id, category="troubleshooting", root_cause="partner_change", partner_new_major_version=True)
    update = _log(customer.id, category="partner_api_update", partner_new_major_version=True)
    routine = _log(customer.id, category="troubleshooting", root_cause="partner_change")

    assert (fault.task.outcome, fault.task.rule_id, fault.task.billed_minutes) == (
        "debited", "debited.partner_major_upgrade", 75)
    assert (update.task.outcome, update.task.rule_id) == (fault.task.outcome, fault.task.rule_id)
    assert (routine.task.outcome, routine.task.rule_id) == ("included", "included.partner_api_update")
    assert routine.balance_minutes == 600 - 75 - 75

    # A fault whose cause is found in review is decided the same way.
    waiting = _log(customer.id, category="troubleshooting", partner_new_major_version=True)
    assert waiting.task.outcome == "needs_review"
    resolved = resolve_task(waiting.task.id, "partner_change", actor=SYSTEM)
    assert (resolved.task.outcome, resolved.task.rule_id, resolved.balance_minutes) == (
        "debited", "debited.partner_major_upgrade", 600 - 75 - 75 - 75)

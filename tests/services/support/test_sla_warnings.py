"""SLA warnings: at risk (80 %) and breached mails to the staff on the case, or all staff, once each."""
from __future__ import annotations

from ledger.extensions import db
from ledger.models import OutboxMessage, User
from ledger.services.access import Actor
from ledger.services.people.users import create_user
from ledger.services.support.cases import respond_to_case
from ledger.services.support.sla_warnings import queue_sla_warnings
from ledger.services.tx import write_transaction
from tests.conftest import TEST_PASSWORD
from tests.services.support_helpers import local, on_plan, open_at


def _mails() -> list[OutboxMessage]:
    db.session.rollback()
    db.session.expire_all()
    return list(db.session.query(OutboxMessage).filter(OutboxMessage.kind.like("sla_%")).order_by(OutboxMessage.id))


def _staff(email: str, language: str | None = None) -> User:
    user = create_user(email, "staff", TEST_PASSWORD, display_name=email.split("@")[0].title())
    if language:
        with write_transaction() as session:
            session.get(User, user.id).language = language
    return user


def test_a_case_nobody_touched_warns_every_staff_member_once_in_their_language(make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 8))
    customer = on_plan(make_customer, "enterprise")
    _staff("anna@vendor.example", "sv")
    _staff("bob@vendor.example", "en")
    case = open_at(freeze_clock, local(2029, 9, 4, 9), customer.id, severity=1).case
    freeze_clock(local(2029, 9, 4, 12))
    assert queue_sla_warnings() == 0 and _mails() == []  # 3 of 8 business hours: not at risk
    freeze_clock(local(2029, 9, 4, 15, 30))
    assert queue_sla_warnings() == 2
    assert queue_sla_warnings() == 0  # every few minutes, but once per case, target and level
    anna, bob = _mails()
    assert (anna.kind, anna.recipient, anna.language) == ("sla_at_risk", "anna@vendor.example", "sv")
    assert anna.subject == f"Ärende {case.id}: SLA i fara" and "första svar" in anna.body_text
    assert "2029-09-04 17:00" in anna.body_text
    assert bob.subject == f"Case {case.id}: SLA at risk" and "first-response" in bob.body_text
    freeze_clock(local(2029, 9, 4, 17, 5))
    assert queue_sla_warnings() == 2
    assert [mail.kind for mail in _mails()] == ["sla_at_risk", "sla_at_risk", "sla_breached", "sla_breached"]
    assert _mails()[-1].subject == f"Case {case.id}: SLA breached"


def test_the_staff_who_worked_on_the_case_are_warned_and_nobody_else(make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 8))
    customer = on_plan(make_customer, "enterprise")
    worker = _staff("anna@vendor.example")
    _staff("bob@vendor.example")
    case = open_at(freeze_clock, local(2029, 9, 4, 9), customer.id, severity=1).case
    freeze_clock(local(2029, 9, 4, 9, 30))
    respond_to_case(case.id, "Vi tittar på det.", actor=Actor.of(worker))  # first response met
    freeze_clock(local(2029, 9, 30, 12))  # far past the resolution target
    queue_sla_warnings()
    assert [(mail.kind, mail.recipient) for mail in _mails()] == [("sla_breached", "anna@vendor.example")]
    assert "lösning" in _mails()[0].body_text

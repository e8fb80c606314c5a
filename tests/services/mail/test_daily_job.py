"""The daily job runs every daily use case: payment reminders and renewal notices reach the outbox without
anyone typing a command, and one use case failing does not keep the next from running."""
from datetime import timedelta

from sqlalchemy import select

from ledger.extensions import db
from ledger.jobs import jobs, schedule
from ledger.models import OutboxMessage
from tests.conftest import utc
from tests.services.payment_helpers import DUE_ON


def test_the_daily_job_queues_the_reminders_that_are_due(app, issued, freeze_clock):
    [invoice] = issued(email="ekonomi@kund.example")
    overdue = DUE_ON + timedelta(days=2)
    freeze_clock(utc(overdue.year, overdue.month, overdue.day, 6))
    jobs().tasks["daily"].call_local()
    jobs().tasks["daily"].call_local()  # the same day again: nothing more
    db.session.rollback()
    reminders = db.session.execute(select(OutboxMessage.dedupe_key)
                                   .where(OutboxMessage.kind == "invoice_reminder")).scalars().all()
    assert reminders == [f"invoice-reminder:{invoice.id}:1:1"]


def test_the_daily_use_cases_are_renewals_then_reminders_and_a_failure_does_not_stop_the_next(app, monkeypatch):
    assert [name for name, _use_case in schedule.DAILY] == ["renewal_notices", "payment_reminders"]
    ran = []

    def broken() -> None:
        ran.append("broken")
        raise RuntimeError("the SMTP settings are wrong")

    monkeypatch.setattr(schedule, "DAILY", [("broken", broken), ("next", lambda: ran.append("next"))])
    monkeypatch.setattr("ledger.jobs.tasks.DAILY", schedule.DAILY)
    jobs().tasks["daily"].call_local()
    assert ran == ["broken", "next"]

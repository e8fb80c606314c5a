"""`flask invoices remind` as the daily job (or a person) runs it: one reminder per overdue invoice per 14 days,
dated the day it is sent."""
from datetime import date

from ledger.extensions import db
from ledger.models import OutboxMessage, PaymentReminder
from tests.conftest import utc


def reminder_mails() -> int:
    db.session.rollback()
    return db.session.query(OutboxMessage).filter_by(kind="invoice_reminder").count()


def test_remind_queues_one_reminder_per_overdue_invoice_and_nothing_more_the_same_fortnight(runner, issued,
                                                                                          freeze_clock):
    issued(2, email="ekonomi@kund.example")
    freeze_clock(utc(2026, 12, 3, 9))
    first = runner.invoke(args=["invoices", "remind"])
    assert first.exit_code == 0, first.output
    assert "Reminded 2 overdue invoices (2 mails queued)" in first.output
    freeze_clock(utc(2026, 12, 16, 9))
    again = runner.invoke(args=["invoices", "remind"])
    assert "Reminded 0 overdue invoices" in again.output
    assert reminder_mails() == 2
    freeze_clock(utc(2026, 12, 17, 9))
    fortnight_later = runner.invoke(args=["invoices", "remind"])
    assert "Reminded 2 overdue invoices" in fortnight_later.output and reminder_mails() == 4


def test_remind_date_refuses_a_day_after_today_and_reminders_are_dated_when_sent(runner, issued, freeze_clock):
    issued(1, email="ekonomi@kund.example")
    freeze_clock(utc(2026, 12, 10, 9))
    future = runner.invoke(args=["invoices", "remind", "--date", "2026-12-11"])
    assert future.exit_code == 1 and "--date: 2026-12-11 is after today (2026-12-10)" in future.output
    assert reminder_mails() == 0
    earlier = runner.invoke(args=["invoices", "remind", "--date", "2026-12-05"])
    assert "Reminded 1 overdue invoices" in earlier.output
    db.session.rollback()
    assert db.session.query(PaymentReminder.reminded_on).scalar() == date(2026, 12, 10)  # sent today: dated today


def test_remind_before_anything_is_due_reminds_nobody_and_says_so(runner, issued, freeze_clock):
    issued(1)
    freeze_clock(utc(2026, 12, 2, 9))
    result = runner.invoke(args=["invoices", "remind", "--date", "2026-12-02"])
    assert result.exit_code == 0 and "Reminded 0 overdue invoices (0 mails queued)" in result.output


def test_a_bad_date_is_refused_with_a_clear_message(runner):
    result = runner.invoke(args=["invoices", "remind", "--date", "3 december"])
    assert result.exit_code == 2 and "does not match the format '%Y-%m-%d'" in result.output

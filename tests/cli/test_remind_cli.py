"""`flask invoices remind` as the daily job (or a person) runs it: one reminder per overdue invoice per 14 days."""
from ledger.extensions import db
from ledger.models import OutboxMessage


def reminder_mails() -> int:
    db.session.rollback()
    return db.session.query(OutboxMessage).filter_by(kind="invoice_reminder").count()


def test_remind_queues_one_reminder_per_overdue_invoice_and_nothing_more_the_same_fortnight(runner, issued):
    issued(2, email="ekonomi@kund.example")
    first = runner.invoke(args=["invoices", "remind", "--date", "2026-12-03"])
    assert first.exit_code == 0, first.output
    assert "Reminded 2 overdue invoices (2 mails queued)" in first.output
    again = runner.invoke(args=["invoices", "remind", "--date", "2026-12-16"])
    assert "Reminded 0 overdue invoices" in again.output
    assert reminder_mails() == 2
    fortnight_later = runner.invoke(args=["invoices", "remind", "--date", "2026-12-17"])
    assert "Reminded 2 overdue invoices" in fortnight_later.output and reminder_mails() == 4


def test_remind_before_anything_is_due_reminds_nobody_and_says_so(runner, issued):
    issued(1)
    result = runner.invoke(args=["invoices", "remind", "--date", "2026-12-02"])
    assert result.exit_code == 0 and "Reminded 0 overdue invoices (0 mails queued)" in result.output


def test_a_bad_date_is_refused_with_a_clear_message(runner):
    result = runner.invoke(args=["invoices", "remind", "--date", "3 december"])
    assert result.exit_code == 2 and "does not match the format '%Y-%m-%d'" in result.output

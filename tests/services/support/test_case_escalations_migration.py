"""Migration 0016 on a database with cases: the targets the old SLA warnings mailed are marked escalated (nobody is
mailed twice), the marks are append-only and unique, and `assigned` events can name their assignee."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError, IntegrityError

from tests.services.test_support_migration import CUSTOMER, migrate_to, url_at_0005  # noqa: F401 (the fixture)

OUTBOX = ("INSERT INTO outbox (message_id, kind, dedupe_key, recipient, language, subject, body_text, body_html, "
          "status, attempts, next_attempt_at, created_at) VALUES (:mid, 'sla_at_risk', :key, 'a@vendor.example', "
          "'sv', 's', 't', 'h', 'sent', 1, :at, :at)")


def test_upgrading_marks_what_the_old_warnings_mailed_and_keeps_the_marks_append_only(url_at_0005):
    migrate_to(url_at_0005, "0015")
    engine = create_engine(url_at_0005)
    with engine.begin() as connection:
        connection.execute(text(CUSTOMER))
        connection.execute(text(
            "INSERT INTO cases (id, customer_id, plan, severity, status, subject, description, channel, over_quota, "
            "opened_at, last_event_seq) VALUES (7, 1, 'gold', 2, 'open', 'Nere', 'Allt står', 'email', false, "
            "'2026-12-01 09:00:00', 1)"))
        for number, (key, at) in enumerate((("sla-warning:7:resolution:at_risk:3", "2026-12-02 10:00:00"),
                                            ("sla-warning:7:resolution:at_risk:4", "2026-12-02 10:00:01"),
                                            ("sla-warning:7:first_response:breached:3", "2026-12-02 11:00:00"),
                                            ("renewal:5:kund@example.se", "2026-12-02 11:00:00"))):
            connection.execute(text(OUTBOX), {"mid": f"<{number}@x>", "key": key, "at": at})
    engine.dispose()

    migrate_to(url_at_0005, "head")

    engine = create_engine(url_at_0005)
    with engine.begin() as connection:
        marks = connection.execute(text(
            "SELECT case_id, target, level, escalated_at FROM case_escalations ORDER BY id")).all()
        assert [(case, target, level, str(at)[:19]) for case, target, level, at in marks] == [
            (7, "resolution", "at_risk", "2026-12-02 10:00:00"), (7, "first_response", "breached", "2026-12-02 11:00:00")]
        connection.execute(text("INSERT INTO case_events (case_id, seq, kind, at, assignee_id) VALUES "
                                "(7, 2, 'assigned', '2026-12-02 09:00:00', NULL)"))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("INSERT INTO case_escalations (case_id, target, level, escalated_at) VALUES "
                                "(7, 'resolution', 'at_risk', '2026-12-03 09:00:00')"))
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO case_waiting_reminders (case_id, waiting_event_seq, reminded_at) VALUES "
                                "(7, 2, '2026-12-03 09:00:00')"))
    for table in ("case_escalations", "case_waiting_reminders"):
        for statement in (f"UPDATE {table} SET case_id = 7", f"DELETE FROM {table}"):
            with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
                connection.execute(text(statement))
    engine.dispose()

"""Migration 0015 on a database with cases: every event kept and still append-only, the new kinds accepted."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError

from tests.services.test_support_migration import CUSTOMER, migrate_to, url_at_0005  # noqa: F401 (the fixture)

EVENTS = "SELECT id, case_id, seq, kind, message FROM case_events ORDER BY id"


def test_upgrading_keeps_every_case_event_and_its_append_only_triggers(url_at_0005):
    migrate_to(url_at_0005, "0014")
    engine = create_engine(url_at_0005)
    with engine.begin() as connection:
        connection.execute(text(CUSTOMER))
        connection.execute(text(
            "INSERT INTO cases (id, customer_id, plan, severity, status, subject, description, channel, over_quota, "
            "opened_at, last_event_seq) VALUES (1, 1, 'gold', 2, 'open', 'Nere', 'Allt står', 'email', false, "
            "'2026-12-01 09:00:00', 2)"))
        for seq, kind in ((1, "opened"), (2, "responded")):
            connection.execute(text("INSERT INTO case_events (case_id, seq, kind, at, message) VALUES "
                                    "(1, :seq, :kind, '2026-12-01 09:00:00', 'svar')"), {"seq": seq, "kind": kind})
        before = connection.execute(text(EVENTS)).all()
    engine.dispose()

    migrate_to(url_at_0005, "head")

    engine = create_engine(url_at_0005)
    with engine.begin() as connection:
        assert connection.execute(text(EVENTS)).all() == before
        assert connection.execute(text("SELECT assignee_id FROM cases")).scalar_one() is None
        connection.execute(text("INSERT INTO case_events (case_id, seq, kind, at, message) VALUES "
                                "(1, 3, 'note', '2026-12-02 09:00:00', 'internt')"))
    for statement in ("UPDATE case_events SET message = 'ändrat' WHERE seq = 1", "DELETE FROM case_events"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with pytest.raises(DatabaseError), engine.begin() as connection:
        connection.execute(text("INSERT INTO case_events (case_id, seq, kind, at) VALUES "
                                "(1, 4, 'invented', '2026-12-02 09:00:00')"))
    engine.dispose()

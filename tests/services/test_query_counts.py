"""The hot path stays lean: logging a task runs a fixed, small set of statements (found by profiling)."""
from sqlalchemy import event

from ledger.extensions import db
from ledger.services.access import SYSTEM
from tests.services.helpers import debit


def test_recording_a_task_does_not_load_the_empty_history_of_the_new_task(make_customer):
    customer = make_customer()
    statements: list[str] = []

    def remember(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        debit(customer.id, 30, actor=SYSTEM)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    selects = [s for s in statements if s.startswith("SELECT")]
    assert not [s for s in selects if "FROM task_decisions" in s], "the new task's history was loaded"
    assert len(selects) <= 3, f"only the account lock and the notice check: {selects}"

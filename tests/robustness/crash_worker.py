"""A worker the crash test kills with SIGKILL at random moments: it records tasks or issues invoices in a
loop, printing one line per committed unit of work.

    python -m tests.robustness.crash_worker DATABASE_URL tasks CUSTOMER_ID [CUSTOMER_ID ...]
    python -m tests.robustness.crash_worker DATABASE_URL invoices
"""
from __future__ import annotations

import sys
from datetime import date, datetime, timezone

from ledger import create_app
from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import issue_invoice
from ledger.services.billing.reads import list_invoices
from ledger.services.clock import CLOCK_EXTENSION
from ledger.services.work.tasks import record_task

AFTER_OCTOBER = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)


def record_tasks(customer_ids: list[int]) -> None:
    """Debit work on the customers, round robin, forever."""
    number = 0
    while True:
        for customer_id in customer_ids:
            number += 1
            result = record_task({"customer_id": customer_id, "category": "installation", "minutes": 7,
                                  "description": f"crash test task {number}", "work_date": date(2026, 11, 2)},
                                 actor=SYSTEM)
            print(f"task {result.task.id}", flush=True)


def issue_drafts() -> None:
    """Issue October's drafts one at a time until none is left."""
    for draft in list_invoices(actor=SYSTEM, period=Period(2026, 10), status="draft"):
        print(f"issued {issue_invoice(draft.id, actor=SYSTEM).number}", flush=True)
    print("done", flush=True)


def main() -> None:
    database_url, mode, *ids = sys.argv[1:]
    app = create_app({"SERVICEKONTO_ENV": "testing", "SECRET_KEY": "crash", "SQLALCHEMY_DATABASE_URI": database_url})
    app.extensions[CLOCK_EXTENSION] = lambda: AFTER_OCTOBER
    with app.app_context():
        print("ready", flush=True)
        record_tasks([int(i) for i in ids]) if mode == "tasks" else issue_drafts()


if __name__ == "__main__":
    main()

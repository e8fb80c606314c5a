"""What runs when: the periodic jobs, and the daily use cases (add yours to DAILY)."""
from __future__ import annotations

from collections.abc import Callable

from huey import crontab

from ledger.services.mail.delivery import deliver_due_messages
from ledger.services.payments.reminders import queue_reminders
from ledger.services.support.renewals import queue_renewal_notices
from ledger.services.support.sla_warnings import queue_sla_warnings

#: Periodic jobs: (task name, when, use case). The mail and the sweep every minute, SLA warnings every 5.
EVERY_MINUTE = crontab(minute="*")
#: The sweep also runs half a minute after each minute's run (huey's schedule has a minute's resolution): with
#: JOBS_STALE_SECONDS at 30, a job a dead worker dropped is queued again within a minute of its last progress.
SWEEP_AGAIN_AFTER_SECONDS = 30
SLA_WARNINGS_EVERY = crontab(minute="*/5")
#: 05:00 UTC: after midnight in Stockholm all year, before the working day.
DAILY_AT = crontab(hour="5", minute="0")

#: The daily use cases, each called with no arguments inside the app, in this order; one failing does not
#: stop the next. Each is safe to run again the same day (renewal notices once per period, reminders once
#: per 14 days), so a re-queued daily job changes nothing.
DAILY: list[tuple[str, Callable[[], object]]] = [
    ("renewal_notices", queue_renewal_notices),
    ("payment_reminders", queue_reminders),
]

PERIODIC: list[tuple[str, crontab, Callable[[], object]]] = [
    ("deliver_mail", EVERY_MINUTE, deliver_due_messages),
    ("sla_warnings", SLA_WARNINGS_EVERY, queue_sla_warnings),
]

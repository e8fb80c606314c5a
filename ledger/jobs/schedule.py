"""What runs when: the periodic jobs, and the daily use cases (add yours to DAILY)."""
from __future__ import annotations

from collections.abc import Callable

from huey import crontab

from ledger.services.mail.delivery import deliver_due_messages
from ledger.services.payments.reminders import queue_reminders
from ledger.services.support.mailbox import fetch_mailbox
from ledger.services.support.renewals import queue_renewal_notices
from ledger.services.support.escalation import escalate_cases
from ledger.services.support.waiting import follow_up_waiting_cases

#: Periodic jobs: (task name, when, use case). The mail (out, and in from MAIL_IMAP_URL when set) and the sweep
#: every minute; escalation and the cases waiting on the customer every 5 (each is safe to run twice, or on two
#: workers at once).
EVERY_MINUTE = crontab(minute="*")
SUPPORT_TEAM_EVERY = crontab(minute="*/5")
#: The sweep also runs half a minute after each minute's run (huey's schedule has a minute's resolution): with
#: JOBS_STALE_SECONDS at 30, a job a dead worker dropped is queued again within a minute of its last progress.
SWEEP_AGAIN_AFTER_SECONDS = 30
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
    ("fetch_mail", EVERY_MINUTE, fetch_mailbox),
    ("sla_escalations", SUPPORT_TEAM_EVERY, escalate_cases),
    ("waiting_cases", SUPPORT_TEAM_EVERY, follow_up_waiting_cases),
]
